"""Pages for monitoring: the rota (which rooms are due a visit), recording a visit, the visits
list, a visit with its follow-up, and "Raise a concern from this observation"."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from preventhub.concerns.choices import Category
from preventhub.core.access import requires
from preventhub.premises.choices import SHORT_FLAG_LABELS, ConcernFlag
from preventhub.premises.filters import VisitFilterSet
from preventhub.premises.forms import FollowUpForm, RaiseConcernForm, VisitForm
from preventhub.premises.models import MonitoringVisit
from preventhub.premises.selectors import (
    VISIT_NARRATIVES,
    awaiting_follow_up,
    concern_link,
    get_room_for_user,
    get_visit_for_user,
    rota,
    visits_for_user,
)
from preventhub.premises.services import settings_for
from preventhub.premises.views import (
    PAGE_SIZE,
    ProviderRequest,
    also_check,
    form_errors_from,
    wants_partial,
)
from preventhub.premises.visit_services import (
    prefilled_description,
    visit_check,
    visit_follow_up,
    visit_raise_concern,
    visit_record,
    visit_record_view,
)


def flag_labels(visit: MonitoringVisit) -> list[str]:
    return [SHORT_FLAG_LABELS[ConcernFlag(f)] for f in visit.concerns if f in SHORT_FLAG_LABELS]


@requires("premises.view_register")
@require_GET
def rota_view(request: ProviderRequest) -> HttpResponse:
    """Which rooms are due a monitoring visit, the most overdue first."""
    provider = request.provider
    can_see_visits = request.user.has_perm("premises.view_visits", provider)
    awaiting = awaiting_follow_up(provider)
    context: dict[str, Any] = {
        "rows": rota(provider),
        "interval": settings_for(provider).visit_interval_days,
        "can_visit": request.user.has_perm("premises.record_visit", provider),
        "can_see_visits": can_see_visits,
        "awaiting": [(v, flag_labels(v)) for v in awaiting] if can_see_visits else [],
        "awaiting_count": awaiting.count(),
    }
    return render(request, "premises/rota.html", context)


@requires("premises.record_visit")
def visit_new(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    room = get_room_for_user(request.user, request.provider, pk)
    if not room.is_active:
        raise Http404("This room is closed.")
    form = VisitForm(
        request.POST if request.method == "POST" else None,
        initial={"idempotency_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and not form.is_valid():
        also_check(form, lambda: visit_check(**form.cleaned_data))
    elif request.method == "POST":
        data = dict(form.cleaned_data)
        key = data.pop("idempotency_key") or None
        try:
            recorded = visit_record(actor=request.user, room=room, idempotency_key=key, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            visit = recorded.visit
            note = (
                " It found concerns: follow them up, or raise a concern for the safeguarding team."
                if visit.has_concerns
                else ""
            )
            messages.success(request, f"Your visit to {room.name} is recorded.{note}")
            return redirect("premises:visit_detail", pk=visit.pk)
    return render(request, "premises/visit_form.html", {"room": room, "form": form})


@requires("premises.view_visits")
@require_GET
def visit_list(request: ProviderRequest) -> HttpResponse:
    """Every visit: when, where, who, how many, condition, concerns and follow-up (no free text,
    so the list is not an audited read of observations)."""
    visits = visits_for_user(request.user, request.provider).defer(*VISIT_NARRATIVES)
    filterset = VisitFilterSet(
        request.GET, queryset=visits.order_by("-visited_at"), request=request
    )
    results = filterset.qs if filterset.is_valid() else filterset.qs.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "rows": [(v, flag_labels(v)) for v in page.object_list],
        "can_visit": request.user.has_perm("premises.record_visit", request.provider),
    }
    partial = wants_partial(request)
    template = "premises/partials/visits_table.html" if partial else "premises/visits.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("premises.view_visits")
@require_GET
def visit_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    visit = get_visit_for_user(request.user, request.provider, pk)
    visit_record_view(actor=request.user, visit=visit)
    can_act = request.user.has_perm("premises.record_visit", request.provider)
    context = {
        "visit": visit,
        "flags": flag_labels(visit),
        "concern": concern_link(request.user, visit),
        "can_follow_up": can_act and visit.needs_follow_up,
        "can_raise": can_act and visit.concern_id is None,
        "follow_up_form": FollowUpForm(),
        "over_capacity": visit.people_present > visit.room.capacity,
    }
    return render(request, "premises/visit_detail.html", context)


@requires("premises.record_visit")
def follow_up(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    visit = get_visit_for_user(request.user, request.provider, pk)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            visit_follow_up(actor=request.user, visit=visit, text=form.cleaned_data["follow_up"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The follow-up is recorded.")
            return redirect("premises:visit_detail", pk=visit.pk)
    return render(request, "premises/follow_up_form.html", {"visit": visit, "form": form})


@requires("premises.record_visit")
def raise_concern(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The observation becomes a concern on the referral pathway: the category is the
    observer's choice, the description comes from the visit (editable), nothing is re-keyed."""
    visit = get_visit_for_user(request.user, request.provider, pk)
    if visit.concern_id is not None:
        link = concern_link(request.user, visit)
        messages.error(
            request,
            f"A concern was already raised from this visit: {link.reference if link else ''}.",
        )
        return redirect("premises:visit_detail", pk=visit.pk)
    visit_record_view(actor=request.user, visit=visit)
    form = RaiseConcernForm(
        request.POST if request.method == "POST" else None,
        initial={"description": prefilled_description(visit), "category": Category.PREVENT},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = visit_raise_concern(
                actor=request.user,
                visit=visit,
                category=data["category"],
                ideology=data["ideology"] if data["category"] == Category.PREVENT else "",
                description=data["description"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                f"Concern {concern.reference} is raised: the safeguarding team has been told.",
            )
            return redirect("premises:visit_detail", pk=visit.pk)
    return render(request, "premises/raise_concern.html", {"visit": visit, "form": form})
