"""Records in each state, made through the services as the safeguarding team would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.referrals.channel import (
    channel_record_panel,
    channel_record_screening,
    channel_start,
)
from preventhub.referrals.models import ChannelCase, PreventReferral
from preventhub.referrals.services import referral_send, referral_start, referral_update
from preventhub.testing.factories import UserFactory, add_totp, grant, make_concern


def team_member(provider: Provider, role: str = Role.DSL) -> Any:
    user = grant(UserFactory(), provider, role)
    add_totp(user)
    return user


def concern_for(provider: Provider, **overrides: Any) -> Any:
    reporter = grant(UserFactory(), provider, Role.STAFF)
    fields = {"occurred_at": timezone.now() - timedelta(days=30), **overrides}
    return make_concern(provider, reporter, **fields)


def draft_referral(provider: Provider, actor: Any = None, **concern_fields: Any) -> PreventReferral:
    actor = actor or team_member(provider)
    return referral_start(actor=actor, concern=concern_for(provider, **concern_fields)).record


def sent_referral(provider: Provider, actor: Any = None) -> PreventReferral:
    actor = actor or team_member(provider)
    referral = draft_referral(provider, actor)
    referral_update(actor=actor, referral=referral, person_aware="not_yet")
    return referral_send(
        actor=actor,
        referral=referral,
        sent_on=timezone.localdate() - timedelta(days=20),
        sent_to="Local police Prevent team",
    )


def channel_in(provider: Provider, status: str = "awaiting_screening", actor: Any = None) -> Any:
    """A Channel record moved through the services to ``status``."""
    actor = actor or team_member(provider)
    channel: ChannelCase = channel_start(actor=actor, concern=concern_for(provider)).record
    today = timezone.localdate()
    if status == "awaiting_screening":
        return channel
    outcome = "not_progressed" if status == "not_progressed" else "to_panel"
    channel = channel_record_screening(
        actor=actor, channel=channel, screened_on=today - timedelta(days=20), outcome=outcome
    )
    if status in ("not_progressed", "awaiting_panel"):
        return channel
    return channel_record_panel(
        actor=actor,
        channel=channel,
        panel_on=today - timedelta(days=10),
        outcome="not_adopted" if status == "not_adopted" else "adopted",
    )
