"""Pages of the policy register: the register with its gaps, a policy, adding and editing one
(with its document), the audited download, acknowledging, "policies to acknowledge" and the
coverage of acknowledgements by department; the CSV/XLSX download."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from preventhub.concerns.attachments import CheckedFile, read_decrypted
from preventhub.core.access import requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.partners.views import form_errors_from, wants_partial
from preventhub.policies.choices import REQUIRED_TYPES, PolicyType
from preventhub.policies.exports import policy_table
from preventhub.policies.filters import PolicyFilterSet
from preventhub.policies.forms import PolicyForm
from preventhub.policies.models import Policy
from preventhub.policies.selectors import (
    acknowledged_by,
    acknowledgement_of,
    coverage,
    get_policy_for_user,
    policies_to_acknowledge,
    possible_owners,
    to_acknowledge,
    visible_policies,
)
from preventhub.policies.services import (
    PolicyIn,
    export_recorded,
    policy_acknowledge,
    policy_create,
    policy_record_download,
    policy_update,
)
from preventhub.policies.tabular import FORMATS, download

log = logging.getLogger(__name__)
PAGE_SIZE = 25
READ = "policies.view_register"
FIELDS = (
    "policy_type", "title", "version", "owner", "status", "approved_on", "review_on",
    "refers_to_prevent", "acknowledgement_required",
)  # fmt: skip


class ProviderRequest(HttpRequest):
    provider: Provider


def _filtered(request: ProviderRequest) -> PolicyFilterSet:
    return PolicyFilterSet(
        request.GET, queryset=visible_policies(request.user, request.provider), request=request
    )


@requires(READ)
@require_GET
def policy_list(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    filterset = _filtered(request)
    results = filterset.qs if filterset.is_valid() else filterset.qs.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    oversight = request.user.has_perm("policies.view_findings", provider)
    context = {
        "filter": filterset,
        "page": page,
        "today": timezone.localdate(),
        "findings": findings_for(provider, only=["policies"]) if oversight else None,
        "can_create": request.user.has_perm("policies.create", provider),
        "oversight": oversight,
        "required_types": [PolicyType(t).label for t in REQUIRED_TYPES],
        "waiting": to_acknowledge(request.user, provider).count()
        if request.user.has_perm("policies.acknowledge", provider)
        else 0,
    }
    partial = wants_partial(request)
    template = "policies/partials/table.html" if partial else "policies/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _form(request: ProviderRequest, policy: Policy | None) -> PolicyForm:
    initial: dict[str, Any] = {"status": "draft", "refers_to_prevent": ""}
    if policy is not None:
        initial = {f: getattr(policy, f) for f in FIELDS}
    return PolicyForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        owners=possible_owners(request.provider),
    )


def _save(request: ProviderRequest, form: PolicyForm, policy: Policy | None) -> Policy | None:
    data = form.cleaned_data
    document: CheckedFile | None = data.get("document")
    values = PolicyIn(**{f: data[f] for f in FIELDS})
    try:
        if policy is None:
            return policy_create(
                actor=request.user, provider=request.provider, data=values, document=document
            )
        return policy_update(actor=request.user, policy=policy, data=values, document=document)
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None


@requires("policies.create")
def policy_new(request: ProviderRequest) -> HttpResponse:
    form = _form(request, None)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, f"{saved.title} is added to the register.")
            return redirect("policies:detail", pk=saved.pk)
    return render(request, "policies/form.html", {"form": form, "policy": None})


@requires(READ)
def policy_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    policy = get_policy_for_user(request.user, request.provider, pk)
    if not request.user.has_perm("policies.edit", policy):
        raise PermissionDenied("Only senior leaders, the DSL and the policy's owner edit it.")
    form = _form(request, policy)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, policy)
        if saved is not None:
            messages.success(request, f"{saved.title} is updated.")
            return redirect("policies:detail", pk=saved.pk)
    return render(request, "policies/form.html", {"form": form, "policy": policy})


@requires(READ)
@require_GET
def policy_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    provider = request.provider
    policy = get_policy_for_user(request.user, provider, pk)
    can_acknowledge = bool(request.user.has_perm("policies.acknowledge", provider))
    context = {
        "policy": policy,
        "today": timezone.localdate(),
        "can_edit": request.user.has_perm("policies.edit", policy),
        "oversight": request.user.has_perm("policies.view_findings", provider),
        "can_acknowledge": can_acknowledge
        and policy.is_published
        and policy.acknowledgement_required,
        "acknowledgement": acknowledgement_of(request.user, policy) if can_acknowledge else None,
    }
    return render(request, "policies/detail.html", context)


@requires(READ)
@require_GET
def policy_document(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    policy = get_policy_for_user(request.user, request.provider, pk)
    if not policy.has_document:
        raise Http404("No document is stored for this policy.")
    try:
        content = read_decrypted(policy.document_storage)
    except (OSError, InvalidToken) as exc:
        log.error("Document of policy %s cannot be read: %r", policy.pk, exc)
        raise Http404("The file cannot be found.") from exc
    with transaction.atomic():
        policy_record_download(actor=request.user, policy=policy)
    response = HttpResponse(content, content_type=policy.document_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=policy.document_name
    )
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires("policies.acknowledge")
@require_POST
def acknowledge(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    policy = get_policy_for_user(request.user, request.provider, pk)
    try:
        _ack, created = policy_acknowledge(actor=request.user, policy=policy)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, f"Thank you: you have acknowledged {policy.title}.")
    if request.POST.get("next") == "list":
        return redirect("policies:to_acknowledge")
    return redirect("policies:detail", pk=policy.pk)


@requires("policies.acknowledge")
@require_GET
def my_policies(request: ProviderRequest) -> HttpResponse:
    context = {
        "waiting": to_acknowledge(request.user, request.provider),
        "done": acknowledged_by(request.user, request.provider)[:50],
    }
    return render(request, "policies/to_acknowledge.html", context)


@requires("policies.view_findings")
@require_GET
def coverage_view(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    choices = list(policies_to_acknowledge(provider).order_by("title"))
    chosen = next((p for p in choices if str(p.pk) == request.GET.get("policy")), None)
    if chosen is None and choices:
        chosen = choices[0]
    rows = coverage(provider, chosen) if chosen else []
    staff = sum(r.staff for r in rows)
    done = sum(r.acknowledged for r in rows)
    context = {
        "choices": choices,
        "chosen": chosen,
        "rows": rows,
        "staff": staff,
        "done": done,
        "percent": round(100 * done / staff) if staff else 0,
        "chart": _chart(chosen, rows),
    }
    return render(request, "policies/coverage.html", context)


def _chart(policy: Policy | None, rows: list[Any]) -> dict[str, Any]:
    return {
        "id": "coverage-chart",
        "title": f"Acknowledged by department: {policy.title}" if policy else "Acknowledged",
        "description": "The share of staff in each department who have acknowledged the current "
        "version.",
        "rows": [
            {"label": r.department, "value": r.percent, "display": f"{r.percent}%"} for r in rows
        ],
        "max": 100,
        "label_heading": "Department",
        "value_heading": "Acknowledged",
        "empty": "No staff to count yet.",
    }


@requires(READ)
@require_GET
def export(request: ProviderRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such download.")
    filterset = _filtered(request)
    if not filterset.is_valid():
        messages.error(request, "Correct the filters before downloading.")
        return redirect(f"{reverse('policies:list')}?{request.GET.urlencode()}")
    table = policy_table(list(filterset.qs), timezone.localdate())
    export_recorded(
        actor=request.user,
        provider=request.provider,
        register="policy",
        rows=len(table.rows),
        fmt=fmt,
        filters=filterset.used(),
    )
    name = f"policies-{request.provider.slug}-{timezone.localdate().isoformat()}"
    return download(table, fmt, name)
