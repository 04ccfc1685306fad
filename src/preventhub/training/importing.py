"""Import e-learning certificates from a CSV export: name, email, course, date (issue 6, item 3).

All or nothing. A dry run writes nothing and lists every problem: each row error, and every
person the file names who is not a member of staff in the people register (never skipped in
silence). The import writes only when there are no errors at all, in one transaction, audited
once for the file. Rows already recorded (same person, course and day) and rows repeating an
earlier row of the file are listed and not written again, so re-running a file adds nothing.

People are matched by email (case-insensitive), or when the file has no email for the row, by
full name if exactly one member of staff has it. Courses are matched by catalogue title, or all
rows can be taken as one chosen course (an export for a single course often names it oddly).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.people.choices import PersonKind
from preventhub.people.importing import ImportFileError, load_table
from preventhub.people.importing.reading import ImportSource
from preventhub.people.models import Person
from preventhub.training.choices import RecordSource
from preventhub.training.models import Course, TrainingRecord
from preventhub.training.records import EARLIEST_YEARS
from preventhub.training.services import settings_for

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "learner", "learner name", "user", "user name", "staff name"),
    "email": ("email", "email address", "e-mail", "e-mail address", "user email"),
    "course": ("course", "course name", "course title", "module", "training"),
    "date": ("date", "completed", "completed on", "completion date", "date completed", "passed on"),
    "certificate": ("certificate", "certificate id", "certificate number", "reference"),
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y")


def max_bytes() -> int:
    return int(getattr(settings, "TRAINING_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def fold(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold()


@dataclass(frozen=True)
class RowProblem:
    row: int  # the header is row 1, as in a spreadsheet
    message: str


@dataclass(frozen=True)
class UnknownPerson:
    row: int
    name: str
    email: str


@dataclass(frozen=True)
class Planned:
    row: int
    person: Person
    course: Course
    completed_on: date
    certificate_id: str


@dataclass
class CertificateReport:
    dry_run: bool
    rows: int = 0
    planned: list[Planned] = field(default_factory=list)
    already_recorded: list[Planned] = field(default_factory=list)
    repeated: list[tuple[int, int]] = field(default_factory=list)  # (row, the row it repeats)
    unknown_people: list[UnknownPerson] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not (self.errors or self.file_errors or self.unknown_people)

    @property
    def not_added(self) -> int:
        """Rows left out without blocking: already recorded, or repeating an earlier row."""
        return len(self.already_recorded) + len(self.repeated)

    @property
    def problem_count(self) -> int:
        return len(self.errors) + len(self.file_errors) + len(self.unknown_people)

    def summary(self) -> str:
        if self.file_errors:
            return " ".join(self.file_errors)
        if not self.ok:
            parts = []
            if self.unknown_people:
                n = len(self.unknown_people)
                parts.append(
                    f"{n} row{'s name' if n != 1 else ' names'} people not in the register"
                )
            if self.errors:
                n = len(self.errors)
                parts.append(f"{n} problem{'s' if n != 1 else ''} in the rows")
            return f"{' and '.join(parts).capitalize()}. Nothing was imported."
        verb = "Would add" if self.dry_run else "Added"
        n = len(self.planned)
        return (
            f"{verb} {n} training record{'s' if n != 1 else ''}; {len(self.already_recorded)} "
            f"already recorded, {len(self.repeated)} repeated in the file."
        )


def find_columns(headers: list[str], fixed_course: bool) -> dict[str, int]:
    folded = [fold(h) for h in headers]
    found = {}
    for key, names in COLUMNS.items():
        for index, header in enumerate(folded):
            if header in names:
                found[key] = index
                break
    missing = []
    if "name" not in found and "email" not in found:
        missing.append("a name or an email column")
    if "course" not in found and not fixed_course:
        missing.append("a course column (or choose the course for every row)")
    if "date" not in found:
        missing.append("a date column")
    if missing:
        raise ImportFileError(
            f"The file needs {' and '.join(missing)}. Its header row has: "
            f"{', '.join(h or '(blank)' for h in headers)}."
        )
    return found


def parse_day(value: str) -> date | None:
    cleaned = value.strip()
    # Exports often add a time ("2026-03-14 10:22" or "14/03/2026 10:22:05"): the day is enough.
    cleaned = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$", "", cleaned)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007  (a date, no time)
        except ValueError:
            continue
    return None


class PeopleIndex:
    """Staff of one provider by email and by full name (folded)."""

    def __init__(self, provider: Provider) -> None:
        self.by_email: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for person in Person.objects.for_provider(provider).filter(kind=PersonKind.STAFF):
            if person.email:
                self.by_email[person.email.casefold()] = person
            names = {fold(f"{person.first_name} {person.last_name}"), fold(person.full_name)}
            for name in names:
                self.by_name[name].append(person)

    def find(self, name: str, email: str) -> Person | list[Person] | None:
        if email:
            return self.by_email.get(email.casefold())
        matches = self.by_name.get(fold(name), [])
        if len(matches) == 1:
            return matches[0]
        return matches or None


def plan_certificates(
    provider: Provider,
    source: ImportSource,
    *,
    fixed_course: Course | None,
    dry_run: bool,
    today: date | None = None,
) -> CertificateReport:
    today = today or timezone.localdate()
    report = CertificateReport(dry_run=dry_run)
    table = load_table(source, max_bytes=max_bytes())
    columns = find_columns(table.headers, fixed_course is not None)
    report.columns = {key: table.headers[index] for key, index in columns.items()}
    courses = {fold(c.title): c for c in Course.objects.for_provider(provider)}
    people = PeopleIndex(provider)
    seen: dict[tuple[Any, Any, date], int] = {}
    earliest = today - timedelta(days=366 * EARLIEST_YEARS)
    for offset, record in enumerate(table.records):
        if not any(cell.strip() for cell in record):
            continue
        report.rows += 1
        row = offset + 2
        cells = {key: (record[i].strip() if i < len(record) else "") for key, i in columns.items()}
        planned = _plan_row(row, cells, people, courses, fixed_course, today, earliest, report)
        if planned is None:
            continue
        key = (planned.person.pk, planned.course.pk, planned.completed_on)
        if key in seen:
            report.repeated.append((row, seen[key]))
            continue
        seen[key] = row
        report.planned.append(planned)
    _split_recorded(provider, report)
    return report


def _plan_row(
    row: int,
    cells: dict[str, str],
    people: PeopleIndex,
    courses: dict[str, Course],
    fixed_course: Course | None,
    today: date,
    earliest: date,
    report: CertificateReport,
) -> Planned | None:
    problems = []
    name, email = cells.get("name", ""), cells.get("email", "")
    person = None
    if not name and not email:
        problems.append("no name or email: say who completed the course")
    else:
        found = people.find(name, email)
        if isinstance(found, list):
            problems.append(
                f"{len(found)} members of staff are called {name}: add an email column to say "
                "which one"
            )
        elif found is None:
            report.unknown_people.append(UnknownPerson(row, name, email))
        else:
            person = found
    course = fixed_course
    if course is None:
        title = cells.get("course", "")
        course = courses.get(fold(title)) if title else None
        if course is None:
            problems.append(
                f"no course called {title!r} in the catalogue" if title else "no course given"
            )
    raw_day = cells.get("date", "")
    day = parse_day(raw_day) if raw_day else None
    if day is None:
        problems.append(
            f"the date {raw_day!r} is not a date (use YYYY-MM-DD or DD/MM/YYYY)"
            if raw_day
            else "no completion date"
        )
    elif day > today:
        problems.append(f"the date {day:%-d %B %Y} is in the future")
    elif day < earliest:
        problems.append(f"the date {day:%-d %B %Y} is more than {EARLIEST_YEARS} years ago")
    certificate = cells.get("certificate", "")
    if len(certificate) > 100:
        problems.append("the certificate reference is longer than 100 characters")
    report.errors.extend(RowProblem(row, p) for p in problems)
    if problems or person is None or course is None or day is None:
        return None
    return Planned(row, person, course, day, certificate)


def _split_recorded(provider: Provider, report: CertificateReport) -> None:
    if not report.planned:
        return
    people = {p.person.pk for p in report.planned}
    existing = set(
        TrainingRecord.objects.for_provider(provider)
        .filter(person_id__in=people)
        .values_list("person_id", "course_id", "completed_on")
    )
    fresh = []
    for planned in report.planned:
        if (planned.person.pk, planned.course.pk, planned.completed_on) in existing:
            report.already_recorded.append(planned)
        else:
            fresh.append(planned)
    report.planned = fresh


def certificates_import(
    *,
    actor: Any,
    provider: Provider,
    source: ImportSource,
    fixed_course: Course | None = None,
    dry_run: bool = True,
    today: date | None = None,
) -> CertificateReport:
    """Check (``dry_run``) or import a certificate export; see the module docstring."""
    settings_for(provider)
    if fixed_course is not None and fixed_course.provider_id != provider.pk:
        raise ValueError("The course belongs to another provider.")
    try:
        report = plan_certificates(
            provider, source, fixed_course=fixed_course, dry_run=dry_run, today=today
        )
    except ImportFileError as exc:
        return CertificateReport(dry_run=dry_run, file_errors=exc.messages)
    if dry_run or not report.ok:
        return report
    try:
        _write(actor, provider, report)
    except IntegrityError:
        report.file_errors = [
            "Training records changed while the file was being imported (another import may be "
            "running). Nothing was imported; try again."
        ]
    return report


def _write(actor: Any, provider: Provider, report: CertificateReport) -> None:
    by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        TrainingRecord.objects.for_provider(provider).bulk_create(
            TrainingRecord(
                provider=provider,
                person=p.person,
                course=p.course,
                completed_on=p.completed_on,
                certificate_id=p.certificate_id,
                source=RecordSource.IMPORT,
                recorded_by=by,
            )  # fmt: skip
            for p in report.planned
        )
        audit_record(
            actor=actor,
            action="import",
            object_type="training.trainingrecord",
            provider_id=provider.pk,
            changed_fields=["person", "course", "completed_on", "certificate_id", "source"],
            detail={
                "rows": report.rows,
                "created": len(report.planned),
                "already_recorded": len(report.already_recorded),
                "repeated": len(report.repeated),
            },
        )
    report.imported = True
