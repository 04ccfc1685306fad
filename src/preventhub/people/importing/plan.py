"""Compare cleaned rows with the register: who would be created, updated or left unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

from preventhub.core.models import Provider
from preventhub.people.importing.rows import ATTNAMES, CleanRow
from preventhub.people.models import Person

FIELD_OF_ATTNAME = {attname: name for name, attname in ATTNAMES.items()}


def field_name(attname: str) -> str:
    return FIELD_OF_ATTNAME.get(attname, attname)


@dataclass
class ImportPlan:
    """The writes an import would make. ``fields`` are the model attributes the file sets."""

    fields: list[str]
    to_create: list[Person] = field(default_factory=list)
    to_update: list[Person] = field(default_factory=list)
    unchanged: int = 0
    changed_fields: set[str] = field(default_factory=set)


def existing_people(provider: Provider, kind: str, fields: list[str]) -> dict[str, Person]:
    """The provider's people of this kind by MIS id, loading only the fields the file sets."""
    people = (
        Person.objects.for_provider(provider)
        .filter(kind=kind)
        .only("id", "provider", "kind", "mis_id", *(field_name(f) for f in fields))
        .order_by()
    )
    return {person.mis_id: person for person in people.iterator(chunk_size=2000)}


def plan_import(provider: Provider, kind: str, rows: list[CleanRow]) -> ImportPlan:
    """Match rows to people by (provider, kind, mis_id); only real changes become updates."""
    fields = sorted({name for row in rows for name in row.values} - {"mis_id"})
    plan = ImportPlan(fields=fields)
    existing = existing_people(provider, kind, fields)
    for row in rows:
        person = existing.get(row.mis_id)
        if person is None:
            plan.to_create.append(Person(provider=provider, kind=kind, **row.values))
            continue
        changed = [name for name in fields if getattr(person, name) != row.values[name]]
        if not changed:
            plan.unchanged += 1
            continue
        for name in changed:
            setattr(person, name, row.values[name])
        plan.to_update.append(person)
        plan.changed_fields.update(field_name(name) for name in changed)
    return plan
