"""The engagement log: the register (filterable), logging an engagement, one entry (its
encrypted details for the managers only, audited) and correcting an entry."""

from __future__ import annotations

import uuid
from contextlib import suppress
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.partners.choices import SHARING_KINDS
from preventhub.partners.filters import EngagementFilterSet
from preventhub.partners.forms import EngagementForm
from preventhub.partners.models import Engagement
from preventhub.partners.selectors import (
    agreements,
    engagements,
    get_engagement,
    partner_by_id,
    partners,
)
from preventhub.partners.services import (
    engagement_record,
    engagement_record_view,
    engagement_update,
)
from preventhub.partners.views import (
    MANAGE,
    VIEW,
    ProviderRequest,
    form_errors_from,
    register_page,
)

DETAILS = "partners.view_engagement_details"


def _form(request: ProviderRequest, *, initial: dict[str, Any], keep: Any = None) -> EngagementForm:
    """The form with the provider's current partners (and ``keep``, an entry's own partner
    even if it is no longer current) and agreements."""
    provider = request.provider
    return EngagementForm(
        request.POST or None,
        initial=initial,
        partners=partners(provider).filter(Q(active=True) | Q(pk=keep)),
        agreements=agreements(provider).prefetch_related(None),
    )


@requires(VIEW)
@require_GET
def engagement_list(request: ProviderRequest) -> HttpResponse:
    filterset = EngagementFilterSet(
        request.GET, queryset=engagements(request.provider), request=request
    )
    return register_page(
        request,
        filterset,
        template="partners/engagements.html",
        partial="partners/partials/engagement_table.html",
        extra={},
        rows=_with_flags,
    )


def _with_flags(entries: list[Engagement]) -> list[tuple[Engagement, bool, bool]]:
    """Each entry, whether an agreement was in force that day, and whether it is a finding
    (intelligence shared under none)."""
    rows = []
    for entry in entries:
        in_force = bool(entry.agreement and entry.agreement.in_force_on(entry.occurred_on))
        rows.append((entry, in_force, entry.kind in SHARING_KINDS and not in_force))
    return rows


@requires(MANAGE)
def engagement_new(request: ProviderRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    # An unknown partner in the link: the form starts without one.
    with suppress(ValidationError):
        if request.GET.get("partner"):
            initial["partner"] = partner_by_id(request.provider, request.GET["partner"], "partner")
    form = _form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry, created = engagement_record(
                actor=request.user, provider=request.provider, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            if created:
                messages.success(request, "The engagement is logged.")
            return redirect("partners:engagement_detail", pk=entry.pk)
    return render(request, "partners/engagement_form.html", {"form": form, "entry": None})


@requires(MANAGE)
def engagement_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    entry = get_engagement(request.provider, pk)
    initial = {
        "occurred_on": entry.occurred_on,
        "kind": entry.kind,
        "partner": entry.partner,
        "agreement": entry.agreement,
        "summary": entry.summary,
        "details": entry.details,
    }
    form = _form(request, initial=initial, keep=entry.partner_id)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "idempotency_key"}
        try:
            engagement_update(actor=request.user, engagement=entry, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The engagement is updated.")
            return redirect("partners:engagement_detail", pk=entry.pk)
    return render(request, "partners/engagement_form.html", {"form": form, "entry": entry})


@requires(VIEW)
@require_GET
def engagement_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    entry = get_engagement(request.provider, pk)
    show_details = bool(request.user.has_perm(DETAILS, request.provider))
    engagement_record_view(actor=request.user, engagement=entry, details=show_details)
    agreement = entry.agreement
    context = {
        "entry": entry,
        "show_details": show_details,
        "in_force": agreement is not None and agreement.in_force_on(entry.occurred_on),
        "can_manage": request.user.has_perm(MANAGE, request.provider),
    }
    return render(request, "partners/engagement_detail.html", context)
