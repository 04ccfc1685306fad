"""The vocabularies of online-safety monitoring: log formats, severities, alert states."""

from __future__ import annotations

from django.db import models


class LogFormat(models.TextChoices):
    SQUID_NATIVE = "squid_native", "Squid native access.log"
    SQUID_COMBINED = "squid_combined", "Squid combined (Apache-style)"
    E2GUARDIAN = "e2guardian", "E2Guardian access log"
    FORTIGATE = "fortigate", "FortiGate web-filter syslog (key=value)"
    CSV = "csv", "CSV with a saved column mapping"


class SourceKind(models.TextChoices):
    WEB_PROXY = "web_proxy", "Web proxy"
    WEB_FILTER = "web_filter", "Web filter"
    FIREWALL = "firewall", "Firewall"


class Severity(models.TextChoices):
    """Ordered: a provider's alert threshold is one of these; critical always alerts."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


SEVERITY_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


class RequestAction(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    BLOCKED = "blocked", "Blocked"


class HitKind(models.TextChoices):
    """Why a request was flagged."""

    CATEGORY = "category", "Site in a category list"
    KEYWORD = "keyword", "Search term or path keyword"
    VENDOR_CATEGORY = "vendor_category", "The filter's own category"
    BYPASS = "bypass", "Filter bypass attempt"
    FILTER_FAILURE = "filter_failure", "Allowed in a blocked category"


class IngestVia(models.TextChoices):
    UPLOAD = "upload", "Uploaded"
    COMMAND = "command", "Scheduled pickup"
    SYSLOG = "syslog", "Live syslog"
    API = "api", "API"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Needs triage"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    FALSE_POSITIVE = "false_positive", "False positive"
    CONCERN_RAISED = "concern_raised", "Concern raised"


ALERT_TRANSITIONS: dict[str, frozenset[str]] = {
    AlertStatus.OPEN: frozenset(
        {AlertStatus.ACKNOWLEDGED, AlertStatus.FALSE_POSITIVE, AlertStatus.CONCERN_RAISED}
    ),
    AlertStatus.ACKNOWLEDGED: frozenset({AlertStatus.FALSE_POSITIVE, AlertStatus.CONCERN_RAISED}),
    AlertStatus.FALSE_POSITIVE: frozenset(),
    AlertStatus.CONCERN_RAISED: frozenset(),
}
