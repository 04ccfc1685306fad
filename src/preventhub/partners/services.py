"""Writes of partnership working. Each validates, saves and writes its audit row (field names,
never values) in one transaction; bad input raises ValidationError naming the field and changes
nothing. A duplicate (same partner name, same agreement title) raises ConflictError."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record, fields_changed
from preventhub.concerns.attachments import CheckedFile, delete_stored, store_encrypted
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.partners.choices import (
    ART9_CONDITIONS,
    ART10_CONDITIONS,
    AssuranceCheck,
    EngagementKind,
    LawfulBasis,
    PartnerKind,
    SpecialCondition,
)
from preventhub.partners.models import (
    Agreement,
    Engagement,
    Partner,
    PartnerContact,
    SubcontractorAssurance,
)

MAX_NAME = 200
MAX_TEXT = 20_000
EARLIEST = date(2000, 1, 1)
DOCUMENT_FIELDS = ("document_name", "document_type", "document_size", "document_sha256")


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or getattr(actor, "username", "") or "Unknown")


# --- validation ----------------------------------------------------------------------------


def clean_text(value: Any, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: "This cannot be empty."})
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    return text


def clean_choice(value: Any, field: str, allowed: Iterable[str], what: str) -> str:
    text = str(value or "")
    if text not in set(allowed):
        raise ValidationError({field: f"Unknown {what}: {text or '(none)'}."})
    return text


def clean_past_date(value: date | None, field: str, *, required: bool, what: str) -> date | None:
    if value is None:
        if required:
            raise ValidationError({field: f"Enter {what}."})
        return None
    if value > timezone.localdate():
        raise ValidationError({field: f"{what.capitalize()} cannot be in the future."})
    if value < EARLIEST:
        raise ValidationError({field: f"Enter a date from {EARLIEST.year} onwards."})
    return value


def own_partner(provider: Provider | int, partner: Partner | None, field: str) -> Partner:
    provider_id = provider if isinstance(provider, int) else provider.pk
    if partner is None or partner.provider_id != provider_id:
        raise ValidationError({field: "No such partner in your directory."})
    return partner


def _email(value: str) -> str:
    email = clean_text(value, "email", limit=254)
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationError(
                {"email": "Enter an email address like name@example.org."}
            ) from exc
    return email


def _website(value: str) -> str:
    url = clean_text(value, "website", limit=200)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError({"website": "Enter a web address starting https://."}) from exc
    return url


# --- partners and contacts -----------------------------------------------------------------


def _partner_fields(name: str, kind: str, description: str, website: str) -> dict[str, Any]:
    return {
        "name": clean_text(name, "name", required=True, limit=MAX_NAME),
        "kind": clean_choice(kind, "kind", PartnerKind.values, "partner kind"),
        "description": clean_text(description, "description", limit=2000),
        "website": _website(website),
    }


def _name_taken(provider_id: int, name: str, exclude: Any = None) -> bool:
    found = Partner.objects.for_provider(provider_id).filter(name__iexact=name)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.exists()


def partner_create(
    *,
    actor: Any,
    provider: Provider,
    name: str,
    kind: str,
    description: str = "",
    website: str = "",
) -> Partner:
    fields = _partner_fields(name, kind, description, website)
    if _name_taken(provider.pk, fields["name"]):
        raise ConflictError({"name": f"{fields['name']} is already in your partner directory."})
    try:
        with transaction.atomic():
            partner: Partner = Partner.objects.for_provider(provider).create(
                provider=provider, **fields
            )
            audit_record(actor=actor, action="create", obj=partner, changed_fields=list(fields))
    except IntegrityError as exc:  # a concurrent create of the same name
        raise ConflictError({"name": f"{fields['name']} is already in your directory."}) from exc
    return partner


def partner_update(
    *,
    actor: Any,
    partner: Partner,
    name: str,
    kind: str,
    description: str = "",
    website: str = "",
    active: bool = True,
) -> Partner:
    fields = {**_partner_fields(name, kind, description, website), "active": bool(active)}
    if _name_taken(partner.provider_id, fields["name"], exclude=partner.pk):
        raise ConflictError({"name": f"{fields['name']} is already in your partner directory."})
    leaving = partner.is_subcontractor and fields["kind"] != PartnerKind.SUBCONTRACTOR
    if leaving and partner.assurances.exists():
        raise ValidationError(
            {"kind": "This subcontractor has assurance records: it stays a subcontractor."}
        )
    before = {f: getattr(partner, f) for f in fields}
    for key, value in fields.items():
        setattr(partner, key, value)
    changed = fields_changed(before, partner, fields)
    if changed:
        with transaction.atomic():
            partner.save(update_fields=[*changed, "updated_at"])
            audit_record(actor=actor, action="update", obj=partner, changed_fields=changed)
    return partner


def contact_add(
    *, actor: Any, partner: Partner, name: str, role: str = "", email: str = "", phone: str = ""
) -> PartnerContact:
    fields = {
        "name": clean_text(name, "name", required=True, limit=MAX_NAME),
        "role": clean_text(role, "role", limit=MAX_NAME),
        "email": _email(email),
        "phone": clean_text(phone, "phone", limit=40),
    }
    with transaction.atomic():
        contact: PartnerContact = PartnerContact.objects.for_provider(partner.provider_id).create(
            provider_id=partner.provider_id, partner=partner, **fields
        )
        audit_record(
            actor=actor,
            action="create",
            obj=contact,
            changed_fields=[k for k, v in fields.items() if v],
            detail={"partner": str(partner.pk)},
        )
    return contact


def contact_remove(*, actor: Any, contact: PartnerContact) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor, action="delete", obj=contact, detail={"partner": str(contact.partner_id)}
        )
        contact.delete()


# --- information-sharing agreements ---------------------------------------------------------


def clean_conditions(
    conditions: Sequence[str], *, special_category: bool, criminal_offence: bool
) -> list[str]:
    chosen = list(dict.fromkeys(str(c) for c in conditions))
    unknown = [c for c in chosen if c not in SpecialCondition.values]
    if unknown:
        raise ValidationError({"special_conditions": f"Unknown condition: {', '.join(unknown)}."})
    has_art9 = any(c in ART9_CONDITIONS for c in chosen)
    has_art10 = any(c in ART10_CONDITIONS for c in chosen)
    if special_category and not has_art9:
        raise ValidationError(
            {
                "special_conditions": "Special-category data is shared: choose the Article 9 "
                "condition it is shared under."
            }
        )
    if criminal_offence and not has_art10:
        raise ValidationError(
            {
                "special_conditions": "Criminal offence data is shared: choose the Article 10 "
                "route it is shared under."
            }
        )
    if has_art9 and not special_category:
        raise ValidationError(
            {
                "special_category": "An Article 9 condition is chosen: tick that special-category "
                "data is shared, or remove the condition."
            }
        )
    if has_art10 and not criminal_offence:
        raise ValidationError(
            {
                "criminal_offence": "The Article 10 route is chosen: tick that criminal offence "
                "data is shared, or remove it."
            }
        )
    return chosen


def clean_agreement_dates(signed_on: date | None, review_on: date | None) -> None:
    clean_past_date(signed_on, "signed_on", required=False, what="the date it was signed")
    if signed_on is not None and review_on is None:
        raise ValidationError(
            {"review_on": "Enter the review date: an agreement must say when it is reviewed."}
        )
    if signed_on is not None and review_on is not None and review_on < signed_on:
        raise ValidationError(
            {"review_on": "The review date must be on or after the date the agreement was signed."}
        )
    if review_on is not None and review_on > timezone.localdate() + timedelta(days=366 * 10):
        raise ValidationError({"review_on": "Enter a review date within the next 10 years."})


def _agreement_fields(
    *,
    title: str,
    scope: str,
    lawful_basis: str,
    special_category: bool,
    criminal_offence: bool,
    special_conditions: Sequence[str],
    basis_note: str,
    signed_on: date | None,
    review_on: date | None,
) -> dict[str, Any]:
    clean_agreement_dates(signed_on, review_on)
    return {
        "title": clean_text(title, "title", required=True, limit=MAX_NAME),
        "scope": clean_text(scope, "scope", required=True, limit=MAX_TEXT),
        "lawful_basis": clean_choice(lawful_basis, "lawful_basis", LawfulBasis.values, "basis"),
        "special_category": bool(special_category),
        "criminal_offence": bool(criminal_offence),
        "special_conditions": clean_conditions(
            special_conditions,
            special_category=bool(special_category),
            criminal_offence=bool(criminal_offence),
        ),
        "basis_note": clean_text(basis_note, "basis_note", limit=5000),
        "signed_on": signed_on,
        "review_on": review_on,
    }


def _parties(provider_id: int, partners: Sequence[Partner]) -> list[Partner]:
    if not partners:
        raise ValidationError({"partners": "Choose at least one partner the agreement is with."})
    for partner in partners:
        own_partner(provider_id, partner, "partners")
    return list(dict.fromkeys(partners))


def _title_taken(provider_id: int, title: str, exclude: Any = None) -> bool:
    found = Agreement.objects.for_provider(provider_id).filter(title__iexact=title)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.exists()


def _attach(agreement: Agreement, checked: CheckedFile) -> str:
    """Store the document encrypted and point the agreement at it; returns the storage name."""
    stored = store_encrypted(agreement.provider_id, checked)
    agreement.document_name = checked.name
    agreement.document_type = checked.content_type
    agreement.document_size = len(checked.content)
    agreement.document_sha256 = checked.sha256
    agreement.document_storage = stored
    return stored


def agreement_create(
    *,
    actor: Any,
    provider: Provider,
    partners: Sequence[Partner],
    document: CheckedFile | None = None,
    **values: Any,
) -> Agreement:
    fields = _agreement_fields(**values)
    parties = _parties(provider.pk, partners)
    if _title_taken(provider.pk, fields["title"]):
        raise ConflictError({"title": f"An agreement called {fields['title']} already exists."})
    stored = ""
    try:
        with transaction.atomic():
            agreement = Agreement(provider=provider, created_by=actor, **fields)
            if document is not None:
                stored = _attach(agreement, document)
            agreement.save()
            agreement.partners.set(parties)
            changed = [*fields, "partners", *(DOCUMENT_FIELDS if document else ())]
            audit_record(
                actor=actor,
                action="create",
                obj=agreement,
                changed_fields=changed,
                detail={"partners": len(parties)},
            )
    except IntegrityError as exc:
        if stored:
            delete_stored(stored)
        raise ConflictError(
            {"title": f"An agreement called {fields['title']} already exists."}
        ) from exc
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return agreement


def agreement_update(
    *,
    actor: Any,
    agreement: Agreement,
    partners: Sequence[Partner],
    document: CheckedFile | None = None,
    **values: Any,
) -> Agreement:
    fields = _agreement_fields(**values)
    parties = _parties(agreement.provider_id, partners)
    if _title_taken(agreement.provider_id, fields["title"], exclude=agreement.pk):
        raise ConflictError({"title": f"An agreement called {fields['title']} already exists."})
    before = {f: getattr(agreement, f) for f in fields}
    before_parties = set(agreement.partners.values_list("pk", flat=True))
    old_document = agreement.document_storage
    for key, value in fields.items():
        setattr(agreement, key, value)
    changed = fields_changed(before, agreement, fields)
    if before_parties != {p.pk for p in parties}:
        changed.append("partners")
    stored = ""
    try:
        with transaction.atomic():
            if document is not None:
                stored = _attach(agreement, document)
                changed.extend(DOCUMENT_FIELDS)
            if changed:
                agreement.save()
                agreement.partners.set(parties)
                audit_record(actor=actor, action="update", obj=agreement, changed_fields=changed)
            if stored and old_document:
                transaction.on_commit(lambda: delete_stored(old_document))
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return agreement


def agreement_record_download(*, actor: Any, agreement: Agreement) -> None:
    """The signed agreement may name signatories and data subjects' categories: audited."""
    audit_record(actor=actor, action="view", obj=agreement, detail={"part": "document"})


# --- the engagement log --------------------------------------------------------------------


def _engagement_fields(
    provider_id: int,
    *,
    occurred_on: date | None,
    kind: str,
    partner: Partner | None,
    agreement: Agreement | None,
    summary: str,
    details: str,
) -> dict[str, Any]:
    party = own_partner(provider_id, partner, "partner")
    if agreement is not None:
        if agreement.provider_id != provider_id:
            raise ValidationError({"agreement": "No such agreement."})
        if not agreement.partners.filter(pk=party.pk).exists():
            raise ValidationError(
                {
                    "agreement": f"{party.name} is not a party to {agreement.title}: choose its "
                    "agreement, or none."
                }
            )
    return {
        "occurred_on": clean_past_date(occurred_on, "occurred_on", required=True, what="the date"),
        "kind": clean_choice(kind, "kind", EngagementKind.values, "kind of engagement"),
        "partner": party,
        "agreement": agreement,
        "summary": clean_text(summary, "summary", required=True, limit=MAX_NAME),
        "details": clean_text(details, "details", limit=MAX_TEXT),
    }


def engagement_record(
    *,
    actor: Any,
    provider: Provider,
    occurred_on: date | None,
    kind: str,
    partner: Partner | None,
    summary: str,
    details: str = "",
    agreement: Agreement | None = None,
    idempotency_key: str | None = None,
) -> tuple[Engagement, bool]:
    """Log an engagement. Intelligence shared under no agreement in force is still recorded
    (the log must be true) and shows as a finding. With an ``idempotency_key``, a repeated
    submission by the same person returns the first entry: (entry, created)."""
    key = (idempotency_key or "").strip()[:100] or None
    if key and actor is not None:
        existing = _by_key(provider, actor, key)
        if existing is not None:
            return existing, False
    fields = _engagement_fields(
        provider.pk,
        occurred_on=occurred_on,
        kind=kind,
        partner=partner,
        agreement=agreement,
        summary=summary,
        details=details,
    )
    try:
        with transaction.atomic():
            engagement: Engagement = Engagement.objects.for_provider(provider).create(
                provider=provider,
                recorded_by=actor,
                recorded_by_name=actor_name(actor),
                idempotency_key=key,
                **fields,
            )
            audit_record(
                actor=actor,
                action="create",
                obj=engagement,
                changed_fields=[k for k, v in fields.items() if v not in (None, "")],
                detail={"kind": engagement.kind, "partner": str(engagement.partner_id)},
            )
    except IntegrityError:
        existing = _by_key(provider, actor, key) if key else None
        if existing is None:
            raise
        return existing, False
    return engagement, True


def _by_key(provider: Provider, actor: Any, key: str) -> Engagement | None:
    found: Engagement | None = (
        Engagement.objects.for_provider(provider)
        .filter(recorded_by=actor, idempotency_key=key)
        .first()
    )
    return found


def engagement_update(
    *,
    actor: Any,
    engagement: Engagement,
    occurred_on: date | None,
    kind: str,
    partner: Partner | None,
    summary: str,
    details: str = "",
    agreement: Agreement | None = None,
) -> Engagement:
    fields = _engagement_fields(
        engagement.provider_id,
        occurred_on=occurred_on,
        kind=kind,
        partner=partner,
        agreement=agreement,
        summary=summary,
        details=details,
    )
    before = {f: getattr(engagement, f) for f in fields}
    for key, value in fields.items():
        setattr(engagement, key, value)
    changed = fields_changed(before, engagement, fields)
    if changed:
        with transaction.atomic():
            engagement.save()
            audit_record(actor=actor, action="update", obj=engagement, changed_fields=changed)
    return engagement


def engagement_record_view(*, actor: Any, engagement: Engagement, details: bool) -> None:
    """Reading an entry, and whether its encrypted details were shown."""
    audit_record(actor=actor, action="view", obj=engagement, detail={"narrative_shown": details})


# --- subcontractor assurance ---------------------------------------------------------------


def assurance_record(
    *,
    actor: Any,
    partner: Partner,
    assured_on: date | None,
    prevent_awareness_confirmed: bool,
    training_evidence: str = "",
    checks: Sequence[str] = (),
    notes: str = "",
) -> SubcontractorAssurance:
    if partner.kind != PartnerKind.SUBCONTRACTOR:
        raise ValidationError(
            {"partner": f"{partner.name} is not a subcontractor: assurance is for subcontractors."}
        )
    day = clean_past_date(assured_on, "assured_on", required=True, what="the date of the checks")
    chosen = list(dict.fromkeys(str(c) for c in checks))
    unknown = [c for c in chosen if c not in AssuranceCheck.values]
    if unknown:
        raise ValidationError({"checks": f"Unknown check: {', '.join(unknown)}."})
    if (
        SubcontractorAssurance.objects.for_provider(partner.provider_id)
        .filter(partner=partner, assured_on=day)
        .exists()
    ):
        raise ConflictError(
            {"assured_on": f"Assurance of {partner.name} on {day:%d %B %Y} is already recorded."}
        )
    fields = {
        "assured_on": day,
        "prevent_awareness_confirmed": bool(prevent_awareness_confirmed),
        "training_evidence": clean_text(training_evidence, "training_evidence"),
        "checks": chosen,
        "notes": clean_text(notes, "notes"),
    }
    try:
        with transaction.atomic():
            assurance: SubcontractorAssurance = SubcontractorAssurance.objects.for_provider(
                partner.provider_id
            ).create(
                provider_id=partner.provider_id,
                partner=partner,
                recorded_by=actor,
                recorded_by_name=actor_name(actor),
                **fields,
            )
            audit_record(
                actor=actor,
                action="create",
                obj=assurance,
                changed_fields=[k for k, v in fields.items() if v not in ("", [])],
                detail={"partner": str(partner.pk), "checks": len(chosen)},
            )
    except IntegrityError as exc:
        raise ConflictError(
            {"assured_on": f"Assurance of {partner.name} on {day:%d %B %Y} is already recorded."}
        ) from exc
    return assurance


def assurance_record_view(*, actor: Any, partner: Partner) -> None:
    """A subcontractor's page shows its assurance evidence and notes (encrypted): audited."""
    audit_record(actor=actor, action="view", obj=partner, detail={"part": "assurance"})


# --- exports -------------------------------------------------------------------------------


def export_recorded(
    *, actor: Any, provider: Provider, register: str, rows: int, fmt: str, filters: dict[str, str]
) -> None:
    """Who took a copy of which register, in which format, how many rows, which filters."""
    audit_record(
        actor=actor,
        action="export",
        object_type=f"partners.{register}",
        provider_id=provider.pk,
        detail={"rows": rows, "format": fmt, "filters": filters},
    )
