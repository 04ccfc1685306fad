"""GET /api/v1/concerns/statistics: the anonymised statistics page as JSON.

The same figures, protected the same way: for everyone outside the safeguarding team a count
from 1 to 4 has ``count: null`` and ``display: "fewer than 5"`` (and a figure that would give
one away is ``count: null``, ``display: "not shown"``). Every call is audited.

Mount it in api/api.py *before* the concerns router, whose ``/{concern_id}`` would otherwise
take the path: ``api.add_router("/concerns/statistics", statistics_router)``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from preventhub.api.access import api_requires
from preventhub.concerns.statistics import (
    Figure,
    PublishedStatistics,
    Wait,
    period_for,
    statistics_for,
    statistics_record_view,
)

router = Router(tags=["concerns"])

PeriodKeyIn = Literal["term", "academic_year", "last_academic_year", "last_12_months"]


class PeriodOut(Schema):
    key: PeriodKeyIn
    label: str
    first_day: date
    last_day: date
    through: date


class FigureOut(Schema):
    key: str
    label: str
    count: int | None
    display: str


class WaitOut(Schema):
    seconds: int | None
    display: str


class StatisticsOut(Schema):
    period: PeriodOut
    exact: bool
    total: FigureOut
    prevent: FigureOut
    awaiting_first_decision: FigureOut
    open_now: FigureOut
    closed: FigureOut
    median_time_to_first_decision: WaitOut
    p90_time_to_first_decision: WaitOut
    by_category: list[FigureOut]
    by_ideology: list[FigureOut]
    by_outcome: list[FigureOut]
    closed_by_reason: list[FigureOut]
    by_month: list[FigureOut]
    open_by_age: list[FigureOut]


def _figure(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "label": figure.label,
        "count": figure.value,
        "display": figure.display,
    }


def _wait(wait: Wait) -> dict[str, Any]:
    seconds = None if wait.value is None else round(wait.value.total_seconds())
    return {"seconds": seconds, "display": wait.display}


def statistics_out(stats: PublishedStatistics) -> dict[str, Any]:
    period = stats.period
    lists = ["by_category", "by_ideology", "by_outcome", "closed_by_reason", "by_month"]
    return {
        "period": {
            "key": period.key,
            "label": period.label,
            "first_day": period.first_day,
            "last_day": period.last_day,
            "through": period.through,
        },
        "exact": stats.exact,
        "total": _figure(stats.total),
        "prevent": _figure(stats.prevent),
        "awaiting_first_decision": _figure(stats.awaiting),
        "open_now": _figure(stats.open_total),
        "closed": _figure(stats.closed),
        "median_time_to_first_decision": _wait(stats.median_wait),
        "p90_time_to_first_decision": _wait(stats.p90_wait),
        **{name: [_figure(f) for f in getattr(stats, name)] for name in lists},
        "open_by_age": [_figure(f) for f in stats.open_by_age],
    }


@router.get(
    "",
    response=StatisticsOut,
    summary="Anonymised concern statistics for a period",
    description=(
        "Counts by category, ideology, latest decision and closure reason, by month, the "
        "median and 90th percentile time from report to first decision, and open concerns by "
        "age. Outside the safeguarding team, counts from 1 to 4 are `null` (display "
        '"fewer than 5"). `period` defaults to this academic year.'
    ),
)
@api_requires("concerns.view_statistics")
def concern_statistics(request: HttpRequest, period: PeriodKeyIn = "academic_year") -> Any:
    provider = request.provider  # type: ignore[attr-defined]
    chosen = period_for(period)
    stats = statistics_for(request.user, provider, chosen)
    statistics_record_view(
        actor=request.user, provider=provider, period=chosen, exact=stats.exact, via="api"
    )
    return statistics_out(stats)
