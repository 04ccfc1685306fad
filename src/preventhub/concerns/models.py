"""Concerns and the cases they become: the heart of the referral pathway.

A concern is raised once and then managed as a case on the same record: triage decisions,
chronology, actions, linked people, reviews, closure and reopening. Narratives are encrypted
at rest (special-category data) and the chronology is append-only: an edit is a new version of
an entry, and every earlier version stays retrievable.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.concerns.choices import (
    Category,
    ClosureReason,
    Decision,
    EntryKind,
    Ideology,
    LinkRelationship,
    Status,
    SubjectType,
)
from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel


class ReferenceCounter(models.Model):
    """The last reference number issued per provider and year (locked while issuing one)."""

    provider = models.ForeignKey("core.Provider", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "year"], name="concern_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Concern(ProviderScopedModel):
    reference = models.CharField(max_length=20)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept when the reporter's account is later deleted, so the file still says who raised it.
    reporter_name = models.CharField(max_length=200)
    # The key a form or API client sends so that a double submission makes one concern.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    subject_type = models.CharField(max_length=10, choices=SubjectType.choices)
    subject_person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_name = EncryptedTextField(blank=True)
    description = EncryptedTextField()
    occurred_at = models.DateTimeField()
    location = EncryptedTextField(blank=True)
    indicators = models.JSONField(default=list, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    ideology = models.CharField(max_length=20, choices=Ideology.choices, blank=True)
    immediate_risk = models.BooleanField(default=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of the safeguarding team who leads on this case.",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    first_decision_at = models.DateTimeField(null=True, blank=True)
    latest_decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    outcome = EncryptedTextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=20, choices=ClosureReason.choices, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "reference"], name="concern_reference"),
            models.UniqueConstraint(
                fields=["provider", "reporter", "idempotency_key"],
                name="concern_idempotency_key",
            ),
            models.CheckConstraint(
                condition=models.Q(category="prevent") | models.Q(ideology=""),
                name="concern_ideology_only_for_prevent",
            ),
        ]
        indexes = [
            # The safeguarding team's inbox: open work first, newest first.
            models.Index(fields=["provider", "status", "-created_at"], name="concern_inbox"),
            models.Index(fields=["provider", "-created_at"], name="concern_recent"),
            models.Index(
                fields=["provider", "reporter", "-created_at"], name="concern_by_reporter"
            ),
            models.Index(fields=["provider", "subject_person"], name="concern_by_subject"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_about_staff(self) -> bool:
        return self.subject_type == SubjectType.STAFF


class ChronologyEntry(ProviderScopedModel):
    """One line of a case's chronology. Rows are never updated: an edit adds a new version."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=15, choices=EntryKind.choices)
    # When it happened (a contact last Tuesday), as opposed to created_at (when it was written).
    occurred_at = models.DateTimeField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200)
    text = EncryptedTextField(blank=True)
    # Decisions: the outcome and who was informed of it, and when.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    informed = EncryptedTextField(blank=True)
    informed_at = models.DateTimeField(null=True, blank=True)
    # Versions: the first version is its own root; each edit points at the root.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="versions"
    )
    version = models.PositiveSmallIntegerField(default=1)
    superseded = models.BooleanField(default=False)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["occurred_at", "created_at"]
        verbose_name_plural = "chronology entries"
        indexes = [
            models.Index(fields=["concern", "superseded", "occurred_at"], name="chronology_case"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["root", "version"], name="chronology_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d})"


class CaseAction(ProviderScopedModel):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    description = EncryptedTextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["completed_at", "due_on", "created_at"]
        indexes = [models.Index(fields=["provider", "owner", "completed_at"], name="action_owner")]

    def __str__(self) -> str:
        return f"Action due {self.due_on}"


class LinkedPerson(ProviderScopedModel):
    """Family, peers or staff linked to a case: from the register, or by name."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="links")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = EncryptedTextField(blank=True)
    relationship = models.CharField(max_length=15, choices=LinkRelationship.choices)
    notes = EncryptedTextField(blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.get_relationship_display()


class CaseReview(ProviderScopedModel):
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = EncryptedTextField()
    next_review_on = models.DateField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Review {self.held_on}"


class Attachment(ProviderScopedModel):
    """A file added to a concern, stored encrypted outside the web root (see attachments.py)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="attachments")
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


class SafeguardingSettings(models.Model):
    """Per provider: how long a new concern may wait before it escalates, and to whom."""

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="safeguarding_settings"
    )
    escalate_after_minutes = models.PositiveIntegerField(default=60)
    out_of_hours_name = models.CharField("out-of-hours contact", max_length=200, blank=True)
    out_of_hours_email = models.EmailField(blank=True)
    out_of_hours_phone = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Safeguarding settings for provider {self.provider_id}"


class RotaSlot(ProviderScopedModel):
    """Who covers urgent concerns out of hours for a period (overrides the default contact)."""

    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta(ProviderScopedModel.Meta):
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="rota_slot_order"
            )
        ]

    def __str__(self) -> str:
        return f"Rota {self.starts_at:%Y-%m-%d %H:%M}"
