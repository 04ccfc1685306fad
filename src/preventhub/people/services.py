"""Writes to the people register. Each one validates, saves and audits in one transaction.

Audit rows name the fields that changed, never their values: the register holds personal data
and support needs are special-category data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.core.register_cache import register_changed
from preventhub.people.choices import PersonKind
from preventhub.people.importing import (
    ImportFileError,
    ImportPlan,
    ImportReport,
    clean_rows,
    load_table,
    plan_import,
    resolve_mapping,
)
from preventhub.people.importing.bulk import insert_people, update_people
from preventhub.people.importing.reading import ImportSource
from preventhub.people.importing.rows import row_context
from preventhub.people.models import Person

EDITABLE_FIELDS = (
    "mis_id",
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "date_of_birth",
    "site",
    "department",
    "start_date",
    "end_date",
    "job_category",
    "job_title",
    "course",
    "group_name",
    "apprenticeship_employer",
    "support_needs",
)
KIND_ONLY_FIELDS = {
    PersonKind.STAFF: ("job_category", "job_title"),
    PersonKind.LEARNER: ("course", "group_name", "apprenticeship_employer"),
}


def person_create(
    *,
    actor: Any,
    provider: Provider,
    kind: str,
    mis_id: str,
    first_name: str,
    last_name: str,
    **fields: Any,
) -> Person:
    """Add one person to the register (the MIS import adds people in bulk instead)."""
    _check_names(fields)
    person = Person(
        provider=provider,
        kind=kind,
        mis_id=mis_id,
        first_name=first_name,
        last_name=last_name,
        **fields,
    )
    validate_person(person)
    given = ["mis_id", "first_name", "last_name", *fields]
    with transaction.atomic():
        person.save()
        register_changed("people", provider.pk)
        audit_record(
            actor=actor,
            action="create",
            obj=person,
            changed_fields=[f for f in given if getattr(person, f) not in ("", None)],
        )
    return person


def person_update(*, actor: Any, person: Person, **changes: Any) -> Person:
    """Change some fields of a person; audits the names of the fields that really changed."""
    _check_names(changes)
    before = {name: _value(person, name) for name in changes}
    for name, value in changes.items():
        setattr(person, name, value)
    validate_person(person)
    changed = [name for name in changes if _value(person, name) != before[name]]
    if not changed:
        return person
    with transaction.atomic():
        person.save(update_fields=[*changed, "updated_at"])
        register_changed("people", person.provider_id)
        audit_record(actor=actor, action="update", obj=person, changed_fields=changed)
    return person


def person_record_view(*, actor: Any, person: Person, support_needs_shown: bool) -> None:
    """Audit that ``actor`` opened a person's record (and whether support needs were shown)."""
    audit_record(
        actor=actor,
        action="view",
        obj=person,
        detail={"kind": person.kind, "support_needs_shown": support_needs_shown},
    )


def _value(person: Person, name: str) -> Any:
    field = Person._meta.get_field(name)
    return getattr(person, getattr(field, "attname", name))


def _check_names(fields: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise TypeError(f"Not editable person field(s): {', '.join(unknown)}")


def validate_person(person: Person) -> None:
    """Field formats, kind-specific fields, same-provider site/department, unique MIS id."""
    errors: dict[str, list[str]] = {}
    try:
        person.full_clean(
            exclude=["provider", "user"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    for name, message in _rule_problems(person):
        errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


def _rule_problems(person: Person) -> list[tuple[str, str]]:
    problems = []
    for kind, names in KIND_ONLY_FIELDS.items():
        if person.kind != kind:
            problems += [
                (n, f"Only {kind} records have this field.") for n in names if getattr(person, n)
            ]
    for name in ("site", "department"):
        related = getattr(person, name)
        if related is not None and related.provider_id != person.provider_id:
            problems.append((name, f"That {name} belongs to another provider."))
    if person.start_date and person.end_date and person.end_date < person.start_date:
        problems.append(("end_date", "The end date is before the start date."))
    if _mis_id_taken(person):
        problems.append(("mis_id", f"Another {person.kind} here already has this MIS id."))
    return problems


def _mis_id_taken(person: Person) -> bool:
    others = Person.objects.for_provider(person.provider_id).filter(
        kind=person.kind, mis_id=person.mis_id
    )
    return others.exclude(pk=person.pk).exists()


def people_import(
    *,
    actor: Any,
    provider: Provider,
    source: ImportSource,
    kind: str,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = True,
) -> ImportReport:
    """Import an MIS CSV export of staff or learners: all rows or none, never duplicating.

    A dry run writes nothing and reports every error with counts of what would change. A real
    import writes only if there are no errors at all, then audits once for the whole file.
    """
    if kind not in PersonKind.values:
        raise ValidationError(f"Unknown kind {kind!r}: use staff or learner.")
    report = ImportReport(kind=kind, dry_run=dry_run)
    try:
        plan = _prepare(provider, source, kind, mapping, report)
        if plan is not None and report.ok and not dry_run:
            _write_import(actor=actor, provider=provider, plan=plan, report=report)
    except ImportFileError as exc:
        report.file_errors = exc.messages
    return report


def _prepare(
    provider: Provider,
    source: ImportSource,
    kind: str,
    mapping: Mapping[str, str] | None,
    report: ImportReport,
) -> ImportPlan | None:
    table = load_table(source, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES)
    columns = resolve_mapping(table.headers, kind, mapping)
    report.mapping = {field: table.headers[index] for field, index in columns.items()}
    context = row_context(provider.pk, timezone.localdate())
    rows, report.errors = clean_rows(table, columns, context)
    report.rows = table.data_row_count()
    plan = plan_import(provider, kind, rows)
    report.created, report.updated = len(plan.to_create), len(plan.to_update)
    report.unchanged = plan.unchanged
    return plan


def _write_import(
    *, actor: Any, provider: Provider, plan: ImportPlan, report: ImportReport
) -> None:
    now = timezone.now()
    try:
        with transaction.atomic():
            insert_people(provider_id=provider.pk, kind=report.kind, rows=plan.to_create, now=now)
            update_people(updates=plan.to_update, attnames=plan.fields, now=now)
            register_changed("people", provider.pk)
            _audit_import(actor, provider, plan, report)
    except IntegrityError as exc:
        raise ImportFileError(
            "The register changed while the file was being imported (another import may be "
            "running). Nothing was imported; try again."
        ) from exc
    report.imported = True


def _audit_import(actor: Any, provider: Provider, plan: ImportPlan, report: ImportReport) -> None:
    created_fields = set(report.mapping) if plan.to_create else set()
    audit_record(
        actor=actor,
        action="import",
        object_type="people.person",
        provider_id=provider.pk,
        changed_fields=sorted(plan.changed_fields | created_fields),
        detail={
            "kind": report.kind,
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
