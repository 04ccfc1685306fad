"""Information-sharing agreements: the register, recording and editing one (with its signed
copy, type-checked and size-limited), one agreement's page and the audited download."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from preventhub.concerns.attachments import CheckedFile, read_decrypted
from preventhub.core.access import requires
from preventhub.partners.choices import SpecialCondition
from preventhub.partners.filters import AgreementFilterSet
from preventhub.partners.forms import AgreementForm
from preventhub.partners.models import Agreement
from preventhub.partners.selectors import agreements, engagements, get_agreement, partners
from preventhub.partners.services import (
    agreement_create,
    agreement_record_download,
    agreement_update,
)
from preventhub.partners.views import (
    MANAGE,
    VIEW,
    ProviderRequest,
    form_errors_from,
    register_page,
)

log = logging.getLogger(__name__)
FIELDS = (
    "title", "scope", "lawful_basis", "special_category", "criminal_offence",
    "special_conditions", "basis_note", "signed_on", "review_on",
)  # fmt: skip


@requires(VIEW)
@require_GET
def agreement_list(request: ProviderRequest) -> HttpResponse:
    filterset = AgreementFilterSet(
        request.GET, queryset=agreements(request.provider), request=request
    )
    return register_page(
        request,
        filterset,
        template="partners/agreements.html",
        partial="partners/partials/agreement_table.html",
        extra={},
        rows=_with_status,
    )


def _with_status(rows: list[Agreement]) -> list[tuple[Agreement, str]]:
    today = timezone.localdate()
    return [(agreement, agreement.status_on(today)) for agreement in rows]


def _form(request: ProviderRequest, agreement: Agreement | None) -> AgreementForm:
    initial: dict[str, Any] = {}
    if agreement is not None:
        initial = {f: getattr(agreement, f) for f in FIELDS}
        initial["partners"] = list(agreement.partners.all())
    choices = partners(request.provider)
    if agreement is None:
        choices = choices.filter(active=True)
    return AgreementForm(
        request.POST or None, request.FILES or None, initial=initial, partners=choices
    )


def _save(request: ProviderRequest, form: AgreementForm, agreement: Agreement | None) -> Any:
    """Check the document, then create or update through the service; None on errors."""
    data = form.cleaned_data
    document: CheckedFile | None = data.get("document")
    values = {f: data[f] for f in FIELDS}
    try:
        if agreement is None:
            return agreement_create(
                actor=request.user,
                provider=request.provider,
                partners=list(data["partners"]),
                document=document,
                **values,
            )
        return agreement_update(
            actor=request.user,
            agreement=agreement,
            partners=list(data["partners"]),
            document=document,
            **values,
        )
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None


@requires(MANAGE)
def agreement_new(request: ProviderRequest) -> HttpResponse:
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, f"{saved.title} is recorded.")
            return redirect("partners:agreement_detail", pk=saved.pk)
    return render(request, "partners/agreement_form.html", {"form": form, "agreement": None})


@requires(MANAGE)
def agreement_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    agreement = get_agreement(request.provider, pk)
    form = _form(request, agreement)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, agreement)
        if saved is not None:
            messages.success(request, f"{saved.title} is updated.")
            return redirect("partners:agreement_detail", pk=saved.pk)
    context = {"form": form, "agreement": agreement}
    return render(request, "partners/agreement_form.html", context)


@requires(VIEW)
@require_GET
def agreement_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    agreement = get_agreement(request.provider, pk)
    labels = dict(SpecialCondition.choices)
    context = {
        "agreement": agreement,
        "status": agreement.status_on(timezone.localdate()),
        "conditions": [labels.get(c, c) for c in agreement.special_conditions],
        "engagements": engagements(request.provider).filter(agreement=agreement)[:10],
        "can_manage": request.user.has_perm(MANAGE, request.provider),
    }
    return render(request, "partners/agreement_detail.html", context)


@requires(VIEW)
@require_GET
def agreement_document(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """Decrypt and send the signed copy; every download is audited."""
    agreement = get_agreement(request.provider, pk)
    if not agreement.has_document:
        raise Http404("No document is stored for this agreement.")
    try:
        content = read_decrypted(agreement.document_storage)
    except (OSError, InvalidToken) as exc:
        log.error("Document of agreement %s cannot be read: %r", agreement.pk, exc)
        raise Http404("The file cannot be found.") from exc
    with transaction.atomic():
        agreement_record_download(actor=request.user, agreement=agreement)
    response = HttpResponse(content, content_type=agreement.document_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=agreement.document_name
    )
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    return response
