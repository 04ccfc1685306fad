"""Who may reach each referral and Channel page and API operation: the safeguarding team."""

from __future__ import annotations

from typing import Any

from preventhub.core.models import Provider
from preventhub.referrals.tests.helpers import (
    channel_in,
    concern_for,
    draft_referral,
    sent_referral,
)
from preventhub.testing.route_cases import SAFEGUARDING, Case


def _concern(p: Provider) -> dict[str, Any]:
    return {"concern_pk": concern_for(p).pk}


def _draft(p: Provider) -> dict[str, Any]:
    return {"concern_pk": draft_referral(p).concern_id}


def _sent(p: Provider) -> dict[str, Any]:
    return {"concern_pk": sent_referral(p).concern_id}


def _channel(p: Provider) -> dict[str, Any]:
    return {"concern_pk": channel_in(p).concern_id}


def _screening(p: Provider) -> dict[str, Any]:
    return {**_channel(p), "step": "screening"}


def _api_referral(p: Provider) -> dict[str, Any]:
    return {"concern_id": draft_referral(p).concern_id}


PAGES: dict[str, Case] = {
    "referrals:detail": Case(SAFEGUARDING, kwargs=_draft, object_bound=True),
    "referrals:start": Case(
        SAFEGUARDING, method="POST", kwargs=_concern, ok=(302,), object_bound=True
    ),
    "referrals:edit": Case(SAFEGUARDING, kwargs=_draft, object_bound=True),
    "referrals:send": Case(SAFEGUARDING, kwargs=_draft, object_bound=True),
    "referrals:outcome": Case(SAFEGUARDING, kwargs=_sent, object_bound=True),
    "referrals:follow_up": Case(SAFEGUARDING, kwargs=_sent, object_bound=True),
    "referrals:print": Case(SAFEGUARDING, kwargs=_draft, object_bound=True),
    "referrals:pdf": Case(SAFEGUARDING, kwargs=_draft, object_bound=True),
    "referrals:channel": Case(SAFEGUARDING, kwargs=_channel, object_bound=True),
    "referrals:channel_start": Case(
        SAFEGUARDING, method="POST", kwargs=_concern, ok=(302,), object_bound=True
    ),
    "referrals:channel_step": Case(SAFEGUARDING, kwargs=_screening, object_bound=True),
}
API: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/concerns/{concern_id}/referral"): Case(SAFEGUARDING, kwargs=_api_referral),
}
