"""What is wrong with staff training, for the compliance view (source "training", compliance
area "training"), in the survey's own terms:

- no requirements at all (red), or the same requirements for everyone — "one size fits all"
  (amber);
- a front-line staff group (teaching, support, estates, volunteers, subcontractors) whose
  in-date coverage is below the provider's threshold (red below half, amber otherwise), and
  leaders trained while front-line staff are not (red);
- a designated safeguarding lead without in-date face-to-face training (red), or whose sign-in
  is not linked to a staff record so it cannot be checked (amber);
- no impact evaluation (an after or follow-up questionnaire answered) in the last 12 months
  (amber);
- only online training recorded for anyone in the last three years (red).

Messages hold counts and group names, never a person's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.selectors import users_holding
from preventhub.concerns.statistics import add_months
from preventhub.core.findings import ComplianceArea, Finding, Severity
from preventhub.people.choices import JobCategory
from preventhub.training.choices import IN_PERSON_MODES, AudienceType, Phase
from preventhub.training.compliance import Member, TrainingData, load
from preventhub.training.models import QuestionnaireResponse, TrainingRecord
from preventhub.training.reports import GroupBy, counted, group_rows

AREA = ComplianceArea.TRAINING
FRONT_LINE = (
    JobCategory.TEACHING, JobCategory.SUPPORT, JobCategory.ESTATES, JobCategory.VOLUNTEER,
    JobCategory.SUBCONTRACTOR,
)  # fmt: skip
DSL_DEFAULT_VALIDITY_MONTHS = 24  # DSL training is refreshed every two years
ONLINE_LOOKBACK_MONTHS = 36

WHY_NONE = "Without requirements nobody can tell who must be trained, or who is overdue."
WHY_ONE_SIZE = (
    "Ofsted found a third of providers used one package for everyone, so staff did not know "
    "their own role in the duty: requirements should differ by role and staff group."
)
WHY_FRONT_LINE = (
    "In weak providers senior managers were trained but staff in daily contact with learners "
    "were not, so nobody noticed the signs."
)
WHY_DSL = (
    "The designated safeguarding lead advises everyone else and makes referrals: the duty "
    "expects face-to-face training, refreshed every two years."
)
WHY_IMPACT = (
    '"It is not about the mere number of staff being trained, but about the impact of the '
    'training": a quarter of leaders never evaluated it.'
)
WHY_ONLINE = (
    "Online packages give basic awareness only; Ofsted found providers relying on them had "
    "staff unable to identify the risks in their own community."
)


def training_findings(provider: Any, now: datetime) -> list[Finding]:
    """The registered source: loads the provider's training data and reports on it."""
    return findings_from(load(provider), now)


def findings_from(data: TrainingData, now: datetime) -> list[Finding]:
    """The findings for data already loaded (the training overview has it at hand)."""
    provider = data.provider
    today = timezone.localdate(now)
    return [
        *_requirements(data),
        *_front_line(data, today),
        *_dsl(data, today),
        *_no_evaluation(provider, now),
        *_online_only(provider, today),
    ]


def _requirements(data: TrainingData) -> Iterable[Finding]:
    url = reverse("training:requirements")
    if not data.requirements:
        yield Finding("no_requirements", "No training requirements are set.", WHY_NONE, AREA,
                      "requirements", Severity.RED, url)  # fmt: skip
    elif all(r.audience_type == AudienceType.ALL_STAFF for r in data.requirements):
        yield Finding(
            "one_size_fits_all",
            "Every member of staff has the same training requirements: none is set for a role "
            "or a staff group.",
            WHY_ONE_SIZE, AREA, "requirements", Severity.AMBER, url,
        )  # fmt: skip


def _front_line(data: TrainingData, today: date) -> Iterable[Finding]:
    threshold = data.settings.coverage_threshold
    rows = {
        r.key: r
        for r in group_rows(data.provider, counted(data.standings(today)), GroupBy.JOB_CATEGORY,
                            anonymised=False)
    }  # fmt: skip
    url = reverse("training:compliance") + "?by=job_category"
    below = []
    for group in FRONT_LINE:
        row = rows.get(group.value)
        if row is None or row.in_date_percent is None or row.in_date_percent >= threshold:
            continue
        below.append(group)
        yield Finding(
            "front_line_below_threshold",
            f"{group.label} staff: {row.in_date_percent}% have in-date training ({row.in_date} "
            f"of {row.total}); the threshold is {threshold}%.",
            WHY_FRONT_LINE, AREA, group.value,
            Severity.RED if row.in_date_percent < 50 else Severity.AMBER, url,
        )  # fmt: skip
    leaders = rows.get(JobCategory.LEADERSHIP.value)
    if below and leaders is not None and (leaders.in_date_percent or 0) >= threshold:
        yield Finding(
            "leaders_trained_front_line_not",
            f"Leaders' training is in date ({leaders.in_date_percent}%) but "
            f"{len(below)} front-line staff group{'s are' if len(below) > 1 else ' is'} below "
            f"the {threshold}% threshold.",
            WHY_FRONT_LINE, AREA, "leadership", Severity.RED, url,
        )  # fmt: skip


def _dsl(data: TrainingData, today: date) -> Iterable[Finding]:
    leads = [m for m in data.members if Role.DSL in m.roles and m.employed_on(today)]
    url = reverse("training:compliance") + "?by=role"
    linked = {m.user_id for m in data.members}
    unlinked = [u for u in users_holding(data.provider, [Role.DSL]) if u.pk not in linked]
    if unlinked:
        yield unlinked_dsl_finding(len(unlinked))
    if not leads:
        return
    untrained = [m for m in leads if not _in_person_in_date(data, m, today)]
    if untrained:
        some = (
            f"{len(untrained)} of {len(leads)} designated safeguarding leads have"
            if len(leads) > 1
            else "The designated safeguarding lead has"
        )
        yield Finding(
            "dsl_without_face_to_face",
            f"{some} no in-date face-to-face Prevent training.",
            WHY_DSL, AREA, "dsl", Severity.RED, url,
        )  # fmt: skip


def unlinked_dsl_finding(count: int) -> Finding:
    return Finding(
        "dsl_not_linked",
        f"{count} designated safeguarding lead sign-in{'s are' if count > 1 else ' is'} not "
        "linked to a staff record, so their training cannot be checked.",
        WHY_DSL, AREA, "dsl", Severity.AMBER, reverse("people:list"),
    )  # fmt: skip


def _in_person_in_date(data: TrainingData, member: Member, today: date) -> bool:
    for completed, course_id in data.completions.get(member.id, []):
        course = data.courses[course_id]
        if course.mode not in IN_PERSON_MODES or completed > today:
            continue
        months = course.validity_months or DSL_DEFAULT_VALIDITY_MONTHS
        if add_months(completed, months) > today:
            return True
    return False


def _no_evaluation(provider: Any, now: datetime) -> Iterable[Finding]:
    since = now - timedelta(days=365)
    evaluated = QuestionnaireResponse.objects.for_provider(provider).filter(
        phase__in=[Phase.AFTER, Phase.FOLLOW_UP], created_at__gte=since
    )
    if not evaluated.exists():
        yield Finding(
            "no_impact_evaluation",
            "No training has been evaluated in the last 12 months: nobody answered an after or "
            "follow-up questionnaire.",
            WHY_IMPACT, AREA, "impact", Severity.AMBER, reverse("training:impact"),
        )  # fmt: skip


def _online_only(provider: Any, today: date) -> Iterable[Finding]:
    since = add_months(today, -ONLINE_LOOKBACK_MONTHS)
    recent = TrainingRecord.objects.for_provider(provider).filter(completed_on__gte=since)
    if recent.exists() and not recent.filter(course__mode__in=list(IN_PERSON_MODES)).exists():
        yield Finding(
            "online_only",
            "All the training recorded in the last three years was online: nobody had "
            "face-to-face or blended training.",
            WHY_ONLINE, AREA, "mode", Severity.RED, reverse("training:sessions"),
        )  # fmt: skip
