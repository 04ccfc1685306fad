"""What the chart templates in templates/includes/charts/ draw, for the training pages.

Like ``concerns.statistics_views.Chart``, but with a fixed scale: a percentage is drawn
against 100 and a confidence rating against 5, so a bar's length means the same on every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from preventhub.training.reports import CoveragePoint


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: float | None
    display: str
    short: str = ""
    axis: str = ""
    axis_note: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    rows: list[ChartRow]
    label_heading: str
    value_heading: str
    max: float = 100
    legend: str = ""
    empty: str = ""
    notes: list[str] = field(default_factory=list)


def coverage_chart(points: list[CoveragePoint]) -> Chart:
    rows = []
    for index, point in enumerate(points):
        first = index == 0 and not (len(points) > 1 and points[1].day.month == 1)
        note = str(point.day.year) if first or point.day.month == 1 else ""
        percent = point.percent
        rows.append(
            ChartRow(
                label=_month_label(point.day, last=index == len(points) - 1),
                value=percent,
                display=f"{percent}% ({point.in_date:,} of {point.total:,})"
                if percent is not None
                else "no staff",
                short=str(percent) if percent is not None else "–",
                axis=f"{point.day:%b}",
                axis_note=note,
            )
        )
    return Chart(
        "chart-coverage",
        "Staff with in-date training, month by month",
        "The share of staff with a training requirement whose training was in date (compliant "
        "or due soon) at the end of each month, measured against today's requirements.",
        rows if any(p.in_date for p in points) else [],
        "Month",
        "In date",
        legend="The figure above each column is the percentage in date.",
        empty=(
            "No member of staff has had in-date training at any month's end this year."
            if any(p.total for p in points)
            else "There are no staff with a training requirement yet."
        ),
    )


def _month_label(day: date, *, last: bool) -> str:
    return f"Today, {day:%-d %B %Y}" if last else f"End of {day:%B %Y}"
