"""Versions and sign-off: the history of approved versions, what changed between one and the
one before (or since the last approved), signing off, and the board report PDF."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.risk.forms import SignOffForm, posted, show_errors
from preventhub.risk.permissions import SIGN_OFF, VIEW
from preventhub.risk.report import board_report_pdf, report_context, report_recorded
from preventhub.risk.selectors import (
    awaiting_version,
    get_version_for_user,
    latest_approved,
    previous_version,
    versions,
)
from preventhub.risk.versions import (
    build_snapshot,
    by_area,
    diff_snapshots,
    load,
    sign_off,
    signer_roles,
)


class ProviderRequest(HttpRequest):
    provider: Provider


@requires(VIEW)
@require_GET
def version_list(request: ProviderRequest) -> HttpResponse:
    rows = list(versions(request.provider).select_related("created_by"))
    context = {
        "versions": rows,
        "can_sign": request.user.has_perm(SIGN_OFF, request.provider),
    }
    return render(request, "risk/versions.html", context)


@requires(VIEW)
@require_GET
def version_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """One version: its signatures, and what changed since the approved version before it."""
    version = get_version_for_user(request.user, request.provider, pk)
    before = previous_version(version)
    snapshot = load(version)
    context = {
        "version": version,
        "before": before,
        "diff": diff_snapshots(load(before), snapshot) if before else None,
        "snapshot": snapshot,
        "areas": by_area(snapshot),
        "signatures": list(version.signatures.all()),
    }
    return render(request, "risk/version_detail.html", context)


def _draft_changes(provider: Provider) -> dict[str, Any]:
    approved = latest_approved(provider)
    current = build_snapshot(provider)
    return {
        "approved": approved,
        "diff": diff_snapshots(load(approved) if approved else None, current),
    }


@requires(VIEW)
@require_GET
def changes(request: ProviderRequest) -> HttpResponse:
    """What has changed in the living assessment since the last approved version."""
    return render(request, "risk/changes.html", _draft_changes(request.provider))


@requires(SIGN_OFF)
@require_http_methods(["GET", "POST"])
def sign_off_view(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    roles = signer_roles(request.user, provider)
    form = SignOffForm(posted(request), roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            result = sign_off(actor=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if result.approved:
                messages.success(
                    request, f"Version {result.version.number} is signed off and approved."
                )
            else:
                messages.success(
                    request,
                    f"You have signed version {result.version.number}. It is approved when the "
                    "other signature is added.",
                )
            return redirect("risk:version", pk=result.version.pk)
    awaiting = awaiting_version(provider)
    context = {
        **_draft_changes(provider),
        "form": form,
        "awaiting": awaiting,
        "awaiting_signatures": list(awaiting.signatures.all()) if awaiting else [],
        "awaiting_current": _is_current(awaiting, provider),
    }
    return render(request, "risk/sign_off.html", context)


def _is_current(awaiting: Any, provider: Provider) -> bool:
    """Whether the waiting version is still the assessment as it stands (a second signature
    approves it) or has been overtaken by changes (signing freezes a new version)."""
    if awaiting is None:
        return False
    from preventhub.risk.versions import content_of

    return content_of(load(awaiting)) == content_of(build_snapshot(provider))


@requires(VIEW)
@require_GET
def board_report(request: ProviderRequest) -> HttpResponse:
    context = report_context(request.provider, timezone.now())
    body = board_report_pdf(context)
    report_recorded(actor=request.user, provider=request.provider)
    response = HttpResponse(body, content_type="application/pdf")
    name = f"prevent-risk-assessment-{request.provider.slug}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
