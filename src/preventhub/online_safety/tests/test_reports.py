"""The daily report: built from daily counts and alerts, says when there is no data (and
whether any source sent logs), records who opened it, and the morning message is sent once."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.notifications.models import Notification
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import DailyReportRead
from preventhub.online_safety.reports_selectors import daily_report_for
from preventhub.online_safety.reports_services import REPORT_MESSAGE, send_daily_report
from preventhub.online_safety.tests.factories_triage import (
    make_alert,
    make_category,
    make_identity,
    make_ingestion,
    make_source,
    set_counts,
    set_metric,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER, username="principal")


@pytest.fixture
def yesterday() -> Any:
    return timezone.localdate() - timedelta(days=1)


def test_the_report_reads_the_days_counts(provider: Any, yesterday: Any) -> None:
    make_category(provider, "weapons", name="Weapons")
    identity = make_identity(provider)
    set_counts(provider, yesterday, requests=5000, blocked=120, flagged=9, bypass=2)
    set_counts(provider, yesterday, guest_requests=300, guest_identities=4, filter_failures=1)
    set_counts(provider, yesterday, category__weapons=7, category_blocked__weapons=6)
    set_counts(provider, yesterday, severity__high=5, severity__critical=1)
    set_metric(provider, yesterday, "blocked_domain:a.example.test", 50)
    set_metric(provider, yesterday, "blocked_domain:b.example.test", 70)
    set_metric(provider, yesterday, f"identity:{identity.pseudonym}", 6)
    set_metric(provider, yesterday, "identity:U-ONCE", 1)
    for back in range(2, 12):
        set_counts(provider, yesterday - timedelta(days=back), blocked=60)
    report = daily_report_for(provider, yesterday)
    assert report.totals["guest_identities"] == 4
    assert report.totals["bypass"] == 2
    assert [(r.label, r.value, r.extra) for r in report.categories] == [("Weapons", 7, 6)]
    assert {r.key: r.value for r in report.severities}["critical"] == 1
    assert [r.key for r in report.blocked_domains] == ["b.example.test", "a.example.test"]
    assert [(r.key, r.link) for r in report.repeat_identities] == [
        (identity.pseudonym, str(identity.pk))
    ]
    assert report.compared["blocked"].change == 100  # 120 against an average of 60
    assert len(report.trend) == 30
    assert report.trend[-1].blocked == 120


def test_yesterdays_alerts_still_open_are_counted(provider: Any, yesterday: Any) -> None:
    noon = timezone.make_aware(timezone.datetime.combine(yesterday, timezone.datetime.min.time()))
    noon += timedelta(hours=12)
    make_alert(provider, at=noon)
    make_alert(provider, at=noon, status=AlertStatus.ACKNOWLEDGED)
    make_alert(provider, at=noon - timedelta(days=3), severity=Severity.CRITICAL)
    alerts = daily_report_for(provider, yesterday).alerts
    assert alerts is not None
    assert (alerts.raised, alerts.triaged, alerts.still_open) == (2, 1, 1)
    assert (alerts.open_now, alerts.critical_open) == (2, 1)


def test_a_day_without_data_says_whether_sources_sent_logs(
    client: Any, provider: Any, leader: Any, yesterday: Any
) -> None:
    client.force_login(leader)
    url = reverse("online_safety:daily_report")
    assert "No log source is set up" in client.get(url).content.decode()
    source = make_source(provider, name="Main proxy")
    make_ingestion(source, last_at=timezone.now() - timedelta(days=5))
    page = client.get(url).content.decode()
    assert "None of the 1 log source sent logs for this day" in page
    assert "Main proxy" in page


def test_the_page_records_each_readers_first_opening(
    client: Any, provider: Any, leader: Any, yesterday: Any
) -> None:
    set_counts(provider, yesterday, requests=10, blocked=2)
    client.force_login(leader)
    url = reverse("online_safety:daily_report")
    for _ in range(2):
        page = client.get(url, {"date": yesterday.isoformat()})
        assert page.status_code == 200
    assert "Blocked attempts over 30 days" in page.content.decode()
    assert DailyReportRead.objects.filter(provider=provider, user=leader).count() == 1


def test_a_bad_date_on_the_page_answers_422(client: Any, provider: Any, leader: Any) -> None:
    client.force_login(leader)
    page = client.get(reverse("online_safety:daily_report"), {"date": "2026-02-30"})
    assert page.status_code == 422
    assert "is not a date" in page.content.decode()
    assert not DailyReportRead.objects.filter(provider=provider).exists()


def test_the_morning_message_is_a_link_sent_once(
    provider: Any, leader: Any, dsl: Any, make_user: Any, yesterday: Any
) -> None:
    make_user(provider, Role.IT_MANAGER, username="itm")
    make_source(provider)
    assert send_daily_report(provider=provider, day=yesterday) == 2
    assert send_daily_report(provider=provider, day=yesterday) == 0
    notes = Notification.objects.for_provider(provider)
    assert {n.user for n in notes} == {leader, dsl}
    assert {n.message for n in notes} == {REPORT_MESSAGE}
    assert all(n.url.endswith(f"?date={yesterday.isoformat()}") for n in notes)


def test_the_command_covers_yesterday_and_refuses_a_bad_date(
    provider: Any, leader: Any, yesterday: Any
) -> None:
    make_source(provider)
    out = StringIO()
    call_command("send_daily_it_report", stdout=out)
    assert f"for {yesterday.isoformat()}: told 1 reader at 1 provider" in out.getvalue()
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("send_daily_it_report", "--date", "yesterday")
