"""Case work through the case page: every form posts, redirects back and says what happened;
bad input is shown on a page of its own and changes nothing; a closed case refuses work."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.choices import Status
from preventhub.concerns.models import (
    Attachment,
    CaseAction,
    CaseReview,
    ChronologyEntry,
    Concern,
    LinkedPerson,
)
from preventhub.concerns.selectors import chronology
from preventhub.concerns.services import (
    action_add,
    chronology_add,
    concern_decide,
)
from preventhub.testing.factories import (
    PersonFactory,
    StaffPersonFactory,
    UserFactory,
    grant,
    make_concern,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
SECRET = "CANARY-the-plaintext-of-a-safeguarding-document"


# --- helpers -------------------------------------------------------------------------------


def url(name: str, concern: Concern, **kwargs: Any) -> str:
    return reverse(f"concerns:{name}", kwargs={"pk": concern.pk, **kwargs})


def case_url(concern: Concern, anchor: str) -> str:
    return f"{url('detail', concern)}#{anchor}"


def entries(concern: Concern, kind: str | None = None) -> list[ChronologyEntry]:
    found = list(chronology(concern))
    return [e for e in found if kind is None or e.kind == kind]


def audit_rows(model: str, action: str) -> list[AuditEvent]:
    rows = AuditEvent.objects.filter(object_type=f"concerns.{model}", action=action)
    return list(rows.order_by("seq"))


def decided(concern: Concern, actor: Any, decision: str = "monitor") -> Concern:
    concern_decide(actor=actor, concern=concern, decision=decision, rationale="Seen and weighed.")
    concern.refresh_from_db()
    return concern


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def concern(provider: Any, staff: Any) -> Concern:
    """A concern about a learner, raised by a member of staff."""
    found: Concern = make_concern(provider, staff)
    return found


@pytest.fixture
def case(concern: Concern, dsl: Any) -> Concern:
    """The same concern after a triage decision: an open case."""
    return decided(concern, dsl)


@pytest.fixture
def staff_case(provider: Any, staff: Any, dsl: Any) -> Concern:
    return decided(make_concern(provider, staff, subject_type="staff"), dsl)


@pytest.fixture
def closed_case(case: Concern, dsl: Any) -> Concern:
    from preventhub.concerns.services import concern_close

    return concern_close(actor=dsl, concern=case, reason="resolved", outcome="Support worked.")


@pytest.fixture
def hr(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.HR, Role.STAFF, username="hr")


@pytest.fixture
def deputy(make_user: Any, provider: Any) -> Any:
    return make_user(
        provider, Role.DEPUTY_DSL, Role.STAFF, username="deputy", first_name="Dee", last_name="Puty"
    )


# --- the case page shows the work panels ---------------------------------------------------


def test_the_case_page_shows_every_work_panel_to_the_team(login: Any, dsl: Any, case: Concern):
    body = login(dsl).get(url("detail", case)).content.decode()
    for heading in ("Add a note or contact", "Actions", "Linked people", "Reviews", "Documents"):
        assert heading in body
    assert "Manage the case" in body
    assert url("entry_add", case) in body
    assert url("close", case) in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_the_close_button_waits_for_a_decision(login: Any, dsl: Any, concern: Concern):
    body = login(dsl).get(url("detail", concern)).content.decode()
    assert url("close", concern) not in body
    assert "Record a decision before closing the case." in body


def test_a_closed_case_page_offers_reopening_and_no_forms(
    login: Any, dsl: Any, closed_case: Concern
):
    body = login(dsl).get(url("detail", closed_case)).content.decode()
    assert url("reopen", closed_case) in body
    assert url("entry_add", closed_case) not in body
    assert url("action_add", closed_case) not in body
    assert url("document_add", closed_case) not in body


# --- notes and contacts --------------------------------------------------------------------


def test_adding_a_note_writes_an_entry_and_an_audit_row_without_the_text(
    login: Any, dsl: Any, case: Concern
):
    response = login(dsl).post(
        url("entry_add", case), {"kind": "note", "text": "Spoke to CANARY-tutor.", "once": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == case_url(case, "chronology")
    [note] = entries(case, "note")
    assert (note.text, note.author_id) == ("Spoke to CANARY-tutor.", dsl.pk)
    [row] = audit_rows("chronologyentry", "create")
    assert row.changed_fields == ["text"]
    assert "CANARY" not in str(row.detail)


def test_a_contact_keeps_when_it_happened(login: Any, dsl: Any, case: Concern):
    when = timezone.localtime() - timedelta(days=2)
    client = login(dsl)
    response = client.post(
        url("entry_add", case),
        {"kind": "contact", "text": "Phoned mum.", "occurred_at": when.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "The contact is added to the chronology." in messages_of(response)
    [contact] = entries(case, "contact")
    assert contact.occurred_at.replace(second=0, microsecond=0) == when.replace(
        second=0, microsecond=0
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "note", "text": "   "}, "Enter what happened."),
        ({"kind": "note"}, "Enter what happened."),
        ({"kind": "decision", "text": "Sneaky decision."}, "Select a valid choice."),
        ({"kind": "note", "text": "x" * 20_001}, "Keep this under 20,000 characters"),
        (
            {"kind": "note", "text": "Later.", "occurred_at": "2999-01-01T10:00"},
            "When it happened cannot be in the future.",
        ),
        ({"kind": "note", "text": "Bad date.", "occurred_at": "31/02/2026 10:00"}, "real date"),
    ],
)
def test_a_bad_note_is_shown_on_its_own_page_and_changes_nothing(
    login: Any, dsl: Any, case: Concern, data: dict[str, str], message: str
):
    client = login(dsl)
    before = (
        ChronologyEntry.objects.for_provider(case.provider).count(),
        AuditEvent.objects.count(),
    )
    response = client.post(url("entry_add", case), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "<title>Error: " in body
    after = (
        ChronologyEntry.objects.for_provider(case.provider).count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_the_same_form_sent_twice_adds_one_note(login: Any, dsl: Any, case: Concern):
    client = login(dsl)
    data = {"kind": "note", "text": "Double click.", "once": "a" * 32}
    client.post(url("entry_add", case), data)
    second = client.post(url("entry_add", case), data, follow=True)
    assert len(entries(case, "note")) == 1
    assert "That was already saved; it has not been saved twice." in messages_of(second)


def test_a_refused_submission_can_be_sent_again_with_its_token(login: Any, dsl: Any, case: Concern):
    client = login(dsl)
    client.post(url("entry_add", case), {"kind": "note", "text": " ", "once": "b" * 32})
    client.post(url("entry_add", case), {"kind": "note", "text": "Fixed.", "once": "b" * 32})
    assert [e.text for e in entries(case, "note")] == ["Fixed."]


def test_posts_need_the_csrf_token(dsl: Any, case: Concern):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dsl)
    response = client.post(url("entry_add", case), {"kind": "note", "text": "No token."})
    assert response.status_code == 403
    assert entries(case, "note") == []


# --- corrections keep every version --------------------------------------------------------


def test_editing_a_note_writes_a_new_version_and_lists_every_version(
    login: Any, dsl: Any, deputy: Any, case: Concern
):
    note = chronology_add(actor=dsl, concern=case, kind="note", text="Spoke to tutor.")
    client = login(deputy)
    page = client.get(url("entry_edit", case, entry_pk=note.pk))
    assert page.status_code == 200
    assert "Spoke to tutor." in page.content.decode()
    response = client.post(
        url("entry_edit", case, entry_pk=note.pk),
        {"text": "Spoke to the personal tutor.", "occurred_at": _local(note.occurred_at)},
    )
    assert response.status_code == 302
    [latest] = entries(case, "note")
    assert (latest.text, latest.version, latest.author_id) == (
        "Spoke to the personal tutor.",
        2,
        deputy.pk,
    )
    detail = client.get(url("detail", case)).content.decode()
    versions_url = url("entry_versions", case, entry_pk=latest.pk)
    assert versions_url in detail
    assert "Earlier versions (1)" in detail
    versions = client.get(versions_url).content.decode()
    assert "Spoke to tutor." in versions
    assert "Spoke to the personal tutor." in versions
    assert dsl.get_full_name() in versions
    assert deputy.get_full_name() in versions
    assert AuditEvent.objects.filter(action="view", detail__part="chronology entry versions")


def test_a_correction_of_the_text_alone_keeps_the_exact_time(login: Any, dsl: Any, case: Concern):
    note = chronology_add(actor=dsl, concern=case, kind="note", text="Typo hree.")
    login(dsl).post(
        url("entry_edit", case, entry_pk=note.pk),
        {"text": "Typo here.", "occurred_at": _local(note.occurred_at)},
    )
    [latest] = entries(case, "note")
    assert (latest.text, latest.occurred_at) == ("Typo here.", note.occurred_at)
    assert audit_rows("chronologyentry", "update")[-1].changed_fields == ["text"]


def test_a_correction_can_move_the_time(login: Any, dsl: Any, case: Concern):
    note = chronology_add(actor=dsl, concern=case, kind="contact", text="Call.")
    earlier = timezone.localtime(note.occurred_at) - timedelta(hours=3)
    login(dsl).post(
        url("entry_edit", case, entry_pk=note.pk), {"text": "Call.", "occurred_at": _local(earlier)}
    )
    [latest] = entries(case, "contact")
    assert _local(latest.occurred_at) == _local(earlier)
    assert audit_rows("chronologyentry", "update")[-1].changed_fields == ["occurred_at", "text"]


def test_a_decisions_rationale_can_be_corrected(login: Any, dsl: Any, case: Concern):
    [decision] = entries(case, "decision")
    response = login(dsl).post(
        url("entry_edit", case, entry_pk=decision.pk),
        {"text": "Weighed with the tutor's account.", "occurred_at": _local(decision.occurred_at)},
    )
    assert response.status_code == 302
    [latest] = entries(case, "decision")
    assert (latest.text, latest.decision, latest.version) == (
        "Weighed with the tutor's account.",
        "monitor",
        2,
    )


def test_an_earlier_version_or_a_system_entry_cannot_be_edited(login: Any, dsl: Any, case: Concern):
    note = chronology_add(actor=dsl, concern=case, kind="note", text="First.")
    client = login(dsl)
    when = _local(note.occurred_at)
    client.post(url("entry_edit", case, entry_pk=note.pk), {"text": "Second.", "occurred_at": when})
    again = client.post(
        url("entry_edit", case, entry_pk=note.pk), {"text": "Third.", "occurred_at": when}
    )
    assert again.status_code == 409
    assert "edit the latest version" in again.content.decode()
    [raised] = entries(case, "raised")
    system = client.get(url("entry_edit", case, entry_pk=raised.pk))
    assert system.status_code == 409
    assert "Entries the system wrote cannot be edited." in system.content.decode()
    assert [e.text for e in entries(case, "note")] == ["Second."]


def test_an_empty_correction_is_refused(login: Any, dsl: Any, case: Concern):
    note = chronology_add(actor=dsl, concern=case, kind="note", text="Kept.")
    response = login(dsl).post(
        url("entry_edit", case, entry_pk=note.pk),
        {"text": "  ", "occurred_at": _local(note.occurred_at)},
    )
    assert response.status_code == 200
    assert "Enter the corrected text." in response.content.decode()
    assert [(e.text, e.version) for e in entries(case, "note")] == [("Kept.", 1)]


def _local(when: Any) -> str:
    return str(timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"))


# --- actions -------------------------------------------------------------------------------


def test_adding_an_action_for_a_team_member_and_marking_it_done(
    login: Any, dsl: Any, deputy: Any, case: Concern
):
    client = login(dsl)
    due = timezone.localdate() + timedelta(days=7)
    response = client.post(
        url("action_add", case),
        {"description": "Meet the learner.", "owner": deputy.pk, "due_on": due.isoformat()},
    )
    assert response["Location"] == case_url(case, "actions")
    action = CaseAction.objects.for_provider(case.provider).get(concern=case)
    assert (action.owner_id, action.due_on, action.description) == (
        deputy.pk,
        due,
        "Meet the learner.",
    )
    body = client.get(url("detail", case)).content.decode()
    assert "Dee Puty" in body
    assert "To do" in body
    done = client.post(url("action_done", case, action_pk=action.pk), follow=True)
    assert "The action is marked done." in messages_of(done)
    action.refresh_from_db()
    assert action.completed_by_id == dsl.pk
    again = client.post(url("action_done", case, action_pk=action.pk), follow=True)
    assert "The action was already marked done." in messages_of(again)
    assert len(audit_rows("caseaction", "update")) == 1


def test_an_overdue_action_is_tagged(login: Any, dsl: Any, case: Concern):
    action_add(
        actor=dsl,
        concern=case,
        description="Late.",
        owner=dsl,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    body = login(dsl).get(url("detail", case)).content.decode()
    assert 'govuk-tag--red">Overdue' in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("owner", "outsider", "Choose someone from the safeguarding team."),
        ("owner", "hr", "Choose someone from the safeguarding team."),
        ("owner", "", "Choose who will do it."),
        ("due_on", "not a date", "Enter a real date"),
        ("description", "", "Enter what needs to be done."),
    ],
)
def test_a_bad_action_is_refused(
    login: Any,
    dsl: Any,
    staff: Any,
    hr: Any,
    case: Concern,
    field: str,
    value: str,
    message: str,
):
    people = {"outsider": staff.pk, "hr": hr.pk, "": ""}
    data: dict[str, Any] = {
        "description": "Do it.",
        "owner": dsl.pk,
        "due_on": timezone.localdate().isoformat(),
    }
    data[field] = people.get(value, value) if field == "owner" else value
    response = login(dsl).post(url("action_add", case), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CaseAction.objects.for_provider(case.provider).exists()


def test_hr_can_own_an_action_on_a_concern_about_staff(
    login: Any, dsl: Any, hr: Any, staff_case: Concern
):
    response = login(dsl).post(
        url("action_add", staff_case),
        {"description": "HR file check.", "owner": hr.pk, "due_on": timezone.localdate()},
    )
    assert response.status_code == 302
    assert CaseAction.objects.for_provider(staff_case.provider).get().owner_id == hr.pk


def test_another_cases_action_answers_404(login: Any, dsl: Any, provider: Any, case: Concern):
    other = decided(make_concern(provider, None), dsl)
    action = action_add(
        actor=dsl, concern=other, description="Theirs.", owner=dsl, due_on=timezone.localdate()
    )
    response = login(dsl).post(url("action_done", case, action_pk=action.pk))
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.completed_at is None


# --- linked people -------------------------------------------------------------------------


def test_linking_a_person_by_name(login: Any, dsl: Any, case: Concern):
    response = login(dsl).post(
        url("link_add", case),
        {"relationship": "parent_carer", "name": "Pat Parent", "notes": "Supportive."},
        follow=True,
    )
    assert "Pat Parent is linked to the case." in messages_of(response)
    link = LinkedPerson.objects.for_provider(case.provider).get()
    assert (link.name, link.relationship, link.notes, link.person) == (
        "Pat Parent",
        "parent_carer",
        "Supportive.",
        None,
    )
    assert "Pat Parent" in response.content.decode()


def test_linking_a_peer_from_the_register_by_mis_id(
    login: Any, dsl: Any, provider: Any, case: Concern
):
    peer = PersonFactory(provider=provider, first_name="Pia", last_name="Peer", mis_id="L-77")
    StaffPersonFactory(provider=provider, first_name="Sam", last_name="Same", mis_id="L-77")
    client = login(dsl)
    client.post(url("link_add", case), {"relationship": "peer", "mis_id": " L-77 "})
    link = LinkedPerson.objects.for_provider(provider).get()
    assert (link.person_id, link.name) == (peer.pk, peer.full_name)
    body = client.get(url("detail", case)).content.decode()
    assert reverse("people:detail", kwargs={"pk": peer.pk}) in body


def test_a_staff_link_is_found_among_staff(login: Any, dsl: Any, provider: Any, case: Concern):
    PersonFactory(provider=provider, mis_id="X1")
    teacher = StaffPersonFactory(provider=provider, mis_id="X1")
    login(dsl).post(url("link_add", case), {"relationship": "staff", "mis_id": "X1"})
    assert LinkedPerson.objects.for_provider(provider).get().person_id == teacher.pk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"relationship": "peer", "mis_id": "NOPE"}, "Nobody in the register has MIS id NOPE."),
        ({"relationship": "peer"}, "Enter a name, or the MIS id of someone in the register."),
        ({"relationship": "cousin", "name": "C"}, "Select a valid choice."),
        ({"name": "No relationship"}, "Choose the relationship."),
    ],
)
def test_a_bad_link_is_refused(
    login: Any, dsl: Any, case: Concern, data: dict[str, str], message: str
):
    response = login(dsl).post(url("link_add", case), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LinkedPerson.objects.for_provider(case.provider).exists()


def test_another_providers_person_cannot_be_linked(
    login: Any, dsl: Any, other_provider: Any, case: Concern
):
    PersonFactory(provider=other_provider, mis_id="ELSEWHERE")
    response = login(dsl).post(
        url("link_add", case), {"relationship": "peer", "mis_id": "ELSEWHERE"}
    )
    assert "Nobody in the register has MIS id ELSEWHERE." in response.content.decode()
    assert not LinkedPerson.objects.for_provider(case.provider).exists()


# --- reviews -------------------------------------------------------------------------------


def test_recording_a_review_sets_the_next_review_date(login: Any, dsl: Any, case: Concern):
    today = timezone.localdate()
    response = login(dsl).post(
        url("review_add", case),
        {
            "held_on": today.isoformat(),
            "summary": "Settled; keep monitoring.",
            "next_review_on": (today + timedelta(days=28)).isoformat(),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == case_url(case, "reviews")
    case.refresh_from_db()
    assert case.next_review_on == today + timedelta(days=28)
    review = CaseReview.objects.for_provider(case.provider).get()
    assert (review.summary, review.reviewer_id) == ("Settled; keep monitoring.", dsl.pk)
    assert "Settled; keep monitoring." in response.content.decode()


@pytest.mark.parametrize(
    ("held", "next_", "message"),
    [
        (1, None, "A review cannot be recorded before it is held."),
        (0, 0, "The next review must come after this one."),
        (0, -3, "The next review must come after this one."),
    ],
)
def test_a_bad_review_is_refused(
    login: Any, dsl: Any, case: Concern, held: int, next_: int | None, message: str
):
    today = timezone.localdate()
    data = {"held_on": (today + timedelta(days=held)).isoformat(), "summary": "Reviewed."}
    if next_ is not None:
        data["next_review_on"] = (today + timedelta(days=next_)).isoformat()
    response = login(dsl).post(url("review_add", case), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CaseReview.objects.for_provider(case.provider).exists()
    case.refresh_from_db()
    assert case.next_review_on is None


# --- the subject's register record and the lead --------------------------------------------


def test_linking_the_subject_to_the_register(login: Any, dsl: Any, provider: Any, case: Concern):
    learner = PersonFactory(provider=provider, mis_id="UPN-1")
    response = login(dsl).post(url("subject_link", case), {"mis_id": "UPN-1"})
    assert response["Location"] == case_url(case, "case-management")
    case.refresh_from_db()
    assert case.subject_person_id == learner.pk
    assert sorted(audit_rows("concern", "update")[-1].changed_fields) == [
        "subject_name",
        "subject_person",
    ]


@pytest.mark.parametrize(
    ("subject_type", "make", "message"),
    [
        ("learner", StaffPersonFactory, "No learner in the register has MIS id M-1."),
        ("staff", PersonFactory, "No member of staff in the register has MIS id M-1."),
        ("visitor", PersonFactory, "Only a learner or a member of staff has a register record."),
    ],
)
def test_the_subject_is_linked_only_to_a_record_of_their_kind(
    login: Any, dsl: Any, staff: Any, provider: Any, subject_type: str, make: Any, message: str
):
    concern = make_concern(provider, staff, subject_type=subject_type)
    make(provider=provider, mis_id="M-1")
    response = login(dsl).post(url("subject_link", concern), {"mis_id": "M-1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    concern.refresh_from_db()
    assert concern.subject_person is None


def test_assigning_the_lead(login: Any, dsl: Any, deputy: Any, case: Concern):
    response = login(dsl).post(url("lead_assign", case), {"lead": deputy.pk}, follow=True)
    assert "Dee Puty now leads on" in messages_of(response)[0]
    case.refresh_from_db()
    assert case.lead_id == deputy.pk


def test_the_lead_must_be_in_the_safeguarding_team(login: Any, dsl: Any, hr: Any, case: Concern):
    response = login(dsl).post(url("lead_assign", case), {"lead": hr.pk})
    assert response.status_code == 200
    assert "Choose someone from the safeguarding team." in response.content.decode()
    case.refresh_from_db()
    assert case.lead_id == dsl.pk


# --- closing and reopening -----------------------------------------------------------------


def test_closing_is_refused_before_any_decision(login: Any, dsl: Any, concern: Concern):
    response = login(dsl).post(
        url("close", concern), {"reason": "resolved", "outcome": "All well."}
    )
    assert response.status_code == 409
    assert "has no decision yet: record a decision before closing it." in response.content.decode()
    concern.refresh_from_db()
    assert concern.status != Status.CLOSED


def test_closing_and_reopening_a_case(login: Any, dsl: Any, case: Concern):
    client = login(dsl)
    response = client.post(url("close", case), {"reason": "resolved", "outcome": "Support worked."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.outcome) == (
        Status.CLOSED,
        "resolved",
        "Support worked.",
    )
    assert client.get(url("close", case)).status_code == 409
    response = client.post(url("reopen", case), {"reason": "A parent called with news."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert [e.kind for e in entries(case)][-2:] == ["closed", "reopened"]
    not_closed = client.post(url("reopen", case), {"reason": "Again."})
    assert not_closed.status_code == 409
    assert "is not closed" in not_closed.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "resolved", "outcome": " "}, "Enter the outcome of the case."),
        ({"reason": "bored", "outcome": "Done."}, "Select a valid choice."),
        ({"outcome": "Done."}, "Choose why the case is closing."),
    ],
)
def test_a_bad_closure_is_refused(
    login: Any, dsl: Any, case: Concern, data: dict[str, str], message: str
):
    response = login(dsl).post(url("close", case), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.OPEN


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("entry_add", {"kind": "note", "text": "After closing."}),
        ("action_add", {"description": "Late.", "owner": "", "due_on": "2030-01-01"}),
        ("link_add", {"relationship": "peer", "name": "Late Peer"}),
        ("review_add", {"held_on": "2020-01-01", "summary": "Late."}),
        ("subject_link", {"mis_id": "X"}),
        ("lead_assign", {"lead": ""}),
        ("close", {"reason": "resolved", "outcome": "Again."}),
        ("document_add", {}),
    ],
)
def test_a_closed_case_refuses_work_with_409(
    login: Any, dsl: Any, closed_case: Concern, name: str, data: dict[str, str]
):
    client = login(dsl)
    before = ChronologyEntry.objects.for_provider(closed_case.provider).count()
    for response in (client.get(url(name, closed_case)), client.post(url(name, closed_case), data)):
        assert response.status_code == 409
        body = response.content.decode()
        assert f"{closed_case.reference} is closed: reopen it to" in body
        assert url("reopen", closed_case) in body
    assert ChronologyEntry.objects.for_provider(closed_case.provider).count() == before


def test_a_closed_case_refuses_edits_and_completions(login: Any, dsl: Any, case: Concern):
    from preventhub.concerns.services import concern_close

    note = chronology_add(actor=dsl, concern=case, kind="note", text="Before closing.")
    action = action_add(
        actor=dsl, concern=case, description="Open.", owner=dsl, due_on=timezone.localdate()
    )
    concern_close(actor=dsl, concern=case, reason="resolved", outcome="Done.")
    client = login(dsl)
    edit = client.post(
        url("entry_edit", case, entry_pk=note.pk),
        {"text": "Changed.", "occurred_at": _local(note.occurred_at)},
    )
    assert edit.status_code == 409
    done = client.post(url("action_done", case, action_pk=action.pk))
    assert done.status_code == 409
    action.refresh_from_db()
    assert action.completed_at is None
    assert [e.text for e in entries(case, "note")] == ["Before closing."]


# --- documents -----------------------------------------------------------------------------


def _upload(client: Client, concern: Concern, name: str, content: bytes) -> Any:
    return client.post(
        url("document_add", concern), {"file": SimpleUploadedFile(name, content), "once": ""}
    )


def test_a_document_is_stored_encrypted_and_downloaded_with_an_audit_row(
    login: Any, dsl: Any, case: Concern
):
    client = login(dsl)
    response = _upload(client, case, "minutes.txt", SECRET.encode())
    assert response["Location"] == case_url(case, "documents")
    attachment = Attachment.objects.for_provider(case.provider).get()
    stored = Path(settings.MEDIA_ROOT) / attachment.storage_name
    assert stored.exists()
    assert SECRET.encode() not in stored.read_bytes()
    assert b"minutes" not in attachment.storage_name.encode()
    assert [e.text for e in entries(case, "document")] == ["Document added: minutes.txt"]

    download = client.get(url("document_download", case, attachment_pk=attachment.pk))
    assert download.status_code == 200
    assert download.content == SECRET.encode()
    assert download["Content-Disposition"] == 'attachment; filename="minutes.txt"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"
    assert download["Content-Type"].startswith("text/plain")
    [row] = audit_rows("attachment", "view")
    assert (row.actor_id, row.object_id, row.detail) == (
        dsl.pk,
        str(attachment.pk),
        {"part": "download"},
    )


def test_a_pdf_uploads_and_is_listed(login: Any, dsl: Any, case: Concern):
    client = login(dsl)
    _upload(client, case, "Channel panel minutes.pdf", PDF)
    body = client.get(url("detail", case)).content.decode()
    assert "Channel panel minutes.pdf" in body


def test_an_exe_renamed_pdf_is_refused_with_a_clear_message(login: Any, dsl: Any, case: Concern):
    media = Path(settings.MEDIA_ROOT)
    response = _upload(login(dsl), case, "report.pdf", EXE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "report.pdf is not really a .pdf file" in body
    assert "There is a problem" in body
    assert not Attachment.objects.for_provider(case.provider).exists()
    assert not media.exists() or not list(media.rglob("*.bin")), "no file is left behind"
    assert entries(case, "document") == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "The file is empty."),
        ("tool.exe", EXE, "attach a PDF"),
        ("notes.txt", b"\x00\x01binary", "is not a plain text file"),
    ],
)
def test_bad_documents_are_refused(
    login: Any, dsl: Any, case: Concern, name: str, content: bytes, message: str
):
    response = _upload(login(dsl), case, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.for_provider(case.provider).exists()


def test_a_document_larger_than_the_limit_is_refused(
    login: Any, dsl: Any, case: Concern, settings: Any
):
    settings.CONCERN_ATTACHMENT_MAX_BYTES = 1024 * 1024
    response = _upload(login(dsl), case, "big.txt", b"a" * (1024 * 1024 + 1))
    assert "big.txt is larger than 1 MB." in response.content.decode()
    assert not Attachment.objects.for_provider(case.provider).exists()


def test_no_file_chosen_is_refused(login: Any, dsl: Any, case: Concern):
    response = login(dsl).post(url("document_add", case), {})
    assert "Choose a file to upload." in response.content.decode()


def test_another_cases_document_answers_404(
    login: Any, dsl: Any, provider: Any, staff: Any, case: Concern
):
    from preventhub.concerns.attachments import CheckedFile

    other = make_concern(provider, staff, files=[CheckedFile("x.txt", "text/plain", b"theirs")])
    attachment = other.attachments.get()
    response = login(dsl).get(url("document_download", case, attachment_pk=attachment.pk))
    assert response.status_code == 404
    assert not audit_rows("attachment", "view")


def test_a_missing_file_answers_404_not_500(login: Any, dsl: Any, provider: Any, staff: Any):
    from preventhub.concerns.attachments import CheckedFile, delete_stored

    concern = make_concern(provider, staff, files=[CheckedFile("x.txt", "text/plain", b"gone")])
    attachment = concern.attachments.get()
    delete_stored(attachment.storage_name)
    response = login(dsl).get(url("document_download", concern, attachment_pk=attachment.pk))
    assert response.status_code == 404


# --- who may do what -----------------------------------------------------------------------


def test_another_cases_entry_answers_404(login: Any, dsl: Any, provider: Any, case: Concern):
    other = decided(make_concern(provider, None), dsl)
    note = chronology_add(actor=dsl, concern=other, kind="note", text="Theirs.")
    client = login(dsl)
    assert client.get(url("entry_edit", case, entry_pk=note.pk)).status_code == 404
    assert client.get(url("entry_versions", case, entry_pk=note.pk)).status_code == 404
    response = client.post(
        url("entry_edit", case, entry_pk=note.pk),
        {"text": "Hijack.", "occurred_at": _local(note.occurred_at)},
    )
    assert response.status_code == 404
    assert [e.text for e in entries(other, "note")] == ["Theirs."]


@pytest.mark.parametrize(
    "name", ["entry_add", "action_add", "link_add", "review_add", "close", "document_add"]
)
def test_another_providers_team_gets_404(login: Any, outsider: Any, case: Concern, name: str):
    client = login(outsider)
    assert client.get(url(name, case)).status_code == 404
    assert client.post(url(name, case), {"kind": "note", "text": "x"}).status_code == 404
    assert entries(case, "note") == []


def test_hr_can_add_a_note_to_a_concern_about_staff_but_not_decide(
    login: Any, hr: Any, staff_case: Concern
):
    client = login(hr)
    page = client.get(url("detail", staff_case)).content.decode()
    assert url("entry_add", staff_case) in page
    assert url("close", staff_case) not in page
    assert url("lead_assign", staff_case) not in page
    response = client.post(url("entry_add", staff_case), {"kind": "note", "text": "HR file read."})
    assert response.status_code == 302
    assert [e.author_id for e in entries(staff_case, "note")] == [hr.pk]
    refused = [
        client.post(url("close", staff_case), {"reason": "resolved", "outcome": "x"}),
        client.post(url("reopen", staff_case), {"reason": "x"}),
        client.post(url("lead_assign", staff_case), {"lead": hr.pk}),
        client.post(url("decide", staff_case), {"decision": "monitor", "rationale": "x"}),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403, 403]
    staff_case.refresh_from_db()
    assert (staff_case.status, staff_case.latest_decision) == (Status.OPEN, "monitor")


def test_hr_cannot_reach_a_concern_about_a_learner(login: Any, hr: Any, case: Concern):
    client = login(hr)
    assert client.get(url("entry_add", case)).status_code == 404
    assert client.post(url("entry_add", case), {"kind": "note", "text": "x"}).status_code == 404
    assert entries(case, "note") == []


def test_an_admin_sees_no_case_work(
    login: Any, admin_user: Any, dsl: Any, provider: Any, staff: Any
):
    from preventhub.concerns.attachments import CheckedFile

    concern = make_concern(provider, staff, files=[CheckedFile("x.txt", "text/plain", b"secret")])
    attachment = concern.attachments.get()
    note = chronology_add(actor=dsl, concern=concern, kind="note", text="Narrative.")
    client = login(admin_user)
    for response in (
        client.get(url("entry_versions", concern, entry_pk=note.pk)),
        client.get(url("document_download", concern, attachment_pk=attachment.pk)),
        client.post(url("entry_add", concern), {"kind": "note", "text": "x"}),
    ):
        assert response.status_code in (403, 404)
        assert b"Narrative." not in response.content
        assert b"secret" not in response.content


def test_a_user_at_the_provider_without_a_role_on_cases_is_refused(
    login: Any, staff: Any, case: Concern
):
    assert login(staff).get(url("entry_add", case)).status_code == 403


def test_owners_and_leads_are_offered_from_the_current_team(
    login: Any, dsl: Any, hr: Any, provider: Any, case: Concern
):
    grant(UserFactory(first_name="Nia", last_name="New"), provider, Role.DEPUTY_DSL)
    client = login(dsl)
    owners = client.get(url("action_add", case)).content.decode()
    leads = client.get(url("lead_assign", case)).content.decode()
    assert "Nia New" in owners
    assert "Nia New" in leads
    # hr owns actions on concerns about staff only; the lead is always from the team.
    assert hr.get_full_name() not in owners
    assert hr.get_full_name() not in leads
