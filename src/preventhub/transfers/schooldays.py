"""School days: weekdays that are not bank holidays in England and Wales.

A safeguarding file should reach the new institution within five school days of the learner
moving (Keeping Children Safe in Education); a sent file with no receipt by then is overdue.
Term dates differ by institution and are not known here, so only weekends and bank holidays
are skipped: an overdue flag during a school holiday errs on the side of asking.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import holidays

RECEIPT_DUE_SCHOOL_DAYS = 5


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays ("ENG" and "WLS" in the holidays package).
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_school_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_school_days(start: date, days: int) -> date:
    """The ``days``-th school day after ``start`` (``start`` itself does not count)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_school_day(day):
            counted += 1
    return day


def receipt_due_on(sent_on: date) -> date:
    """The last school day on which a receipt is still on time."""
    return add_school_days(sent_on, RECEIPT_DUE_SCHOOL_DAYS)
