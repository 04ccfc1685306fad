"""Pages of the action plan: add and edit an action (editors), record its progress and evidence
of impact (its owner, or an editor), and the actions someone owns."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.risk.forms import ActionForm, ProgressForm, posted, show_errors
from preventhub.risk.permissions import EDIT, OWN_ACTIONS, VIEW
from preventhub.risk.selectors import (
    get_action_for_user,
    get_risk_for_user,
    my_actions,
    possible_owners,
)
from preventhub.risk.services import action_create, action_progress, action_update, is_overdue


class ProviderRequest(HttpRequest):
    provider: Provider


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def action_add(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    risk = get_risk_for_user(request.user, request.provider, pk)
    form = ActionForm(posted(request), owners=possible_owners(request.provider))
    if request.method == "POST" and form.is_valid():
        try:
            action_create(actor=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "The action is added to the plan.")
            return redirect("risk:risk", pk=risk.pk)
    return render(request, "risk/action_form.html", {"form": form, "risk": risk, "action": None})


@requires(EDIT)
@require_http_methods(["GET", "POST"])
def action_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    action = get_action_for_user(request.user, request.provider, pk, "update")
    initial = {
        "title": action.title,
        "owner": action.owner_id,
        "due_date": action.due_on,
        "impact_measure": action.impact_measure,
    }
    form = ActionForm(posted(request), owners=possible_owners(request.provider), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = action_update(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "The action is saved." if changed else "Nothing was changed.")
            return redirect("risk:risk", pk=action.risk_id)
    context = {"form": form, "risk": action.risk, "action": action}
    return render(request, "risk/action_form.html", context)


@requires(OWN_ACTIONS)
@require_http_methods(["GET", "POST"])
def action_progress_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The owner (or an editor) says where the action has got to; done needs evidence."""
    action = get_action_for_user(request.user, request.provider, pk, "update")
    form = ProgressForm(
        posted(request), initial={"status": action.status, "evidence": action.evidence}
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = action_progress(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, "Progress is saved." if changed else "Nothing was changed.")
            if request.user.has_perm(VIEW, request.provider):
                return redirect("risk:risk", pk=action.risk_id)
            return redirect("risk:mine")
    context = {
        "form": form,
        "action": action,
        "overdue": is_overdue(action),
        "can_view": request.user.has_perm(VIEW, request.provider),
    }
    return render(request, "risk/action_progress.html", context)


@requires(OWN_ACTIONS)
@require_GET
def mine(request: ProviderRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(a, is_overdue(a, today)) for a in my_actions(request.user, request.provider)]
    context = {"rows": rows, "can_view": request.user.has_perm(VIEW, request.provider)}
    return render(request, "risk/mine.html", context)
