"""The risk assessment and action plan as CSV and XLSX, in the DfE template's columns: one line
per action (the risk's columns repeated), and one line for a risk with no action yet.

A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is prefixed
with a quote (``audit.exports.safe_cell``), so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from preventhub.audit.exports import safe_cell
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.risk.choices import Area, Source, band_of
from preventhub.risk.models import Risk, RiskAction
from preventhub.risk.services import actor_name

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # Excel opens a UTF-8 CSV correctly only when it starts with one

HEADER = [
    "Area", "Risk", "Description", "Hazard", "Current controls", "Likelihood", "Impact",
    "Inherent score", "Inherent rating", "Residual likelihood", "Residual impact",
    "Residual score", "Residual rating", "Sources", "Note on sources", "Risk owner",
    "Review date", "Action", "Action owner", "Due date", "Status", "Impact measure",
    "Evidence of impact", "Completed on",
]  # fmt: skip
WIDTHS = {"Risk": 32, "Description": 48, "Current controls": 40, "Action": 36, "Impact measure": 36}


def _name(user: Any) -> str:
    return actor_name(user) if user is not None else ""


def risk_cells(risk: Risk) -> list[Any]:
    residual = risk.residual_score
    return [
        Area(risk.area).label if risk.area in Area.values else risk.area,
        risk.title,
        risk.description,
        risk.hazard,
        risk.controls,
        risk.likelihood,
        risk.impact,
        risk.inherent_score,
        band_of(risk.inherent_score).label,
        risk.residual_likelihood,
        risk.residual_impact,
        residual,
        band_of(residual).label if residual else "",
        "; ".join(str(Source(s).label) for s in risk.sources if s in Source.values),
        risk.source_note,
        _name(risk.owner),
        risk.review_on,
    ]


def action_cells(action: RiskAction | None) -> list[Any]:
    if action is None:
        return ["", "", None, "", "", "", None]
    return [
        action.title,
        _name(action.owner),
        action.due_on,
        action.get_status_display(),
        action.impact_measure,
        action.evidence,
        action.completed_on,
    ]


def rows(risks: Iterable[Risk]) -> Iterator[list[Any]]:
    for risk in risks:
        actions: list[RiskAction | None] = [*risk.actions.all()] or [None]
        base = risk_cells(risk)
        for action in actions:
            yield [*base, *action_cells(action)]


def _csv_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(risks: Iterable[Risk]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(HEADER)
    for row in rows(risks):
        yield writer.writerow([_csv_text(v) for v in row])


def xlsx_bytes(risks: Iterable[Risk], *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = book.create_sheet("Risk assessment")
    for index, name in enumerate(HEADER):
        letter = get_column_letter(index + 1)
        # Set at run time by Worksheet._setup; the stubs do not declare it on write-only sheets.
        sheet.column_dimensions[letter].width = WIDTHS.get(name, 16)  # type: ignore[attr-defined]
    sheet.freeze_panes = "C2"
    sheet.append([_bold(sheet, name) for name in HEADER])
    for row in rows(risks):
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
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, date):
        # A date is a day: midnight of it, shown without the time.
        cell = WriteOnlyCell(sheet, value=datetime.combine(value, time.min))
        cell.number_format = "yyyy-mm-dd"
        return cell
    # openpyxl stores any string starting with "=" as a formula: never let one through.
    return safe_cell(value)


def export_recorded(
    *, actor: Any, provider: Provider, risks: QuerySet[Risk], fmt: str, filters: dict[str, str]
) -> None:
    """Record who took a copy of the assessment, in which format, how much, with which filters."""
    audit_record(
        actor=actor,
        action="export",
        object_type="risk.risk",
        provider_id=provider.pk,
        detail={"rows": risks.count(), "format": fmt, "filters": filters},
    )
