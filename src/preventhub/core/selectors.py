"""Reads for the home page and the group overview (anonymised aggregates only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from preventhub.core.models import Provider, ProviderGroup


@dataclass(frozen=True)
class ProviderAggregate:
    name: str
    type_label: str
    staff: int
    learners: int
    users: int


def group_aggregates(group: ProviderGroup) -> list[ProviderAggregate]:
    """Counts per provider in a group: no names, no records, nothing that identifies a person."""
    from preventhub.accounts.models import RoleAssignment
    from preventhub.people.models import Person

    providers = list(Provider.objects.filter(group=group).order_by("name"))
    ids = [p.pk for p in providers]
    people = {
        row["provider_id"]: row
        for row in Person.objects.for_providers(ids)
        .values("provider_id")
        .annotate(
            staff=Count("pk", filter=Q(kind="staff")),
            learners=Count("pk", filter=Q(kind="learner")),
        )
    }
    users = dict(
        RoleAssignment.objects.for_providers(ids)
        .values("provider_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("provider_id", "n")
    )
    empty: dict[str, Any] = {"staff": 0, "learners": 0}
    return [
        ProviderAggregate(
            name=p.name,
            type_label=p.get_type_display(),
            staff=people.get(p.pk, empty)["staff"],
            learners=people.get(p.pk, empty)["learners"],
            users=users.get(p.pk, 0),
        )
        for p in providers
    ]
