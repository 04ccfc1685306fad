"""The training services: the defaults, the catalogue, the matrix, settings, questions, records,
evidence and sessions — with their bad input, and an audit row for every change."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from preventhub.audit.models import AuditEvent
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.errors import ConflictError
from preventhub.testing.factories import PersonFactory
from preventhub.training.choices import RecordSource
from preventhub.training.defaults import COURSES, QUESTIONS, REQUIREMENTS
from preventhub.training.evidence import check_evidence_bytes
from preventhub.training.models import (
    Course,
    EvidenceFile,
    KnowledgeQuestion,
    Requirement,
    SessionPlace,
    TrainingRecord,
)
from preventhub.training.questionnaires import questionnaire_answer
from preventhub.training.records import attendance_record, record_create, session_book
from preventhub.training.services import (
    course_create,
    course_update,
    question_create,
    question_update,
    requirements_set,
    settings_for,
    settings_update,
)
from preventhub.training.tests.helpers import (
    PDF,
    days_ago,
    default_course,
    make_course,
    make_record,
    make_session,
    staff_member,
)

pytestmark = pytest.mark.django_db


def audited(obj: Any, action: str) -> bool:
    return AuditEvent.objects.filter(object_id=str(obj.pk), action=action).exists()


# --- defaults and catalogue ------------------------------------------------------------------


def test_first_use_loads_the_suggested_catalogue_matrix_and_questions_once(provider: Any) -> None:
    settings_for(provider)
    courses = Course.objects.for_provider(provider)
    assert courses.count() == len(COURSES)
    assert Requirement.objects.for_provider(provider).count() == len(REQUIREMENTS)
    assert KnowledgeQuestion.objects.for_provider(provider).count() == len(QUESTIONS)
    wrap = courses.get(default_key="wrap")
    assert [c.default_key for c in wrap.counts_as.all()] == ["prevent_awareness"]
    assert AuditEvent.objects.filter(object_type="training.defaults", action="create").count() == 1
    # Retiring a default does not bring it back.
    Course.objects.for_provider(provider).filter(default_key="refresher").delete()
    settings_for(provider)
    assert courses.count() == len(COURSES) - 1


def test_a_course_is_added_edited_and_audited(provider: Any, lead: Any) -> None:
    course = course_create(
        actor=lead,
        provider=provider,
        data={"title": "Local context briefing", "mode": "blended", "validity_months": "24"},
        counts_as=[default_course(provider)],
    )
    assert course.validity_months == 24
    assert audited(course, "create")
    course_update(
        actor=lead, course=course, data={"title": "Local briefing", "mode": "blended"}, active=False
    )
    fresh = Course.objects.for_provider(provider).get(pk=course.pk)
    assert (fresh.title, fresh.active, fresh.validity_months) == ("Local briefing", False, None)
    event = AuditEvent.objects.filter(object_id=str(course.pk), action="update").get()
    assert set(event.changed_fields) == {"title", "active", "validity_months", "counts_as"}


def test_a_duplicate_course_title_is_a_conflict(provider: Any) -> None:
    make_course(provider, "Local briefing")
    with pytest.raises(ConflictError, match="already has a course called"):
        make_course(provider, "LOCAL BRIEFING")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "mode": "online"}, "title"),
        ({"title": "X", "mode": "webinar"}, "mode"),
        ({"title": "X", "mode": "online", "validity_months": "0"}, "validity_months"),
        ({"title": "X", "mode": "online", "duration_minutes": "ninety"}, "duration_minutes"),
    ],
)
def test_bad_course_input_names_the_field(provider: Any, data: Any, field: str) -> None:
    settings_for(provider)
    before = Course.objects.for_provider(provider).count()
    with pytest.raises(ValidationError) as caught:
        course_create(actor=None, provider=provider, data=data)
    assert field in caught.value.message_dict
    assert Course.objects.for_provider(provider).count() == before


def test_a_course_cannot_count_as_itself_or_another_providers(
    provider: Any, other_provider: Any
) -> None:
    course = make_course(provider)
    with pytest.raises(ValidationError, match="cannot count as itself"):
        course_update(
            actor=None,
            course=course,
            data={"title": course.title, "mode": "online"},
            counts_as=[course],
        )
    with pytest.raises(ValidationError, match="your own catalogue"):
        course_update(
            actor=None,
            course=course,
            data={"title": course.title, "mode": "online"},
            counts_as=[default_course(other_provider)],
        )


# --- the matrix --------------------------------------------------------------------------------


def test_a_row_of_the_matrix_is_created_changed_and_cleared(provider: Any, lead: Any) -> None:
    wrap, channel = default_course(provider, "wrap"), default_course(provider, "channel_awareness")
    row = {"audience_type": "job_category", "audience": "estates"}
    assert (
        requirements_set(
            actor=lead, provider=provider, cells={wrap: "induction_24", channel: ""}, **row
        )
        == 1
    )
    cell = Requirement.objects.for_provider(provider).get(course=wrap, audience="estates")
    assert (cell.on_induction, cell.renew_months) == (True, 24)
    assert audited(cell, "create")
    assert requirements_set(actor=lead, provider=provider, cells={wrap: "once"}, **row) == 1
    cell.refresh_from_db()
    assert (cell.on_induction, cell.renew_months) == (False, None)
    assert requirements_set(actor=lead, provider=provider, cells={wrap: "once"}, **row) == 0
    assert requirements_set(actor=lead, provider=provider, cells={wrap: ""}, **row) == 1
    assert not Requirement.objects.for_provider(provider).filter(audience="estates").exists()
    assert audited(cell, "delete")


@pytest.mark.parametrize(
    ("kind", "audience"),
    [
        ("role", "learner"),
        ("role", "inspector"),
        ("job_category", "pilot"),
        ("all_staff", "x"),
        ("everyone", ""),
    ],
)
def test_the_matrix_refuses_unknown_audiences(provider: Any, kind: str, audience: str) -> None:
    with pytest.raises(ValidationError, match="staff group or a role"):
        requirements_set(
            actor=None,
            provider=provider,
            audience_type=kind,
            audience=audience,
            cells={default_course(provider): "once"},
        )


def test_an_unknown_frequency_changes_nothing(provider: Any) -> None:
    wrap = default_course(provider, "wrap")
    before = Requirement.objects.for_provider(provider).count()
    with pytest.raises(ValidationError):
        requirements_set(
            actor=None,
            provider=provider,
            audience_type="role",
            audience="hr",
            cells={wrap: "every_fortnight"},
        )
    assert Requirement.objects.for_provider(provider).count() == before


def test_settings_are_validated_and_audited(provider: Any, lead: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        settings_update(
            actor=lead,
            provider=provider,
            induction_days="0",
            due_soon_days="30",
            coverage_threshold="101",
        )
    assert set(caught.value.message_dict) == {"induction_days"}
    settings_update(
        actor=lead,
        provider=provider,
        induction_days="14",
        due_soon_days="30",
        coverage_threshold="80",
    )
    assert settings_for(provider).induction_days == 14
    assert AuditEvent.objects.filter(object_type="training.trainingsettings").exists()


# --- knowledge questions -------------------------------------------------------------------


def test_a_question_needs_two_distinct_answers_and_a_right_one(provider: Any) -> None:
    with pytest.raises(ValidationError, match="from 2 to 5"):
        question_create(actor=None, provider=provider, text_value="Q?", options=["Only"], correct=1)
    with pytest.raises(ValidationError, match="only once"):
        question_create(
            actor=None, provider=provider, text_value="Q?", options=["A", "a"], correct=1
        )
    with pytest.raises(ValidationError, match="right answer"):
        question_create(
            actor=None, provider=provider, text_value="Q?", options=["A", "B"], correct=3
        )
    made = question_create(
        actor=None, provider=provider, text_value="Q?", options=["A", "", "B"], correct=2
    )
    assert (made.options, made.correct) == (["A", "B"], 1)


def test_an_answered_question_can_be_retired_but_not_reworded(provider: Any) -> None:
    session = make_session(provider, on=days_ago(0))
    person = staff_member(provider)
    session_book(actor=None, session=session, people=[person], today=days_ago(1))
    question = session.questions.order_by("created_at", "text").first()
    chosen = {str(q.pk): 0 for q in session.questions.all()}
    questionnaire_answer(
        actor=None,
        session=session,
        person=person,
        phase="before",
        ratings={"recognise": 3, "refer": 3, "discuss": 3},
        chosen=chosen,
    )
    with pytest.raises(ValidationError, match="cannot change"):
        question_update(
            actor=None,
            question=question,
            text_value="Reworded?",
            options=question.options,
            correct=question.correct + 1,
            active=True,
        )
    question_update(
        actor=None,
        question=question,
        text_value=question.text,
        options=question.options,
        correct=question.correct + 1,
        active=False,
    )
    question.refresh_from_db()
    assert not question.active


# --- records -----------------------------------------------------------------------------------


def test_a_record_is_made_with_its_evidence_and_audited(provider: Any, lead: Any) -> None:
    person = staff_member(provider)
    record = record_create(
        actor=lead,
        provider=provider,
        person=person,
        course=default_course(provider),
        completed_on=days_ago(3),
        trainer="Home Office e-learning",
        evidence=[CheckedFile("cert.pdf", "application/pdf", PDF)],
    )
    assert (record.source, record.recorded_by, record.trainer) == (
        RecordSource.MANUAL,
        lead,
        "Home Office e-learning",
    )
    evidence = record.evidence.get()
    assert evidence.original_name == "cert.pdf"
    assert audited(record, "create")
    assert audited(evidence, "create")


def test_a_duplicate_record_for_the_same_person_course_and_day_is_refused(provider: Any) -> None:
    person = staff_member(provider, first_name="Robin", last_name="Ash", preferred_name="")
    record = make_record(provider, person, on=days_ago(5))
    with pytest.raises(ConflictError, match="Robin Ash already has a record of Prevent awareness"):
        make_record(provider, person, on=days_ago(5))
    assert TrainingRecord.objects.for_provider(provider).count() == 1
    # And the database refuses one that slips past the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingRecord.objects.for_provider(provider).create(
            provider=provider,
            person=person,
            course=record.course,
            completed_on=record.completed_on,
            source="manual",
        )


def test_a_record_dated_in_the_future_is_refused(provider: Any) -> None:
    with pytest.raises(ValidationError, match="cannot be in the future"):
        make_record(provider, staff_member(provider), on=days_ago(-1))
    assert not TrainingRecord.objects.for_provider(provider).exists()


def test_records_are_for_staff_of_this_provider_only(provider: Any, other_provider: Any) -> None:
    with pytest.raises(ValidationError, match="is a learner"):
        make_record(provider, PersonFactory(provider=provider))
    with pytest.raises(ValidationError, match="No such person"):
        make_record(provider, staff_member(other_provider))
    with pytest.raises(ValidationError, match="No such course"):
        make_record(provider, staff_member(provider), default_course(other_provider))


def test_a_failed_record_leaves_no_evidence_file_behind(provider: Any, settings: Any) -> None:
    person = staff_member(provider)
    make_record(provider, person, on=days_ago(5))
    files = [CheckedFile("cert.pdf", "application/pdf", PDF)]
    with pytest.raises(ConflictError):
        record_create(
            actor=None,
            provider=provider,
            person=person,
            course=default_course(provider),
            completed_on=days_ago(5),
            evidence=files,
        )
    assert not EvidenceFile.objects.for_provider(provider).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 100, "not a type of file evidence can be"),
        ("notes.txt", b"hello", "not a type of file evidence can be"),
        ("cert.pdf", b"MZ\x90\x00" + b"\x00" * 100, "is not really a .pdf file"),
        ("cert.pdf", b"", "is empty"),
    ],
)
def test_evidence_must_be_a_certificate_type_matching_its_content(
    name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        check_evidence_bytes(name, content)


def test_evidence_over_the_limit_is_refused(settings: Any) -> None:
    settings.TRAINING_EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="larger than"):
        check_evidence_bytes("cert.pdf", PDF + b"0" * 2048)


# --- sessions ------------------------------------------------------------------------------


def test_people_are_booked_then_attendance_makes_their_records(provider: Any, lead: Any) -> None:
    session = make_session(provider, on=days_ago(-7))
    ann, bob, cat = (staff_member(provider) for _ in range(3))
    assert session_book(actor=lead, session=session, people=[ann, bob, cat]) == (3, 0)
    assert session_book(actor=lead, session=session, people=[ann, bob]) == (0, 1)
    with pytest.raises(ValidationError, match="on or after that day"):
        attendance_record(actor=lead, session=session, present=[ann])
    result = attendance_record(actor=lead, session=session, present=[ann, cat], today=days_ago(-7))
    assert (result.present, result.absent, result.created) == (2, 1, 2)
    records = TrainingRecord.objects.for_provider(provider).filter(session=session)
    assert {r.person_id for r in records} == {ann.pk, cat.pk}
    assert {r.trainer for r in records} == {"Pat Trainer"}
    place = SessionPlace.objects.for_provider(provider).get(session=session, person=bob)
    assert place.attended is False
    # Re-recording is safe, and unticking someone removes the record the session gave them.
    again = attendance_record(actor=lead, session=session, present=[ann], today=days_ago(-7))
    assert (again.created, again.removed) == (0, 1)
    assert [r.person_id for r in records.all()] == [ann.pk]
    assert audited(session, "update")


def test_attendance_keeps_an_existing_record_for_the_same_day(provider: Any) -> None:
    session = make_session(provider, default_course(provider, "wrap"), on=days_ago(3))
    person = staff_member(provider, first_name="Dee", last_name="Ray", preferred_name="")
    make_record(provider, person, default_course(provider, "wrap"), on=days_ago(3))
    result = attendance_record(actor=None, session=session, present=[person])
    assert (result.created, result.already_recorded) == (0, ["Dee Ray"])
    assert TrainingRecord.objects.for_provider(provider).count() == 1


def test_attendance_needs_someone_and_refuses_learners(provider: Any) -> None:
    session = make_session(provider)
    with pytest.raises(ValidationError, match="at least one"):
        attendance_record(actor=None, session=session, present=[])
    learner: Any = PersonFactory(provider=provider)
    with pytest.raises(ValidationError, match="is a learner"):
        attendance_record(actor=None, session=session, present=[learner])
    assert not TrainingRecord.objects.for_provider(provider).exists()


def test_a_past_session_takes_attendance_not_bookings(provider: Any) -> None:
    with pytest.raises(ValidationError, match="record who attended instead"):
        session_book(actor=None, session=make_session(provider), people=[staff_member(provider)])


def test_a_session_more_than_two_years_ahead_is_refused(provider: Any) -> None:
    with pytest.raises(ValidationError, match="next two years"):
        make_session(provider, on=days_ago(-800))
