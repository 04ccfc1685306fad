"""Reading modules that may not hold data yet, or whose tables may not exist yet.

The filtering-governance module is built alongside this one: its models are read when the app
provides them and its tables exist. A read that fails is reported as "no data" inside a
savepoint, so a failed query never breaks the caller's transaction (PostgreSQL aborts the whole
transaction on an error otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db import DatabaseError, transaction

from preventhub.transfers.schooldays import is_school_day


def model(app_label: str, name: str) -> Any | None:
    """The model class, or None when the app does not provide it."""
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def guarded[T](read: Callable[[], T], default: T) -> T:
    """``read()``, or ``default`` when a model is missing or its table does not exist."""
    try:
        with transaction.atomic():
            return read()
    except (LookupError, AttributeError, DatabaseError):
        return default


def last_school_days(today: date, count: int) -> list[date]:
    """The ``count`` school days before ``today`` (weekdays that are not bank holidays),
    oldest first. Term dates are not known, so holidays count as school days: an unread report
    in a holiday errs on the side of asking."""
    days: list[date] = []
    day = today
    while len(days) < count:
        day -= timedelta(days=1)
        if is_school_day(day):
            days.append(day)
    return list(reversed(days))
