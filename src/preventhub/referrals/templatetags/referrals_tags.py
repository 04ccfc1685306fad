"""Template helpers for the referral document."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from preventhub.referrals.models import NARRATIVE_SECTIONS, PreventReferral
from preventhub.referrals.selectors import age_on

register = template.Library()


@register.filter
def sections(referral: PreventReferral) -> list[tuple[str, str, str]]:
    """(field, label, text) for each narrative section, in the referral form's order."""
    return [(name, label, getattr(referral, name)) for name, label in NARRATIVE_SECTIONS]


@register.filter
def age_today(date_of_birth: date) -> int:
    return age_on(date_of_birth, timezone.localdate())
