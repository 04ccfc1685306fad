"""Pages of the referral pathway: raise a concern, the reporter's list, the team's inbox,
the case page with triage decisions, and the team's escalation settings."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile, check_upload
from preventhub.concerns.choices import INDICATORS, Category, Status
from preventhub.concerns.forms import (
    ConcernForm,
    DangerForm,
    DecisionForm,
    RotaSlotForm,
    SafeguardingSettingsForm,
)
from preventhub.concerns.models import Concern, RotaSlot
from preventhub.concerns.panels import entry_tools_for, panels_for
from preventhub.concerns.selectors import (
    acknowledgement_names,
    chronology,
    get_concern_for_user,
    get_own_concern,
    inbox,
    inbox_counts,
    my_open_actions,
    own_concerns,
    settings_for,
    users_holding,
)
from preventhub.concerns.services import (
    concern_acknowledge,
    concern_decide,
    concern_raise,
    concern_record_view,
    rota_add,
    rota_remove,
    settings_update,
)
from preventhub.core.access import requires
from preventhub.core.models import Provider

PAGE_SIZE = 25


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: ConcernForm | DecisionForm, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- raising -------------------------------------------------------------------------------


@requires("concerns.raise_concern")
def raise_concern(request: ProviderRequest) -> HttpResponse:
    """Step 1 asks about immediate danger ("yes" shows call 999 first); step 2 is the form."""
    danger = request.GET.get("danger") or request.POST.get("danger_answer")
    if danger not in ("yes", "no"):
        question = DangerForm(request.GET if "danger" in request.GET else None)
        if question.is_bound:
            question.is_valid()  # an empty answer shows "select yes or no"
        return render(request, "concerns/raise_danger.html", {"form": question})
    if request.method == "POST":
        form = ConcernForm(request.POST, request.FILES)
        concern = _raise_from(request, form) if form.is_valid() else None
        if concern is not None:
            return redirect("concerns:raised", pk=concern.pk)
    else:
        form = ConcernForm(
            initial={"immediate_risk": danger == "yes", "idempotency_key": uuid.uuid4().hex}
        )
    return render(
        request,
        "concerns/raise_form.html",
        {"form": form, "danger": danger, "indicator_help": INDICATORS},
    )


def _raise_from(request: ProviderRequest, form: ConcernForm) -> Concern | None:
    data = form.cleaned_data
    files: list[CheckedFile] = []
    for upload in data["attachments"]:
        try:
            files.append(check_upload(upload))
        except ValidationError as exc:
            form.add_error("attachments", exc.messages)
    if form.errors:
        return None
    try:
        raised = concern_raise(
            actor=request.user,
            provider=request.provider,
            subject_type=data["subject_type"],
            subject_name=data["subject_name"],
            description=data["description"],
            occurred_at=data["occurred_at"],
            location=data["location"],
            indicators=[*data["indicators"], *data["vulnerabilities"]],
            category=data["category"],
            # The ideology question is hidden unless Prevent is chosen; a stale answer is dropped.
            ideology=data["ideology"] if data["category"] == Category.PREVENT else "",
            immediate_risk=data["immediate_risk"],
            idempotency_key=data["idempotency_key"] or None,
            files=files,
        )
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None
    return raised.concern


@requires("concerns.raise_concern")
def raised(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = get_own_concern(request.user, request.provider, pk)
    context = {"concern": concern, "leads": acknowledgement_names(request.provider)}
    return render(request, "concerns/raised.html", context)


@requires("concerns.raise_concern")
def my_concerns(request: ProviderRequest) -> HttpResponse:
    """The reporter's own concerns: reference, date and status, never content or decisions."""
    concerns = own_concerns(request.user, request.provider).only(
        "id", "reference", "created_at", "status", "acknowledged_at", "provider_id"
    )
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "leads": acknowledgement_names(request.provider)}
    return render(request, "concerns/mine.html", context)


# --- the team's inbox and the case page ------------------------------------------------------


INBOX_TABS = [
    ("triage", "To triage"),
    ("open", "Open cases"),
    ("closed", "Closed"),
    ("all", "All"),
]


@requires("concerns.view_inbox")
def inbox_view(request: ProviderRequest) -> HttpResponse:
    view = request.GET.get("view", "triage")
    if view not in dict(INBOX_TABS):
        view = "triage"
    concerns: QuerySet[Concern] = inbox(request.user, request.provider, view).defer(
        "description", "location", "outcome"
    )
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "view": view,
        "tabs": INBOX_TABS,
        "counts": inbox_counts(request.user, request.provider),
        "actions": my_open_actions(request.user, request.provider)[:10],
        "today": timezone.localdate(),
        "can_manage_settings": request.user.has_perm("concerns.manage_settings", request.provider),
    }
    return render(request, "concerns/inbox.html", context)


@requires("concerns.view_inbox")
def concern_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = get_concern_for_user(request.user, request.provider, pk)
    concern_record_view(actor=request.user, concern=concern)
    can_decide = request.user.has_perm("concerns.decide", concern)
    context = {
        "concern": concern,
        "indicators": [INDICATORS[k][1] for k in concern.indicators if k in INDICATORS],
        "entries": chronology(concern).select_related(None),
        "actions": concern.actions.select_related("owner"),
        "links": concern.links.all(),
        "reviews": concern.reviews.select_related("reviewer"),
        "attachments": concern.attachments.all(),
        "can_decide": can_decide,
        "can_work": request.user.has_perm("concerns.work_case", concern),
        "decision_form": DecisionForm() if can_decide and not concern.is_closed else None,
        "side_panels": panels_for(request, concern, "side"),
        "main_panels": panels_for(request, concern, "main"),
        "entry_tools": entry_tools_for(request, concern),
    }
    return render(request, "concerns/detail.html", context)


@requires("concerns.decide")
def acknowledge(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = get_concern_for_user(request.user, request.provider, pk)
    if request.method != "POST":
        return redirect("concerns:detail", pk=concern.pk)
    if concern.status == Status.NEW:
        concern_acknowledge(actor=request.user, concern=concern)
        messages.success(request, f"{concern.reference} is acknowledged and you lead on it.")
    return redirect("concerns:detail", pk=concern.pk)


@requires("concerns.decide")
def decide(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = get_concern_for_user(request.user, request.provider, pk)
    form = DecisionForm(request.POST or None)
    if concern.is_closed:
        messages.error(request, f"{concern.reference} is closed: reopen it to record a decision.")
        return redirect("concerns:detail", pk=concern.pk)
    if request.method == "POST" and form.is_valid():
        try:
            concern_decide(actor=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The decision on {concern.reference} is recorded.")
            return redirect("concerns:detail", pk=concern.pk)
    return render(request, "concerns/decide.html", {"concern": concern, "form": form})


# --- settings: escalation and the out-of-hours rota ------------------------------------------


@requires("concerns.manage_settings")
def safeguarding_settings(request: ProviderRequest) -> HttpResponse:
    current = settings_for(request.provider)
    contacts = users_holding(request.provider, [Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER])
    from preventhub.accounts.models import User

    contact_qs = User.objects.filter(pk__in=[u.pk for u in contacts])
    form = SafeguardingSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={f: getattr(current, f) for f in SafeguardingSettingsForm.base_fields},
    )
    rota_form = RotaSlotForm(
        request.POST if request.POST.get("form") == "rota" else None, contacts=contact_qs
    )
    if request.method == "POST":
        if request.POST.get("form") == "settings" and form.is_valid():
            settings_update(actor=request.user, provider=request.provider, **form.cleaned_data)
            messages.success(request, "Escalation settings are saved.")
            return redirect("concerns:settings")
        if request.POST.get("form") == "rota" and rota_form.is_valid():
            rota_add(actor=request.user, provider=request.provider, **rota_form.cleaned_data)
            messages.success(request, "The rota slot is added.")
            return redirect("concerns:settings")
        if request.POST.get("form") == "remove":
            _remove_slot(request)
            return redirect("concerns:settings")
    slots = RotaSlot.objects.for_provider(request.provider).select_related("contact")
    context = {"form": form, "rota_form": rota_form, "slots": slots, "settings": current}
    return render(request, "concerns/settings.html", context)


def _remove_slot(request: ProviderRequest) -> None:
    try:
        slot = RotaSlot.objects.for_provider(request.provider).get(pk=request.POST.get("slot"))
    except (RotaSlot.DoesNotExist, ValidationError, ValueError) as exc:
        raise Http404("No such rota slot.") from exc
    rota_remove(actor=request.user, slot=slot)
    messages.success(request, "The rota slot is removed.")
