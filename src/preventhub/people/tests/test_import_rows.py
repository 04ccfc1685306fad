"""MIS import: happy path, row errors, all-or-nothing, idempotence, mapping."""

from __future__ import annotations

import datetime as dt

import pytest

from preventhub.audit.models import AuditEvent
from preventhub.people.models import Person
from preventhub.people.tests.helpers import LEARNER_HEADER, learner_rows, learners_csv, make_csv
from preventhub.testing.factories import PersonFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def learners(provider):
    return Person.objects.for_provider(provider).filter(kind="learner")


def test_import_creates_learners_from_common_mis_headers(run_import, provider, site):
    data = make_csv(
        LEARNER_HEADER,
        [["L1", "Amira", "Khan", "14/03/2008", "A levels", "north campus", "a@example.org"]],
    )
    report = run_import(data)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged, report.imported) == (1, 0, 0, True)
    person = learners(provider).get(mis_id="L1")
    assert (person.first_name, person.last_name, person.course) == ("Amira", "Khan", "A levels")
    assert person.date_of_birth == dt.date(2008, 3, 14)
    assert person.site == site
    assert person.email == "a@example.org"


def test_site_and_department_match_by_code_too(run_import, provider, site, department):
    data = make_csv(
        ["mis_id", "first_name", "last_name", "site", "department"],
        [["S1", "Ann", "Lee", "NTH", "eng"]],
    )
    report = run_import(data, kind="staff")
    assert report.ok, report.errors
    person = Person.objects.for_provider(provider).get(mis_id="S1")
    assert (person.site, person.department) == (site, department)


def test_staff_job_category_accepts_keys_and_labels(run_import, provider):
    rows = [
        ["S1", "A", "B", "Teaching"],
        ["S2", "C", "D", "governor / BOARD"],
        ["S3", "E", "F", "estates"],
        ["S4", "G", "H", ""],
    ]
    report = run_import(
        make_csv(["Staff ID", "Forename", "Surname", "Job Category"], rows), "staff"
    )
    assert report.ok, report.errors
    people = Person.objects.for_provider(provider).order_by("mis_id")
    assert [p.job_category for p in people] == ["teaching", "governor", "estates", ""]
    assert {p.kind for p in people} == {"staff"}


def test_dry_run_lists_every_row_error_with_row_column_and_reason(run_import, provider, site):
    rows = [
        ["L1", "Ok", "Row", "2008-01-01", "", "", ""],
        ["", "No", "Id", "", "", "", ""],  # row 3
        ["L3", "", "Smith", "31/02/2008", "", "", ""],  # row 4: two errors
        ["L4", "Bad", "Site", "", "", "Atlantis", "not-an-email"],  # row 5: two errors
        ["L1", "Dup", "Licate", "", "", "", ""],  # row 6
    ]
    report = run_import(make_csv(LEARNER_HEADER, rows), dry_run=True)
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "Learner Ref"),
        (4, "Forename"),
        (4, "DOB"),
        (5, "Site"),
        (5, "Email"),
        (6, "Learner Ref"),
    }
    reasons = {(e.row, e.column): e.reason for e in report.errors}
    assert "YYYY-MM-DD or DD/MM/YYYY" in reasons[(4, "DOB")]
    assert "Atlantis" in reasons[(5, "Site")]
    assert "North Campus" in reasons[(5, "Site")]
    assert "first on row 2" in reasons[(6, "Learner Ref")]
    assert report.created == 1
    assert not report.imported
    assert not learners(provider).exists()


def test_import_with_any_error_writes_nothing(run_import, provider):
    rows = [*learner_rows(50), ["L9", "Bad", "Date", "2008-13-01", "", "", ""]]
    report = run_import(make_csv(LEARNER_HEADER, rows), dry_run=False)
    assert not report.ok
    assert not report.imported
    assert [(e.row, e.column) for e in report.errors] == [(52, "DOB")]
    assert not learners(provider).exists()
    assert not AuditEvent.objects.filter(action="import").exists()


def test_reimport_updates_changed_rows_and_never_duplicates(run_import, provider):
    assert run_import(learners_csv(5)).created == 5
    before = {p.mis_id: p.updated_at for p in learners(provider)}
    rows = learner_rows(5)
    rows[1][2] = "Renamed"
    rows.append(["L00099", "New", "Person", "", "", "", ""])
    report = run_import(make_csv(LEARNER_HEADER, rows))
    assert (report.created, report.updated, report.unchanged) == (1, 1, 4)
    assert learners(provider).count() == 6
    assert learners(provider).get(mis_id="L00002").last_name == "Renamed"
    after = {p.mis_id: p.updated_at for p in learners(provider)}
    assert after["L00001"] == before["L00001"]  # unchanged rows are not rewritten
    assert after["L00002"] > before["L00002"]


def test_same_file_twice_is_all_unchanged(run_import):
    run_import(learners_csv(4))
    report = run_import(learners_csv(4))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)


def test_blank_mapped_cell_clears_the_field_but_unmapped_fields_are_kept(run_import, provider):
    run_import(
        make_csv(
            ["mis_id", "first_name", "last_name", "course", "group_name"],
            [["L1", "A", "B", "Maths", "G1"]],
        )
    )
    run_import(make_csv(["mis_id", "first_name", "last_name", "course"], [["L1", "A", "B", ""]]))
    person = learners(provider).get(mis_id="L1")
    assert (person.course, person.group_name) == ("", "G1")


def test_staff_and_learner_with_same_mis_id_are_different_people(run_import, provider):
    run_import(make_csv(["mis_id", "first_name", "last_name"], [["X1", "A", "B"]]), "staff")
    run_import(make_csv(["mis_id", "first_name", "last_name"], [["X1", "A", "B"]]), "learner")
    assert Person.objects.for_provider(provider).filter(mis_id="X1").count() == 2


def test_import_never_touches_another_providers_people(run_import, provider):
    elsewhere = PersonFactory(provider=ProviderFactory(), mis_id="L00001", first_name="Keep")
    report = run_import(learners_csv(1))
    assert report.created == 1
    assert Person.unscoped.get(pk=elsewhere.pk).first_name == "Keep"


def test_explicit_mapping_overrides_detected_headers(run_import, provider):
    data = make_csv(["Ref", "Given", "Family", "Known As"], [["R1", "Robert", "Jones", "Bob"]])
    mapping = {"mis_id": "Ref", "first_name": "given", "last_name": "Family"}
    report = run_import(data, mapping=mapping)
    assert report.ok, report.file_errors
    person = learners(provider).get()
    assert (person.full_name, report.mapping["preferred_name"]) == ("Bob Jones", "Known As")


def test_dates_accept_iso_and_uk_formats_and_check_order(run_import, provider):
    header = ["mis_id", "first_name", "last_name", "start_date", "end_date"]
    rows = [
        ["L1", "A", "B", "2024-09-02", "30/06/2026"],
        ["L2", "C", "D", "01/09/2025", "2025-08-01"],
        ["L3", "E", "F", "01/09/25", ""],
    ]
    report = run_import(make_csv(header, rows), dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(3, "end_date"), (4, "start_date")]
    assert "with the year in full" in report.errors[1].reason


def test_future_date_of_birth_and_overlong_values_are_row_errors(run_import):
    rows = [["L1", "A" * 101, "B", "2999-01-01", "", "", ""]]
    report = run_import(make_csv(LEARNER_HEADER, rows), dry_run=True)
    reasons = {e.column: e.reason for e in report.errors}
    assert "too long" in reasons["Forename"]
    assert "in the future" in reasons["DOB"]


def test_extra_cells_beyond_the_header_are_a_row_error(run_import):
    data = b"mis_id,first_name,last_name\nL1,A,B,surprise\nL2,C,D,\n"
    report = run_import(data, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "")]


def test_blank_lines_are_skipped_but_still_counted_in_row_numbers(run_import):
    data = b"mis_id,first_name,last_name\nL1,A,B\n\n,,\nL2,,D\n"
    report = run_import(data, dry_run=True)
    assert report.rows == 2
    assert [(e.row, e.column) for e in report.errors] == [(5, "first_name")]


def test_semicolon_separated_files_are_read(run_import, provider):
    report = run_import(b"mis_id;first_name;last_name\nL1;A;B\n")
    assert report.ok
    assert learners(provider).count() == 1


def test_import_writes_one_audit_row_without_personal_values(run_import, admin_user, provider):
    run_import(learners_csv(20))
    events = AuditEvent.objects.filter(action="import")
    assert events.count() == 1
    event = events.get()
    assert event.actor_id == admin_user.pk
    assert event.provider_id == provider.pk
    assert event.detail == {
        "kind": "learner",
        "rows": 20,
        "created": 20,
        "updated": 0,
        "unchanged": 0,
    }
    assert "Sam1" not in str(event.detail) + str(event.changed_fields)
    assert not AuditEvent.objects.filter(action="create", object_type="people.person").exists()


def test_dry_run_writes_nothing_at_all(run_import, provider):
    report = run_import(learners_csv(3), dry_run=True)
    assert report.ok
    assert report.created == 3
    assert not report.imported
    assert not learners(provider).exists()
    assert not AuditEvent.objects.filter(action="import").exists()
