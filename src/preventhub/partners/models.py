"""Partnership working and information sharing (PRODUCT.md module 5).

The survey found partnership working ineffective in several providers, half unaware of the
support and intelligence partners offer, and 11 of 37 sharing information with no written
agreement. These records make that visible: who the partners are, every engagement with them,
the information-sharing agreements in force, and the Prevent assurance of subcontractors.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.partners.choices import (
    AgreementStatus,
    EngagementKind,
    LawfulBasis,
    PartnerKind,
)

EXPIRING_WITHIN_DAYS = 60


class Partner(ProviderScopedModel):
    """An organisation the provider works with on the duty: police Prevent team, local
    authority coordinator, Channel panel, Jisc, a subcontractor, an employer..."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=PartnerKind.choices)
    description = models.TextField(
        blank=True, help_text="What they offer and how you work with them (no personal data)."
    )
    website = models.URLField(blank=True)
    active = models.BooleanField(default=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), models.F("provider"), name="partner_name_unique")
        ]
        indexes = [models.Index(fields=["provider", "kind", "name"], name="partner_by_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_subcontractor(self) -> bool:
        return self.kind == PartnerKind.SUBCONTRACTOR


class PartnerContact(ProviderScopedModel):
    """A named professional contact at a partner (work details only)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Agreement(ProviderScopedModel):
    """A written information-sharing agreement (protocol) with one or more partners: what is
    shared, under which lawful basis, signed when and reviewed when. The signed copy is stored
    encrypted like a concern's attachment."""

    title = models.CharField(max_length=200)
    partners = models.ManyToManyField(Partner, related_name="agreements")
    scope = models.TextField(help_text="What is shared, about whom, for what purpose.")
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    special_category = models.BooleanField(
        default=False, help_text="Special-category data (e.g. health, religion) is shared."
    )
    criminal_offence = models.BooleanField(
        default=False, help_text="Criminal offence data is shared."
    )
    special_conditions = models.JSONField(default=list, blank=True)
    basis_note = models.TextField(blank=True)
    signed_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_storage = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"), models.F("provider"), name="agreement_title_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(signed_on__isnull=True)
                | models.Q(review_on__isnull=True)
                | models.Q(review_on__gte=models.F("signed_on")),
                name="agreement_review_after_signing",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def in_force_on(self, day: date) -> bool:
        return (
            self.signed_on is not None
            and self.signed_on <= day
            and (self.review_on is None or day <= self.review_on)
        )

    def status_on(self, day: date) -> str:
        if self.signed_on is None or self.signed_on > day:
            return AgreementStatus.NOT_YET_SIGNED
        if self.review_on is not None and self.review_on < day:
            return AgreementStatus.EXPIRED
        if self.review_on is not None and (self.review_on - day).days <= EXPIRING_WITHIN_DAYS:
            return AgreementStatus.EXPIRING
        return AgreementStatus.IN_FORCE

    @property
    def has_document(self) -> bool:
        return bool(self.document_storage)


class Engagement(ProviderScopedModel):
    """One entry of the engagement log: a meeting, a forum, joint training, or intelligence
    received from or shared with a partner, under which agreement. ``summary`` is a short,
    non-personal line everyone with access reads; ``details`` may name people and is encrypted
    and shown to the partnership managers only."""

    occurred_on = models.DateField()
    kind = models.CharField(max_length=30, choices=EngagementKind.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="engagements")
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    summary = models.CharField(max_length=200)
    details = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-occurred_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "recorded_by", "idempotency_key"],
                name="engagement_idempotency_key",
            )
        ]
        indexes = [
            models.Index(fields=["provider", "-occurred_on"], name="engagement_recent"),
            models.Index(fields=["provider", "partner", "kind"], name="engagement_by_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on:%Y-%m-%d})"


class SubcontractorAssurance(ProviderScopedModel):
    """A check of a subcontractor's Prevent arrangements: awareness confirmed, training
    evidence, checks done, on a date. The latest counts; older than 12 months is overdue."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="assurances")
    assured_on = models.DateField()
    prevent_awareness_confirmed = models.BooleanField()
    training_evidence = EncryptedTextField(blank=True)
    checks = models.JSONField(default=list, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-assured_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "assured_on"], name="assurance_one_a_day")
        ]

    def __str__(self) -> str:
        return f"Assurance {self.assured_on:%Y-%m-%d}"
