"""Pages of speakers, events and lettings: request → checks → decision → outcome.

Organisers request and see their own requests; the speaker coordinator, senior leaders and the
safeguarding team see every request, record checks and consent, and decide. The rules (notice,
minimum checks, consent, approver by risk, outcome after the event) are in services.py.
"""

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
from django.utils.http import content_disposition_header

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.concerns.attachments import CheckedFile, read_decrypted
from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.speakers.choices import (
    APPROVED_STATUSES,
    DECIDED_STATUSES,
    FINAL_STATUSES,
    CheckKind,
    RequestKind,
    RiskLevel,
    Status,
)
from preventhub.speakers.forms import (
    CheckForm,
    DecisionForm,
    LettingForm,
    MaterialForm,
    OutcomeForm,
    ReasonForm,
    RequestForm,
    SettingsForm,
    speaker_formset,
    with_another_row,
)
from preventhub.speakers.models import EventRequest
from preventhub.speakers.selectors import (
    QUEUE_VIEWS,
    current_decision,
    get_link,
    get_material,
    get_request_for_user,
    own_requests,
    previous_appearances,
    queue,
    queue_counts,
)
from preventhub.speakers.services import (
    SpeakerIn,
    Submitted,
    approver_roles,
    check_material,
    check_record,
    consent_record,
    first_on_time_date,
    material_add,
    material_max_bytes,
    material_record_view,
    missing_checks,
    outcome_record,
    request_decide,
    request_record_view,
    request_reopen,
    request_submit,
    request_withdraw,
    settings_for,
    settings_update,
)

log = logging.getLogger(__name__)
PAGE_SIZE = 25


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: Any, exc: ValidationError, *, elsewhere: Any = None) -> None:
    """A service's ValidationError against the form's fields; others go to ``elsewhere``
    (a list of messages) or to the whole form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif elsewhere is not None:
            elsewhere.extend(errors)
        else:
            form.add_error(None, errors)


def _posted(request: HttpRequest) -> Any:
    """What to bind a form to: what was posted (even nothing, so it shows its errors), or
    None on GET."""
    return request.POST if request.method == "POST" else None


def _detail(req: EventRequest, anchor: str = "") -> HttpResponse:
    url = reverse("speakers:detail", kwargs={"pk": req.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: ProviderRequest, req: EventRequest, exc: PermissionDenied) -> HttpResponse:
    """A rule of the duty said no (e.g. the wrong role for the risk): say which rule."""
    context = {"req": req, "message": str(exc) or "You may not do this."}
    return render(request, "speakers/forbidden.html", context, status=403)


# --- requesting ------------------------------------------------------------------------------


@requires("speakers.request")
def request_new(request: ProviderRequest) -> HttpResponse:
    return _request_page(request, RequestKind.SPEAKER_EVENT)


@requires("speakers.manage_lettings")
def letting_new(request: ProviderRequest) -> HttpResponse:
    return _request_page(request, RequestKind.LETTING)


def _request_page(request: ProviderRequest, kind: str) -> HttpResponse:
    form_class = LettingForm if kind == RequestKind.LETTING else RequestForm
    options: dict[str, Any] = {
        "provider": request.provider,
        "max_mb": material_max_bytes() // (1024 * 1024),
    }
    if request.method == "POST" and request.POST.get("action") == "add_speaker":
        initial = {name: request.POST.get(name, "") for name in form_class.base_fields}
        form = form_class(initial=initial, **options)
        speakers = with_another_row(request.POST)
    elif request.method == "POST":
        form = form_class(request.POST, request.FILES, **options)
        speakers = speaker_formset(request.POST)
        submitted = _submit(request, kind, form, speakers)
        if submitted is not None:
            return _submitted(request, submitted)
    else:
        form = form_class(initial={"idempotency_key": uuid.uuid4().hex}, **options)
        speakers = speaker_formset()
    return render(
        request, "speakers/request_form.html", _form_context(request, kind, form, speakers)
    )


def _start_of(form: Any) -> Any:
    """The start the form holds, if it is a valid date and time (bound or re-shown)."""
    if form.is_bound:
        return getattr(form, "cleaned_data", {}).get("starts_at")
    try:
        return form.fields["starts_at"].clean(form.initial.get("starts_at") or None)
    except ValidationError:
        return None


def _form_context(request: ProviderRequest, kind: str, form: Any, speakers: Any) -> dict[str, Any]:
    on_time = first_on_time_date(request.provider)
    start = _start_of(form)
    late_field = form["late_reason"]
    show_late = bool(
        (start and timezone.localdate(start) < on_time) or late_field.errors or late_field.value()
    )
    return {
        "form": form,
        "speakers": speakers,
        "kind": kind,
        "letting": kind == RequestKind.LETTING,
        "on_time": on_time,
        "notice": settings_for(request.provider).minimum_notice_working_days,
        "show_late": show_late,
        "organiser": request.user,
    }


def _submit(
    request: ProviderRequest, kind: str, form: RequestForm, speakers: Any
) -> Submitted | None:
    form_ok, speakers_ok = form.is_valid(), speakers.is_valid()
    if speakers_ok and kind == RequestKind.SPEAKER_EVENT and not speakers.speakers():
        speakers.non_form_errors().append("Name at least one speaker.")
        speakers_ok = False
    if not (form_ok and speakers_ok):
        return None
    data = form.cleaned_data
    files: list[CheckedFile] = []
    for upload in data["materials"]:
        try:
            files.append(check_material(upload))
        except ValidationError as exc:
            form.add_error("materials", exc.messages)
    if form.errors:
        return None
    try:
        return request_submit(
            actor=request.user,
            provider=request.provider,
            kind=kind,
            title=data["title"],
            topic=data["topic"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            site=data["site"],
            venue=data["venue"],
            audience=data["audience"],
            expected_size=data["expected_size"],
            open_to_public=data["open_to_public"],
            recorded_or_streamed=data["recorded_or_streamed"],
            speakers=[SpeakerIn(**row) for row in speakers.speakers()],
            hirer=data.get("hirer", ""),
            hirer_contact=data.get("hirer_contact", ""),
            purpose=data.get("purpose", ""),
            late_reason=data["late_reason"],
            idempotency_key=data["idempotency_key"] or None,
            materials=files,
        )
    except ValidationError as exc:
        form_errors_from(form, exc, elsewhere=speakers.non_form_errors())
        return None


def _submitted(request: ProviderRequest, submitted: Submitted) -> HttpResponse:
    made = submitted.request
    if not submitted.created:
        messages.success(request, f"{made.reference} was already sent: here it is.")
    elif made.late:
        messages.success(
            request,
            f"{made.reference} is sent. It is late, so a senior leader will decide it after "
            "the checks.",
        )
    else:
        messages.success(
            request, f"{made.reference} is sent. The speaker coordinator will check it and decide."
        )
    return _detail(made)


@requires("speakers.request")
def my_requests(request: ProviderRequest) -> HttpResponse:
    """The organiser's requests: status, decision and its conditions, outcome to record."""
    rows = own_requests(request.user, request.provider)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    items = [
        {
            "request": r,
            "decision": next((d for d in reversed(r.decisions.all()) if not d.superseded), None),
            "outcome_due": r.starts_at <= now and r.status in OUTCOME_EXPECTED,
        }
        for r in page.object_list
    ]
    context = {
        "page": page,
        "items": items,
        "can_let": request.user.has_perm("speakers.manage_lettings", request.provider),
        "can_manage": request.user.has_perm("speakers.manage", request.provider),
    }
    return render(request, "speakers/mine.html", context)


@requires("speakers.manage")
def queue_view(request: ProviderRequest) -> HttpResponse:
    """The managers' work list; the whole register is on the register page."""
    view = request.GET.get("view", "to_decide")
    if view not in QUEUE_VIEWS:
        view = "to_decide"
    rows = queue(request.user, request.provider, view)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = queue_counts(request.user, request.provider)
    context = {
        "page": page,
        "view": view,
        "tabs": [(key, label, counts[key]) for key, label in QUEUE_VIEWS.items()],
        "view_label": QUEUE_VIEWS[view],
        "can_manage_settings": request.user.has_perm("speakers.manage_settings", request.provider),
        "can_let": request.user.has_perm("speakers.manage_lettings", request.provider),
    }
    return render(request, "speakers/queue.html", context)


# --- the request page ---------------------------------------------------------------------------


def _is_open(req: EventRequest) -> bool:
    return req.status not in FINAL_STATUSES


OUTCOME_EXPECTED = (Status.SUBMITTED, *APPROVED_STATUSES)


def _outcome_due(req: EventRequest) -> bool:
    """Started, and approved or never decided: the organiser should say what happened. (A
    refused event may still be recorded as held, from the request page.)"""
    return req.starts_at <= timezone.now() and req.status in OUTCOME_EXPECTED


@requires("speakers.request")
def request_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """Organisers see their request, its decision and conditions; managers see everything."""
    req = get_request_for_user(request.user, request.provider, pk)
    user, provider = request.user, request.provider
    managing = user.has_perm("speakers.manage", provider)
    notes = user.has_perm("speakers.view_check_notes", provider)
    with transaction.atomic():
        request_record_view(actor=user, request=req, check_notes=managing and notes)
    context: dict[str, Any] = {
        "req": req,
        "managing": managing,
        "show_notes": notes,
        "links": [
            (link, previous_appearances(link.speaker, exclude_request=req) if managing else [])
            for link in req.speakers.select_related("speaker")
        ],
        "materials": req.materials.all(),
        "decision": current_decision(req),
        "outcome": getattr(req, "outcome", None),
        "is_open": _is_open(req),
        "can_withdraw": _is_open(req) and req.starts_at > timezone.now(),
        "outcome_due": _outcome_due(req),
        "outcome_open": req.starts_at <= timezone.now() and req.status not in FINAL_STATUSES,
        "material_form": MaterialForm()
        if _is_open(req) and req.starts_at > timezone.now()
        else None,
    }
    decision = context["decision"]
    context["held_unapproved"] = req.status == Status.HELD and (
        decision is None or decision.decision not in APPROVED_STATUSES
    )
    if managing:
        context.update(_manager_context(request, req))
    return render(request, "speakers/detail.html", context)


def _manager_context(request: ProviderRequest, req: EventRequest) -> dict[str, Any]:
    user, provider = request.user, request.provider
    can_check = user.has_perm("speakers.check", provider) and _is_open(req)
    can_decide = user.has_perm("speakers.decide", provider)
    return {
        "checks": req.checks.select_related("speaker"),
        "past_decisions": req.decisions.filter(superseded=True).order_by("-created_at"),
        "can_check": can_check,
        "check_form": CheckForm(speakers=_speaker_choices(req)) if can_check else None,
        "can_decide": can_decide and req.status == Status.SUBMITTED,
        "decision_form": DecisionForm() if can_decide and req.status == Status.SUBMITTED else None,
        "can_reopen": can_decide
        and req.status in DECIDED_STATUSES
        and req.starts_at > timezone.now(),
        **_decision_help(req, user),
    }


def _speaker_choices(req: EventRequest) -> list[tuple[str, str]]:
    return [
        (str(link.speaker_id), str(link.speaker)) for link in req.speakers.select_related("speaker")
    ]


def _decision_help(req: EventRequest, user: Any) -> dict[str, Any]:
    """Who may decide at each risk level, whether this user may at any, and what is missing
    before an approval."""
    allowed = {level: approver_roles(req.provider, level, req.late) for level in RiskLevel}
    approvers = [(level.label, [Role(r).label for r in roles]) for level, roles in allowed.items()]
    held = roles_for(user, req.provider_id)
    return {
        "approvers": approvers,
        "may_decide": any(held & set(roles) for roles in allowed.values()),
        "missing": [CheckKind(k).label for k in missing_checks(req)],
        "consent_refused": req.speakers.filter(consent="refused").exists()
        or req.checks.filter(outcome="consent_refused").exists(),
    }


# --- checks, consent and decisions --------------------------------------------------------------


@requires("speakers.check")
def check_add(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    req = get_request_for_user(request.user, request.provider, pk)
    form = CheckForm(_posted(request), speakers=_speaker_choices(req))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        speaker = None
        if data.get("speaker"):
            speaker = req.speakers.get(speaker_id=data["speaker"]).speaker
        try:
            check = check_record(
                actor=request.user,
                request=req,
                kind=data["kind"],
                outcome=data["outcome"],
                notes=data["notes"],
                speaker=speaker,
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The check is recorded: {check}.")
            return _detail(req)
    return render(request, "speakers/check_form.html", {"req": req, "form": form})


@requires("speakers.check")
def consent(request: ProviderRequest, pk: uuid.UUID, link_pk: uuid.UUID) -> HttpResponse:
    req = get_request_for_user(request.user, request.provider, pk)
    link = get_link(req, link_pk)
    if request.method == "POST":
        try:
            consent_record(actor=request.user, link=link, consent=request.POST.get("consent", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{link.speaker.name}: {link.get_consent_display().lower()} is recorded."
            )
    return _detail(req, "speakers")


@requires("speakers.decide")
def decide(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The decision, by the role the risk level calls for (a 403 page says which otherwise)."""
    req = get_request_for_user(request.user, request.provider, pk)
    if req.status != Status.SUBMITTED:
        messages.error(
            request, f"{req.reference} is {req.get_status_display().lower()}: nothing to decide."
        )
        return _detail(req)
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            request_decide(actor=request.user, request=req, **form.cleaned_data)
        except PermissionDenied as exc:
            return _refused(request, req, exc)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            req.refresh_from_db()
            messages.success(request, f"{req.reference}: {req.get_status_display().lower()}.")
            return _detail(req)
    context = {"req": req, "form": form, **_decision_help(req, request.user)}
    return render(request, "speakers/decide.html", context)


@requires("speakers.decide")
def reopen(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    req = get_request_for_user(request.user, request.provider, pk)
    form = ReasonForm(
        _posted(request),
        label="What has changed?",
        hint="For example: new posts by the speaker, a change of topic or audience.",
    )
    if request.method == "POST" and form.is_valid():
        try:
            request_reopen(actor=request.user, request=req, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{req.reference} is open for review: decide it again.")
            return _detail(req)
    context = {
        "req": req,
        "form": form,
        "heading": "Re-open for review",
        "intro": "The decision is set aside (it stays in the history) and the request is decided "
        "again, after any further checks.",
        "button": "Re-open for review",
        "action": reverse("speakers:reopen", kwargs={"pk": req.pk}),
    }
    return render(request, "speakers/reason_form.html", context)


@requires("speakers.request")
def withdraw(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The organiser (or a manager) calls the event off."""
    req = get_request_for_user(request.user, request.provider, pk)
    form = ReasonForm(_posted(request), label="Why is it withdrawn?")
    if request.method == "POST" and form.is_valid():
        try:
            request_withdraw(actor=request.user, request=req, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{req.reference} is withdrawn.")
            return _detail(req)
    context = {
        "req": req,
        "form": form,
        "heading": "Withdraw the request",
        "intro": "The event will not go ahead. The request stays on the register as withdrawn.",
        "button": "Withdraw the request",
        "warning": True,
        "action": reverse("speakers:withdraw", kwargs={"pk": req.pk}),
    }
    return render(request, "speakers/reason_form.html", context)


# --- after the event ----------------------------------------------------------------------------


@requires("speakers.request")
def outcome(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    req = get_request_for_user(request.user, request.provider, pk)
    if hasattr(req, "outcome"):
        messages.success(request, f"The outcome of {req.reference} is already recorded.")
        return _detail(req, "outcome")
    form = OutcomeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            outcome_record(actor=request.user, request=req, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"The outcome of {req.reference} is recorded. Thank you.")
            return _detail(req, "outcome")
    decision = current_decision(req)
    context = {
        "req": req,
        "form": form,
        "not_yet": req.starts_at > timezone.now(),
        "decision": decision,
        "has_conditions": bool(decision and (decision.conditions or decision.conditions_detail)),
        "approved": req.status in APPROVED_STATUSES,
    }
    return render(request, "speakers/outcome_form.html", context)


# --- materials ----------------------------------------------------------------------------------


@requires("speakers.request")
def material_upload(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    req = get_request_for_user(request.user, request.provider, pk)
    form = MaterialForm(_posted(request), request.FILES)
    if request.method == "POST" and form.is_valid():
        try:
            material = material_add(
                actor=request.user, request=req, checked=check_material(form.cleaned_data["file"])
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, f"{material.original_name} is added.")
            return _detail(req, "materials")
    max_mb = material_max_bytes() // (1024 * 1024)
    return render(
        request, "speakers/material_form.html", {"req": req, "form": form, "max_mb": max_mb}
    )


@requires("speakers.request")
def material_download(
    request: ProviderRequest, pk: uuid.UUID, material_pk: uuid.UUID
) -> HttpResponse:
    """Decrypt and send one file; every download is audited."""
    req = get_request_for_user(request.user, request.provider, pk)
    material = get_material(req, material_pk)
    try:
        content = read_decrypted(material.storage_name)
    except (OSError, InvalidToken) as exc:
        log.error("Material %s of request %s cannot be read: %r", material.pk, req.pk, exc)
        raise Http404("The file cannot be found.") from exc
    with transaction.atomic():
        material_record_view(actor=request.user, material=material)
    response = HttpResponse(content, content_type=material.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=material.original_name
    )
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- settings -----------------------------------------------------------------------------------


@requires("speakers.manage_settings")
def speaker_settings(request: ProviderRequest) -> HttpResponse:
    current = settings_for(request.provider)
    initial = {
        "minimum_notice_working_days": current.minimum_notice_working_days,
        "required_checks": current.required_checks,
        "share_register_with_group": current.share_register_with_group,
        "outcome_overdue_days": current.outcome_overdue_days,
        **{f"approvers_{level}": current.approvers.get(level, []) for level in RiskLevel.values},
    }
    form = SettingsForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["approvers"] = {level: data.pop(f"approvers_{level}") for level in RiskLevel.values}
        try:
            settings_update(actor=request.user, provider=request.provider, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The speaker and event settings are saved.")
            return redirect("speakers:settings")
    context = {"form": form, "group": request.provider.group}
    return render(request, "speakers/settings.html", context)
