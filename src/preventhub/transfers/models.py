"""Record transfer: a person's safeguarding file sent to, or received from, another institution.

When a learner moves, the safeguarding file must follow them quickly and safely (Keeping
Children Safe in Education asks for it within five school days). A Transfer records one file on
one side: the sender's row (outgoing) and the receiver's row (incoming) share the transfer id
written in the package, and each side's status follows the receipts.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.transfers.choices import Direction, TransferStatus


class ProviderIdentity(models.Model):
    """A provider's id in transfer packages: random, so it names no URN and no installation.

    A receiver compares it with its own to refuse a file sent to itself; on one installation it
    finds the sender's transfer, whose status then follows directly.
    """

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="transfer_identity"
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return str(self.public_id)


class Transfer(ProviderScopedModel):
    """One safeguarding file, sent by this provider (outgoing) or received by it (incoming)."""

    direction = models.CharField(max_length=10, choices=Direction.choices)
    transfer_id = models.UUIDField(default=uuid.uuid4)
    status = models.CharField(max_length=10, choices=TransferStatus.choices)
    # Outgoing: the person whose file was sent. Incoming: set when the file is accepted.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_name = EncryptedTextField(blank=True)
    person_mis_id = models.CharField("MIS id", max_length=64, blank=True)
    # The other institution: the receiver named by the sender, or the sender of a received file.
    counterpart_name = models.CharField(max_length=200)
    counterpart_id = models.UUIDField(null=True, blank=True)
    package_sha256 = models.CharField(max_length=64)
    # Outgoing: the sealed package. Incoming: the unpacked file, encrypted with our own keys.
    storage_name = models.CharField(max_length=255, blank=True)
    # Hex; both sides derive it from the passphrase, to sign and check receipts.
    receipt_key = EncryptedTextField()
    # Counts and other non-sensitive facts shown on the pages (never narrative text).
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=200)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)
    # When our side learned each status (for outgoing: from a receipt, or directly).
    received_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=200, blank=True)
    rejection_reason = EncryptedTextField(blank=True)
    receipt_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "direction", "transfer_id"], name="transfer_unique_per_side"
            ),
            models.UniqueConstraint(
                fields=["provider", "created_by", "idempotency_key"],
                name="transfer_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "direction", "-created_at"], name="transfer_list"),
            models.Index(fields=["status", "created_at"], name="transfer_by_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"T-{self.transfer_id.hex[:8].upper()}"

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING


class TransferConcern(ProviderScopedModel):
    """A concern that went out in a transfer, or came in with one (marked as transferred-in).

    For incoming files the sender's concern id is unique per sender, so a concern is never
    imported twice, whichever package carries it.
    """

    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="concerns")
    concern = models.ForeignKey(
        "concerns.Concern", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    source_provider_id = models.UUIDField()
    source_concern_id = models.UUIDField()
    source_reference = models.CharField(max_length=20)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "source_provider_id", "source_concern_id"],
                condition=models.Q(direction="incoming"),
                name="transfer_concern_imported_once",
            )
        ]
        indexes = [models.Index(fields=["provider", "concern"], name="transfer_concern_case")]

    def __str__(self) -> str:
        return self.source_reference
