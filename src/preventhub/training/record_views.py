"""Pages of the training log: a person's training, recording one completion, sessions with their
attendance list, and evidence (uploaded, and downloaded through the access gate)."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile, read_decrypted
from preventhub.core.access import requires
from preventhub.core.models import Department, Site
from preventhub.people.models import Person
from preventhub.training.compliance import load
from preventhub.training.evidence import check_evidence
from preventhub.training.forms import EvidenceForm, RecordForm, SessionForm, SessionPeopleForm
from preventhub.training.impact import session_impact
from preventhub.training.pages import (
    ProviderRequest,
    errors_onto,
    posted,
    posted_files,
    uuid_or_none,
)
from preventhub.training.records import (
    attendance_record,
    evidence_add,
    is_held,
    record_create,
    record_delete,
    session_book,
    session_create,
)
from preventhub.training.selectors import (
    get_course,
    get_evidence_for_user,
    get_record_for_manager,
    get_session,
    get_staff_person_for_user,
    people_from_identifiers,
    places_of,
    records_of,
    session_with_evidence,
    sessions,
    staff_people,
)

PAGE_SIZE = 25
MAX_LISTED = 500


def _checked_files(form: Any, field: str = "evidence") -> list[CheckedFile] | None:
    """The form's uploads, each checked; None (with the errors on the form) if any fails."""
    checked, ok = [], True
    for upload in form.cleaned_data.get(field) or []:
        try:
            checked.append(check_evidence(upload))
        except ValidationError as exc:
            form.add_error(field, exc.messages)
            ok = False
    return checked if ok else None


# --- a person's training -------------------------------------------------------------------


@requires("training.view_own")
def person(request: ProviderRequest, pk: Any) -> HttpResponse:
    found = get_staff_person_for_user(request.user, request.provider, pk)
    data = load(request.provider, people=[found.pk])
    today = timezone.localdate()
    standing = data.standing(data.members[0], today) if data.members else None
    context = {
        "person": found,
        "standing": standing,
        "courses": data.courses,
        "records": records_of(request.provider, found),
        "role_labels": [Role(r).label for r in sorted(data.members[0].roles)]
        if data.members
        else [],
        "can_manage": request.user.has_perm("training.manage", request.provider),
        "is_self": found.user_id == request.user.pk,
    }
    return render(request, "training/person.html", context)


@requires("training.manage")
def record_new(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    initial = {"person": request.GET.get("person", "")}
    form = RecordForm(posted(request), posted_files(request), provider=provider, initial=initial)
    if request.method == "POST" and form.is_valid():
        who = _one_person(form, provider)
        files = _checked_files(form)
        if who is not None and files is not None:
            try:
                record_create(
                    actor=request.user, provider=provider, person=who,
                    course=get_course(provider, form.cleaned_data["course"]),
                    completed_on=form.cleaned_data["completed_on"],
                    trainer=form.cleaned_data["trainer"],
                    certificate_id=form.cleaned_data["certificate_id"], evidence=files,
                )  # fmt: skip
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, f"Training recorded for {who.full_name}.")
                return redirect("training:person", pk=who.pk)
    return render(request, "training/record_form.html", {"form": form})


def _one_person(form: RecordForm, provider: Any) -> Person | None:
    people, unknown = people_from_identifiers(provider, form.cleaned_data["person"])
    if unknown or len(people) != 1:
        form.add_error(
            "person",
            "No member of staff has that email address or staff ID."
            if unknown or not people
            else "Enter one member of staff.",
        )
        return None
    return people[0]


@requires("training.manage")
def record_remove(request: ProviderRequest, pk: Any) -> HttpResponse:
    """Confirm (GET), then remove (POST) a record entered by mistake."""
    record = get_record_for_manager(request.user, request.provider, pk)
    if request.method != "POST":
        return render(request, "training/record_remove.html", {"record": record})
    owner = record.person
    title = record.course.title
    record_delete(actor=request.user, record=record)
    messages.success(
        request, f"The record of {title} on {record.completed_on:%-d %B %Y} is removed."
    )
    return redirect("training:person", pk=owner.pk)


@requires("training.manage")
def record_evidence(request: ProviderRequest, pk: Any) -> HttpResponse:
    record = get_record_for_manager(request.user, request.provider, pk)
    form = EvidenceForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        files = _checked_files(form)
        if files is not None:
            try:
                evidence_add(actor=request.user, record=record, files=files)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, "The evidence is added.")
                return redirect("training:person", pk=record.person_id)
    context = {"form": form, "record": record, "back": ("training:person", record.person_id)}
    return render(request, "training/evidence_form.html", context)


@requires("training.view_own")
def evidence_download(request: ProviderRequest, pk: Any) -> HttpResponse:
    found = get_evidence_for_user(request.user, request.provider, pk)
    try:
        content = read_decrypted(found.storage_name)
    except (OSError, InvalidToken) as exc:
        raise Http404("The file cannot be read.") from exc
    response = HttpResponse(content, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- sessions ------------------------------------------------------------------------------


@requires("training.view_compliance")
def session_list(request: ProviderRequest) -> HttpResponse:
    page = Paginator(sessions(request.provider), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "can_manage": request.user.has_perm("training.manage", request.provider),
    }
    return render(request, "training/sessions.html", context)


@requires("training.manage")
def session_new(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    form = SessionForm(posted(request), provider=provider)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = (
            Site.objects.for_provider(provider).filter(pk=data["site"]).first()
            if data["site"]
            else None
        )
        try:
            made = session_create(
                actor=request.user, provider=provider, course=get_course(provider, data["course"]),
                held_on=data["held_on"], trainer=data["trainer"], site=site, venue=data["venue"],
            )  # fmt: skip
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The session is set up: now add the people on it.")
            return redirect("training:session_people", pk=made.pk)
    return render(request, "training/session_form.html", {"form": form})


@requires("training.view_compliance")
def session_detail(request: ProviderRequest, pk: Any) -> HttpResponse:
    session = session_with_evidence(request.provider, pk)
    today = timezone.localdate()
    context = {
        "session": session,
        "places": places_of(session),
        "held": is_held(session, today),
        "impact": session_impact(session),
        "questions": list(session.questions.order_by("created_at", "text")),
        "can_manage": request.user.has_perm("training.manage", request.provider),
    }
    return render(request, "training/session_detail.html", context)


def _listed_choices(
    request: ProviderRequest, session: Any
) -> tuple[list[tuple[str, str]], list[str], dict[str, Person]]:
    """The checkbox list: the people on the session (ticked unless marked absent), then a
    chosen department's current staff."""
    places = list(places_of(session))
    people = {str(p.person_id): p.person for p in places}
    ticked = [str(p.person_id) for p in places if (p.attended is not False)]
    department = uuid_or_none(request.GET.get("department", ""))
    if department is not None:
        current = Q(end_date__isnull=True) | Q(end_date__gte=timezone.localdate())
        extra = staff_people(request.provider).filter(current, department_id=department)
        for person in extra.order_by("last_name", "first_name")[:MAX_LISTED]:
            people.setdefault(str(person.pk), person)
    choices = [
        (pk, f"{p.full_name}{' – ' + p.job_title if p.job_title else ''}")
        for pk, p in people.items()
    ]
    return choices, ticked, people


@requires("training.manage")
def session_people(request: ProviderRequest, pk: Any) -> HttpResponse:
    session = get_session(request.provider, pk)
    held = is_held(session)
    choices, ticked, people = _listed_choices(request, session)
    label = "Who attended" if held else "Who is booked"
    form = SessionPeopleForm(
        posted(request), choices=choices, label=label, initial={"people": ticked}
    )
    if request.method == "POST" and form.is_valid():
        added, unknown = people_from_identifiers(request.provider, form.cleaned_data["add"])
        if unknown:
            form.add_error(
                "add",
                "No member of staff has the email address or staff ID: "
                f"{', '.join(unknown)}. Nothing was saved.",
            )
        else:
            chosen = [people[k] for k in form.cleaned_data["people"] if k in people] + added
            done = _save_people(request, session, chosen, form, held)
            if done:
                return redirect("training:session", pk=session.pk)
    context = {
        "session": session,
        "form": form,
        "held": held,
        "departments": Department.objects.for_provider(request.provider).order_by("name"),
        "department": request.GET.get("department", ""),
    }
    return render(request, "training/session_people.html", context)


def _save_people(
    request: ProviderRequest, session: Any, chosen: list[Person], form: Any, held: bool
) -> bool:
    try:
        if held:
            result = attendance_record(actor=request.user, session=session, present=chosen)
        else:
            added, removed = session_book(actor=request.user, session=session, people=chosen)
    except ValidationError as exc:
        errors_onto(form, exc)
        return False
    if held:
        records = f"{result.created} training record{'s' if result.created != 1 else ''}"
        note = (
            f"Attendance recorded: {result.present} attended, {result.absent} did not; "
            f"{records} added."
        )
        if result.already_recorded:
            note += f" Already recorded for that day: {', '.join(result.already_recorded)}."
        messages.success(request, note)
    else:
        messages.success(request, f"Bookings saved: {added} added, {removed} removed.")
    return True


@requires("training.manage")
def session_evidence(request: ProviderRequest, pk: Any) -> HttpResponse:
    session = get_session(request.provider, pk)
    form = EvidenceForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        files = _checked_files(form)
        if files is not None:
            try:
                evidence_add(actor=request.user, session=session, files=files)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, "The evidence is added.")
                return redirect("training:session", pk=session.pk)
    context = {"form": form, "session": session, "back": ("training:session", session.pk)}
    return render(request, "training/evidence_form.html", context)
