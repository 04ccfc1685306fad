"""A register as CSV or XLSX: a header and rows of values, safe to open in a spreadsheet.

The generic part of ``speakers/register_exports.py``: a text cell starting with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return) is prefixed with a quote, so a spreadsheet never
runs it as a formula; date-times are written as UK wall-clock times (say so in the header);
the CSV starts with a byte-order mark so that Excel reads it as UTF-8, and is streamed; the
workbook is built row by row in write-only mode.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from preventhub.audit.exports import safe_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("csv", "xlsx")
BOM = "\ufeff"


def local_naive(value: datetime | None) -> datetime | None:
    """Spreadsheets have no time zones: the UK wall-clock time."""
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _csv_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_text(v) for v in row])


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str,
    sheet_name: str,
    widths: dict[str, int] | None = None,
) -> bytes:
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet(sheet_name[:31])
    for index, name in enumerate(header):
        letter = get_column_letter(index + 1)
        # Set by Worksheet._setup at run time; the stubs do not declare it on write-only sheets.
        sheet.column_dimensions[letter].width = (widths or {}).get(name, 16)  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, name) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return yes_no(value) if isinstance(value, bool) else None
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time()))
        cell.number_format = "yyyy-mm-dd"
        return cell
    # openpyxl stores any string starting with "=" as a formula: never let one through.
    return safe_cell(value)


def download(
    fmt: str,
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str,
    sheet_name: str,
    widths: dict[str, int] | None = None,
) -> HttpResponse:
    """The response for ``fmt`` ("csv" streamed, or "xlsx"), as an attachment ``filename.fmt``."""
    response: HttpResponse
    if fmt == "csv":
        streamed = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
        # Views are typed as returning HttpResponse; StreamingHttpResponse is its sibling.
        response = streamed  # type: ignore[assignment]
    else:
        body = xlsx_bytes(header, rows, title=title, sheet_name=sheet_name, widths=widths)
        response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
