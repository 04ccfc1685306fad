"""Clean every data row: each cell parsed and checked, every problem reported with its row."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from preventhub.core.models import Department, Site
from preventhub.people.choices import JobCategory
from preventhub.people.importing.fields import FIELDS_BY_NAME
from preventhub.people.importing.reading import CsvTable, is_blank
from preventhub.people.importing.report import RowError
from preventhub.people.models import Person

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
EARLIEST_YEAR = 1900
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}/\d{1,2}/\d{2}")
# Model attribute each foreign-key field is written to.
ATTNAMES = {"site": "site_id", "department": "department_id"}


class CellError(ValueError):
    """A cell's value cannot be used; the message is shown to the person importing."""


@dataclass(frozen=True)
class RowContext:
    """What cleaning a row needs to know about the provider, looked up once per import."""

    sites: dict[str, uuid.UUID]
    site_names: list[str]
    departments: dict[str, uuid.UUID]
    department_names: list[str]
    today: date


@dataclass
class CleanRow:
    """One valid data row: ``values`` maps model attribute names to cleaned values."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def mis_id(self) -> str:
        return str(self.values["mis_id"])


def _lookup(rows: list[Site] | list[Department]) -> tuple[dict[str, uuid.UUID], list[str]]:
    """Name or code -> pk (a name wins over another row's code), and the names for messages."""
    lookup = {_squash(r.code): r.pk for r in rows if r.code}
    lookup.update({_squash(r.name): r.pk for r in rows})
    names = [f"{r.name} ({r.code})" if r.code else r.name for r in rows]
    return lookup, names


def row_context(provider_id: int, today: date) -> RowContext:
    sites, site_names = _lookup(list(Site.objects.for_provider(provider_id)))
    departments, department_names = _lookup(list(Department.objects.for_provider(provider_id)))
    return RowContext(sites, site_names, departments, department_names, today)


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())


def _max_length(name: str) -> int:
    length = getattr(Person._meta.get_field(name), "max_length", None)
    return int(length) if length else 10_000


def clean_text(name: str) -> Callable[[str, RowContext], str]:
    limit = _max_length(name)

    def clean(raw: str, context: RowContext) -> str:
        if len(raw) > limit:
            raise CellError(f"too long ({len(raw)} characters; at most {limit})")
        return raw

    return clean


def parse_date(raw: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY (day and month may be one digit); None if neither."""
    if match := _ISO_DATE.fullmatch(raw):
        year, month, day = match.groups()
    elif match := _UK_DATE.fullmatch(raw):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def clean_date(raw: str, context: RowContext) -> date | None:
    if not raw:
        return None
    parsed = parse_date(raw)
    if parsed is None:
        hint = " with the year in full" if _TWO_DIGIT_YEAR.fullmatch(raw) else ""
        raise CellError(f"{raw!r} is not a date: use YYYY-MM-DD or DD/MM/YYYY{hint}")
    if parsed.year < EARLIEST_YEAR:
        raise CellError(f"{raw!r} has year {parsed.year}: write the year in full, e.g. 1985")
    return parsed


def clean_birth_date(raw: str, context: RowContext) -> date | None:
    parsed = clean_date(raw, context)
    if parsed is not None and parsed > context.today:
        raise CellError(f"date of birth {raw!r} is in the future")
    return parsed


def clean_email(raw: str, context: RowContext) -> str:
    raw = _clean_email_length(raw, context)
    if raw:
        try:
            validate_email(raw)
        except ValidationError as exc:
            raise CellError(f"{raw!r} is not a valid email address") from exc
    return raw


_clean_email_length = clean_text("email")


_CATEGORIES = {
    re.sub(r"\s+", "", text.lower()): key
    for key, label in JobCategory.choices
    for text in (key, str(label))
}


def clean_job_category(raw: str, context: RowContext) -> str:
    if not raw:
        return ""
    key = _CATEGORIES.get(re.sub(r"\s+", "", raw.lower()))
    if key is None:
        raise CellError(
            f"{raw!r} is not a job category; use one of: {', '.join(JobCategory.values)}"
        )
    return key


def clean_site(raw: str, context: RowContext) -> uuid.UUID | None:
    return _match(raw, context.sites, context.site_names, "site")


def clean_department(raw: str, context: RowContext) -> uuid.UUID | None:
    return _match(raw, context.departments, context.department_names, "department")


def _match(raw: str, lookup: dict[str, uuid.UUID], names: list[str], what: str) -> uuid.UUID | None:
    if not raw:
        return None
    pk = lookup.get(_squash(raw))
    if pk is None:
        known = ", ".join(names[:10]) or f"none yet: add {what}s first"
        raise CellError(f"there is no {what} called {raw!r} at this provider (known: {known})")
    return pk


CLEANERS: dict[str, Callable[[str, RowContext], Any]] = {
    **{
        name: clean_text(name)
        for name in (
            "mis_id",
            "first_name",
            "last_name",
            "preferred_name",
            "job_title",
            "course",
            "group_name",
            "apprenticeship_employer",
        )
    },
    "email": clean_email,
    "date_of_birth": clean_birth_date,
    "start_date": clean_date,
    "end_date": clean_date,
    "job_category": clean_job_category,
    "site": clean_site,
    "department": clean_department,
}


def clean_rows(
    table: CsvTable, columns: dict[str, int], context: RowContext
) -> tuple[list[CleanRow], list[RowError]]:
    """Every data row cleaned, or the errors that stop it; blank rows are skipped."""
    rows: list[CleanRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for offset, record in enumerate(table.records):
        if is_blank(record):
            continue
        row, row_errors = clean_record(offset + 2, record, table.headers, columns, context)
        if row is not None:
            row_errors += _duplicate(row, first_seen, table.headers[columns["mis_id"]])
        errors += row_errors
        if row is not None and not row_errors:
            rows.append(row)
    return rows, errors


def _duplicate(row: CleanRow, first_seen: dict[str, int], header: str) -> list[RowError]:
    first = first_seen.setdefault(row.mis_id, row.row)
    if first == row.row:
        return []
    reason = f"MIS id {row.mis_id!r} appears more than once in the file (first on row {first})"
    return [RowError(row.row, header, reason)]


def clean_record(
    number: int,
    record: list[str],
    headers: list[str],
    columns: dict[str, int],
    context: RowContext,
) -> tuple[CleanRow | None, list[RowError]]:
    """One row's values, or None when a required value is missing or unusable."""
    row = CleanRow(number)
    errors = _extra_cells(number, record, headers)
    for name, index in columns.items():
        raw = record[index].strip() if index < len(record) else ""
        try:
            value = _clean_cell(name, raw, context)
        except CellError as exc:
            errors.append(RowError(number, headers[index], str(exc)))
            continue
        row.values[ATTNAMES.get(name, name)] = value
    errors += _cross_field(row, headers, columns)
    return (None if "mis_id" not in row.values else row), errors


def _clean_cell(name: str, raw: str, context: RowContext) -> Any:
    if not raw and FIELDS_BY_NAME[name].required:
        raise CellError(f"{FIELDS_BY_NAME[name].label} is required")
    return CLEANERS[name](raw, context)


def _extra_cells(number: int, record: list[str], headers: list[str]) -> list[RowError]:
    if len(record) <= len(headers) or is_blank(record[len(headers) :]):
        return []
    reason = f"the row has {len(record)} values but the header row has {len(headers)} columns"
    return [RowError(number, "", reason)]


def _cross_field(row: CleanRow, headers: list[str], columns: dict[str, int]) -> list[RowError]:
    start, end = row.values.get("start_date"), row.values.get("end_date")
    if start and end and end < start:
        reason = f"the end date ({end:%d/%m/%Y}) is before the start date ({start:%d/%m/%Y})"
        return [RowError(row.row, headers[columns["end_date"]], reason)]
    return []
