"""The speaker register as CSV and XLSX: one line per request, safe to open in a spreadsheet.

Both formats carry the same columns. A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return) is prefixed with a quote, so a spreadsheet never runs it as a formula
(a speaker's organisation or an event title is typed by whoever made the request). Check notes
are never exported: the register holds check kinds and outcomes only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from preventhub.audit.exports import safe_cell
from preventhub.speakers.register_rows import RegisterRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark.
BOM = "\ufeff"

HEADER = [
    "Reference", "Kind", "Event title", "Topic", "Starts (Europe/London)", "Ends (Europe/London)",
    "Site", "Room or venue", "Audience", "Expected size", "Open to public", "Recorded or streamed",
    "Speakers (organisation)", "Hirer", "Organiser", "Department", "Late request", "Status",
    "Risk level", "Decision", "Decided by", "Decided on", "Conditions", "Checks (outcome)",
    "Held", "Attendance", "Conditions met", "Benefit to learners", "British values addressed",
]  # fmt: skip
WIDTHS = {"Event title": 32, "Topic": 40, "Speakers (organisation)": 36, "Benefit to learners": 40}


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return "Yes" if value else "No"


def _naive(value: datetime | None) -> datetime | None:
    """Spreadsheets have no time zones: the London wall-clock time, as the header says."""
    return value.replace(tzinfo=None) if value is not None else None


def row_values(row: RegisterRow) -> list[Any]:
    """The row's cells as values: text, numbers and London date-times (None when empty)."""
    request = row.request
    decision = row.decision
    outcome = row.outcome
    return [
        request.reference,
        request.get_kind_display(),
        request.title,
        request.topic,
        _naive(row.starts),
        _naive(row.ends),
        request.site.name if request.site else "",
        request.venue,
        request.get_audience_display(),
        request.expected_size,
        _yes_no(request.open_to_public),
        _yes_no(request.recorded_or_streamed),
        "; ".join(str(s) for s in row.speakers),
        request.hirer,
        request.organiser_name,
        request.department.name if request.department else "",
        _yes_no(request.late),
        request.get_status_display(),
        request.get_risk_level_display() if request.risk_level else "",
        decision.get_decision_display() if decision else "",
        row.decided_by,
        _naive(timezone.localtime(decision.created_at)) if decision else None,
        "; ".join(row.conditions),
        "; ".join(str(c) for c in row.checks),
        _yes_no(outcome.held) if outcome else "",
        outcome.attendance if outcome else None,
        _yes_no(outcome.conditions_met) if outcome else "",
        outcome.benefit if outcome else "",
        "; ".join(row.values),
    ]


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return safe_cell(value)


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[RegisterRow]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(HEADER)
    for row in rows:
        yield writer.writerow([_csv_text(v) for v in row_values(row)])


def xlsx_bytes(rows: Iterable[RegisterRow], *, title: str) -> bytes:
    """A workbook with one sheet, built row by row (write-only mode keeps memory flat)."""
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet("Speaker register")
    for index, name in enumerate(HEADER):
        letter = get_column_letter(index + 1)
        # Set by Worksheet._setup at run time; the stubs do not declare it on write-only sheets.
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)  # type: ignore[attr-defined]
    sheet.freeze_panes = "B2"
    sheet.append([_bold(sheet, name) for name in HEADER])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row_values(row)])
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    # openpyxl stores any string starting with "=" as a formula: never let one through.
    return safe_cell(value)
