"""The anonymised statistics page: a period, headline figures and charts (inline SVG).

The figures come from ``statistics.statistics_for``, already protected for the viewer: the
page never holds an exact small number for someone who may not see it (not even as a bar's
length), because a hidden figure has no value at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from preventhub.concerns.statistics import (
    DEFAULT_PERIOD,
    SMALL_NUMBER,
    Figure,
    PeriodKey,
    PublishedStatistics,
    period_for,
    statistics_for,
    statistics_record_view,
)
from preventhub.core.access import requires
from preventhub.core.forms import Form
from preventhub.core.models import Provider


class ProviderRequest(HttpRequest):
    provider: Provider


class PeriodForm(Form):
    period = forms.ChoiceField(
        label="Period",
        choices=PeriodKey.choices,
        error_messages={
            "invalid_choice": "Choose a period from the list.",
            "required": "Choose a period from the list.",
        },
    )


@dataclass(frozen=True)
class ChartRow:
    """One bar: ``value`` None draws no bar (the figure is not shown) and ``display`` says why.

    ``axis`` and ``axis_note`` label a column on a vertical chart (e.g. "Sep", "2025")."""

    label: str
    value: int | None
    display: str
    short: str
    axis: str = ""
    axis_note: str = ""


@dataclass(frozen=True)
class Chart:
    """What the chart includes in templates/includes/charts/ draw (see their comments)."""

    id: str
    title: str
    description: str
    rows: list[ChartRow]
    label_heading: str
    value_heading: str = "Concerns"
    # A key to the short forms above columns, when any is used.
    legend: str = ""
    # Shown instead of the chart when there are no rows.
    empty: str = ""

    @property
    def max(self) -> int:
        """The longest bar's value (at least 1, so an all-zero chart draws no bars)."""
        return max((r.value or 0 for r in self.rows), default=0) or 1


def rows_of(figures: list[Figure]) -> list[ChartRow]:
    return [ChartRow(f.label, f.value, f.display, f.short) for f in figures]


def month_rows(figures: list[Figure]) -> list[ChartRow]:
    """Columns labelled "Sep", with the year under January, and under the first column unless
    January is next to it (two years side by side would run into each other on a phone)."""
    rows = []
    for index, figure in enumerate(figures):
        month, year = figure.label.split(" ")
        first = index == 0 and not (len(figures) > 1 and figures[1].label.startswith("January"))
        note = year if first or month == "January" else ""
        rows.append(
            ChartRow(figure.label, figure.value, figure.display, figure.short, month[:3], note)
        )
    return rows


def legend_for(figures: list[Figure]) -> str:
    keys = {f.short: f.display for f in figures if not f.shown}
    return " ".join(f"{short} means {display}." for short, display in sorted(keys.items()))


def unless_empty(chart: Chart, parent: Figure, none: str, what: str) -> Chart:
    """No chart of nothing ("none" when the parent is 0), nor of a breakdown not published
    (the parent is fewer than 5)."""
    if parent.value == 0:
        return replace(chart, rows=[], empty=none)
    if not chart.rows:
        return replace(
            chart,
            empty=f"Fewer than {SMALL_NUMBER} {what}: too few to break down without "
            "pointing at the people concerned.",
        )
    return chart


def charts_for(stats: PublishedStatistics) -> dict[str, Chart]:
    span = "raised in the period"
    none = "No concerns were raised in this period."
    return {
        "by_month": unless_empty(
            Chart(
                "chart-month",
                "Concerns raised each month",
                f"The number of concerns {span}, month by month.",
                month_rows(stats.by_month),
                "Month",
                legend=legend_for(stats.by_month),
            ),
            stats.total,
            none,
            "concerns",
        ),
        "by_category": unless_empty(
            Chart(
                "chart-category",
                "Concerns by category",
                f"Concerns {span}, by the category the person raising them chose.",
                rows_of(stats.by_category),
                "Category",
            ),
            stats.total,
            none,
            "concerns",
        ),
        "by_ideology": unless_empty(
            Chart(
                "chart-ideology",
                "Prevent concerns by ideology",
                f"Prevent (radicalisation or extremism) concerns {span}, by ideology.",
                rows_of(stats.by_ideology),
                "Ideology",
            ),
            stats.prevent,
            "No Prevent concerns were raised in this period.",
            "Prevent concerns",
        ),
        "by_outcome": unless_empty(
            Chart(
                "chart-outcome",
                "Outcomes: the latest decision on each concern",
                f"Concerns {span}, by the most recent triage or case decision recorded on them.",
                rows_of(stats.by_outcome),
                "Latest decision",
            ),
            stats.total,
            none,
            "concerns",
        ),
        "closed_by_reason": unless_empty(
            Chart(
                "chart-closed",
                "Closed, by reason",
                f"Concerns {span} that are now closed ({stats.closed.display}), by closure reason.",
                rows_of(stats.closed_by_reason),
                "Reason for closing",
            ),
            stats.closed,
            "None of the concerns raised in this period is closed yet.",
            "closed concerns",
        ),
        "open_by_age": unless_empty(
            Chart(
                "chart-open-age",
                "Open now, by age",
                "Every concern not yet closed, whenever it was raised, by the time since it was "
                f"raised ({stats.open_total.display} open now).",
                rows_of(stats.open_by_age),
                "Time since raised",
                "Open concerns",
            ),
            stats.open_total,
            "No concern is open.",
            "open concerns",
        ),
    }


@requires("concerns.view_statistics")
def statistics(request: ProviderRequest) -> HttpResponse:
    """Anonymised figures for a period (GET ?period=...); an unknown period is an error and the
    default period is shown."""
    form = PeriodForm(request.GET if "period" in request.GET else None)
    key = str(form.cleaned_data["period"]) if form.is_bound and form.is_valid() else DEFAULT_PERIOD
    if not form.is_bound:
        form = PeriodForm(initial={"period": key})
    period = period_for(key)
    stats = statistics_for(request.user, request.provider, period)
    statistics_record_view(
        actor=request.user, provider=request.provider, period=period, exact=stats.exact
    )
    context = {"form": form, "stats": stats, "period": period, "charts": charts_for(stats)}
    return render(request, "concerns/statistics.html", context)
