"""Where web-filter logs come from, and the provider's monitoring settings."""

from __future__ import annotations

from django.db import models

from preventhub.core.scoping import ProviderScopedModel
from preventhub.online_safety.choices import LogFormat, Severity, SourceKind

DEFAULT_GROUP_WINDOW_MINUTES = 60
DEFAULT_RAW_RETENTION_DAYS = 90


class OnlineSafetySettings(models.Model):
    """Per provider: the severity at which a hit raises an alert (a filter failure always
    does), the window within which one identity's hits on one theme group into one alert, and
    how long the raw normalised logs are kept in the columnar store."""

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="online_safety_settings"
    )
    alert_threshold = models.CharField(
        max_length=10, choices=Severity.choices, default=Severity.HIGH
    )
    group_window_minutes = models.PositiveIntegerField(default=DEFAULT_GROUP_WINDOW_MINUTES)
    raw_retention_days = models.PositiveIntegerField(default=DEFAULT_RAW_RETENTION_DAYS)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Online-safety settings for provider {self.provider_id}"


class LogSource(ProviderScopedModel):
    """One proxy, filter or firewall whose logs are ingested: its site, format, time zone
    (Squid logs epoch seconds, FortiGate local time), how a log's user field maps to an
    identity, which identities are guest accounts, and (for CSV) the saved column mapping.
    A source with no logs for a school day is itself a finding: monitoring that silently
    stopped is the survey's "unnoticed until a teacher walked past"."""

    name = models.CharField(max_length=120)
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=SourceKind.choices)
    format = models.CharField(max_length=20, choices=LogFormat.choices)
    time_zone = models.CharField(max_length=64, default="Europe/London")
    # e.g. {"lowercase": true, "strip_domain": true} — DOMAIN\\user and user@domain → user.
    identity_mapping = models.JSONField(default=dict, blank=True)
    # Shell-style patterns (fnmatch) of identities that are guest log-ins, e.g. ["guest*"].
    guest_patterns = models.JSONField(default=list, blank=True)
    # CSV only: {"has_header": true, "delimiter": ",", "columns": {"timestamp": "Time", ...}}
    csv_mapping = models.JSONField(default=dict, blank=True)
    # Live syslog: the sending hosts (name or address) whose messages belong to this source.
    syslog_hosts = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "name"], name="online_source_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
