"""Prevent referral API: the referral record of a concern, with its Channel tracking.

Safeguarding team only. A concern the caller may not see, or one with no referral, answers
404. Every read is audited like a page view.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router

from preventhub.api.access import api_requires
from preventhub.referrals.channel import channel_record_view
from preventhub.referrals.models import NARRATIVE_FIELDS, ChannelCase, PreventReferral
from preventhub.referrals.schemas import ReferralOut
from preventhub.referrals.selectors import (
    channel_of,
    channel_reviews,
    follow_ups,
    get_referral_for_user,
)
from preventhub.referrals.services import referral_record_view

router = Router(tags=["referrals"])


def channel_out(channel: ChannelCase) -> dict[str, Any]:
    return {
        "status": channel.status,
        "screened_on": channel.screened_on,
        "screening_outcome": channel.screening_outcome or None,
        "panel_on": channel.panel_on,
        "panel_outcome": channel.panel_outcome or None,
        "consent": channel.consent,
        "consent_parental": channel.consent_parental,
        "consent_recorded_on": channel.consent_recorded_on,
        "support_plan": channel.support_plan,
        "next_review_on": channel.next_review_on,
        "exited_on": channel.exited_on,
        "exit_reason": channel.exit_reason,
        "reviews": [
            {"held_on": r.held_on, "notes": r.notes, "next_review_on": r.next_review_on}
            for r in channel_reviews(channel)
        ],
    }


def referral_out(referral: PreventReferral, channel: ChannelCase | None) -> dict[str, Any]:
    return {
        "id": str(referral.pk),
        "concern_id": str(referral.concern_id),
        "concern_reference": referral.concern.reference,
        "status": referral.status,
        **{name: getattr(referral, name) for name in NARRATIVE_FIELDS},
        "person_aware": referral.person_aware or None,
        "sent_on": referral.sent_on,
        "sent_to": referral.sent_to,
        "sent_by": referral.sent_by_name,
        "external_reference": referral.external_reference,
        "outcome": referral.outcome,
        "follow_ups": [
            {"happened_on": f.happened_on, "what": f.what, "by_whom": f.by_whom}
            for f in follow_ups(referral)
        ],
        "channel": channel_out(channel) if channel is not None else None,
        "created_at": referral.created_at,
        "updated_at": referral.updated_at,
    }


@router.get(
    "/concerns/{concern_id}/referral",
    response=ReferralOut,
    summary="The Prevent referral of a concern, with its Channel tracking",
)
@api_requires("referrals.view_referral")
def get_referral(request: HttpRequest, concern_id: uuid.UUID) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    referral = get_referral_for_user(request.user, provider, concern_id)
    channel = channel_of(referral.concern)
    referral_record_view(actor=request.user, referral=referral, part="api")
    if channel is not None:
        channel_record_view(actor=request.user, channel=channel, part="api")
    return referral_out(referral, channel)
