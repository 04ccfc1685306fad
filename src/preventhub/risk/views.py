"""Pages of the risk assessment: the assessment laid out like the DfE template (context, heat
maps, quality check, risks by area), one risk with its actions, adding, editing and removing
risks, the context, and the learner consultations and partner inputs. Thin: rules live in
services.py, reads in selectors.py, the check in quality.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from preventhub.core.access import requires
from preventhub.core.findings import Finding
from preventhub.core.models import Provider
from preventhub.risk.choices import (
    AREA_PROMPTS,
    OPEN_ACTION_STATUSES,
    ActionStatus,
    Area,
    InputKind,
)
from preventhub.risk.forms import ContextForm, InputForm, RiskForm, posted, show_errors
from preventhub.risk.heatmap import heat_map
from preventhub.risk.local_context import LocalTerms
from preventhub.risk.models import Risk
from preventhub.risk.permissions import EDIT, SIGN_OFF, VIEW
from preventhub.risk.quality import provider_terms, quality_findings, risk_findings
from preventhub.risk.selectors import (
    action_counts,
    assessment_for,
    awaiting_version,
    get_risk_for_user,
    inputs,
    latest_approved,
    latest_input_dates,
    possible_owners,
    risks_with_actions,
)
from preventhub.risk.services import (
    context_update,
    input_record,
    is_overdue,
    risk_create,
    risk_delete,
    risk_update,
)


class ProviderRequest(HttpRequest):
    provider: Provider


@dataclass
class AreaSection:
    key: str
    label: str
    prompt: str
    risks: list[Any] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    total_actions: int
    open_actions: int
    done_actions: int
    overdue_actions: int
    flags: list[str]


def _flags(risk: Risk, findings: list[Finding]) -> list[str]:
    """Short tags for the risk's row: the quality check's findings about it, in a few words."""
    words = {
        "risk_without_action": "No action",
        "risk_without_local_context": "No local context",
        "risk_review_overdue": "Review overdue",
    }
    return [words[f.code] for f in findings if f.code in words]


def _rows(risks: list[Risk], terms: LocalTerms, today: Any) -> list[RiskRow]:
    rows = []
    for risk in risks:
        actions = list(risk.actions.all())
        rows.append(
            RiskRow(
                risk=risk,
                total_actions=len(actions),
                open_actions=sum(1 for a in actions if a.status in OPEN_ACTION_STATUSES),
                done_actions=sum(1 for a in actions if a.status == ActionStatus.DONE),
                overdue_actions=sum(1 for a in actions if is_overdue(a, today)),
                flags=_flags(risk, risk_findings(risk, terms, today)),
            )
        )
    return rows


def _sections(rows: list[RiskRow], findings: list[Finding]) -> list[AreaSection]:
    sections = {a.value: AreaSection(a.value, str(a.label), AREA_PROMPTS[a.value]) for a in Area}
    for row in rows:
        sections[row.risk.area].risks.append(row)
    for finding in findings:
        if finding.area in sections:
            sections[finding.area].findings.append(finding)
    return list(sections.values())


@requires(VIEW)
def assessment(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    now = timezone.now()
    today = timezone.localdate(now)
    findings = quality_findings(provider, now)
    rows = _rows(list(risks_with_actions(provider)), provider_terms(provider), today)
    context = {
        "assessment": assessment_for(provider),
        "findings": findings,
        "whole_findings": [f for f in findings if not f.area],
        "red_count": sum(1 for f in findings if f.severity == "red"),
        "sections": _sections(rows, findings),
        "risk_count": len(rows),
        "covered_areas": len({row.risk.area for row in rows}),
        "maps": [heat_map(provider), heat_map(provider, residual=True)],
        "counts": action_counts(provider),
        "approved": latest_approved(provider),
        "awaiting": awaiting_version(provider),
        "latest_inputs": latest_input_dates(provider),
        "can_edit": request.user.has_perm(EDIT, provider),
        "can_sign": request.user.has_perm(SIGN_OFF, provider),
        "today": today,
    }
    return render(request, "risk/assessment.html", context)


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def context_edit(request: ProviderRequest) -> HttpResponse:
    current = assessment_for(request.provider)
    initial = {name: getattr(current, name) for name in ContextForm.base_fields}
    form = ContextForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            context_update(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "The context is saved.")
            return redirect("risk:assessment")
    return render(request, "risk/context_form.html", {"form": form})


# --- risks -----------------------------------------------------------------------------------


@requires(VIEW)
def risk_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    risk = get_risk_for_user(request.user, request.provider, pk)
    today = timezone.localdate()
    actions = list(risk.actions.select_related("owner"))
    context = {
        "risk": risk,
        "actions": [(a, is_overdue(a, today)) for a in actions],
        "findings": risk_findings(risk, provider_terms(request.provider), today),
        "can_edit": request.user.has_perm(EDIT, request.provider),
        "user_id": request.user.pk,
    }
    return render(request, "risk/risk_detail.html", context)


def _risk_form(request: ProviderRequest, **kwargs: Any) -> RiskForm:
    return RiskForm(posted(request), owners=possible_owners(request.provider), **kwargs)


def _risk_data(form: RiskForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def risk_add(request: ProviderRequest) -> HttpResponse:
    area = request.GET.get("area", "")
    form = _risk_form(request, initial={"area": area if area in Area.values else ""})
    if request.method == "POST" and form.is_valid():
        try:
            risk = risk_create(actor=request.user, provider=request.provider, **_risk_data(form))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, f"\u201c{risk.title}\u201d is added. Now add the actions that reduce it."
            )
            return redirect("risk:risk", pk=risk.pk)
    return render(request, "risk/risk_form.html", {"form": form, "risk": None})


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def risk_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    risk = get_risk_for_user(request.user, request.provider, pk)
    initial = {name: getattr(risk, name) for name in RiskForm.base_fields if name != "owner"}
    initial["owner"] = risk.owner_id
    form = _risk_form(request, initial=initial, review_before=risk.review_on)
    if request.method == "POST" and form.is_valid():
        try:
            changed = risk_update(actor=request.user, risk=risk, **_risk_data(form))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "The risk is saved." if changed else "Nothing was changed.")
            return redirect("risk:risk", pk=risk.pk)
    return render(request, "risk/risk_form.html", {"form": form, "risk": risk})


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def risk_remove(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    risk = get_risk_for_user(request.user, request.provider, pk)
    if request.method == "POST":
        title = risk.title
        risk_delete(actor=request.user, risk=risk)
        messages.success(request, f"\u201c{title}\u201d and its actions are removed.")
        return redirect("risk:assessment")
    return render(
        request, "risk/risk_remove.html", {"risk": risk, "action_count": risk.actions.count()}
    )


# --- learner consultations and partner inputs ------------------------------------------------


@requires(VIEW)
def inputs_page(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    context = {
        "learner": inputs(provider, InputKind.LEARNER_CONSULTATION),
        "partner": inputs(provider, InputKind.PARTNER_INPUT),
        "can_edit": request.user.has_perm(EDIT, provider),
    }
    return render(request, "risk/inputs.html", context)


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def input_add(request: ProviderRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    form = InputForm(posted(request), initial={"kind": kind if kind in InputKind.values else ""})
    if request.method == "POST" and form.is_valid():
        try:
            found = input_record(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"The {found.get_kind_display().lower()} is recorded.")
            return redirect("risk:inputs")
    return render(request, "risk/input_form.html", {"form": form})
