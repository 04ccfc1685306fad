"""Registers as CSV and XLSX downloads, safe to open in a spreadsheet (policies and partners).

Both formats carry the same columns. A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return) is prefixed with a quote (``audit.exports.safe_cell``), so a
spreadsheet never runs it as a formula: titles, names and scopes are typed by users.
Dates are written as dates; everything else as text or whole numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from preventhub.audit.exports import safe_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # Excel opens a UTF-8 CSV correctly only when it starts with a byte-order mark
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    """A register ready to download: a sheet title, its header and its rows of values."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return safe_cell(value)


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_csv_text(v) for v in row])
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet(table.title[:31])
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, name) for name in table.header])
    for row in table.rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.properties.title = table.title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time.min))
        cell.number_format = "yyyy-mm-dd"
        return cell
    # openpyxl stores any string starting with "=" as a formula: never let one through.
    return safe_cell(value)


def download(table: Table, fmt: str, filename: str) -> HttpResponse:
    """The table as a file download in ``fmt`` (one of FORMATS)."""
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(table), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
