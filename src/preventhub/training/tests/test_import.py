"""The e-learning certificate import: a dry run listing every problem (unknown people included),
all or nothing, idempotent, with the file's own problems named."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.audit.models import AuditEvent
from preventhub.testing.factories import PersonFactory
from preventhub.training.choices import RecordSource
from preventhub.training.importing import certificates_import, parse_day
from preventhub.training.models import TrainingRecord
from preventhub.training.tests.helpers import days_ago, default_course, make_record, staff_member

pytestmark = pytest.mark.django_db
COURSE = "Prevent awareness e-learning"


def csv(*rows: str, header: str = "Name,Email,Course,Date,Certificate") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(provider: Any, data: bytes, *, dry_run: bool = True, **kwargs: Any) -> Any:
    return certificates_import(
        actor=None, provider=provider, source=data, dry_run=dry_run, **kwargs
    )


def records(provider: Any) -> Any:
    return TrainingRecord.objects.for_provider(provider)


@pytest.fixture
def ann(provider: Any) -> Any:
    return staff_member(
        provider,
        first_name="Ann",
        last_name="Lee",
        preferred_name="",
        email="ann.lee@college.example",
    )


@pytest.fixture
def bob(provider: Any) -> Any:
    return staff_member(
        provider,
        first_name="Bob",
        last_name="Kay",
        preferred_name="",
        email="bob.kay@college.example",
    )


def test_a_clean_file_is_checked_then_imported_once(
    provider: Any, ann: Any, bob: Any, lead: Any
) -> None:
    data = csv(
        f"Ann Lee,ANN.LEE@college.example,{COURSE},2026-03-14,C-1",
        f"Bob Kay,bob.kay@college.example,{COURSE.upper()},14/02/2026 10:22,C-2",
    )
    check = run(provider, data)
    assert (check.ok, len(check.planned), check.imported) == (True, 2, False)
    assert not records(provider).exists()
    done = certificates_import(actor=lead, provider=provider, source=data, dry_run=False)
    assert done.imported
    made = {
        (r.person_id, str(r.completed_on), r.certificate_id, r.source) for r in records(provider)
    }
    assert made == {
        (ann.pk, "2026-03-14", "C-1", RecordSource.IMPORT),
        (bob.pk, "2026-02-14", "C-2", RecordSource.IMPORT),
    }
    event = AuditEvent.objects.get(action="import", object_type="training.trainingrecord")
    assert event.detail["created"] == 2
    # Running the same file again adds nothing and says so.
    again = run(provider, data, dry_run=False)
    assert (again.imported, len(again.planned), len(again.already_recorded)) == (True, 0, 2)
    assert records(provider).count() == 2


def test_unknown_people_are_listed_and_nothing_is_imported(provider: Any, ann: Any) -> None:
    PersonFactory(provider=provider, email="learner@college.example")  # a learner is not staff
    data = csv(
        f"Ann Lee,ann.lee@college.example,{COURSE},2026-03-14,",
        f"Zed Unknown,zed@college.example,{COURSE},2026-03-14,",
        f"Lou Learner,learner@college.example,{COURSE},2026-03-14,",
    )
    report = run(provider, data, dry_run=False)
    assert not report.ok
    assert not report.imported
    assert [(u.row, u.email) for u in report.unknown_people] == [
        (3, "zed@college.example"),
        (4, "learner@college.example"),
    ]
    assert "2 rows name people not in the register" in report.summary()
    assert not records(provider).exists()


def test_every_row_error_is_listed(provider: Any, ann: Any, bob: Any) -> None:
    data = csv(
        "Ann Lee,ann.lee@college.example,Basket weaving,2026-03-14,",
        f"Bob Kay,bob.kay@college.example,{COURSE},31/02/2026,",
        f"Bob Kay,bob.kay@college.example,{COURSE},{days_ago(-3).isoformat()},",
        f",,{COURSE},2026-03-14,",
        f"Ann Lee,ann.lee@college.example,{COURSE},,",
    )
    report = run(provider, data)
    messages = {(e.row, e.message.split(":")[0].split(" is ")[0]) for e in report.errors}
    assert {row for row, _ in messages} == {2, 3, 4, 5, 6}
    text = " ".join(e.message for e in report.errors)
    assert "no course called 'Basket weaving'" in text
    assert "'31/02/2026' is not a date" in text
    assert "is in the future" in text
    assert "no name or email" in text
    assert "no completion date" in text


def test_people_are_found_by_name_when_there_is_no_email(provider: Any, ann: Any) -> None:
    staff_member(provider, first_name="Sam", last_name="Ray", preferred_name="")
    staff_member(provider, first_name="Sam", last_name="Ray", preferred_name="")
    data = csv(
        f"ann lee,{COURSE},2026-03-14", f"Sam Ray,{COURSE},2026-03-14", header="Name,Course,Date"
    )
    report = run(provider, data)
    assert [p.person for p in report.planned] == [ann]
    assert report.errors[0].message.startswith("2 members of staff are called Sam Ray")


def test_a_repeated_row_and_an_existing_record_are_listed_not_duplicated(
    provider: Any, ann: Any, bob: Any
) -> None:
    course = default_course(provider)
    make_record(provider, bob, course, on=days_ago(30))
    data = csv(
        f"Ann Lee,ann.lee@college.example,{COURSE},2026-03-14,",
        f"Ann Lee,ann.lee@college.example,{COURSE},14/03/2026,",
        f"Bob Kay,bob.kay@college.example,{COURSE},{days_ago(30).isoformat()},",
    )
    report = run(provider, data, dry_run=False)
    assert report.imported
    assert report.repeated == [(3, 2)]
    assert [p.row for p in report.already_recorded] == [4]
    assert records(provider).count() == 2


def test_one_course_for_every_row(provider: Any, ann: Any) -> None:
    wrap = default_course(provider, "wrap")
    data = csv("ann.lee@college.example,2026-03-14", header="Email address,Completion date")
    report = run(provider, data, dry_run=False, fixed_course=wrap)
    assert report.imported
    assert records(provider).get().course == wrap


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04binary", "looks like an Excel workbook"),
        (b"Name,Course\nAnn,X\n", "The file needs a date column"),
        (b"Who,When\nAnn,2026-01-01\n", "a name or an email column"),
        (b"Name,Course,Date\n", "no data rows"),
    ],
)
def test_a_bad_file_is_refused_as_a_whole(provider: Any, data: bytes, message: str) -> None:
    report = run(provider, data, dry_run=False)
    assert message in " ".join(report.file_errors)
    assert not report.imported
    assert not records(provider).exists()


def test_a_file_over_the_limit_is_refused(provider: Any, settings: Any) -> None:
    settings.TRAINING_IMPORT_MAX_BYTES = 100
    report = run(provider, csv(*[f"A,a@b.c,{COURSE},2026-01-01,"] * 10))
    assert "too large" in report.file_errors[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-14", "2026-03-14"),
        ("14/03/2026", "2026-03-14"),
        ("14-03-2026", "2026-03-14"),
        ("14 March 2026", "2026-03-14"),
        ("14 Mar 2026", "2026-03-14"),
        ("2026-03-14T09:30:00Z", "2026-03-14"),
        ("14/03/2026 09:30", "2026-03-14"),
        ("March 2026", None),
        ("2026-02-30", None),
    ],
)
def test_dates_in_the_usual_export_formats(text: str, expected: str | None) -> None:
    found = parse_day(text)
    assert (found.isoformat() if found else None) == expected
