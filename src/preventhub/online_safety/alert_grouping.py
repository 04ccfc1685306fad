"""Turning flagged events into alerts a person can triage, without alert fatigue.

Hits at or above the provider's threshold (and every filter failure) are grouped per identity,
theme and window (``group_window_minutes``, fixed windows counted from the epoch), so a
learner's twenty searches in an hour make one alert. ``group_key`` is a hash of provider,
identity, theme and window: re-ingesting the same or overlapping lines finds the alert that is
already there. Hits that arrive for an alert a person has already closed (acknowledged, false
positive, concern raised) open a follow-up alert rather than disappearing into a closed one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from preventhub.online_safety.choices import SEVERITY_RANK, AlertStatus, HitKind, Severity
from preventhub.online_safety.models import Alert


@dataclass
class Grouping:
    created: list[Alert] = field(default_factory=list)
    updated: list[Alert] = field(default_factory=list)
    alert_of_line: dict[int, Any] = field(default_factory=dict)  # line_key → alert id


def group_key(provider_id: int, identity_hash: str, theme: str, window: int) -> str:
    text = f"{provider_id}|{identity_hash}|{theme}|{window}"
    return hashlib.sha256(text.encode()).hexdigest()


def alertable(events: pl.DataFrame, threshold: str) -> pl.DataFrame:
    rank = SEVERITY_RANK[Severity(threshold)]
    ranks = {str(s): r for s, r in SEVERITY_RANK.items()}
    sev = pl.col("severity").replace_strict(ranks, default=0, return_dtype=pl.Int8)
    return events.filter((sev >= rank) | (pl.col("flag_kind") == HitKind.FILTER_FAILURE))


def group(
    *,
    provider_id: int,
    events: pl.DataFrame,
    identity_ids: dict[str, Any],
    threshold: str,
    window_minutes: int,
) -> Grouping:
    """Create or extend alerts for new flagged ``events`` (identity_hash, theme, severity,
    flag_kind, ts, line_key); returns them and which alert each line belongs to."""
    result = Grouping()
    events = alertable(events, threshold)
    if events.is_empty():
        return result
    seconds = max(window_minutes, 1) * 60
    events = events.with_columns(
        (pl.col("ts").dt.epoch("s") // seconds).alias("window"),
    )
    groups = events.group_by("identity_hash", "theme", "window").agg(
        pl.col("line_key"), pl.col("ts").min().alias("first"), pl.col("ts").max().alias("last"),
        pl.col("severity"), pl.col("flag_kind"),
    )  # fmt: skip
    keyed = {
        group_key(provider_id, row["identity_hash"], row["theme"], row["window"]): row
        for row in groups.iter_rows(named=True)
    }
    existing = _existing(provider_id, list(keyed))
    for key, row in keyed.items():
        alert = existing.get(key)
        if alert is not None and alert.status != AlertStatus.OPEN:
            key = hashlib.sha256(f"{key}|{min(row['line_key'])}".encode()).hexdigest()
            alert = _existing(provider_id, [key]).get(key)
        if alert is None:
            alert = _new_alert(provider_id, key, row, identity_ids[row["identity_hash"]])
            result.created.append(alert)
        else:
            _extend(alert, row)
            result.updated.append(alert)
        for line_key in row["line_key"]:
            result.alert_of_line[line_key] = alert.pk
    return result


def _existing(provider_id: int, keys: list[str]) -> dict[str, Alert]:
    found: dict[str, Alert] = {}
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        for alert in Alert.objects.for_provider(provider_id).filter(group_key__in=batch):
            found[alert.group_key] = alert
    return found


def _worst(severities: list[str], kinds: list[str]) -> tuple[str, bool, bool]:
    failure = HitKind.FILTER_FAILURE in kinds
    severity = max(severities, key=lambda s: SEVERITY_RANK[Severity(s)])
    if failure:
        severity = Severity.CRITICAL
    return str(severity), failure, HitKind.BYPASS in kinds


def _new_alert(provider_id: int, key: str, row: dict[str, Any], identity_id: Any) -> Alert:
    severity, failure, bypass = _worst(row["severity"], row["flag_kind"])
    return Alert(
        provider_id=provider_id,
        identity_id=identity_id,
        theme=str(row["theme"])[:60],
        severity=severity,
        is_filter_failure=failure,
        is_bypass=bypass,
        group_key=key,
        first_seen=row["first"],
        last_seen=row["last"],
        hit_count=len(row["line_key"]),
    )


def _extend(alert: Alert, row: dict[str, Any]) -> None:
    severity, failure, bypass = _worst([*row["severity"], alert.severity], row["flag_kind"])
    alert.severity = severity
    alert.is_filter_failure = alert.is_filter_failure or failure
    alert.is_bypass = alert.is_bypass or bypass
    first: datetime = row["first"]
    last: datetime = row["last"]
    alert.first_seen = min(alert.first_seen, first)
    alert.last_seen = max(alert.last_seen, last)
    alert.hit_count += len(row["line_key"])
