"""The states of a record transfer and the moves between them. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "Sent by us"
    INCOMING = "incoming", "Received by us"


class TransferStatus(models.TextChoices):
    SENT = "sent", "Sent"
    RECEIVED = "received", "Received"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


# Each status may only move forward: a late receipt for "received" never undoes "accepted".
NEXT_STATUSES: dict[str, frozenset[str]] = {
    TransferStatus.SENT: frozenset(
        {TransferStatus.RECEIVED, TransferStatus.ACCEPTED, TransferStatus.REJECTED}
    ),
    TransferStatus.RECEIVED: frozenset({TransferStatus.ACCEPTED, TransferStatus.REJECTED}),
    TransferStatus.ACCEPTED: frozenset(),
    TransferStatus.REJECTED: frozenset(),
}
