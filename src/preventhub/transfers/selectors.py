"""Reads of record transfers, always through the user's role at the provider.

A transfer the user may not see (another provider's, or any for a user outside the
safeguarding team) answers 404, never 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from preventhub.core.models import Provider
from preventhub.people.models import Person
from preventhub.people.selectors import person_list_for_user
from preventhub.transfers.choices import Direction
from preventhub.transfers.models import Transfer, TransferConcern


def transfer_list_for_user(user: Any, provider: Provider) -> QuerySet[Transfer]:
    transfers = Transfer.objects.for_provider(provider)
    if not user.has_perm("transfers.transfer_files", provider):
        return transfers.none()
    return transfers.defer("receipt_key", "rejection_reason").order_by("-created_at")


def get_transfer_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Transfer:
    try:
        return transfer_list_for_user(user, provider).get(pk=pk)
    except (Transfer.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such transfer.") from exc


def outgoing(user: Any, provider: Provider) -> QuerySet[Transfer]:
    return transfer_list_for_user(user, provider).filter(direction=Direction.OUTGOING)


def incoming(user: Any, provider: Provider) -> QuerySet[Transfer]:
    return transfer_list_for_user(user, provider).filter(direction=Direction.INCOMING)


def person_by_mis_id(user: Any, provider: Provider, mis_id: str) -> Person | None:
    """The learner or member of staff with this MIS id, if the user may see them."""
    people = person_list_for_user(user, provider).filter(mis_id=mis_id.strip())
    return people.order_by("kind").first()


def get_person(user: Any, provider: Provider, pk: uuid.UUID | str) -> Person | None:
    try:
        return person_list_for_user(user, provider).get(pk=pk)
    except (Person.DoesNotExist, ValueError, ValidationError):
        return None


def transfers_of_concern(concern: Any) -> QuerySet[TransferConcern]:
    """The transfers a concern went out in or came in with (for the case page's panel)."""
    return (
        TransferConcern.objects.for_provider(concern.provider_id)
        .filter(concern=concern)
        .select_related("transfer")
        .order_by("created_at")
    )
