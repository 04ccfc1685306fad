"""Reads of referrals and Channel records, always through the concern's access gate.

A referral is reached through its concern: the concern must be one the user may see, and the
user must hold the referral permission for it. Anything else answers 404, as if it did not
exist.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from preventhub.concerns.models import Concern
from preventhub.concerns.selectors import get_concern_for_user
from preventhub.core.models import Provider
from preventhub.referrals.models import (
    ChannelCase,
    ChannelReview,
    PreventReferral,
    ReferralFollowUp,
)


def get_referral_concern(
    user: Any, provider: Provider, concern_pk: uuid.UUID | str, perm: str
) -> Concern:
    """The concern, if the user may see it and holds ``perm`` for it; else 404."""
    concern = get_concern_for_user(user, provider, concern_pk)
    if not user.has_perm(perm, concern):
        raise Http404("No such concern.")
    return concern


def referral_of(concern: Concern) -> PreventReferral | None:
    found: PreventReferral | None = (
        PreventReferral.objects.for_provider(concern.provider_id)
        .filter(concern=concern)
        .select_related("sent_by")
        .first()
    )
    return found


def channel_of(concern: Concern) -> ChannelCase | None:
    found: ChannelCase | None = (
        ChannelCase.objects.for_provider(concern.provider_id).filter(concern=concern).first()
    )
    return found


def get_referral_for_user(
    user: Any, provider: Provider, concern_pk: uuid.UUID | str, action: str = "view"
) -> PreventReferral:
    """The access gate for a referral: the concern's referral, or 404."""
    concern = get_referral_concern(user, provider, concern_pk, f"referrals.{action}_referral")
    referral = referral_of(concern)
    if referral is None:
        raise Http404("This concern has no Prevent referral.")
    referral.concern = concern
    return referral


def get_channel_for_user(
    user: Any, provider: Provider, concern_pk: uuid.UUID | str, action: str = "view"
) -> ChannelCase:
    """The access gate for a Channel record: the concern's Channel record, or 404."""
    concern = get_referral_concern(user, provider, concern_pk, f"referrals.{action}_channel")
    channel = channel_of(concern)
    if channel is None:
        raise Http404("This concern has no Channel record.")
    channel.concern = concern
    return channel


def follow_ups(referral: PreventReferral) -> QuerySet[ReferralFollowUp]:
    return (
        ReferralFollowUp.objects.for_provider(referral.provider_id)
        .filter(referral=referral)
        .order_by("happened_on", "created_at")
    )


def channel_reviews(channel: ChannelCase) -> QuerySet[ChannelReview]:
    return (
        ChannelReview.objects.for_provider(channel.provider_id)
        .filter(channel=channel)
        .select_related("reviewer")
        .order_by("-held_on", "-created_at")
    )


def age_on(date_of_birth: date, on: date) -> int:
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def subject_is_child(concern: Concern, on: date) -> bool | None:
    """Whether the concern's subject is under 18 on ``on``: None when the register cannot say
    (no linked person, or no date of birth), and the team tells us instead."""
    person = concern.subject_person
    if person is None or person.date_of_birth is None:
        return None
    return age_on(person.date_of_birth, on) < 18
