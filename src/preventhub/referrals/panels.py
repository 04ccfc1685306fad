"""The referral panel on the case page: the Prevent referral's and Channel's status, and links."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.concerns.choices import Decision
from preventhub.referrals.selectors import channel_of, referral_of

# Decisions after which the team is expected to make (and track) an external referral.
REFERRAL_DECISIONS = frozenset({Decision.POLICE_PREVENT, Decision.CHANNEL})


def case_panel_context(request: HttpRequest, concern: Any) -> dict[str, Any]:
    return {
        "referral": referral_of(concern),
        "channel": channel_of(concern),
        "referral_expected": concern.latest_decision in REFERRAL_DECISIONS,
        "can_work": request.user.has_perm("referrals.work_referral", concern),
    }
