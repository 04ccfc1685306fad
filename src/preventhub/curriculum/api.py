"""Curriculum API, mounted at /curriculum: the activity log (list and log), coverage by group
for a term, apprenticeship employers and their communications, surveys with their anonymised
results, and the findings. Learners answer surveys through their link's page, not the API.

The activity list takes the same filters as its page (one FilterSet). A course or group that
is not in the people register, an unknown enum value or a date in the future answers 422;
another provider's survey answers 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.curriculum.filters import ActivityFilterSet
from preventhub.curriculum.models import Activity, Survey
from preventhub.curriculum.permissions import (
    LOG_ACTIVITY,
    MANAGE,
    VIEW_COVERAGE,
    VIEW_EMPLOYERS,
    VIEW_RESULTS,
)
from preventhub.curriculum.results import SMALL_NUMBER, Cell, survey_results
from preventhub.curriculum.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPageOut,
    CommunicationIn,
    CommunicationOut,
    CoverageOut,
    CurriculumFindingOut,
    EmployerOut,
    SurveyOut,
    SurveyResultsOut,
)
from preventhub.curriculum.selectors import (
    activity_log,
    coverage,
    employer_rows,
    summarise,
    values_of,
)
from preventhub.curriculum.services import GroupRef, communication_record
from preventhub.curriculum.services import activity_log as log_activity
from preventhub.curriculum.surveys import link_counts, state_of, survey_questions, surveys
from preventhub.curriculum.terms import current_term, term_for_key

router = Router(tags=["curriculum"])
PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


# --- activities --------------------------------------------------------------------------------


def activity_out(activity: Activity) -> dict[str, Any]:
    event = activity.source_event
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "title": event.title if event else activity.title,
        "held_on": activity.held_on,
        "values": values_of(activity),
        "topics": activity.topics,
        "all_learners": activity.all_learners,
        "groups": [{"course": g.course, "group": g.group_name} for g in activity.groups.all()],
        "speaker_event_reference": event.reference if event else None,
        "logged_by": activity.logged_by_name,
    }


@router.get("/activities", response=ActivityPageOut, summary="The activity log (50 a page)")
@api_requires(VIEW_COVERAGE)
def list_activities(
    request: HttpRequest,
    term: str | None = None,
    kind: str | None = None,
    course: str | None = None,
    mine: str | None = None,
    page: int = 1,
) -> dict[str, Any]:
    """``term`` is a key such as ``2025-autumn`` (default: this term; ``any`` for every term)."""
    data = {"term": current_term().key if term is None else ("" if term == "any" else term)}
    data |= {k: v for k, v in (("kind", kind), ("course", course), ("mine", mine)) if v}
    filterset = ActivityFilterSet(data, queryset=activity_log(_provider(request)), request=request)
    if not filterset.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise HttpError(422, "; ".join(problems))
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    rows = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [activity_out(a) for a in rows],
    }


@router.post(
    "/activities",
    response={201: ActivityOut, 200: ActivityOut},
    summary="Log an activity (200 with the first one when the idempotency key repeats)",
)
@api_requires(LOG_ACTIVITY)
def create_activity(request: HttpRequest, payload: ActivityIn) -> Status[dict[str, Any]]:
    logged = log_activity(
        actor=request.user,
        provider=_provider(request),
        kind=payload.kind,
        title=payload.title,
        held_on=payload.held_on,
        values=payload.values,
        topics=payload.topics,
        summary=payload.summary,
        groups=[GroupRef(g.course, g.group) for g in payload.groups],
        all_learners=payload.all_learners,
        idempotency_key=payload.idempotency_key,
    )
    found = activity_log(_provider(request)).get(pk=logged.activity.pk)
    return Status(201 if logged.created else 200, activity_out(found))


# --- coverage ----------------------------------------------------------------------------------


@router.get("/coverage", response=CoverageOut, summary="British values and topics by group")
@api_requires(VIEW_COVERAGE)
def get_coverage(request: HttpRequest, term: str | None = None) -> dict[str, Any]:
    """Every course and group of the people register in ``term`` (default: this term)."""
    try:
        chosen = term_for_key(term) if term else current_term()
    except ValueError as exc:
        raise HttpError(422, f"term: {exc} Use a key such as 2025-autumn.") from exc
    rows = coverage(_provider(request), chosen)
    summary = summarise(rows)
    return {
        "term": chosen.key,
        "label": chosen.label,
        "first_day": chosen.first_day,
        "last_day": chosen.last_day,
        "groups": summary.groups,
        "all_values": summary.all_values,
        "some_values": summary.some_values,
        "no_values": summary.no_values,
        "rows": [
            {
                "course": r.course,
                "group": r.group,
                "learners": r.learners,
                "activities": r.activities,
                "values": r.values,
                "topics": r.topics,
                "status": r.status,
                "gaps": [key for key, _label, n in r.value_cells if not n],
            }
            for r in rows
        ],
    }


# --- employers ---------------------------------------------------------------------------------


@router.get("/employers", response=list[EmployerOut], summary="Apprenticeship employers")
@api_requires(VIEW_EMPLOYERS)
def list_employers(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "employer": r.name,
            "apprentices": r.apprentices,
            "last_communicated_on": r.last_on,
            "communications": r.communications,
            "informed_in_last_12_months": r.informed,
        }
        for r in employer_rows(_provider(request))
    ]


@router.post(
    "/employer-communications",
    response={201: CommunicationOut, 200: CommunicationOut},
    summary="Record that an employer was told about the duty (200 when the key repeats)",
)
@api_requires(MANAGE)
def create_communication(request: HttpRequest, payload: CommunicationIn) -> Status[dict[str, Any]]:
    recorded = communication_record(
        actor=request.user,
        provider=_provider(request),
        employer=payload.employer,
        communicated_on=payload.communicated_on,
        method=payload.method,
        topics=payload.topics,
        notes=payload.notes,
        communicated_by=payload.communicated_by,
        idempotency_key=payload.idempotency_key,
    )
    item = recorded.communication
    return Status(
        201 if recorded.created else 200,
        {
            "id": item.pk,
            "employer": item.employer,
            "communicated_on": item.communicated_on,
            "method": item.method,
            "topics": item.topics,
            "communicated_by": item.communicated_by,
        },
    )


# --- surveys -----------------------------------------------------------------------------------


def _survey(request: HttpRequest, survey_id: uuid.UUID) -> Survey:
    try:
        found: Survey = (
            surveys(_provider(request)).select_related("audience_site").get(pk=survey_id)
        )
    except (Survey.DoesNotExist, ValidationError) as exc:
        raise HttpError(404, "Not found.") from exc
    return found


@router.get("/surveys", response=list[SurveyOut], summary="Learner-voice surveys, newest first")
@api_requires(VIEW_RESULTS)
def list_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    found = []
    for survey in (
        surveys(_provider(request)).select_related("audience_site").order_by("-created_at")
    ):
        responses = link_counts(survey)["responses"]
        found.append(
            {
                "id": survey.pk,
                "title": survey.title,
                "state": state_of(survey),
                "audience_course": survey.audience_course,
                "audience_site": survey.audience_site.name if survey.audience_site else None,
                "closes_on": survey.closes_on,
                "questions": [q.text for q in survey_questions(survey)],
                "responses": responses if responses >= SMALL_NUMBER or responses == 0 else None,
            }
        )
    return found


def cell_out(cell: Cell) -> dict[str, Any]:
    return {
        "label": cell.label,
        "responses": cell.responses,
        "agree_percent": cell.agree,
        "note": cell.note,
    }


@router.get(
    "/surveys/{survey_id}/results",
    response=SurveyResultsOut,
    summary="A survey's anonymised results (no cell under 5 responses)",
)
@api_requires(VIEW_RESULTS)
def get_results(request: HttpRequest, survey_id: uuid.UUID) -> dict[str, Any]:
    results = survey_results(_survey(request, survey_id))
    return {
        "survey": results.survey.pk,
        "total": cell_out(results.total),
        "questions": [
            {
                "question": r.question.text,
                "overall": cell_out(r.overall),
                "distribution": dict(r.distribution),
            }
            for r in results.results
        ],
        "breakdowns": [
            {
                "by": b.by,
                "rows": [[cell_out(total), *map(cell_out, cells)] for total, cells in b.rows],
            }
            for b in results.breakdowns
        ],
    }


@router.get(
    "/findings", response=list[CurriculumFindingOut], summary="What the compliance view shows"
)
@api_requires(VIEW_RESULTS)
def list_findings(request: HttpRequest) -> list[dict[str, Any]]:
    return [f.as_dict() for f in findings_for(_provider(request), only=["curriculum"])]
