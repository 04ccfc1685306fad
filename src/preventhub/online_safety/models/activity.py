"""What monitoring found: identities (pseudonymised), ingestions, flagged events, alerts and
daily counts. The raw normalised logs live outside the database, in columnar files by provider
and day; only flagged events, alerts and the daily counts are stored here."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.online_safety.choices import (
    AlertStatus,
    HitKind,
    IngestVia,
    RequestAction,
    Severity,
)


class Identity(ProviderScopedModel):
    """A user name (or client address) seen in the logs. The IT manager and the reports see
    only the pseudonym ("U-7F3A21"); the username is stored encrypted, and only the
    safeguarding team sees it and links the identity to a person in the people register —
    the system never labels a person by itself."""

    identity_hash = models.CharField(max_length=64)  # HMAC of the normalised identity
    pseudonym = models.CharField(max_length=16)
    username = EncryptedTextField()
    is_guest = models.BooleanField(default=False)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "identity_hash"], name="online_identity_unique"
            ),
            models.UniqueConstraint(
                fields=["provider", "pseudonym"], name="online_identity_unique_pseudonym"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Ingestion(ProviderScopedModel):
    """One file (or one batch of syslog messages) ingested from a source: its content hash
    (the same file twice is recognised), line counts, rejected lines counted per reason with a
    sample of each for the IT manager, and what was flagged. Written in the same transaction as
    its events and alerts, so an ingestion killed half way leaves nothing behind."""

    source = models.ForeignKey(
        "online_safety.LogSource", on_delete=models.PROTECT, related_name="+"
    )
    via = models.CharField(max_length=10, choices=IngestVia.choices)
    file_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    lines = models.PositiveBigIntegerField(default=0)
    parsed = models.PositiveBigIntegerField(default=0)
    rejected = models.PositiveBigIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    alerts = models.PositiveIntegerField(default=0)
    rejects_by_reason = models.JSONField(default=dict, blank=True)  # {"bad_timestamp": 3}
    reject_samples = models.JSONField(default=dict, blank=True)  # {"bad_timestamp": ["..."]}
    first_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "sha256"], name="online_ingestion_unique")
        ]

    def __str__(self) -> str:
        return self.file_name or self.sha256[:12]


class Alert(ProviderScopedModel):
    """Hits by one identity on one theme within the provider's window, grouped so that a
    learner's twenty searches make one alert, not twenty. ``group_key`` makes grouping
    idempotent: re-ingesting overlapping logs adds to nothing. A human triages every alert:
    acknowledged, a false positive (with the reason), or turned into a concern."""

    identity = models.ForeignKey(Identity, on_delete=models.PROTECT, related_name="alerts")
    theme = models.SlugField(max_length=60)  # category key or keyword theme
    severity = models.CharField(max_length=10, choices=Severity.choices)
    is_filter_failure = models.BooleanField(default=False)
    is_bypass = models.BooleanField(default=False)
    group_key = models.CharField(max_length=64)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    hit_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    false_positive_reason = models.TextField(blank=True)
    triage_note = models.TextField(blank=True)
    concern = models.ForeignKey(
        "concerns.Concern", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-last_seen"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "group_key"], name="online_alert_group")
        ]
        indexes = [models.Index(fields=["provider", "status", "-last_seen"])]

    def __str__(self) -> str:
        return f"{self.theme} ({self.identity_id})"


class FlaggedEvent(models.Model):
    """One request that matched a list, a keyword, a vendor category or a bypass pattern, or
    that a blocked category let through. ``line_key`` (a hash of the raw line and its
    occurrence) makes re-ingestion of the same or overlapping lines add nothing."""

    id = models.BigAutoField(primary_key=True)
    provider = models.ForeignKey("core.Provider", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey(
        "online_safety.LogSource", on_delete=models.PROTECT, related_name="+"
    )
    ingestion = models.ForeignKey(Ingestion, on_delete=models.PROTECT, related_name="events")
    line_key = models.CharField(max_length=32)
    occurred_at = models.DateTimeField()
    identity = models.ForeignKey(Identity, on_delete=models.PROTECT, related_name="events")
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=RequestAction.choices)
    host = models.CharField(max_length=253)
    url = models.TextField()
    kind = models.CharField(max_length=20, choices=HitKind.choices)
    theme = models.SlugField(max_length=60)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    matched = models.CharField(max_length=253, blank=True)  # the domain, term or vendor code
    search_terms = models.TextField(blank=True)
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "line_key"], name="online_event_unique")
        ]
        indexes = [
            models.Index(fields=["provider", "occurred_at"]),
            models.Index(fields=["identity", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.host}"


class DailyCount(models.Model):
    """A daily aggregate for the leaders' report and its 30-day trend: ``metric`` names what
    is counted (e.g. "requests", "blocked", "category:weapons", "severity:high",
    "blocked_domain:example.test", "identity:U-7F3A21", "guest_requests", "bypass",
    "filter_failures"). Recomputed for a whole day from the columnar store after each
    ingestion, so re-ingesting never double-counts."""

    provider = models.ForeignKey("core.Provider", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    metric = models.CharField(max_length=300)
    value = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "day", "metric"], name="online_daily_count_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric}={self.value}"


class DailyReportRead(models.Model):
    """Who opened the daily IT report for which day, and when: the compliance view asks
    whether leaders actually read it ("reports so generic that they were of little use")."""

    provider = models.ForeignKey("core.Provider", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "day", "user"], name="online_report_read_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} read by {self.user_id}"


class PoliceShare(ProviderScopedModel):
    """A record of what was shared with the police Prevent team: the anonymised "most
    attempted blocked sites" for a period — domains and counts only, never identities."""

    period_start = models.DateField()
    period_end = models.DateField()
    recipient = models.CharField(max_length=200)
    rows = models.JSONField(default=list)  # [{"domain": ..., "attempts": ...}]
    note = models.TextField(blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Shared {self.period_start}–{self.period_end} with {self.recipient}"
