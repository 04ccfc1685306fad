"""The policy register (PRODUCT.md module 6).

The survey found 11 of 37 providers' IT policies never mentioned Prevent, and inspectors read
every provider's policies. The register holds each policy the duty touches with its version,
owner, approval and review dates and document; whether it refers to Prevent explicitly (the
owner's answer, which takes precedence, and what reading the document found); and which staff
have acknowledged the current version of the policies they are asked to read.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from preventhub.core.scoping import ProviderScopedModel
from preventhub.policies.choices import PolicyStatus, PolicyType, PreventAnswer


class Policy(ProviderScopedModel):
    """One policy, at its current version. A new version (a different ``version`` label) asks
    everyone to acknowledge it again; earlier acknowledgements keep the version they were for."""

    policy_type = models.CharField(max_length=40, choices=PolicyType.choices)
    title = models.CharField(max_length=200)
    version = models.CharField(max_length=30)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who keeps the policy up to date.",
    )
    status = models.CharField(
        max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    approved_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    refers_to_prevent = models.CharField(
        max_length=3, choices=PreventAnswer.choices, blank=True, help_text="The owner's answer."
    )
    # What reading the document found: None before a document is read; False when its text
    # could not be read or names no Prevent term.
    prevent_detected = models.BooleanField(null=True, blank=True)
    text_readable = models.BooleanField(null=True, blank=True)
    detected_terms = models.JSONField(default=list, blank=True)
    related_terms = models.JSONField(default=list, blank=True)
    acknowledgement_required = models.BooleanField(
        default=False, help_text="Staff are asked to read and acknowledge this version."
    )
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_storage = models.CharField(max_length=255, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["policy_type", "title", "id"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(Lower("title"), models.F("provider"), name="policy_title"),
            models.CheckConstraint(
                condition=models.Q(approved_on__isnull=True)
                | models.Q(review_on__isnull=True)
                | models.Q(review_on__gte=models.F("approved_on")),
                name="policy_review_after_approval",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status", "policy_type"], name="policy_register")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def refers_effectively(self) -> bool:
        """The owner's answer when given, otherwise what reading the document found."""
        if self.refers_to_prevent:
            return self.refers_to_prevent == PreventAnswer.YES
        return bool(self.prevent_detected)

    @property
    def has_document(self) -> bool:
        return bool(self.document_storage)

    @property
    def is_published(self) -> bool:
        return self.status == PolicyStatus.PUBLISHED

    def review_overdue(self, today: date) -> bool:
        return self.is_published and self.review_on is not None and self.review_on < today


class Acknowledgement(ProviderScopedModel):
    """A member of staff confirmed they read one version of a policy."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.CharField(max_length=30)
    acknowledged_at = models.DateTimeField()

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "user", "version"], name="acknowledgement_once"
            )
        ]
        indexes = [models.Index(fields=["provider", "user"], name="acknowledgement_by_user")]

    def __str__(self) -> str:
        return f"Acknowledged {self.version}"
