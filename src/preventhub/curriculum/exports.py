"""The activity log, the coverage matrix and the employer list as CSV and XLSX downloads
(``policies.tabular`` writes the files: formula-safe cells, dates as dates). Every download is
audited. Exports carry no encrypted text: no summaries of sessions, no notes of conversations."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from preventhub.audit.services import audit_record
from preventhub.core.access import requires
from preventhub.curriculum.choices import BritishValue, PreventTopic
from preventhub.curriculum.filters import ActivityFilterSet
from preventhub.curriculum.models import Activity
from preventhub.curriculum.permissions import VIEW_COVERAGE, VIEW_EMPLOYERS
from preventhub.curriculum.selectors import (
    GroupCoverage,
    activity_log,
    coverage,
    employer_rows,
    values_of,
)
from preventhub.curriculum.terms import current_term, term_for_key
from preventhub.curriculum.views import ProviderRequest
from preventhub.policies.tabular import FORMATS, Table, download

VALUES = dict(BritishValue.choices)
TOPICS = dict(PreventTopic.choices)
ACTIVITY_HEADER = [
    "Date", "Kind", "Title", "Speaker register reference", "Courses and groups",
    "British values", "Prevent topics", "Logged by",
]  # fmt: skip


def _labels(keys: Iterable[str], names: dict[str, str]) -> str:
    return "; ".join(str(names[k]) for k in keys if k in names)


def _who(activity: Activity) -> str:
    if activity.all_learners:
        return "Every learner"
    return "; ".join(f"{g.course} {g.group_name}".strip() for g in activity.groups.all())


def activity_rows(rows: Iterable[Activity]) -> Iterator[list[Any]]:
    for activity in rows:
        event = activity.source_event
        yield [
            activity.held_on,
            activity.get_kind_display(),
            event.title if event else activity.title,
            event.reference if event else "",
            _who(activity),
            _labels(values_of(activity), VALUES),
            _labels(activity.topics, TOPICS),
            activity.logged_by_name,
        ]


def coverage_rows(rows: Iterable[GroupCoverage]) -> Iterator[list[Any]]:
    for row in rows:
        yield [
            row.course,
            row.group,
            row.learners,
            row.activities,
            *(row.values.get(key, 0) for key in BritishValue.values),
            "; ".join(row.gaps),
            "; ".join(row.topic_labels),
        ]


def _exported(request: ProviderRequest, what: str, rows: int, detail: dict[str, Any]) -> None:
    audit_record(
        actor=request.user,
        action="export",
        object_type=f"curriculum.{what}",
        provider_id=request.provider.pk,
        detail={"rows": rows, **detail},
    )


@require_GET
@requires(VIEW_COVERAGE)
def export_activities(request: ProviderRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    data = request.GET.copy()
    if "term" not in data:
        data["term"] = current_term().key
    filterset = ActivityFilterSet(data, queryset=activity_log(request.provider), request=request)
    if not filterset.is_valid():
        raise Http404("Those filters are not valid.")
    rows = list(filterset.qs)
    _exported(request, "activity", len(rows), {"filters": filterset.used()})
    table = Table("Activity log", ACTIVITY_HEADER, activity_rows(rows))
    return download(table, fmt, "activity-log")


@require_GET
@requires(VIEW_COVERAGE)
def export_coverage(request: ProviderRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    try:
        term = term_for_key(request.GET["term"]) if "term" in request.GET else current_term()
    except ValueError as exc:
        raise Http404("No such term.") from exc
    rows = coverage(request.provider, term)
    _exported(request, "coverage", len(rows), {"term": term.key})
    header = [
        "Course", "Group", "Learners", "Activities",
        *(f"{label} (activities)" for label in VALUES.values()),
        "British values not covered", "Prevent topics covered",
    ]  # fmt: skip
    table = Table(f"Coverage {term.label}", header, coverage_rows(rows))
    return download(table, fmt, f"coverage-{term.key}")


@require_GET
@requires(VIEW_EMPLOYERS)
def export_employers(request: ProviderRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format.")
    rows = employer_rows(request.provider)
    _exported(request, "employercommunication", len(rows), {})
    header = [
        "Employer", "Apprentices now", "Last told about the duty", "Communications",
        "Told in the last 12 months",
    ]  # fmt: skip
    table = Table(
        "Apprenticeship employers",
        header,
        ([r.name, r.apprentices, r.last_on, r.communications, r.informed] for r in rows),
    )
    return download(table, fmt, "apprenticeship-employers")
