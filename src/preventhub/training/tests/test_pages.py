"""The training pages through the Django test client: every form with its bad input, the session
and import flows, questionnaires, who sees names, exports and evidence downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.training.models import (
    Course,
    EvidenceFile,
    KnowledgeQuestion,
    QuestionnaireResponse,
    Requirement,
    SessionPlace,
    TrainingRecord,
    TrainingSession,
)
from preventhub.training.records import attendance_record, session_book
from preventhub.training.services import settings_for
from preventhub.training.tests.helpers import (
    PDF,
    days_ago,
    default_course,
    make_record,
    make_session,
    staff_member,
    staff_with_sign_in,
)

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    text: str = response.content.decode()
    return text


def errors_of(response: Any) -> str:
    text = page(response)
    assert "There is a problem" in text, text[:3000]
    return text


def records(provider: Any) -> Any:
    return TrainingRecord.objects.for_provider(provider)


# --- overview, compliance, action list ---------------------------------------------------------


def test_the_dashboard_shows_coverage_findings_and_the_managers_links(
    login: Any, lead: Any, provider: Any
) -> None:
    make_record(provider, staff_member(provider, job_category="support"))
    staff_member(provider, job_category="support")
    text = page(login(lead).get(reverse("training:dashboard")))
    assert "Staff with in-date training, month by month" in text
    assert "50%" in text
    assert "What needs attention" in text
    assert reverse("training:session_new") in text
    assert reverse("training:actions") in text


def test_governors_see_figures_and_never_names(login: Any, governor: Any, provider: Any) -> None:
    staff_member(provider, first_name="Quentin", last_name="Zephyr", preferred_name="")
    client = login(governor)
    text = page(client.get(reverse("training:dashboard")))
    assert "Figures only: no one is named" in text
    assert reverse("training:actions") not in text
    groups = client.get(reverse("training:compliance"))
    assert groups.status_code == 200
    assert "Zephyr" not in page(groups)
    assert "Fewer than 3 staff" in page(groups)
    assert client.get(reverse("training:compliance") + "?by=person").status_code == 403
    assert client.get(reverse("training:actions")).status_code == 403


def test_compliance_by_person_names_staff_for_hr_and_is_audited(
    login: Any, hr: Any, provider: Any
) -> None:
    staff_member(provider, first_name="Quentin", last_name="Zephyr", preferred_name="")
    response = login(hr).get(reverse("training:compliance") + "?by=person&status=never_trained")
    assert "Quentin Zephyr" in page(response)
    assert AuditEvent.objects.filter(object_type="training.compliance", action="view").exists()
    bad = login(hr).get(reverse("training:compliance") + "?by=favourite_colour")
    assert "Choose from the list." in page(bad)


def test_the_action_list_and_its_csv_are_formula_safe_and_audited(
    login: Any, lead: Any, provider: Any
) -> None:
    staff_member(provider, first_name="=HYPERLINK(1)", last_name="Smith", preferred_name="")
    client = login(lead)
    text = page(client.get(reverse("training:actions")))
    assert "Never trained" in text
    response = client.get(reverse("training:actions_export") + "?status=never_trained")
    body = b"".join(response.streaming_content).decode()
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeffName,Email,")
    assert "'=HYPERLINK(1) Smith" in body
    assert AuditEvent.objects.filter(object_type="training.actions", action="export").exists()
    workbook = client.get(reverse("training:actions_export") + "?format=xlsx")
    sheet: Any = load_workbook(io.BytesIO(workbook.content)).active
    assert sheet["A1"].value == "Name"
    assert sheet["A2"].value == "'=HYPERLINK(1) Smith"
    assert client.get(reverse("training:actions_export") + "?format=pdf").status_code == 404


# --- recording one completion ------------------------------------------------------------------


def record_form(provider: Any, who: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "person": who.email,
        "course": str(default_course(provider).pk),
        "completed_on": days_ago(2).isoformat(),
        "trainer": "Home Office e-learning",
        "certificate_id": "",
    }
    data.update(overrides)
    return data


def test_training_is_recorded_with_evidence(login: Any, lead: Any, provider: Any) -> None:
    person = staff_member(provider)
    upload = SimpleUploadedFile("certificate.pdf", PDF, content_type="application/pdf")
    response = login(lead).post(
        reverse("training:record_new"), {**record_form(provider, person), "evidence": [upload]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:person", kwargs={"pk": person.pk})
    record = records(provider).get()
    assert record.evidence.get().original_name == "certificate.pdf"


def test_recording_the_same_training_twice_is_refused(login: Any, lead: Any, provider: Any) -> None:
    person = staff_member(provider, first_name="Ann", last_name="Lee", preferred_name="")
    make_record(provider, person, on=days_ago(2))
    response = login(lead).post(reverse("training:record_new"), record_form(provider, person))
    assert "Ann Lee already has a record of Prevent awareness e-learning on" in errors_of(response)
    assert records(provider).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"completed_on": days_ago(-1).isoformat()}, "cannot be in the future"),
        ({"completed_on": "31/02/2026"}, "Enter a real date"),
        ({"person": "nobody@example.org"}, "No member of staff has that email address"),
        ({"course": ""}, "Choose the course."),
    ],
)
def test_bad_record_input_gets_a_clear_error(
    login: Any, lead: Any, provider: Any, overrides: Any, message: str
) -> None:
    response = login(lead).post(
        reverse("training:record_new"), record_form(provider, staff_member(provider), **overrides)
    )
    assert message in errors_of(response)
    assert not records(provider).exists()


def test_an_unsupported_evidence_file_is_refused(login: Any, lead: Any, provider: Any) -> None:
    program = SimpleUploadedFile("certificate.exe", b"MZ\x90\x00" + b"\x00" * 200)
    data = {**record_form(provider, staff_member(provider)), "evidence": [program]}
    response = login(lead).post(reverse("training:record_new"), data)
    assert "certificate.exe is not a type of file evidence can be" in errors_of(response)
    assert not records(provider).exists()


def test_a_100_mb_upload_gets_a_clear_error_and_nothing_is_stored(
    login: Any, lead: Any, provider: Any, settings: Any
) -> None:
    huge = SimpleUploadedFile("certificate.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    data = {**record_form(provider, staff_member(provider)), "evidence": [huge]}
    response = login(lead).post(reverse("training:record_new"), data)
    assert "certificate.pdf is larger than 10 MB" in errors_of(response)
    assert not records(provider).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_record_is_removed_after_confirmation(login: Any, lead: Any, provider: Any) -> None:
    record = make_record(provider, staff_member(provider), evidence=True)
    url = reverse("training:record_remove", kwargs={"pk": record.pk})
    client = login(lead)
    assert "Remove the record of Prevent awareness e-learning" in page(client.get(url))
    assert records(provider).exists()
    assert client.post(url).status_code == 302
    assert not records(provider).exists()
    assert not EvidenceFile.objects.for_provider(provider).exists()
    assert AuditEvent.objects.filter(object_id=str(record.pk), action="delete").exists()


def test_evidence_is_added_to_a_record_and_downloaded_by_the_person_and_readers(
    login: Any, lead: Any, provider: Any, make_user: Any
) -> None:
    user, person = staff_with_sign_in(provider, Role.STAFF)
    record = make_record(provider, person)
    upload = SimpleUploadedFile("sheet.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    url = reverse("training:record_evidence", kwargs={"pk": record.pk})
    assert login(lead).post(url, {"evidence": [upload]}).status_code == 302
    evidence = record.evidence.get()
    download = reverse("training:evidence", kwargs={"pk": evidence.pk})
    response = login(user).get(download)
    assert response.status_code == 200
    assert response.content.startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(object_id=str(evidence.pk), action="view").exists()
    stranger = make_user(provider, Role.STAFF)
    assert login(stranger).get(download).status_code == 404


def test_staff_see_their_own_training_page_and_nobody_elses(login: Any, provider: Any) -> None:
    user, person = staff_with_sign_in(provider, Role.STAFF)
    other = staff_member(provider)
    client = login(user)
    assert client.get(reverse("training:person", kwargs={"pk": person.pk})).status_code == 200
    assert client.get(reverse("training:person", kwargs={"pk": other.pk})).status_code == 404


# --- sessions ----------------------------------------------------------------------------------


def test_a_session_is_set_up_booked_by_department_and_identifiers(
    login: Any, lead: Any, provider: Any
) -> None:
    from preventhub.testing.factories import DepartmentFactory

    dept = DepartmentFactory(provider=provider, name="Construction")
    builder = staff_member(
        provider, department=dept, first_name="Bea", last_name="Builder", preferred_name=""
    )
    visitor = staff_member(provider, mis_id="STAFF-777")
    client = login(lead)
    response = client.post(
        reverse("training:session_new"),
        {
            "course": str(default_course(provider, "wrap").pk),
            "held_on": days_ago(-14).isoformat(),
            "trainer": "Pat Trainer",
            "site": "",
            "venue": "Room 4",
        },
    )
    session = TrainingSession.objects.for_provider(provider).get()
    assert response["Location"] == reverse("training:session_people", kwargs={"pk": session.pk})
    people_url = reverse("training:session_people", kwargs={"pk": session.pk})
    listed = page(client.get(people_url + f"?department={dept.pk}"))
    assert "Bea Builder" in listed
    assert "Who is booked" in listed
    bad = client.post(
        people_url + f"?department={dept.pk}",
        {"people": [str(builder.pk)], "add": "STAFF-777, ghost@example.org"},
    )
    assert "ghost@example.org. Nothing was saved." in errors_of(bad)
    assert not SessionPlace.objects.for_provider(provider).exists()
    ok = client.post(
        people_url + f"?department={dept.pk}", {"people": [str(builder.pk)], "add": "STAFF-777"}
    )
    assert ok.status_code == 302
    assert set(SessionPlace.objects.for_provider(provider).values_list("person_id", flat=True)) == {
        builder.pk,
        visitor.pk,
    }
    detail = page(client.get(reverse("training:session", kwargs={"pk": session.pk})))
    assert "Booked" in detail


def test_attendance_after_the_session_makes_records(login: Any, lead: Any, provider: Any) -> None:
    session = make_session(provider, on=days_ago(0))
    came, missed = staff_member(provider), staff_member(provider)
    session_book(actor=None, session=session, people=[came, missed], today=days_ago(1))
    url = reverse("training:session_people", kwargs={"pk": session.pk})
    client = login(lead)
    assert "Who attended" in page(client.get(url))
    assert "Tick at least one person" in errors_of(client.post(url, {"people": [], "add": ""}))
    response = client.post(url, {"people": [str(came.pk)], "add": ""})
    assert response.status_code == 302
    assert list(records(provider).values_list("person_id", flat=True)) == [came.pk]
    assert "1 attended, 1 did not" in page(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": ""}, "Enter the date of the session."),
        ({"trainer": ""}, "Enter who delivers the session."),
        ({"held_on": days_ago(-900).isoformat()}, "within the next two years"),
    ],
)
def test_bad_session_input(
    login: Any, lead: Any, provider: Any, overrides: Any, message: str
) -> None:
    data = {
        "course": str(default_course(provider).pk),
        "held_on": days_ago(1).isoformat(),
        "trainer": "Pat",
        "site": "",
        "venue": "",
    }
    response = login(lead).post(reverse("training:session_new"), {**data, **overrides})
    assert message in errors_of(response)
    assert not TrainingSession.objects.for_provider(provider).exists()


def test_session_evidence_upload(login: Any, lead: Any, provider: Any) -> None:
    session = make_session(provider)
    upload = SimpleUploadedFile("register.pdf", PDF)
    url = reverse("training:session_evidence", kwargs={"pk": session.pk})
    assert login(lead).post(url, {"evidence": [upload]}).status_code == 302
    assert "register.pdf" in page(
        login(lead).get(reverse("training:session", kwargs={"pk": session.pk}))
    )


# --- the certificate import --------------------------------------------------------------------


def test_the_import_lists_unknown_people_then_imports_a_clean_file(
    login: Any, lead: Any, provider: Any
) -> None:
    staff_member(provider, email="ann@college.example")
    client = login(lead)
    bad = SimpleUploadedFile(
        "export.csv",
        b"Email,Course,Date\n"
        b"ann@college.example,Prevent awareness e-learning,2026-03-01\n"
        b"zed@college.example,Prevent awareness e-learning,2026-03-01\n",
    )
    assert client.post(reverse("training:import"), {"file": bad, "course": ""}).status_code == 302
    review = page(client.get(reverse("training:import_review")))
    assert "zed@college.example" in review
    assert "Nothing can be imported yet" in review
    assert 'name="import"' not in review
    assert client.post(reverse("training:import_review"), {"import": "1"}).status_code == 200
    assert not records(provider).exists()
    good = SimpleUploadedFile("export.csv", b"Email,Date\nann@college.example,01/03/2026\n")
    client.post(
        reverse("training:import"),
        {"file": good, "course": str(default_course(provider, "wrap").pk)},
    )
    assert "Ready to import" in page(client.get(reverse("training:import_review")))
    done = client.post(reverse("training:import_review"), {"import": "1"})
    assert done.status_code == 302
    assert records(provider).get().course.default_key == "wrap"


def test_a_file_that_is_not_csv_is_refused_at_upload(login: Any, lead: Any, provider: Any) -> None:
    settings_for(provider)
    workbook = SimpleUploadedFile("export.xlsx", b"PK\x03\x04" + b"0" * 100)
    response = login(lead).post(reverse("training:import"), {"file": workbook, "course": ""})
    assert response.status_code == 200
    assert "This is not a CSV file" in page(response)


def test_cancelling_the_import_deletes_the_file(
    login: Any, lead: Any, provider: Any, settings: Any
) -> None:
    settings_for(provider)
    client = login(lead)
    client.post(
        reverse("training:import"),
        {
            "file": SimpleUploadedFile("e.csv", b"Email,Course,Date\na@b.c,X,2026-01-01\n"),
            "course": "",
        },
    )
    assert any((settings.MEDIA_ROOT / "imports").glob("training-*.csv"))
    client.post(reverse("training:import_review"), {"cancel": "1"})
    assert not any((settings.MEDIA_ROOT / "imports").glob("training-*.csv"))


# --- your training and questionnaires ----------------------------------------------------------


def test_staff_answer_questionnaires_from_their_home_page(login: Any, provider: Any) -> None:
    session = make_session(provider, on=days_ago(-3))
    user, person = staff_with_sign_in(provider, Role.STAFF)
    session_book(actor=None, session=session, people=[person])
    client = login(user)
    home = page(client.get(reverse("core:home")))
    assert "Training questionnaires to answer" in home
    url = reverse("training:questionnaire", kwargs={"pk": session.pk, "phase": "before"})
    assert url in home
    questions = list(session.questions.order_by("created_at", "text"))
    answers = {f"q_{q.pk}": str(q.correct) for q in questions}
    out_of_range = client.post(url, {"recognise": "7", "refer": "3", "discuss": "3", **answers})
    assert "Choose from 1 to 5 for “I can recognise signs of radicalisation”." in errors_of(
        out_of_range
    )
    assert not QuestionnaireResponse.objects.for_provider(provider).exists()
    done = client.post(url, {"recognise": "2", "refer": "3", "discuss": "4", **answers})
    assert done.status_code == 302
    response = QuestionnaireResponse.objects.for_provider(provider).get()
    assert (response.recognise, response.knowledge_correct) == (2, len(questions))
    assert "already answered" in page(client.get(url))
    client.post(url, {"recognise": "5", "refer": "5", "discuss": "5", **answers})
    assert QuestionnaireResponse.objects.for_provider(provider).count() == 1
    assert "Training questionnaires to answer" not in page(client.get(reverse("core:home")))


def test_a_questionnaire_for_someone_not_on_the_list_is_not_found(
    login: Any, provider: Any
) -> None:
    session = make_session(provider)
    user, _ = staff_with_sign_in(provider, Role.STAFF)
    url = reverse("training:questionnaire", kwargs={"pk": session.pk, "phase": "after"})
    assert login(user).get(url).status_code == 404
    bad_phase = reverse("training:questionnaire", kwargs={"pk": session.pk, "phase": "during"})
    assert login(user).get(bad_phase).status_code == 404


def test_an_absent_person_is_told_the_after_questionnaire_is_not_for_them(
    login: Any, provider: Any
) -> None:
    session = make_session(provider, on=days_ago(0))
    user, person = staff_with_sign_in(provider, Role.STAFF)
    came = staff_member(provider)
    session_book(actor=None, session=session, people=[person, came], today=days_ago(1))
    attendance_record(actor=None, session=session, present=[came])
    text = page(
        login(user).get(
            reverse("training:questionnaire", kwargs={"pk": session.pk, "phase": "after"})
        )
    )
    assert "for the people who attended" in text
    assert "<form" not in text.split("<main")[1].split("</main>")[0].replace(
        'class="ph-inline-form"', ""
    )


def test_your_training_page(login: Any, provider: Any, make_user: Any) -> None:
    user, person = staff_with_sign_in(provider, Role.STAFF, job_category="support")
    make_record(provider, person)
    text = page(login(user).get(reverse("training:mine")))
    assert "What you must complete" in text
    assert "Compliant" in text
    unlinked = make_user(provider, Role.STAFF)
    assert "not linked to a staff record" in page(login(unlinked).get(reverse("training:mine")))


# --- catalogue, matrix, questions, settings ----------------------------------------------------


def test_a_course_is_added_and_a_duplicate_title_shown_as_an_error(
    login: Any, lead: Any, provider: Any
) -> None:
    settings_for(provider)
    client = login(lead)
    data = {
        "title": "Local context briefing",
        "mode": "face_to_face",
        "duration_minutes": "60",
        "validity_months": "",
        "audience": "",
        "learning_outcomes": "",
    }
    assert client.post(reverse("training:course_new"), data).status_code == 302
    again = client.post(reverse("training:course_new"), {**data, "title": "local context briefing"})
    assert "already has a course called" in errors_of(again)
    assert (
        Course.objects.for_provider(provider).filter(title__iexact="local context briefing").count()
        == 1
    )
    assert "Choose how the course is delivered." in errors_of(
        client.post(reverse("training:course_new"), {**data, "mode": ""})
    )


def test_a_course_is_retired(login: Any, lead: Any, provider: Any) -> None:
    course = default_course(provider, "refresher")
    url = reverse("training:course_edit", kwargs={"pk": course.pk})
    data = {
        "title": course.title,
        "mode": course.mode,
        "validity_months": "36",
        "duration_minutes": "45",
        "audience": "",
        "learning_outcomes": "",
        "counts_as": [str(default_course(provider).pk)],
    }
    assert login(lead).post(url, data).status_code == 302
    course.refresh_from_db()
    assert not course.active
    assert "Retired" in page(login(lead).get(reverse("training:courses")))


def test_a_row_of_the_matrix_is_edited(login: Any, lead: Any, provider: Any) -> None:
    wrap = default_course(provider, "wrap")
    url = reverse("training:requirement_edit", kwargs={"audience": "group-estates"})
    client = login(lead)
    assert "Estates staff" in page(client.get(url))
    assert "Choose how often it is required." in errors_of(
        client.post(url, {f"c_{wrap.pk}": "whenever"})
    )
    assert client.post(url, {f"c_{wrap.pk}": "induction_24"}).status_code == 302
    cell = Requirement.objects.for_provider(provider).get(audience="estates", course=wrap)
    assert (cell.on_induction, cell.renew_months) == (True, 24)
    matrix = page(client.get(reverse("training:requirements")))
    assert "On induction, then every 2 years" in matrix
    assert (
        client.get(
            reverse("training:requirement_edit", kwargs={"audience": "role-learner"})
        ).status_code
        == 404
    )


def test_a_question_is_added_and_an_empty_right_answer_refused(
    login: Any, lead: Any, provider: Any
) -> None:
    settings_for(provider)
    client = login(lead)
    data = {
        "text": "Who leads on Prevent here?",
        "option_1": "The designated safeguarding lead",
        "option_2": "The caretaker",
        "option_3": "",
        "option_4": "",
        "option_5": "",
        "correct": "1",
    }
    assert "The answer marked right is empty" in errors_of(
        client.post(reverse("training:question_new"), {**data, "correct": "3"})
    )
    assert client.post(reverse("training:question_new"), data).status_code == 302
    made = KnowledgeQuestion.objects.for_provider(provider).get(text="Who leads on Prevent here?")
    assert (made.options, made.correct) == (
        ["The designated safeguarding lead", "The caretaker"],
        0,
    )


def test_settings_refuse_bad_numbers(login: Any, lead: Any, provider: Any) -> None:
    client = login(lead)
    bad = client.post(
        reverse("training:settings"),
        {"induction_days": "0", "due_soon_days": "x", "coverage_threshold": "120"},
    )
    text = errors_of(bad)
    assert "Enter a number from 1 to 365." in text
    assert "Enter a whole number." in text
    assert "Enter a number from 1 to 100." in text
    assert (
        client.post(
            reverse("training:settings"),
            {"induction_days": "14", "due_soon_days": "30", "coverage_threshold": "85"},
        ).status_code
        == 302
    )
    assert settings_for(provider).coverage_threshold == 85


def test_the_impact_page_shows_the_concerns_link_and_hides_small_groups(
    login: Any, dsl: Any, lead: Any, provider: Any
) -> None:
    settings_for(provider)
    text = page(login(lead).get(reverse("training:impact")))
    assert "Figures appear once at least 3 people" in text
    assert "Concerns raised before and after training" in text
    assert "Choose a period from the list." in page(
        login(lead).get(reverse("training:impact") + "?months=5")
    )
