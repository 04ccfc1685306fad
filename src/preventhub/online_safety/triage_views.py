"""Pages for online-safety alerts: the list, an alert with its hits, and its triage
(acknowledge, false positive, link the identity to a person, raise a concern).

The IT manager sees alerts pseudonymised; the safeguarding team sees who is behind them and
triages. Every opening of an alert is audited (its hits are URLs and search terms).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from preventhub.concerns.choices import Category
from preventhub.core.access import requires
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.online_safety.alerts_filters import AlertFilterSet
from preventhub.online_safety.choices import ALERT_TRANSITIONS, AlertStatus
from preventhub.online_safety.models import Alert
from preventhub.online_safety.triage_forms import (
    AcknowledgeForm,
    FalsePositiveForm,
    LinkPersonForm,
    PersonSearchForm,
    RaiseConcernForm,
    people_matching,
)
from preventhub.online_safety.triage_selectors import (
    MAX_EVENTS_SHOWN,
    alert_events,
    alerts_for_user,
    get_alert_for_user,
    identity_shown,
    sees_identities,
    theme_label,
    theme_names,
)
from preventhub.online_safety.triage_services import (
    alert_acknowledge,
    alert_mark_false_positive,
    alert_raise_concern,
    alert_record_view,
    identity_link_person,
    prefilled_description,
)

PAGE_SIZE = 25


class ProviderRequest(HttpRequest):
    provider: Provider


def wants_partial(request: HttpRequest) -> bool:
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


def _errors_to(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def alert_rows(request: ProviderRequest, alerts: list[Alert]) -> list[dict[str, Any]]:
    names = theme_names(request.provider)
    full = sees_identities(request.user, request.provider)
    return [
        {
            "alert": a,
            "theme": theme_label(a.theme, names),
            "identity": identity_shown(a.identity, full=full),
        }
        for a in alerts
    ]


@requires("online_safety.view_alerts")
@require_GET
def alert_list(request: ProviderRequest) -> HttpResponse:
    """The alerts register: open and critical first; filters by status, severity, theme, kind
    and date. The list shows no URL or search term, so it is not an audited read."""
    filterset = AlertFilterSet(
        request.GET, queryset=alerts_for_user(request.user, request.provider), request=request
    )
    results = filterset.qs if filterset.is_valid() else filterset.qs.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    open_count = alerts_for_user(request.user, request.provider).filter(status=AlertStatus.OPEN)
    context = {
        "filter": filterset,
        "page": page,
        "rows": alert_rows(request, list(page.object_list)),
        "open_count": open_count.count(),
        "full": sees_identities(request.user, request.provider),
        "can_share": request.user.has_perm("online_safety.share_with_police", request.provider),
    }
    partial = wants_partial(request)
    template = (
        "online_safety/alerts/partials/table.html" if partial else "online_safety/alerts/list.html"
    )
    response = render(request, template, context, status=200 if not filterset.errors else 422)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _detail_context(request: ProviderRequest, alert: Alert) -> dict[str, Any]:
    provider = request.provider
    full = sees_identities(request.user, provider)
    can_triage = request.user.has_perm("online_safety.triage_alerts", provider)
    allowed = ALERT_TRANSITIONS.get(alert.status, frozenset())
    concern = alert.concern
    return {
        "alert": alert,
        "theme": theme_label(alert.theme, theme_names(provider)),
        "identity": identity_shown(alert.identity, full=full),
        "full": full,
        "events": alert_events(alert)[:MAX_EVENTS_SHOWN],
        "more_events": max(0, alert.hit_count - MAX_EVENTS_SHOWN),
        "can_acknowledge": can_triage and AlertStatus.ACKNOWLEDGED in allowed,
        "can_dismiss": can_triage and AlertStatus.FALSE_POSITIVE in allowed,
        "can_raise": can_triage and AlertStatus.CONCERN_RAISED in allowed,
        "can_link": request.user.has_perm("online_safety.link_identity", provider),
        "can_drill": request.user.has_perm("online_safety.view_identity_activity", provider),
        "concern_url": reverse("concerns:detail", kwargs={"pk": concern.pk})
        if concern and request.user.has_perm("concerns.view_concern", concern)
        else "",
        "ack_form": AcknowledgeForm(),
        "fp_form": FalsePositiveForm(),
    }


@requires("online_safety.view_alerts")
@require_GET
def alert_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    alert = get_alert_for_user(request.user, request.provider, pk)
    alert_record_view(actor=request.user, alert=alert)
    return render(request, "online_safety/alerts/detail.html", _detail_context(request, alert))


def _redisplay(request: ProviderRequest, alert: Alert, **forms: Any) -> HttpResponse:
    """The alert page again with the form's errors (the triage changed nothing)."""
    alert_record_view(actor=request.user, alert=alert)
    context = _detail_context(request, alert) | forms
    return render(request, "online_safety/alerts/detail.html", context, status=422)


def _conflict(request: ProviderRequest, alert: Alert, exc: ConflictError) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect("online_safety:alert_detail", pk=alert.pk)


@requires("online_safety.triage_alerts")
@require_POST
def alert_acknowledge_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    alert = get_alert_for_user(request.user, request.provider, pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _redisplay(request, alert, ack_form=form)
    try:
        alert_acknowledge(actor=request.user, alert=alert, note=form.cleaned_data["note"])
    except ConflictError as exc:
        return _conflict(request, alert, exc)
    messages.success(request, "The alert is acknowledged.")
    return redirect("online_safety:alert_detail", pk=alert.pk)


@requires("online_safety.triage_alerts")
@require_POST
def alert_false_positive_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    alert = get_alert_for_user(request.user, request.provider, pk)
    form = FalsePositiveForm(request.POST)
    if not form.is_valid():
        return _redisplay(request, alert, fp_form=form)
    try:
        alert_mark_false_positive(
            actor=request.user, alert=alert, reason=form.cleaned_data["reason"]
        )
    except ConflictError as exc:
        return _conflict(request, alert, exc)
    except ValidationError as exc:
        _errors_to(form, exc)
        return _redisplay(request, alert, fp_form=form)
    messages.success(request, "The alert is marked a false positive, with your reason.")
    return redirect("online_safety:alert_detail", pk=alert.pk)


@requires("online_safety.link_identity")
def alert_link_person(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """Find the person in the people register (by name or MIS id) and link the alert's
    identity to them, or unlink it. Shown to the safeguarding team only."""
    alert = get_alert_for_user(request.user, request.provider, pk)
    identity = alert.identity
    back = redirect("online_safety:alert_detail", pk=alert.pk)
    if request.method == "POST" and request.POST.get("action") == "unlink":
        identity_link_person(actor=request.user, identity=identity, person=None)
        messages.success(request, f"{identity.pseudonym} is no longer linked to a person.")
        return back
    text = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    search = PersonSearchForm({"q": text} if text else None)
    people = list(people_matching(request.provider, text)) if search.is_valid() else []
    form = LinkPersonForm(request.POST if request.method == "POST" else None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            identity_link_person(actor=request.user, identity=identity, person=form.chosen())
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request, f"{identity.pseudonym} is linked to {form.chosen().full_name}."
            )
            return back
    context = {
        "alert": alert,
        "identity": identity_shown(identity, full=True),
        "search": search,
        "form": form,
        "searched": bool(text),
        "people": people,
    }
    status = 422 if request.method == "POST" and form.errors else 200
    return render(request, "online_safety/alerts/link_person.html", context, status=status)


@requires("online_safety.triage_alerts")
def alert_raise_concern_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The alert becomes a concern in the referral pathway: subject, time, place and a summary
    of the hits are filled in; the lead chooses the kind of concern and can edit the text."""
    alert = get_alert_for_user(request.user, request.provider, pk)
    if AlertStatus.CONCERN_RAISED not in ALERT_TRANSITIONS.get(alert.status, frozenset()):
        messages.error(
            request,
            f"This alert is {alert.get_status_display().lower()}: no concern "
            "can be raised from it now.",
        )
        return redirect("online_safety:alert_detail", pk=alert.pk)
    alert_record_view(actor=request.user, alert=alert, via="raise_concern")
    form = RaiseConcernForm(
        request.POST if request.method == "POST" else None,
        initial={"description": prefilled_description(alert), "category": Category.PREVENT},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            concern = alert_raise_concern(
                actor=request.user,
                alert=alert,
                category=data["category"],
                ideology=data["ideology"] if data["category"] == Category.PREVENT else "",
                description=data["description"],
            )
        except ConflictError as exc:
            return _conflict(request, alert, exc)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(request, f"Concern {concern.reference} is raised from this alert.")
            return redirect("online_safety:alert_detail", pk=alert.pk)
    context = {
        "alert": alert,
        "identity": identity_shown(alert.identity, full=True),
        "theme": theme_label(alert.theme, theme_names(request.provider)),
        "form": form,
    }
    status = 422 if request.method == "POST" and form.errors else 200
    return render(request, "online_safety/alerts/raise_concern.html", context, status=status)
