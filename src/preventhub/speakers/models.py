"""External speakers, events and lettings: request → checks → risk-based decision → outcome.

One central register per provider: every request, whoever in whichever department made it, is a
row here, so leaders can always say which speakers came, when, on what topic and with what
benefit. Check notes can hold personal data about a speaker and are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.speakers.choices import (
    Audience,
    CheckKind,
    CheckOutcome,
    Consent,
    Decision,
    RequestKind,
    RiskLevel,
    Status,
)


def default_required_checks() -> list[str]:
    return [CheckKind.INTERNET_SEARCH, CheckKind.MATERIALS_REVIEW]


def default_approvers() -> dict[str, list[str]]:
    return {
        RiskLevel.LOW: ["speaker_coordinator", "senior_leader", "dsl"],
        RiskLevel.MEDIUM: ["speaker_coordinator", "senior_leader", "dsl"],
        RiskLevel.HIGH: ["senior_leader"],
    }


class SpeakerSettings(models.Model):
    """Per provider: notice period, minimum checks, and who may approve at each risk level."""

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="speaker_settings"
    )
    minimum_notice_working_days = models.PositiveSmallIntegerField(default=10)
    required_checks = models.JSONField(default=default_required_checks)
    approvers = models.JSONField(default=default_approvers)
    # Previous appearances are looked up across the group's providers when this is on.
    share_register_with_group = models.BooleanField(default=False)
    outcome_overdue_days = models.PositiveSmallIntegerField(default=7)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Speaker settings for provider {self.provider_id}"


class ReferenceCounter(models.Model):
    """The last reference number issued per provider, series (S or L) and year."""

    provider = models.ForeignKey("core.Provider", on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=1)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "series", "year"], name="speaker_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_number}"


class Speaker(ProviderScopedModel):
    """A person who has been proposed to speak. Matched by name and organisation, so that
    previous appearances (and refusals) are found automatically."""

    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    online_presence = models.TextField(
        blank=True, help_text="Websites and social media accounts, one per line."
    )
    # Lower-cased, single-spaced name + organisation: the key previous appearances match on.
    match_key = models.CharField(max_length=420, db_index=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "match_key"], name="speaker_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class EventRequest(ProviderScopedModel):
    """A request for an external speaker or event, or a letting of premises."""

    kind = models.CharField(max_length=15, choices=RequestKind.choices)
    reference = models.CharField(max_length=20)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organiser_name = models.CharField(max_length=200)
    department = models.ForeignKey(
        "core.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    title = models.CharField("event title", max_length=200)
    topic = models.TextField()
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    venue = models.CharField("room or venue", max_length=200)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    expected_size = models.PositiveIntegerField(null=True, blank=True)
    open_to_public = models.BooleanField(default=False)
    recorded_or_streamed = models.BooleanField(default=False)
    # Lettings: the external organisation hiring the premises, and why.
    hirer = models.CharField(max_length=200, blank=True)
    hirer_contact = models.CharField(max_length=200, blank=True)
    purpose = models.TextField(blank=True)

    late = models.BooleanField(default=False)
    late_reason = models.TextField(blank=True)

    status = models.CharField(max_length=30, choices=Status.choices, default=Status.SUBMITTED)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    outcome_reminded_on = models.DateField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference"], name="event_reference"),
            models.UniqueConstraint(
                fields=["provider", "organiser", "idempotency_key"], name="event_idempotency"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after"
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status", "starts_at"], name="event_status"),
            models.Index(fields=["provider", "organiser", "-starts_at"], name="event_organiser"),
            models.Index(fields=["provider", "starts_at"], name="event_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class RequestSpeaker(ProviderScopedModel):
    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="appearances")
    consent = models.CharField(max_length=10, choices=Consent.choices, default=Consent.NOT_ASKED)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "speaker"], name="request_speaker_once")
        ]

    def __str__(self) -> str:
        return str(self.speaker)


class Check(ProviderScopedModel):
    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="checks")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=CheckKind.choices)
    outcome = models.CharField(max_length=20, choices=CheckOutcome.choices)
    # Personal notes on a speaker: hidden from governors and inspectors, encrypted at rest.
    notes = EncryptedTextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_by_name = models.CharField(max_length=200)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"


class RequestDecision(ProviderScopedModel):
    """Every decision on a request, kept when it is re-opened and decided again."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    risk_reasons = models.TextField(blank=True)
    conditions = models.JSONField(default=list, blank=True)
    conditions_detail = models.TextField(blank=True)
    rationale = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200)
    # The role the approver acted in, kept for the "approved by the wrong role" signal.
    decided_as = models.CharField(max_length=30)
    superseded = models.BooleanField(default=False)
    reopen_reason = models.TextField(blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.get_decision_display()


class EventOutcome(ProviderScopedModel):
    request = models.OneToOneField(EventRequest, on_delete=models.CASCADE, related_name="outcome")
    held = models.BooleanField()
    attendance = models.PositiveIntegerField(null=True, blank=True)
    conditions_met = models.BooleanField(null=True, blank=True)
    issues_raised = models.TextField(blank=True)
    benefit = models.TextField(blank=True)
    values_addressed = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return "Held" if self.held else "Not held"


class Material(ProviderScopedModel):
    """Materials supplied in advance: stored like concern attachments (checked, encrypted)."""

    request = models.ForeignKey(EventRequest, on_delete=models.CASCADE, related_name="materials")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.original_name


class PartnerShare(ProviderScopedModel):
    """A record that an extract of refused and conditional speakers was shared, with whom."""

    partner = models.CharField(max_length=200)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    request_ids = models.JSONField(default=list)
    note = models.TextField(blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Shared with {self.partner}"


class CalendarFeed(ProviderScopedModel):
    """A personal, secret calendar feed URL of approved events (calendar clients cannot sign in).

    Only the token's hash is stored; the token is shown once. A user has at most one live feed
    per provider: making a new one revokes the old, and a revoked feed answers 404.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=8, help_text="First characters, to recognise the URL.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_live",
            )
        ]

    def __str__(self) -> str:
        return f"Calendar feed {self.hint}…"
