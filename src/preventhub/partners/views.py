"""Pages of partnership working: the overview with its findings, the partner directory, a
partner's page with contacts, and subcontractor assurance. Agreements and the engagement log
are in agreement_views.py and engagement_views.py; downloads in exports.py."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from preventhub.core.access import requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.partners.choices import AssuranceCheck
from preventhub.partners.filters import PartnerFilterSet
from preventhub.partners.forms import AssuranceForm, ContactForm, PartnerEditForm, PartnerForm
from preventhub.partners.selectors import (
    agreements,
    assurance_overdue,
    assurance_rows,
    assurances_of,
    engagements,
    get_contact,
    get_partner,
    partners,
)
from preventhub.partners.services import (
    assurance_record,
    assurance_record_view,
    contact_add,
    contact_remove,
    partner_create,
    partner_update,
)

PAGE_SIZE = 25
VIEW = "partners.view"
MANAGE = "partners.manage"


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def wants_partial(request: HttpRequest) -> bool:
    """An htmx request for the results; a history restore needs the whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


def register_page(
    request: ProviderRequest,
    filterset: Any,
    *,
    template: str,
    partial: str,
    extra: dict[str, Any],
    rows: Callable[[list[Any]], Any] | None = None,
) -> HttpResponse:
    """A filterable register: invalid filters show their errors and no rows (never the
    unfiltered register); htmx requests get the results partial."""
    results: QuerySet[Any] = filterset.qs if filterset.is_valid() else filterset.qs.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows(list(page.object_list)) if rows else page.object_list,
        "can_manage": request.user.has_perm(MANAGE, request.provider),
        "today": timezone.localdate(),
        **extra,
    }
    response = render(request, partial if wants_partial(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- overview ------------------------------------------------------------------------------


@requires(VIEW)
@require_GET
def overview(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    today = timezone.localdate()
    found = findings_for(provider, only=["partners"])
    all_agreements = list(agreements(provider))
    context = {
        "findings": found,
        "red": sum(1 for f in found if f.severity == "red"),
        "partner_count": partners(provider).filter(active=True).count(),
        "agreements_in_force": sum(1 for a in all_agreements if a.in_force_on(today)),
        "agreement_count": len(all_agreements),
        "engagements_year": engagements(provider)
        .filter(occurred_on__gt=today.replace(year=today.year - 1))
        .count(),
        "subcontractors": assurance_rows(provider, today),
        "can_manage": request.user.has_perm(MANAGE, provider),
    }
    return render(request, "partners/overview.html", context)


# --- the partner directory -----------------------------------------------------------------


@requires(VIEW)
@require_GET
def partner_list(request: ProviderRequest) -> HttpResponse:
    queryset = partners(request.provider).prefetch_related("contacts")
    filterset = PartnerFilterSet(request.GET, queryset=queryset, request=request)
    return register_page(
        request,
        filterset,
        template="partners/list.html",
        partial="partners/partials/partner_table.html",
        extra={},
    )


@requires(MANAGE)
def partner_new(request: ProviderRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partner_create(
                actor=request.user, provider=request.provider, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{partner.name} is added to your partners.")
            return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": None})


@requires(MANAGE)
def partner_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    partner = get_partner(request.provider, pk)
    initial = {f: getattr(partner, f) for f in PartnerEditForm.base_fields}
    form = PartnerEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partner_update(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{partner.name} is updated.")
            return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@requires(VIEW)
@require_GET
def partner_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    partner = get_partner(request.provider, pk)
    today = timezone.localdate()
    can_manage = request.user.has_perm(MANAGE, request.provider)
    labels = dict(AssuranceCheck.choices)
    assurances = (
        [(a, [labels.get(c, c) for c in a.checks]) for a in assurances_of(partner)]
        if partner.is_subcontractor
        else None
    )
    if assurances:
        assurance_record_view(actor=request.user, partner=partner)
    context = {
        "partner": partner,
        "contacts": partner.contacts.all(),
        "agreements": [
            (a, a.status_on(today)) for a in agreements(request.provider).filter(partners=partner)
        ],
        "engagements": engagements(request.provider).filter(partner=partner)[:10],
        "assurances": assurances,
        "assurance_overdue": partner.is_subcontractor
        and assurance_overdue(assurances[0][0] if assurances else None, today),
        "contact_form": ContactForm() if can_manage else None,
        "can_manage": can_manage,
        "today": today,
    }
    return render(request, "partners/detail.html", context)


@requires(MANAGE)
def contact_new(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    partner = get_partner(request.provider, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = contact_add(actor=request.user, partner=partner, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{contact.name} is added as a contact.")
            return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/contact_form.html", {"form": form, "partner": partner})


@requires(MANAGE)
@require_POST
def contact_delete(request: ProviderRequest, pk: uuid.UUID, contact_pk: uuid.UUID) -> HttpResponse:
    partner = get_partner(request.provider, pk)
    contact = get_contact(partner, contact_pk)
    contact_remove(actor=request.user, contact=contact)
    messages.success(request, f"{contact.name} is removed from the contacts.")
    return redirect("partners:detail", pk=partner.pk)


# --- subcontractor assurance ---------------------------------------------------------------


@requires(VIEW)
@require_GET
def assurance_list(request: ProviderRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "rows": assurance_rows(request.provider, today),
        "can_manage": request.user.has_perm(MANAGE, request.provider),
        "today": today,
    }
    return render(request, "partners/assurance.html", context)


@requires(MANAGE)
def assurance_new(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    partner = get_partner(request.provider, pk)
    form = AssuranceForm(request.POST or None)
    if not partner.is_subcontractor:
        messages.error(request, f"{partner.name} is not a subcontractor.")
        return redirect("partners:detail", pk=partner.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assurance_record(
                actor=request.user,
                partner=partner,
                assured_on=data["assured_on"],
                prevent_awareness_confirmed=data["prevent_awareness_confirmed"] == "yes",
                training_evidence=data["training_evidence"],
                checks=data["checks"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The assurance of {partner.name} is recorded.")
            return redirect("partners:detail", pk=partner.pk)
    return render(request, "partners/assurance_form.html", {"form": form, "partner": partner})
