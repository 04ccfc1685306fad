"""Compare cleaned rows with the register: who would be created, updated or left unchanged."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from preventhub.core.models import Provider
from preventhub.people.importing.rows import ATTNAMES, CleanRow
from preventhub.people.models import Person

FIELD_OF_ATTNAME = {attname: name for name, attname in ATTNAMES.items()}


def field_name(attname: str) -> str:
    return FIELD_OF_ATTNAME.get(attname, attname)


@dataclass
class ImportPlan:
    """The writes an import would make, as plain values (no model instances: 30,000 rows).

    ``fields`` are the model attributes the file sets; ``to_update`` pairs a person's id with
    the new values of all of those fields.
    """

    fields: list[str]
    to_create: list[dict[str, Any]] = field(default_factory=list)
    to_update: list[tuple[uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    changed_fields: set[str] = field(default_factory=set)


def existing_people(provider: Provider, kind: str, fields: list[str]) -> dict[str, tuple[Any, ...]]:
    """MIS id -> (id, *values of ``fields``) for the provider's people of this kind."""
    rows = (
        Person.objects.for_provider(provider)
        .filter(kind=kind)
        .order_by()
        .values_list("mis_id", "id", *fields)
    )
    return {row[0]: row[1:] for row in rows.iterator(chunk_size=5000)}


def plan_import(provider: Provider, kind: str, rows: list[CleanRow]) -> ImportPlan:
    """Match rows to people by (provider, kind, mis_id); only real changes become updates."""
    fields = sorted({name for row in rows for name in row.values} - {"mis_id"})
    plan = ImportPlan(fields=fields)
    existing = existing_people(provider, kind, fields)
    for row in rows:
        current = existing.get(row.mis_id)
        if current is None:
            plan.to_create.append(row.values)
            continue
        changed = [
            name for name, old in zip(fields, current[1:], strict=True) if old != row.values[name]
        ]
        if not changed:
            plan.unchanged += 1
            continue
        plan.to_update.append((current[0], {name: row.values[name] for name in fields}))
        plan.changed_fields.update(field_name(name) for name in changed)
    return plan
