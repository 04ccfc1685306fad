"""Writes for monitoring configuration: log sources and the provider's settings (alert
threshold, grouping window, raw-log retention). Every service validates all fields first (each
error names its field, nothing is written), saves, and audits in the same transaction; audit
rows name the fields changed.
"""

from __future__ import annotations

import ipaddress
import re
import zoneinfo
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from preventhub.audit.services import audit_record
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider, Site
from preventhub.online_safety.choices import LogFormat, Severity, SourceKind
from preventhub.online_safety.models import LogSource, OnlineSafetySettings
from preventhub.online_safety.parsers.csv_mapped import CsvMapping, MappingError

MAX_NAME = 120
MAX_PATTERNS = 50
MAX_HOSTS = 20
MAX_WINDOW_MINUTES = 24 * 60
MAX_RETENTION_DAYS = 730  # raw logs are personal data: two years is the longest we keep them
SOURCE_FIELDS = (
    "name", "site", "kind", "format", "time_zone", "identity_mapping", "guest_patterns",
    "csv_mapping", "syslog_hosts",
)  # fmt: skip
_HOSTNAME = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?")
_PATTERN = re.compile(r"[^\s]{1,100}")


@cache
def time_zones() -> list[str]:
    return sorted(zoneinfo.available_timezones())


class Collected:
    """Runs each field's check and keeps every error, so a form shows them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def take(self, field: str, check: Callable[[], Any]) -> Any:
        try:
            return check()
        except ValidationError as exc:
            for key, messages in _by_field(exc, field).items():
                self.errors.setdefault(key, []).extend(messages)
        except ValueError as exc:
            self.errors.setdefault(field, []).append(str(exc))
        return None

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _by_field(exc: ValidationError, field: str) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {field: exc.messages}


# --- field checks (each raises ValueError with a message for the field) -------------------------


def clean_name(value: Any) -> str:
    name = " ".join(str(value or "").split())
    if not name:
        raise ValueError("Enter a name for the log source, e.g. Main campus proxy.")
    if len(name) > MAX_NAME:
        raise ValueError(f"Keep the name under {MAX_NAME} characters.")
    return name


def clean_choice(value: Any, choices: Any, what: str) -> str:
    if value not in choices.values:
        raise ValueError(f"Unknown {what} {value!r}: choose one of the list.")
    return str(value)


def clean_time_zone(value: Any) -> str:
    name = str(value or "").strip()
    if name not in time_zones():
        raise ValueError(
            f"{name or 'An empty value'} is not a time zone name: use one such as "
            "Europe/London or UTC."
        )
    return name


def clean_site(provider: Provider, site: Any) -> Site | None:
    if site in (None, ""):
        return None
    if not isinstance(site, Site) or site.provider_id != provider.pk:
        raise ValueError("No such site at this provider.")
    return site


def clean_identity_mapping(value: Any) -> dict[str, bool]:
    mapping = value if isinstance(value, dict) else {}
    unknown = sorted(set(mapping) - {"lowercase", "strip_domain"})
    if unknown:
        raise ValueError(f"Unknown identity mapping options: {', '.join(unknown)}.")
    return {
        "lowercase": bool(mapping.get("lowercase", True)),
        "strip_domain": bool(mapping.get("strip_domain", True)),
    }


def _items(value: Any) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else list(value or [])
    return list(dict.fromkeys(s for s in (str(i).strip() for i in items) if s))


def clean_guest_patterns(value: Any) -> list[str]:
    """Shell-style patterns (``guest*``, ``visitor-??``) of identities that are guest log-ins."""
    patterns = [p.lower() for p in _items(value)]
    if len(patterns) > MAX_PATTERNS:
        raise ValueError(f"At most {MAX_PATTERNS} guest patterns.")
    for pattern in patterns:
        if _PATTERN.fullmatch(pattern) is None:
            raise ValueError(f"{pattern!r}: a pattern has no spaces and is under 100 characters.")
        if not pattern.strip("*?"):
            raise ValueError(f"{pattern!r} would make every identity a guest.")
    return patterns


def clean_syslog_hosts(value: Any) -> list[str]:
    """Host names (as in the syslog header) or addresses of the devices that send logs."""
    hosts = [h.lower() for h in _items(value)]
    if len(hosts) > MAX_HOSTS:
        raise ValueError(f"At most {MAX_HOSTS} sending hosts.")
    for host in hosts:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if _HOSTNAME.fullmatch(host) is None or ".." in host:
                raise ValueError(f"{host!r} is not a host name or an IP address.") from None
    return hosts


def clean_csv_mapping(value: Any) -> dict[str, Any]:
    """The saved CSV column mapping, checked with the ingestion's own reader of it."""
    raw = value if isinstance(value, dict) else {}
    columns: dict[str, str | int] = {}
    has_header = bool(raw.get("has_header", True))
    for field, column in (raw.get("columns") or {}).items():
        text = str(column).strip()
        if not text:
            continue
        if not has_header:
            if not text.isdigit():
                raise ValueError(
                    f"Without a header row, give column positions (0, 1, ...), not {text!r}."
                )
            columns[field] = int(text)
        else:
            columns[field] = text
    mapping: dict[str, Any] = {
        "has_header": has_header,
        "delimiter": str(raw.get("delimiter") or ","),
        "timestamp_format": str(raw.get("timestamp_format") or "").strip(),
        "blocked_values": _items(raw.get("blocked_values")) or ["blocked", "denied"],
        "columns": columns,
    }
    if mapping["delimiter"] == "\\t":
        mapping["delimiter"] = "\t"
    try:
        CsvMapping.from_saved(mapping)
    except MappingError as exc:
        raise ValueError(str(exc)) from exc
    _check_timestamp_format(mapping["timestamp_format"])
    return mapping


def _check_timestamp_format(fmt: str) -> None:
    if not fmt:
        return  # ISO 8601 or epoch seconds, recognised by themselves
    if "%" not in fmt:
        raise ValueError("The timestamp format needs % codes, e.g. %d/%m/%Y %H:%M:%S.")
    sample = datetime(2026, 3, 14, 15, 9, 26)  # noqa: DTZ001  (a format check, no zone needed)
    try:
        datetime.strptime(sample.strftime(fmt), fmt)  # noqa: DTZ007  (round trip only)
    except ValueError as exc:
        raise ValueError(f"The timestamp format {fmt!r} cannot be read back ({exc}).") from exc


# --- settings ------------------------------------------------------------------------------------


def settings_for(provider: Provider) -> OnlineSafetySettings:
    found, _ = OnlineSafetySettings.objects.get_or_create(provider=provider)
    return found


def _whole(value: Any, low: int, high: int, what: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Enter {what} as a whole number.") from exc
    if not low <= number <= high:
        raise ValueError(f"Enter {what} from {low} to {high:,}.")
    return number


def settings_update(
    *,
    actor: Any,
    provider: Provider,
    alert_threshold: Any,
    group_window_minutes: Any,
    raw_retention_days: Any,
) -> OnlineSafetySettings:
    checks = Collected()
    values = {
        "alert_threshold": checks.take(
            "alert_threshold", lambda: clean_choice(alert_threshold, Severity, "severity")
        ),
        "group_window_minutes": checks.take(
            "group_window_minutes",
            lambda: _whole(group_window_minutes, 1, MAX_WINDOW_MINUTES, "the minutes"),
        ),
        "raw_retention_days": checks.take(
            "raw_retention_days",
            lambda: _whole(raw_retention_days, 1, MAX_RETENTION_DAYS, "the days"),
        ),
    }
    checks.raise_any()
    with transaction.atomic():
        current = settings_for(provider)
        changed = [k for k, v in values.items() if getattr(current, k) != v]
        for key, value in values.items():
            setattr(current, key, value)
        current.save()
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            provider_id=provider.pk,
            changed_fields=changed,
            detail={k: values[k] for k in changed},
        )
    return current


# --- log sources --------------------------------------------------------------------------------


def _source_values(provider: Provider, values: dict[str, Any]) -> dict[str, Any]:
    checks = Collected()
    fmt = checks.take("format", lambda: clean_choice(values.get("format"), LogFormat, "format"))
    cleaned = {
        "name": checks.take("name", lambda: clean_name(values.get("name"))),
        "site": checks.take("site", lambda: clean_site(provider, values.get("site"))),
        "kind": checks.take(
            "kind", lambda: clean_choice(values.get("kind"), SourceKind, "kind of source")
        ),
        "format": fmt,
        "time_zone": checks.take("time_zone", lambda: clean_time_zone(values.get("time_zone"))),
        "identity_mapping": checks.take(
            "identity_mapping", lambda: clean_identity_mapping(values.get("identity_mapping"))
        ),
        "guest_patterns": checks.take(
            "guest_patterns", lambda: clean_guest_patterns(values.get("guest_patterns"))
        ),
        "syslog_hosts": checks.take(
            "syslog_hosts", lambda: clean_syslog_hosts(values.get("syslog_hosts"))
        ),
        "csv_mapping": {},
    }
    if fmt == LogFormat.CSV:
        cleaned["csv_mapping"] = checks.take(
            "csv_mapping", lambda: clean_csv_mapping(values.get("csv_mapping"))
        )
    checks.raise_any()
    return cleaned


def _refuse_clashes(provider: Provider, cleaned: dict[str, Any], current: LogSource | None) -> None:
    same = LogSource.objects.for_provider(provider).filter(name__iexact=cleaned["name"])
    if current is not None:
        same = same.exclude(pk=current.pk)
    if same.exists():
        raise ConflictError({"name": f"There is already a log source called {cleaned['name']}."})
    # The syslog listener routes a message by its sending host across every provider, so a
    # host may belong to one active source only (another provider's is not named).
    others = LogSource.unscoped.filter(is_active=True).exclude(syslog_hosts=[])
    if current is not None:
        others = others.exclude(pk=current.pk)
    wanted = set(cleaned["syslog_hosts"])
    for other in others.only("syslog_hosts", "provider_id", "name"):
        taken = sorted(wanted & {str(h).lower() for h in other.syslog_hosts or []})
        if taken:
            whose = f" ({other.name})" if other.provider_id == provider.pk else ""
            raise ConflictError(
                {"syslog_hosts": f"{', '.join(taken)} already sends to another log source{whose}."}
            )


def source_create(*, actor: Any, provider: Provider, **values: Any) -> LogSource:
    """A log source: ``name``, ``kind``, ``format``, ``time_zone`` and optionally ``site``,
    ``identity_mapping``, ``guest_patterns``, ``syslog_hosts`` and (CSV) ``csv_mapping``."""
    cleaned = _source_values(provider, values)
    with transaction.atomic():
        _refuse_clashes(provider, cleaned, None)
        source = LogSource(provider=provider, **cleaned)
        try:
            with transaction.atomic():
                source.save()
        except IntegrityError as exc:
            raise ConflictError({"name": "That log source has just been added."}) from exc
        audit_record(actor=actor, action="create", obj=source, changed_fields=SOURCE_FIELDS)
    return source


def source_update(*, actor: Any, source: LogSource, **values: Any) -> LogSource:
    cleaned = _source_values(source.provider, values)
    with transaction.atomic():
        locked: LogSource = (
            LogSource.objects.for_provider(source.provider_id).select_for_update().get(pk=source.pk)
        )
        _refuse_clashes(source.provider, cleaned, locked)
        changed = [k for k, v in cleaned.items() if getattr(locked, k) != v]
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.save()
        audit_record(actor=actor, action="update", obj=locked, changed_fields=changed)
    return locked


def source_set_active(*, actor: Any, source: LogSource, active: bool) -> LogSource:
    """Deactivate a source no longer sending (its ingestions and events stay), or reactivate
    it (its syslog hosts must still be free)."""
    with transaction.atomic():
        locked: LogSource = (
            LogSource.objects.for_provider(source.provider_id).select_for_update().get(pk=source.pk)
        )
        if locked.is_active == active:
            return locked
        if active:
            values = {"name": locked.name, "syslog_hosts": locked.syslog_hosts or []}
            _refuse_clashes(locked.provider, values, locked)
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=locked,
            changed_fields=["is_active"],
            detail={"active": active},
        )
    return locked
