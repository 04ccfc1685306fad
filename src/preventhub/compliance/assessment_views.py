"""The yearly self-assessment: the years kept, and the three steps (evaluation, action
planning, summary) of the year in hand. Every write goes through services.py."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from preventhub.compliance import permissions as perms
from preventhub.compliance.choices import NEEDS_ACTION, Step
from preventhub.compliance.evidence.base import EvidenceContext
from preventhub.compliance.forms import (
    NEW_RISK,
    AreaSummaryForm,
    CompleteForm,
    JudgementForm,
    PlanForm,
)
from preventhub.compliance.framework import AREAS, BY_KEY, Item
from preventhub.compliance.models import SelfAssessment
from preventhub.compliance.selectors import (
    assessments_for_user,
    evidence_for,
    get_assessment_for_user,
    snapshot,
    year_rows,
)
from preventhub.compliance.services import (
    action_plan,
    area_summarise,
    assessment_complete,
    assessment_start,
    item_judge,
    links_text,
    missing_judgements,
    missing_summaries,
    step_move,
)
from preventhub.compliance.views import ProviderRequest, allowed, line_perms
from preventhub.core.access import requires
from preventhub.premises.views import form_errors_from
from preventhub.risk.models import Risk
from preventhub.risk.selectors import possible_owners


def _year(request: ProviderRequest, pk: uuid.UUID) -> SelfAssessment:
    return get_assessment_for_user(request.user, request.provider, pk)


def _item(key: str) -> Item:
    item = BY_KEY.get(key)
    if item is None:
        raise Http404("No such item.")
    return item


def _back(assessment: SelfAssessment, anchor: str = "") -> str:
    url = reverse("compliance:assessment", kwargs={"pk": assessment.pk})
    return f"{url}#{anchor}" if anchor else url


@requires(perms.VIEW_ASSESSMENT)
@require_GET
def assessments(request: ProviderRequest) -> HttpResponse:
    years = list(assessments_for_user(request.user, request.provider))
    can = request.user.has_perm(perms.EVALUATE, request.provider)
    return render(request, "compliance/assessment/list.html", {"years": years, "can_start": can})


@requires(perms.EVALUATE)
@require_POST
def assessment_start_view(request: ProviderRequest) -> HttpResponse:
    started = assessment_start(actor=request.user, provider=request.provider)
    if started.created:
        messages.success(
            request, f"The {started.assessment.year_label} self-assessment is started."
        )
    return redirect(_back(started.assessment))


@requires(perms.VIEW_ASSESSMENT)
@require_GET
def assessment_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = _year(request, pk)
    rows = year_rows(assessment)
    lines = [line for area in rows for row in area.items for line in row.evidence]
    user, provider = request.user, request.provider
    context = {
        "assessment": assessment,
        "rows": rows,
        "steps": [s for s in Step if s != Step.COMPLETE],
        "perms": allowed(user, provider, line_perms(lines)),
        "can_evaluate": user.has_perm(perms.EVALUATE, provider) and not assessment.is_complete,
        "can_complete": user.has_perm(perms.COMPLETE, provider),
        "to_judge": len(missing_judgements(assessment)),
        "to_summarise": len(missing_summaries(assessment)),
        "needs_action": NEEDS_ACTION,
    }
    return render(request, "compliance/assessment/detail.html", context)


@requires(perms.EVALUATE)
def judge(request: ProviderRequest, pk: uuid.UUID, item: str) -> HttpResponse:
    assessment = _year(request, pk)
    found = _item(item)
    current = assessment.judgements.filter(item=found.key).first()
    initial = (
        {
            "judgement": current.judgement,
            "impact": current.impact,
            "improvement": current.improvement,
            "evidence_links": links_text(current.evidence_links),
        }
        if current
        else {}
    )
    form = JudgementForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item_judge(
                actor=request.user, assessment=assessment, item=found.key, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Your judgement of “{found.title}” is saved.")
            return redirect(_back(assessment, found.key))
    evidence = evidence_for(EvidenceContext(request.provider), [found])[found.key]
    context = {
        "assessment": assessment,
        "item": found,
        "form": form,
        "evidence": evidence,
        "area": AREAS[found.area],
        "perms": allowed(request.user, request.provider, line_perms(evidence)),
    }
    return render(request, "compliance/assessment/judge.html", context)


@requires(perms.EVALUATE)
@require_POST
def move(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = _year(request, pk)
    try:
        assessment = step_move(
            actor=request.user, assessment=assessment, to=request.POST.get("to", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"The self-assessment is at {assessment.get_step_display()}.")
    return redirect(_back(assessment))


@requires(perms.EVALUATE)
def plan(request: ProviderRequest, pk: uuid.UUID, item: str) -> HttpResponse:
    assessment = _year(request, pk)
    found = _item(item)
    judged = assessment.judgements.filter(item=found.key).first()
    if judged is None or assessment.step not in (Step.ACTION_PLANNING, Step.SUMMARY):
        messages.error(request, "Plan actions once every item is judged, in step 2.")
        return redirect(_back(assessment, found.key))
    risks = (
        Risk.objects.for_provider(request.provider).filter(area=found.risk_area).order_by("title")
    )
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={"title": (judged.improvement or "")[:300], "risk": NEW_RISK},
        risks=risks,
        owners=possible_owners(request.provider),
        new_label=f"A new risk: {found.title}",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = None if data["risk"] == NEW_RISK else risks.filter(pk=data["risk"]).first()
        try:
            action_plan(
                actor=request.user,
                assessment=assessment,
                item=found.key,
                risk=chosen,
                title=data["title"],
                likelihood=data.get("likelihood"),
                impact=data.get("impact"),
                owner=data.get("owner"),
                due_date=data.get("due_date"),
                impact_measure=data.get("impact_measure", ""),
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The action is added to the risk assessment's action plan.")
            return redirect(_back(assessment, found.key))
    context = {
        "assessment": assessment,
        "item": found,
        "judged": judged,
        "form": form,
        "area": AREAS[found.area],
    }
    return render(request, "compliance/assessment/plan.html", context)


@requires(perms.EVALUATE)
def summarise(request: ProviderRequest, pk: uuid.UUID, area: str) -> HttpResponse:
    assessment = _year(request, pk)
    if area not in AREAS:
        raise Http404("No such area.")
    current = assessment.area_summaries.filter(area=area).first()
    initial = {"judgement": current.judgement, "summary": current.summary} if current else {}
    form = AreaSummaryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            area_summarise(
                actor=request.user, assessment=assessment, area=area, **form.cleaned_data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The summary of {AREAS[area].label.lower()} is saved.")
            return redirect(_back(assessment, f"area-{area}"))
    rows = [r for r in year_rows(assessment) if r.info.key == area]
    context = {"assessment": assessment, "area": AREAS[area], "row": rows[0], "form": form}
    return render(request, "compliance/assessment/summarise.html", context)


@requires(perms.COMPLETE)
def complete(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    assessment = _year(request, pk)
    form = CompleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_complete(
                actor=request.user,
                assessment=assessment,
                snapshot=snapshot(EvidenceContext(request.provider)),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The {assessment.year_label} self-assessment is complete.")
            return redirect(_back(assessment))
    context = {
        "assessment": assessment,
        "form": form,
        "to_summarise": missing_summaries(assessment),
    }
    return render(request, "compliance/assessment/complete.html", context)
