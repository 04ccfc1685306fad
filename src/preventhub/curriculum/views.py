"""Pages of curriculum coverage: the coverage matrix by group and term, the activity log,
logging, changing and removing an activity, and recording who attended a held speaker event."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.access import requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.curriculum.choices import VALUE_SHORT, BritishValue, PreventTopic
from preventhub.curriculum.filters import ActivityFilterSet
from preventhub.curriculum.forms import (
    EVERY_LEARNER,
    ActivityForm,
    CoverageForm,
    EventAttendanceForm,
)
from preventhub.curriculum.models import Activity
from preventhub.curriculum.permissions import (
    CHANGE_ACTIVITY,
    LOG_ACTIVITY,
    MANAGE,
    VIEW_COVERAGE,
    VIEW_RESULTS,
)
from preventhub.curriculum.selectors import (
    CoverageSummary,
    GroupCoverage,
    activity_log,
    course_groups,
    coverage,
    events_awaiting_outcome,
    events_to_attribute,
    get_activity,
    get_held_event,
    summarise,
    values_of,
)
from preventhub.curriculum.services import (
    GroupRef,
    activity_delete,
    activity_record_view,
    activity_update,
    event_attendance_record,
)
from preventhub.curriculum.services import (
    activity_log as log_activity,
)
from preventhub.curriculum.terms import Term, current_term, recent_terms, term_for_key

PAGE_SIZE = 50
TERMS_SHOWN = 9


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- coverage ------------------------------------------------------------------------------


def _chosen_term(form: CoverageForm) -> Term:
    if form.is_bound and form.is_valid() and form.cleaned_data["term"]:
        return term_for_key(form.cleaned_data["term"])
    return current_term()


def _shown(rows: list[GroupCoverage], course: str, show: str) -> list[GroupCoverage]:
    if course:
        rows = [r for r in rows if r.course == course]
    if show == "gaps":
        return [r for r in rows if r.status != "all"]
    if show == "none":
        return [r for r in rows if r.status == "none"]
    return rows


def coverage_charts(summary: CoverageSummary) -> dict[str, Chart]:
    def rows(pairs: list[tuple[str, str, int]]) -> list[ChartRow]:
        return [ChartRow(label, n, f"{n:,}", f"{n:,}") for _key, label, n in pairs]

    what = f"of the {summary.groups:,} groups"
    return {
        "values": Chart(
            "chart-values",
            "Groups taught each British value",
            f"How many {what} had at least one activity on each British value this term.",
            rows(summary.by_value),
            "British value",
            "Groups",
            empty="No groups in the people register this term.",
        ),
        "topics": Chart(
            "chart-topics",
            "Groups taught each Prevent topic",
            f"How many {what} had at least one activity on each Prevent topic this term.",
            rows(summary.by_topic),
            "Prevent topic",
            "Groups",
            empty="No groups in the people register this term.",
        ),
    }


@requires(VIEW_COVERAGE)
def coverage_page(request: ProviderRequest) -> HttpResponse:
    """British values by group for a term, gaps first in mind: every cell says it in words."""
    provider = request.provider
    terms = recent_terms(count=TERMS_SHOWN)
    all_rows_courses = list(course_groups(provider))
    form = CoverageForm(
        request.GET if request.GET else None,
        terms=terms,
        courses=all_rows_courses,
        initial={"term": terms[0].key},
    )
    term = _chosen_term(form)
    rows = coverage(provider, term)
    summary = summarise(rows)
    course = form.cleaned_data.get("course", "") if form.is_bound and form.is_valid() else ""
    show = form.cleaned_data.get("show", "") if form.is_bound and form.is_valid() else ""
    shown = _shown(rows, course, show)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    oversight = request.user.has_perm(MANAGE, provider) or request.user.has_perm(
        VIEW_RESULTS, provider
    )
    context = {
        "form": form,
        "term": term,
        "page": page,
        "summary": summary,
        "charts": coverage_charts(summary),
        "values": [(key, VALUE_SHORT[key], label) for key, label in BritishValue.choices],
        "topic_count": len(PreventTopic.values),
        "filtered": bool(course or show),
        "findings": findings_for(provider, only=["curriculum"]) if oversight else None,
        "can_log": request.user.has_perm(LOG_ACTIVITY, provider),
    }
    return render(request, "curriculum/coverage.html", context)


# --- the activity log ------------------------------------------------------------------------


@requires(VIEW_COVERAGE)
def activities(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    data = request.GET.copy()
    if "term" not in data:
        data["term"] = current_term().key
    filterset = ActivityFilterSet(data, queryset=activity_log(provider), request=request)
    rows = filterset.qs if filterset.is_valid() else activity_log(provider).none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    term = _filter_term(filterset)
    context = {
        "filter": filterset,
        "page": page,
        "rows": [(a, values_of(a)) for a in page.object_list],
        "term": term,
        "to_attribute": list(events_to_attribute(provider, term)) if term else [],
        "awaiting": list(events_awaiting_outcome(provider, term)) if term else [],
        "can_log": request.user.has_perm(LOG_ACTIVITY, provider),
        "values": dict(BritishValue.choices),
        "topics": dict(PreventTopic.choices),
    }
    partial = bool(getattr(request, "htmx", False))  # django-htmx's request attribute
    template = (
        "curriculum/partials/activity_table.html" if partial else "curriculum/activities.html"
    )
    return render(request, template, context)


def _filter_term(filterset: ActivityFilterSet) -> Term | None:
    if not filterset.is_valid() or not filterset.form.cleaned_data.get("term"):
        return None
    return term_for_key(filterset.form.cleaned_data["term"])


def _groups_from(data: dict[str, Any]) -> tuple[list[GroupRef], bool]:
    course = data.get("course") or ""
    if course == EVERY_LEARNER:
        return [], True
    chosen = data.get("groups") or []
    return ([GroupRef(course, g) for g in chosen] or [GroupRef(course)]), False


def _refreshing(request: HttpRequest) -> bool:
    """The no-JavaScript "show the course's groups" button re-draws the form without saving."""
    return request.method == "POST" and "choose_course" in request.POST


@requires(LOG_ACTIVITY)
def activity_new(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    courses = course_groups(provider)
    if request.method == "POST" and not _refreshing(request):
        form = ActivityForm(request.POST, courses=courses)
        if form.is_valid():
            saved = _save_new(request, form)
            if saved is not None:
                messages.success(request, f"“{saved.title}” is in the activity log.")
                return redirect("curriculum:activity_detail", pk=saved.pk)
    elif _refreshing(request):
        form = ActivityForm(initial=_initial_from(request.POST), courses=courses)
    else:
        form = ActivityForm(
            initial={"idempotency_key": uuid.uuid4().hex, "held_on": timezone.localdate()},
            courses=courses,
        )
    return render(request, "curriculum/activity_form.html", {"form": form, "activity": None})


def _initial_from(post: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {
        k: post.get(k) for k in ("kind", "title", "held_on", "course", "summary", "idempotency_key")
    }
    for name in ("values", "topics"):
        initial[name] = post.getlist(name)
    return initial


def _save_new(request: ProviderRequest, form: ActivityForm) -> Activity | None:
    data = form.cleaned_data
    groups, everyone = _groups_from(data)
    try:
        logged = log_activity(
            actor=request.user,
            provider=request.provider,
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            values=data["values"],
            topics=data["topics"],
            summary=data["summary"],
            groups=groups,
            all_learners=everyone,
            idempotency_key=data["idempotency_key"] or None,
        )
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None
    return logged.activity


@requires(VIEW_COVERAGE)
def activity_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    activity = get_activity(request.provider, pk)
    if activity.summary:
        activity_record_view(actor=request.user, activity=activity)
    context = {
        "activity": activity,
        "values": [
            dict(BritishValue.choices)[v] for v in values_of(activity) if v in BritishValue.values
        ],
        "topics": [
            dict(PreventTopic.choices)[t] for t in activity.topics if t in PreventTopic.values
        ],
        "groups": list(activity.groups.all()),
        "can_change": request.user.has_perm(CHANGE_ACTIVITY, activity),
    }
    return render(request, "curriculum/activity_detail.html", context)


def _changeable(request: ProviderRequest, pk: uuid.UUID) -> Activity:
    activity = get_activity(request.provider, pk)
    if not request.user.has_perm(CHANGE_ACTIVITY, activity):
        raise PermissionDenied("Only the curriculum lead or whoever logged it may change it.")
    return activity


@requires(LOG_ACTIVITY)
def activity_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    activity = _changeable(request, pk)
    if activity.source_event_id:
        return redirect("curriculum:event_groups", event_pk=activity.source_event_id)
    courses = course_groups(activity.provider)
    if request.method == "POST" and not _refreshing(request):
        form = ActivityForm(request.POST, courses=courses, initial=_current(activity))
        if form.is_valid() and _save_changes(request, form, activity):
            messages.success(request, "The activity is changed.")
            return redirect("curriculum:activity_detail", pk=activity.pk)
    elif _refreshing(request):
        form = ActivityForm(initial=_initial_from(request.POST), courses=courses)
    else:
        form = ActivityForm(initial=_current(activity), courses=courses)
    return render(request, "curriculum/activity_form.html", {"form": form, "activity": activity})


def _current(activity: Activity) -> dict[str, Any]:
    groups = list(activity.groups.all())
    course = EVERY_LEARNER if activity.all_learners else (groups[0].course if groups else "")
    return {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "course": course,
        "groups": [g.group_name for g in groups if g.group_name],
        "values": activity.values,
        "topics": activity.topics,
        "summary": activity.summary,
    }


def _save_changes(request: ProviderRequest, form: ActivityForm, activity: Activity) -> bool:
    data = form.cleaned_data
    groups, everyone = _groups_from(data)
    try:
        activity_update(
            actor=request.user,
            activity=activity,
            kind=data["kind"],
            title=data["title"],
            held_on=data["held_on"],
            values=data["values"],
            topics=data["topics"],
            summary=data["summary"],
            groups=groups,
            all_learners=everyone,
        )
    except ValidationError as exc:
        form_errors_from(form, exc)
        return False
    return True


@requires(LOG_ACTIVITY)
def activity_remove(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    activity = _changeable(request, pk)
    if request.method == "POST":
        activity_delete(actor=request.user, activity=activity)
        messages.success(request, "The activity is removed from the log.")
        return redirect("curriculum:activities")
    return render(request, "curriculum/activity_remove.html", {"activity": activity})


# --- external speaker events -----------------------------------------------------------------


@requires(LOG_ACTIVITY)
def event_groups(request: ProviderRequest, event_pk: uuid.UUID) -> HttpResponse:
    """Who attended a held speaker event: its details stay those of the speaker register."""
    provider = request.provider
    event = get_held_event(provider, event_pk)
    existing = getattr(event, "curriculum_activity", None)
    if existing is not None and not request.user.has_perm(CHANGE_ACTIVITY, existing):
        raise PermissionDenied("Only the curriculum lead or whoever recorded it may change it.")
    courses = course_groups(provider)
    initial = _current(existing) if existing else {}
    if request.method == "POST" and not _refreshing(request):
        form = EventAttendanceForm(request.POST, courses=courses, initial=initial)
        if form.is_valid():
            groups, everyone = _groups_from(form.cleaned_data)
            try:
                activity = event_attendance_record(
                    actor=request.user,
                    provider=provider,
                    event=event,
                    groups=groups,
                    all_learners=everyone,
                    topics=form.cleaned_data["topics"],
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(
                    request, f"The groups who attended {event.reference} are recorded."
                )
                return redirect("curriculum:activity_detail", pk=activity.pk)
    elif _refreshing(request):
        form = EventAttendanceForm(initial=_initial_from(request.POST), courses=courses)
    else:
        form = EventAttendanceForm(initial=initial, courses=courses)
    outcome = getattr(event, "outcome", None)
    values = dict(BritishValue.choices)
    context = {
        "form": form,
        "event": event,
        "existing": existing,
        "values": [values[v] for v in (outcome.values_addressed if outcome else []) if v in values],
        "speaker_url": reverse("speakers:detail", args=[event.pk])
        if request.user.has_perm("speakers.manage", provider)
        else "",
    }
    return render(request, "curriculum/event_groups.html", context)
