"""What the compliance view must show about building learners' resilience (issue 6, items 6-7),
registered with ``core.findings`` as the source "curriculum" (compliance area "resilience").
Messages name courses, groups and employers (organisations), never a learner.

- groups of the people register with no British-values activity in the judged term: this
  term once it is three weeks old, before then the last (red when no group had any, else amber);
- no learner-voice survey answered in the last 12 months, and none open now (amber);
- apprenticeship employers with apprentices now and no record of being told about the duty
  in the last 12 months (red when no such employer was told, else amber).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.curriculum.selectors import coverage, employer_rows
from preventhub.curriculum.surveys import recent_learner_voice
from preventhub.curriculum.terms import judged_term

AREA = ComplianceArea.RESILIENCE
EXAMPLES = 3
SURVEY_LOOK_BACK_DAYS = 365

WHY_VALUES = (
    "Ofsted found the teaching of British values varied widely; where it was good, learners were "
    "routinely involved in activities that promote them. A group taught none this term has had "
    "no such chance."
)
WHY_VOICE = (
    "Learners' views show whether they feel safe and know who to tell; 22 of the 37 providers "
    "Ofsted visited did not consult learners about the risks they face."
)
WHY_EMPLOYERS = (
    "Apprentices spend most of their time at work: their employers must know the provider's "
    "Prevent duty, its British values and who to tell about a concern."
)


def _examples(names: list[str]) -> str:
    shown = ", ".join(names[:EXAMPLES])
    more = len(names) - EXAMPLES
    return f"{shown} and {more} more" if more > 0 else shown


def curriculum_findings(provider: Any, now: datetime) -> list[Finding]:
    today = timezone.localdate(now)
    return [
        *_coverage_gaps(provider, today),
        *_learner_voice(provider, today),
        *_employers(provider, today),
    ]


def _coverage_gaps(provider: Any, today: Any) -> list[Finding]:
    term = judged_term(today)
    rows = coverage(provider, term)
    uncovered = [r for r in rows if r.status == "none"]
    if not uncovered:
        return []
    names = [f"{r.course} {r.group}".strip() for r in uncovered]
    query = urlencode({"term": term.key, "show": "none"})
    return [
        Finding(
            code="groups_without_british_values",
            message=f"{len(uncovered)} of {len(rows)} groups had no activity on British values "
            f"logged in the {term.label}: {_examples(names)}.",
            why=WHY_VALUES,
            compliance_area=AREA,
            area="curriculum",
            severity=Severity.RED if len(uncovered) == len(rows) else Severity.AMBER,
            url=f"{reverse('curriculum:coverage')}?{query}",
        )
    ]


def _learner_voice(provider: Any, today: Any) -> list[Finding]:
    if recent_learner_voice(provider, today - timedelta(days=SURVEY_LOOK_BACK_DAYS)):
        return []
    return [
        Finding(
            code="no_learner_voice_survey",
            message="No learner-voice survey has been answered in the last 12 months.",
            why=WHY_VOICE,
            compliance_area=AREA,
            area="learner_voice",
            url=reverse("curriculum:surveys"),
        )
    ]


def _employers(provider: Any, today: Any) -> list[Finding]:
    rows = [r for r in employer_rows(provider, today) if r.apprentices]
    untold = [r.name for r in rows if r.finding]
    if not untold:
        return []
    return [
        Finding(
            code="employers_not_informed",
            message=f"{len(untold)} of {len(rows)} employers with apprentices "
            f"{'has' if len(untold) == 1 else 'have'} no record of being told about the Prevent "
            f"duty in the last 12 months: {_examples(untold)}.",
            why=WHY_EMPLOYERS,
            compliance_area=AREA,
            area="employers",
            severity=Severity.RED if len(untold) == len(rows) else Severity.AMBER,
            url=reverse("curriculum:employers"),
        )
    ]
