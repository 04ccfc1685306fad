"""The ingestion pipeline: counts, events, grouped alerts and notifications, daily counts,
pseudonyms, idempotency (same file, overlapping files), and resuming after a crash between any
two steps with nothing half-written."""

from __future__ import annotations

import gzip
import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import TestCase

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.notifications.models import Notification
from preventhub.online_safety import ingest as pipeline
from preventhub.online_safety import store
from preventhub.online_safety.alert_notifications import MESSAGE
from preventhub.online_safety.choices import AlertStatus
from preventhub.online_safety.ingest import IngestError, ingest_stream
from preventhub.online_safety.models import Alert, DailyCount, FlaggedEvent, Identity, Ingestion
from preventhub.online_safety.retention import purge_raw_logs
from preventhub.online_safety.tests import factories_ingest as f
from preventhub.testing.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 23)


def lines(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


def run(source, data: bytes, name: str = "access.log", **kwargs):
    return ingest_stream(
        actor=None, source=source, stream=io.BytesIO(data), file_name=name, via="command",
        **kwargs,
    )  # fmt: skip


def day_counts(provider) -> dict[str, int]:
    return dict(
        DailyCount.objects.filter(provider=provider, day=DAY).values_list("metric", "value")
    )


@pytest.fixture
def source(provider):
    f.standard_lists(provider)
    return f.source(provider)


SAMPLE = lines(
    f.squid("http://www.extreme-example.test/a", code="TCP_MISS/200"),  # filter failure
    f.squid("https://www.google.com/search?q=how+to+make+a+bomb", at=f.T0 + 60),
    f.squid("https://www.google.com/search?q=make+a+bomb+at+home", at=f.T0 + 120),
    f.squid("http://weapons-example.test/", code="TCP_DENIED/403", user="guest12"),
    f.squid("http://www.bbc.test/news", user="CORP\\Amy"),
    "garbage line",
)


def test_a_file_is_counted_classified_grouped_and_stored(source, provider):
    result = run(source, SAMPLE).as_dict()
    assert {k: result[k] for k in ("lines", "parsed", "rejected", "flagged", "alerts")} == {
        "lines": 6, "parsed": 5, "rejected": 1, "flagged": 4, "alerts": 2,
    }  # fmt: skip
    assert result["rejects_by_reason"] == {"too_few_fields": 1}
    bomb = Alert.objects.for_provider(provider).get(theme="violence")
    assert (bomb.hit_count, bomb.severity) == (2, "critical")  # two searches, one alert
    failure = Alert.objects.for_provider(provider).get(theme="extremism")
    assert failure.is_filter_failure
    assert failure.severity == "critical"
    # The medium weapons hit is below the (high) threshold: an event, no alert.
    weapons = FlaggedEvent.objects.get(theme="weapons")
    assert weapons.alert is None
    counts = day_counts(provider)
    assert counts["requests"] == 5
    assert counts["blocked"] == 1
    assert counts["flagged"] == 4
    assert counts["filter_failures"] == 1
    assert counts["guest_requests"] == 1
    assert counts["guest_identities"] == 1
    assert counts["identities"] == 3
    assert counts["category:extremism"] == 1
    assert counts["category_blocked:weapons"] == 1
    assert counts["severity:critical"] == 3
    assert counts["blocked_domain:weapons-example.test"] == 1
    assert sum(v for k, v in counts.items() if k.startswith("identity:")) == 4


def test_names_never_reach_the_store_and_identities_are_pseudonymised(source, provider):
    run(source, SAMPLE)
    frame = store.scan(provider.pk, DAY, DAY).collect()
    text = str(frame.rows()).lower()
    assert "jsmith" not in text
    assert "corp" not in text
    assert "guest12" not in text
    identities = {i.username: i for i in Identity.objects.for_provider(provider)}
    assert set(frame.get_column("pseudonym")) == {i.pseudonym for i in identities.values()}
    assert sorted(identities) == ["amy", "guest12", "jsmith"]  # CORP\Amy → amy
    assert identities["amy"].pseudonym.startswith("U-")
    assert not identities["amy"].is_guest
    assert identities["guest12"].is_guest


def test_the_same_file_twice_is_recognised_and_changes_nothing(source, provider):
    run(source, SAMPLE)
    before = (FlaggedEvent.objects.count(), Alert.unscoped.count(), day_counts(provider))
    again = run(source, SAMPLE, name="renamed.log")
    assert again.already_ingested
    assert again.as_dict()["alerts"] == 0
    assert (FlaggedEvent.objects.count(), Alert.unscoped.count(), day_counts(provider)) == before
    assert Ingestion.objects.for_provider(provider).count() == 1


def test_overlapping_files_add_no_duplicate_events_alerts_or_counts(source, provider):
    rows = SAMPLE.decode().splitlines()
    run(source, lines(*rows[:4]))
    second = run(source, lines(*rows[2:], f.squid("http://late.test/", at=f.T0 + 900)))
    assert second.as_dict()["alerts"] == 0
    assert FlaggedEvent.objects.count() == 4
    assert Alert.objects.for_provider(provider).get(theme="violence").hit_count == 2
    counts = day_counts(provider)
    assert counts["requests"] == 6
    assert counts["flagged"] == 4


def test_gzip_files_are_ingested_and_a_truncated_one_writes_nothing(source, provider):
    packed = gzip.compress(SAMPLE)
    with pytest.raises(IngestError, match="truncated"):
        run(source, packed[:-20], name="access.log.gz")
    assert not Ingestion.objects.for_provider(provider).exists()
    assert not store.stored_days(provider.pk)
    assert run(source, packed, name="access.log.gz").as_dict()["parsed"] == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        (
            lines('10.1.2.3 - u [23/Nov/2026:09:00:00 +0000] "GET http://a.test/ HTTP/1.1" 200 1'),
            "Check the format",
        ),
    ],
)
def test_unusable_files_are_refused_with_nothing_written(source, provider, data, message):
    with pytest.raises(IngestError, match=message):
        run(source, data)
    assert not Ingestion.objects.for_provider(provider).exists()
    assert not FlaggedEvent.objects.exists()
    assert not store.stored_days(provider.pk)
    assert not store.staged_parts(provider.pk, "")


@pytest.mark.parametrize("step", ["staged", "committed", "published"])
def test_a_run_killed_between_steps_leaves_nothing_half_written_and_a_rerun_completes(
    source, provider, monkeypatch, step
):
    def crash(name: str) -> None:
        if name == step:
            raise KeyboardInterrupt  # as abrupt as it gets inside the process

    monkeypatch.setattr(pipeline, "checkpoint", crash)
    with pytest.raises(KeyboardInterrupt):
        run(source, SAMPLE)
    committed = Ingestion.objects.for_provider(provider).first()
    if step == "staged":
        assert committed is None
        assert not FlaggedEvent.objects.exists()
    else:
        assert committed is not None
        assert committed.finished_at is None
    assert not day_counts(provider)  # no figures from an unfinished run
    assert not store.staged_parts(provider.pk, "")
    monkeypatch.setattr(pipeline, "checkpoint", lambda name: None)
    result = run(source, SAMPLE)
    assert result.resumed == (step != "staged")
    assert Ingestion.objects.for_provider(provider).get().finished_at is not None
    assert FlaggedEvent.objects.count() == 4
    assert Alert.unscoped.count() == 2
    assert day_counts(provider)["requests"] == 5


def test_alert_notifications_carry_a_fixed_phrase_and_a_link_only(source, provider):
    dsl = grant(UserFactory(email="lead@college.test"), provider, Role.DSL)
    grant(UserFactory(email="it@college.test"), provider, Role.IT_MANAGER)
    grant(UserFactory(email="teacher@college.test"), provider, Role.STAFF)
    with TestCase.captureOnCommitCallbacks(execute=True):
        run(source, SAMPLE)
    notes = Notification.objects.for_provider(provider).filter(user=dsl)
    assert notes.count() == 2
    assert {n.message for n in notes} == {MESSAGE}
    assert all(n.url.startswith("/online-safety/alerts/") for n in notes)
    assert sorted({a for m in mail.outbox for a in m.to}) == [
        "it@college.test",
        "lead@college.test",
    ]
    for message in mail.outbox:
        assert "bomb" not in message.body
        assert "extreme-example" not in message.body


def test_hits_after_an_alert_was_triaged_open_a_follow_up_alert(source, provider):
    run(source, lines(f.squid("https://www.google.com/search?q=make+a+bomb")))
    alert = Alert.objects.for_provider(provider).get()
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.save()
    run(source, lines(f.squid("https://www.google.com/search?q=make+a+bomb+now", at=f.T0 + 30)))
    alerts = Alert.objects.for_provider(provider).order_by("created_at")
    assert [a.status for a in alerts] == ["acknowledged", "open"]
    assert alerts[0].hit_count == 1


def test_hits_in_separate_windows_make_separate_alerts(source, provider):
    f.settings_for(provider, group_window_minutes=10)
    run(source, lines(
        f.squid("https://www.google.com/search?q=make+a+bomb"),
        f.squid("https://www.google.com/search?q=make+a+bomb", at=f.T0 + 3600),
    ))  # fmt: skip
    assert Alert.objects.for_provider(provider).count() == 2


def test_a_lower_threshold_alerts_on_medium_hits(source, provider):
    f.settings_for(provider, alert_threshold="medium")
    result = run(source, lines(f.squid("http://weapons-example.test/", code="TCP_DENIED/403")))
    assert result.as_dict()["alerts"] == 1


def test_raw_days_past_retention_are_purged_and_audited(source, provider):
    f.settings_for(provider, raw_retention_days=30)
    run(source, SAMPLE)
    assert purge_raw_logs(today=DAY + timedelta(days=10)) == {provider.slug: []}
    report = purge_raw_logs(today=DAY + timedelta(days=31))
    assert report == {provider.slug: [DAY]}
    assert store.stored_days(provider.pk) == []
    assert FlaggedEvent.objects.count() == 4  # the database keeps what was flagged
    assert AuditEvent.objects.filter(
        action="delete", object_type="online_safety.rawlogday"
    ).exists()


def test_an_ingestion_is_audited(source, provider):
    ingestion = run(source, SAMPLE).ingestion
    event = AuditEvent.objects.get(object_id=str(ingestion.pk), action="create")
    assert event.detail["lines"] == 6
