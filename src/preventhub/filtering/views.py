"""Pages: the filtering-governance overview (status, findings, charts), who is responsible and
what is in use (with history), and the settings. The decision log, reviews, filter tests and
unblock requests have their own view modules."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.access import requires
from preventhub.core.findings import findings_for
from preventhub.core.forms import Form
from preventhub.core.models import Provider
from preventhub.filtering import permissions as perms
from preventhub.filtering.choices import (
    PERSON_KINDS,
    DecisionKind,
    ResponsibilityKind,
    Subject,
)
from preventhub.filtering.forms import EndForm, PersonForm, ProductForm, SettingsForm
from preventhub.filtering.models import Decision, UnblockRequest
from preventhub.filtering.selectors import (
    coverage,
    get_responsibility_to_end,
    last_run_at,
    last_signed_off,
    open_failures,
    pending_count,
    people_for,
    responsibilities,
    review_due_on,
)
from preventhub.filtering.services import (
    person_name,
    product_add,
    responsibility_end,
    settings_for,
    settings_update,
)


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def wants_partial(request: HttpRequest) -> bool:
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


# --- overview -----------------------------------------------------------------------------------


def _chart_rows(counter: Counter[str], labels: dict[str, str]) -> list[ChartRow]:
    return [
        ChartRow(labels.get(k, k), v, f"{v:,}", f"{v:,}") for k, v in counter.most_common() if v
    ]


def _charts(provider: Provider) -> dict[str, Chart]:
    since = timezone.now() - timedelta(days=365)
    subjects: Counter[str] = Counter(
        {
            r["subject"]: r["n"]
            for r in UnblockRequest.objects.for_provider(provider)
            .filter(created_at__gte=since)
            .values("subject")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    kinds: Counter[str] = Counter(
        {
            r["decision"]: r["n"]
            for r in Decision.objects.for_provider(provider)
            .filter(decided_at__gte=since)
            .values("decision")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    return {
        "subjects": Chart(
            "chart-subjects", "Unblock requests by subject, last 12 months",
            "Requests from learners and staff to see a blocked site for study.",
            _chart_rows(subjects, dict(Subject.choices)), "Subject", "Requests",
            empty="No unblock request in the last 12 months.",
        ),
        "decisions": Chart(
            "chart-decisions", "Block and allow decisions, last 12 months",
            "Decisions recorded in the log, approved unblock requests included.",
            _chart_rows(kinds, dict(DecisionKind.choices)), "Decision", "Decisions",
            empty="No decision recorded in the last 12 months.",
        ),
    }  # fmt: skip


@requires(perms.VIEW)
@require_GET
def overview(request: ProviderRequest) -> HttpResponse:
    """Where filtering governance stands: who is responsible, the review, the tests, requests,
    and what the compliance view is told."""
    provider = request.provider
    user = request.user
    context: dict[str, Any] = {
        "named": responsibilities(provider),
        "last_review": last_signed_off(provider),
        "review_due": review_due_on(provider),
        "last_test": last_run_at(provider),
        "coverage": coverage(provider),
        "failures": open_failures(provider).count(),
        "pending": pending_count(provider),
        "settings": settings_for(provider),
        "findings": findings_for(provider, only=["filtering"]),
        "charts": _charts(provider),
        "today": timezone.localdate(),
        "can_edit": user.has_perm(perms.EDIT, provider),
        "can_settings": user.has_perm(perms.MANAGE_SETTINGS, provider),
    }
    return render(request, "filtering/overview.html", context)


# --- responsibilities ---------------------------------------------------------------------------


@requires(perms.VIEW)
@require_GET
def responsibility_list(request: ProviderRequest) -> HttpResponse:
    context = {
        "named": responsibilities(request.provider),
        "can_edit": request.user.has_perm(perms.EDIT, request.provider),
    }
    return render(request, "filtering/responsibilities.html", context)


@requires(perms.EDIT)
def person_set(request: ProviderRequest, kind: str) -> HttpResponse:
    """Name the senior leader or the governor responsible (the current one is ended)."""
    if kind not in PERSON_KINDS:
        raise Http404("No such responsibility.")
    provider = request.provider
    governor = kind == ResponsibilityKind.GOVERNOR
    people = people_for(provider, kind)
    form = PersonForm(
        posted(request),
        people=_as_queryset(people),
        governor=governor,
        initial={"from_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = person_name(
                actor=request.user, provider=provider, kind=kind, user=data.get("user"),
                name=data.get("name", ""), from_date=data["from_date"], notes=data["notes"],
            )  # fmt: skip
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{row.name} is named: {row.get_kind_display().lower()}.")
            return redirect("filtering:responsibilities")
    context = {
        "form": form,
        "kind_label": ResponsibilityKind(kind).label,
        "governor": governor,
        "has_people": bool(people),
    }
    return render(request, "filtering/person_form.html", context)


def _as_queryset(users: list[Any]) -> Any:
    from preventhub.accounts.models import User

    return User.objects.filter(pk__in=[u.pk for u in users]).order_by("first_name", "last_name")


@requires(perms.EDIT)
def product_new(request: ProviderRequest) -> HttpResponse:
    form = ProductForm(
        posted(request),
        initial={"from_date": timezone.localdate(), "kind": request.GET.get("kind", "filtering")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = product_add(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{row.name} is recorded as in use.")
            return redirect("filtering:responsibilities")
    return render(request, "filtering/product_form.html", {"form": form})


@requires(perms.EDIT)
def responsibility_end_view(request: ProviderRequest, pk: Any) -> HttpResponse:
    row = get_responsibility_to_end(request.user, request.provider, pk)
    form = EndForm(posted(request), initial={"to_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            row = responsibility_end(
                actor=request.user, responsibility=row, to_date=form.cleaned_data["to_date"]
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{row.name}: recorded as ended on {row.to_date:%-d %B %Y}.")
            return redirect("filtering:responsibilities")
    return render(request, "filtering/end_form.html", {"form": form, "row": row})


# --- settings -----------------------------------------------------------------------------------


@requires(perms.MANAGE_SETTINGS)
def settings_view(request: ProviderRequest) -> HttpResponse:
    current = settings_for(request.provider)
    form = SettingsForm(
        posted(request),
        initial={
            "test_interval_days": current.test_interval_days,
            "request_wait_school_days": current.request_wait_school_days,
            "default_unblock_days": current.default_unblock_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The filtering settings are saved.")
            return redirect("filtering:overview")
    return render(request, "filtering/settings.html", {"form": form})
