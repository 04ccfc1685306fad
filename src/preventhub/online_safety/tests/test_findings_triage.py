"""Compliance findings for online-safety monitoring."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from preventhub.accounts.roles import Role
from preventhub.core.findings import findings_for
from preventhub.online_safety.choices import Severity
from preventhub.online_safety.findings import school_days_before
from preventhub.online_safety.models import DailyReportRead
from preventhub.online_safety.tests.factories_triage import (
    add_domain,
    make_alert,
    make_category,
    make_ingestion,
    make_source,
    set_counts,
)

pytestmark = pytest.mark.django_db
# A Friday in term; the last school day before it is Thursday 19 November 2026.
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _codes(provider: Any) -> dict[str, str]:
    return {f.code: f.severity for f in findings_for(provider, NOW, only=["online_safety"])}


def _healthy(provider: Any) -> Any:
    source = make_source(provider, name="Proxy")
    type(source).unscoped.filter(pk=source.pk).update(created_at=NOW - timedelta(days=60))
    make_ingestion(source, last_at=NOW - timedelta(hours=1))
    add_domain(make_category(provider), "weapons.example.test")
    return source


def test_nothing_monitored_is_the_only_finding(provider: Any) -> None:
    assert _codes(provider) == {"no_active_log_source": "red"}


def test_a_healthy_setup_has_no_findings(provider: Any) -> None:
    _healthy(provider)
    assert _codes(provider) == {}


def test_a_silent_source_and_missing_lists(provider: Any) -> None:
    source = make_source(provider, name="Old proxy")
    type(source).unscoped.filter(pk=source.pk).update(created_at=NOW - timedelta(days=60))
    make_ingestion(source, last_at=NOW - timedelta(days=3))
    codes = _codes(provider)
    assert codes["source_silent"] == "red"
    assert codes["no_category_lists"] == "red"
    message = next(f.message for f in findings_for(provider, NOW) if f.code == "source_silent")
    assert "Old proxy" in message
    assert "19 November 2026" in message


def test_open_alerts_and_filter_failures(provider: Any) -> None:
    _healthy(provider)
    make_alert(provider, at=NOW - timedelta(minutes=5), severity=Severity.CRITICAL,
               is_filter_failure=True)  # fmt: skip
    assert _codes(provider) == {"filter_failure_untriaged": "red"}
    make_alert(provider, at=NOW - timedelta(days=2))  # Wednesday: past a school day
    assert _codes(provider)["alerts_not_triaged"] == "amber"
    make_alert(provider, at=NOW - timedelta(days=10))
    assert _codes(provider)["alerts_not_triaged"] == "red"


def test_a_report_leaders_do_not_open(provider: Any, make_user: Any) -> None:
    _healthy(provider)
    leader = make_user(provider, Role.SENIOR_LEADER, username="principal")
    days = school_days_before(date(2026, 11, 20), 20)
    set_counts(provider, days[-1], requests=1)
    assert _codes(provider)["daily_report_unread"] == "red"
    for day in days[:14]:
        DailyReportRead.objects.create(provider=provider, day=day, user=leader, opened_at=NOW)
    assert _codes(provider)["daily_report_unread"] == "amber"
    for day in days[14:]:
        DailyReportRead.objects.create(provider=provider, day=day, user=leader, opened_at=NOW)
    assert "daily_report_unread" not in _codes(provider)
