"""Case work on the case page: notes and contacts, corrections with every version kept, actions,
linked people, reviews, the subject's register record, the lead, closure and reopening, and
documents (uploaded encrypted, downloaded through the access gate).

The forms sit in panels on the case page (registered by ``register_case_work``). Each posts to
a view here, which redirects back to the case page on success; an invalid form is shown again
on a page of its own with an error summary. A closed case refuses everything but reopening,
with the service's message and HTTP 409. Rules live in the services; these views translate.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header

from preventhub.accounts.models import User
from preventhub.concerns.attachments import check_upload, read_decrypted
from preventhub.concerns.case_forms import (
    ActionForm,
    CloseForm,
    DocumentForm,
    EntryEditForm,
    EntryForm,
    LeadForm,
    LinkForm,
    ReopenForm,
    ReviewForm,
    SubjectForm,
    user_label,
)
from preventhub.concerns.choices import MANUAL_ENTRY_KINDS, EntryKind, LinkRelationship
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.models import ChronologyEntry, Concern
from preventhub.concerns.panels import CasePanel, register_case_panel, register_entry_tool
from preventhub.concerns.permissions import TEAM
from preventhub.concerns.selectors import (
    entry_versions,
    get_action,
    get_attachment,
    get_concern_for_user,
    get_entry,
    team_to_notify,
    users_holding,
)
from preventhub.concerns.services import (
    action_add,
    action_complete,
    attachment_add,
    attachment_record_view,
    chronology_add,
    chronology_edit,
    concern_assign_lead,
    concern_close,
    concern_link_subject,
    concern_record_view,
    concern_reopen,
    link_add,
    review_record,
)
from preventhub.concerns.views import ProviderRequest
from preventhub.core.access import requires
from preventhub.core.forms import Form
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person
from preventhub.people.selectors import person_list_for_user

log = logging.getLogger(__name__)

EDITABLE_KINDS = (*MANUAL_ENTRY_KINDS, EntryKind.DECISION)
FORM_PAGE = "concerns/case/form.html"
P = "concerns/partials/"
# Which service field a form field stands for, where their names differ.
FIELD_ALIASES = {"subject_person": "mis_id", "person": "mis_id"}
# A form submitted twice (double click, resent after a dropped connection) is saved once: each
# rendered form carries a random token, claimed in the cache for a day when first submitted.
ONCE_FIELD = "once"
ONCE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Task:
    """One piece of case work: how its page is titled and where success returns to."""

    title: str
    button: str
    anchor: str
    # Finishes "<reference> is closed: reopen it to ... it." on a closed case's page.
    doing: str
    intro: str = ""
    multipart: bool = False
    warning: bool = False


NOTE = Task(
    "Add a note or contact", "Add to the chronology", "chronology", "add a note or contact to"
)
EDIT = Task(
    "Correct a chronology entry",
    "Save the correction",
    "chronology",
    "correct entries in",
    intro="The entry is not overwritten: your correction becomes a new version, and every "
    "earlier version stays on the case file with its author and time.",
)
ACTION = Task("Add an action", "Add action", "actions", "add an action to")
LINK = Task("Link a person to the case", "Link person", "linked-people", "link a person to")
REVIEW = Task(
    "Record a review",
    "Record review",
    "reviews",
    "review",
    intro="The next review date you give becomes the case's next review date.",
)
SUBJECT = Task(
    "Link to the people register",
    "Link to register record",
    "case-management",
    "link a register record to",
    intro="Give the MIS id of the record of the person this concern is about.",
)
LEAD = Task("Change the lead", "Save lead", "case-management", "change the lead of")
CLOSE = Task(
    "Close the case",
    "Close the case",
    "case-management",
    "close",
    intro="A closed case takes no further notes, actions or reviews until it is reopened. "
    "Everything on it is kept.",
    warning=True,
)
REOPEN = Task("Reopen the case", "Reopen the case", "chronology", "reopen")
DOCUMENT = Task(
    "Add a document",
    "Upload document",
    "documents",
    "add a document to",
    intro="The file is checked by its content, encrypted and stored where only this case's "
    "team can download it.",
    multipart=True,
)


# --- helpers -------------------------------------------------------------------------------


def _case(request: ProviderRequest, pk: uuid.UUID, perm: str = "concerns.work_case") -> Concern:
    """The concern if the user may see it (else 404) and holds ``perm`` on it (else 403)."""
    concern = get_concern_for_user(request.user, request.provider, pk)
    if not request.user.has_perm(perm, concern):
        raise PermissionDenied(f"You do not have permission: {perm}.")
    return concern


def _back(concern: Concern, anchor: str) -> HttpResponse:
    url = reverse("concerns:detail", kwargs={"pk": concern.pk})
    return redirect(f"{url}#{anchor}")


def _bound(request: ProviderRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _closed_message(concern: Concern, task: Task) -> str:
    return f"{concern.reference} is closed: reopen it to {task.doing} it."


def show_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        name = FIELD_ALIASES.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def _page(
    request: ProviderRequest,
    concern: Concern,
    task: Task,
    form: Form | None,
    *,
    refusal: str = "",
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "concern": concern,
        "task": task,
        "form": form if not refusal else None,
        "refusal": refusal,
        "can_reopen": concern.is_closed and request.user.has_perm("concerns.decide", concern),
        "once": new_once(),
        **(extra or {}),
    }
    return render(request, FORM_PAGE, context, status=status)


def _refuse(request: ProviderRequest, concern: Concern, task: Task, message: str) -> HttpResponse:
    return _page(request, concern, task, None, refusal=message, status=409)


def _run(
    request: ProviderRequest,
    concern: Concern,
    task: Task,
    form: Form,
    perform: Callable[[dict[str, Any]], str],
    *,
    refuse_closed: bool = True,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``perform`` (a service) and go back to the case."""
    if refuse_closed and concern.is_closed:
        return _refuse(request, concern, task, _closed_message(concern, task))
    if request.method == "POST" and form.is_valid():
        once = _claim_once(request)
        if once is None:
            messages.info(request, "That was already saved; it has not been saved twice.")
            return _back(concern, task.anchor)
        try:
            success = perform(form.cleaned_data)
        except IllegalTransitionError as exc:
            _release_once(once)
            return _refuse(request, concern, task, " ".join(exc.messages))
        except ValidationError as exc:
            _release_once(once)
            show_errors(form, exc)
        except BaseException:
            _release_once(once)
            raise
        else:
            messages.success(request, success)
            return _back(concern, task.anchor)
    return _page(request, concern, task, form, extra=extra)


def new_once() -> str:
    return uuid.uuid4().hex


def _claim_once(request: ProviderRequest) -> str | None:
    """The cache key of this submission's token, or None if it was submitted before.

    A submission without a (well-formed) token is not deduplicated: it gets its own key.
    """
    token = request.POST.get(ONCE_FIELD, "")
    if len(token) != 32 or not token.isalnum():
        token = new_once()
    key = f"casework-once:{request.user.pk}:{token}"
    return key if cache.add(key, 1, ONCE_SECONDS) else None


def _release_once(key: str) -> None:
    cache.delete(key)


def _as_users(users: list[User]) -> QuerySet[User]:
    return User.objects.filter(pk__in=[u.pk for u in users]).order_by("last_name", "username")


def action_owners(concern: Concern) -> QuerySet[User]:
    """Who may own an action: the safeguarding team, and hr when the concern is about staff."""
    return _as_users(team_to_notify(concern.provider, concern.subject_type))


def case_leads(concern: Concern) -> QuerySet[User]:
    return _as_users(users_holding(concern.provider, TEAM))


# --- the chronology ------------------------------------------------------------------------


@requires("concerns.view_inbox")
def entry_add(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)

    def perform(data: dict[str, Any]) -> str:
        entry = chronology_add(actor=request.user, concern=concern, **data)
        return f"The {entry.get_kind_display().lower()} is added to the chronology."

    return _run(request, concern, NOTE, EntryForm(*_bound(request)), perform)


@requires("concerns.view_inbox")
def entry_edit(request: ProviderRequest, pk: uuid.UUID, entry_pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)
    entry = get_entry(concern, entry_pk)
    if entry.superseded:
        return _refuse(
            request, concern, EDIT, "This entry has been edited since; edit the latest version."
        )
    if entry.kind not in EDITABLE_KINDS:
        return _refuse(request, concern, EDIT, "Entries the system wrote cannot be edited.")
    initial = {"text": entry.text, "occurred_at": entry.occurred_at}
    form = EntryEditForm(*_bound(request), initial=initial, kind=entry.kind)
    if request.method != "POST" and not concern.is_closed:
        concern_record_view(actor=request.user, concern=concern, what="chronology entry")

    def perform(data: dict[str, Any]) -> str:
        # The form shows minutes: an unchanged time keeps the entry's exact time.
        when = data["occurred_at"]
        if when and _to_minute(when) == _to_minute(entry.occurred_at):
            when = None
        new = chronology_edit(actor=request.user, entry=entry, text=data["text"], occurred_at=when)
        return f"The correction is saved as version {new.version}; earlier versions are kept."

    return _run(request, concern, EDIT, form, perform, extra={"entry": entry})


def _to_minute(when: datetime) -> datetime:
    return timezone.localtime(when).replace(second=0, microsecond=0)


@requires("concerns.view_inbox")
def entry_history(request: ProviderRequest, pk: uuid.UUID, entry_pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk, "concerns.view_concern")
    entry = get_entry(concern, entry_pk)
    versions: list[ChronologyEntry] = list(entry_versions(entry))
    concern_record_view(actor=request.user, concern=concern, what="chronology entry versions")
    context = {"concern": concern, "entry": entry, "versions": versions}
    return render(request, "concerns/case/versions.html", context)


# --- actions -------------------------------------------------------------------------------


@requires("concerns.view_inbox")
def action_create(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)
    form = ActionForm(*_bound(request), users=action_owners(concern))

    def perform(data: dict[str, Any]) -> str:
        action_add(actor=request.user, concern=concern, **data)
        return f"The action for {user_label(data['owner'])} is added."

    return _run(request, concern, ACTION, form, perform)


@requires("concerns.view_inbox")
def action_done(request: ProviderRequest, pk: uuid.UUID, action_pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)
    action = get_action(concern, action_pk)
    if request.method != "POST":
        return _back(concern, ACTION.anchor)
    task = Task("Mark an action done", "", ACTION.anchor, "mark an action done on")
    if concern.is_closed:
        return _refuse(request, concern, task, _closed_message(concern, task))
    if action.completed_at is not None:  # a second click on "Mark done"
        messages.info(request, "The action was already marked done.")
        return _back(concern, ACTION.anchor)
    try:
        action_complete(actor=request.user, action=action)
    except IllegalTransitionError as exc:
        return _refuse(request, concern, task, " ".join(exc.messages))
    messages.success(request, "The action is marked done.")
    return _back(concern, ACTION.anchor)


# --- linked people and the subject's register record ---------------------------------------


def _register_person(
    request: ProviderRequest, mis_id: str, kinds: tuple[str, ...]
) -> Person | None:
    """The person with this MIS id that the user may see, preferring ``kinds`` in order."""
    found = {
        p.kind: p
        for p in person_list_for_user(request.user, request.provider).filter(
            mis_id=mis_id, kind__in=kinds
        )
    }
    return next((found[k] for k in kinds if k in found), None)


@requires("concerns.view_inbox")
def link_create(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)
    form = LinkForm(*_bound(request))

    def perform(data: dict[str, Any]) -> str:
        mis_id = data.pop("mis_id").strip()
        person = None
        if mis_id:
            staff = data["relationship"] == LinkRelationship.STAFF
            kinds = (PersonKind.STAFF,) if staff else (PersonKind.LEARNER, PersonKind.STAFF)
            person = _register_person(request, mis_id, kinds)
            if person is None:
                raise ValidationError({"mis_id": f"Nobody in the register has MIS id {mis_id}."})
        link = link_add(actor=request.user, concern=concern, person=person, **data)
        return f"{link.name} is linked to the case."

    return _run(request, concern, LINK, form, perform)


@requires("concerns.view_inbox")
def subject_link(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)
    form = SubjectForm(*_bound(request))

    def perform(data: dict[str, Any]) -> str:
        mis_id = data["mis_id"].strip()
        kind = concern.subject_type
        if kind not in (PersonKind.LEARNER, PersonKind.STAFF):
            raise ValidationError(
                {"mis_id": "Only a learner or a member of staff has a register record."}
            )
        person = _register_person(request, mis_id, (kind,))
        if person is None:
            who = "member of staff" if kind == PersonKind.STAFF else str(kind)
            raise ValidationError({"mis_id": f"No {who} in the register has MIS id {mis_id}."})
        concern_link_subject(actor=request.user, concern=concern, person=person)
        return f"{concern.reference} is linked to the register record of {person.full_name}."

    return _run(request, concern, SUBJECT, form, perform)


# --- reviews -------------------------------------------------------------------------------


@requires("concerns.view_inbox")
def review_create(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)

    def perform(data: dict[str, Any]) -> str:
        review = review_record(actor=request.user, concern=concern, **data)
        if review.next_review_on:
            when = date_format(review.next_review_on, "j F Y")
            return f"The review is recorded. Next review: {when}."
        return "The review is recorded."

    return _run(request, concern, REVIEW, ReviewForm(*_bound(request)), perform)


# --- the lead, closing and reopening (the safeguarding team decides) -----------------------


@requires("concerns.decide")
def lead_assign(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk, "concerns.decide")
    form = LeadForm(*_bound(request), users=case_leads(concern), initial={"lead": concern.lead_id})

    def perform(data: dict[str, Any]) -> str:
        concern_assign_lead(actor=request.user, concern=concern, lead=data["lead"])
        return f"{user_label(data['lead'])} now leads on {concern.reference}."

    return _run(request, concern, LEAD, form, perform)


@requires("concerns.decide")
def close(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk, "concerns.decide")

    def perform(data: dict[str, Any]) -> str:
        concern_close(
            actor=request.user, concern=concern, reason=data["reason"], outcome=data["outcome"]
        )
        return f"{concern.reference} is closed."

    return _run(request, concern, CLOSE, CloseForm(*_bound(request)), perform)


@requires("concerns.decide")
def reopen(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk, "concerns.decide")
    if not concern.is_closed:
        return _refuse(request, concern, REOPEN, f"{concern.reference} is not closed.")

    def perform(data: dict[str, Any]) -> str:
        concern_reopen(actor=request.user, concern=concern, reason=data["reason"])
        return f"{concern.reference} is reopened."

    form = ReopenForm(*_bound(request))
    return _run(request, concern, REOPEN, form, perform, refuse_closed=False)


# --- documents -----------------------------------------------------------------------------


@requires("concerns.view_inbox")
def document_add(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    concern = _case(request, pk)

    def perform(data: dict[str, Any]) -> str:
        try:
            checked = check_upload(data["file"])
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        attachment = attachment_add(actor=request.user, concern=concern, checked=checked)
        return f"{attachment.original_name} is added to the case."

    return _run(request, concern, DOCUMENT, DocumentForm(*_bound(request)), perform)


@requires("concerns.view_inbox")
def document_download(
    request: ProviderRequest, pk: uuid.UUID, attachment_pk: uuid.UUID
) -> HttpResponse:
    """Decrypt and send one document as a download; every download is audited."""
    concern = _case(request, pk, "concerns.view_concern")
    attachment = get_attachment(concern, attachment_pk)
    try:
        content = read_decrypted(attachment.storage_name)
    except (OSError, InvalidToken) as exc:
        log.error("Document %s of concern %s cannot be read: %r", attachment.pk, concern.pk, exc)
        raise Http404("The file of this document cannot be found.") from exc
    with transaction.atomic():
        attachment_record_view(actor=request.user, attachment=attachment)
    response = HttpResponse(content, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.original_name
    )
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


# --- the panels and entry tools on the case page -------------------------------------------


def _open_for_work(request: HttpRequest, concern: Concern) -> bool:
    return not concern.is_closed and bool(request.user.has_perm("concerns.work_case", concern))


def note_panel(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    form = EntryForm(initial={"kind": EntryKind.NOTE}) if _open_for_work(request, concern) else None
    return {"form": form, "once": new_once()}


def actions_panel(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    can_work = _open_for_work(request, concern)
    return {
        "actions": list(concern.actions.select_related("owner", "completed_by")),
        "today": timezone.localdate(),
        "can_work": can_work,
        "form": ActionForm(users=action_owners(concern)) if can_work else None,
        "once": new_once(),
    }


def links_panel(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    links = list(concern.links.select_related("person"))
    return {
        "links": [
            (
                link,
                link.person is not None
                and request.user.has_perm("people.view_person", link.person),
            )
            for link in links
        ],
        "form": LinkForm() if _open_for_work(request, concern) else None,
        "once": new_once(),
    }


def reviews_panel(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    return {
        "reviews": list(concern.reviews.select_related("reviewer")),
        "today": timezone.localdate(),
        "form": ReviewForm() if _open_for_work(request, concern) else None,
        "once": new_once(),
    }


def documents_panel(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    return {
        "attachments": list(concern.attachments.select_related("uploaded_by")),
        "form": DocumentForm() if _open_for_work(request, concern) else None,
        "once": new_once(),
    }


def management_panel(request: HttpRequest, concern: Concern) -> dict[str, Any]:
    can_work = _open_for_work(request, concern)
    can_decide = bool(request.user.has_perm("concerns.decide", concern))
    has_register = concern.subject_type in (PersonKind.LEARNER, PersonKind.STAFF)
    person = concern.subject_person
    return {
        "can_decide": can_decide,
        "lead_form": (
            LeadForm(users=case_leads(concern), initial={"lead": concern.lead_id})
            if can_work and can_decide
            else None
        ),
        "subject_form": SubjectForm() if can_work and has_register else None,
        "subject_readable": person is not None
        and request.user.has_perm("people.view_person", person),
        "once_lead": new_once(),
        "once_subject": new_once(),
    }


def register_case_work() -> None:
    """Called from ConcernsConfig.ready(): the case page's work panels and entry tools."""
    work, view = "concerns.work_case", "concerns.view_concern"
    for panel in (
        CasePanel("case_note", P + "case_note.html", work, 10, note_panel, "main"),
        CasePanel("case_actions", P + "case_actions.html", view, 20, actions_panel, "main"),
        CasePanel("case_links", P + "case_links.html", view, 30, links_panel, "main"),
        CasePanel("case_reviews", P + "case_reviews.html", view, 40, reviews_panel, "main"),
        CasePanel("case_documents", P + "case_documents.html", view, 50, documents_panel, "main"),
        CasePanel("case_management", P + "case_management.html", work, 10, management_panel),
    ):
        register_case_panel(panel)
    register_entry_tool(P + "case_entry_edit.html", work)
    register_entry_tool(P + "case_entry_versions.html", view)
