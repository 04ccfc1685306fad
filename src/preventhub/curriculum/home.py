"""The curriculum home-page panel: teachers log an activity; the curriculum lead also sees
this term's gaps, open surveys and employers not yet told about the duty."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.curriculum.permissions import MANAGE
from preventhub.curriculum.selectors import activities, coverage, employer_rows
from preventhub.curriculum.surveys import answerable, surveys
from preventhub.curriculum.terms import current_term


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    term = current_term()
    in_term = activities(provider).filter(held_on__gte=term.first_day, held_on__lte=term.last_day)
    context: dict[str, Any] = {
        "term": term,
        "mine": in_term.filter(logged_by_id=request.user.pk).count(),
        "lead": None,
    }
    if request.user.has_perm(MANAGE, provider):
        rows = coverage(provider, term)
        context["lead"] = {
            "groups": len(rows),
            "uncovered": sum(1 for r in rows if r.status == "none"),
            "open_surveys": sum(
                1 for s in surveys(provider).filter(status="open") if answerable(s)
            ),
            "untold": sum(1 for r in employer_rows(provider) if r.finding),
        }
    return context
