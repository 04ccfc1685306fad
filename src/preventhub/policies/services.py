"""Writes of the policy register. Each validates, saves and writes its audit row (field names,
never values) in one transaction; bad input raises ValidationError naming the field and changes
nothing; a second policy with the same title raises ConflictError."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.audit.services import audit_record, fields_changed
from preventhub.concerns.attachments import CheckedFile, delete_stored, store_encrypted
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.policies.choices import PolicyStatus, PolicyType, PreventAnswer
from preventhub.policies.documents import detect_prevent
from preventhub.policies.models import Acknowledgement, Policy
from preventhub.policies.selectors import possible_owners

MAX_TITLE = 200
MAX_VERSION = 30
EARLIEST = date(2000, 1, 1)
DOCUMENT_FIELDS = (
    "document_name", "document_type", "document_size", "document_sha256", "prevent_detected",
    "text_readable", "detected_terms", "related_terms",
)  # fmt: skip


@dataclass(frozen=True)
class PolicyIn:
    """What a person (or an API client) says about a policy."""

    policy_type: str
    title: str
    version: str
    owner: User | None
    status: str = PolicyStatus.DRAFT
    approved_on: date | None = None
    review_on: date | None = None
    refers_to_prevent: str = ""
    acknowledgement_required: bool = False


def _text(value: Any, field: str, limit: int, missing: str) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationError({field: missing})
    if len(text) > limit:
        raise ValidationError({field: f"Keep this under {limit} characters (it has {len(text)})."})
    return text


def _choice(value: Any, field: str, allowed: list[str], what: str) -> str:
    text = str(value or "")
    if text not in allowed:
        raise ValidationError({field: f"Unknown {what}: {text or '(none)'}."})
    return text


def clean_dates(status: str, approved_on: date | None, review_on: date | None) -> None:
    today = timezone.localdate()
    if approved_on is not None:
        if approved_on > today:
            raise ValidationError({"approved_on": "The approval date cannot be in the future."})
        if approved_on < EARLIEST:
            raise ValidationError({"approved_on": f"Enter a date from {EARLIEST.year} onwards."})
    if approved_on and review_on and review_on < approved_on:
        raise ValidationError(
            {"review_on": "The review date must be on or after the date the policy was approved."}
        )
    if review_on and review_on > today + timedelta(days=366 * 5):
        raise ValidationError({"review_on": "Enter a review date within the next 5 years."})
    if status == PolicyStatus.PUBLISHED:
        if approved_on is None:
            raise ValidationError({"approved_on": "Enter the date it was approved to publish it."})
        if review_on is None:
            raise ValidationError({"review_on": "Enter the review date to publish it."})


def _owner(provider_id: int, owner: User | None) -> User | None:
    if owner is None:
        return None
    if not possible_owners(provider_id).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": "Choose someone who works here as the owner."})
    return owner


def _fields(provider_id: int, data: PolicyIn) -> dict[str, Any]:
    status = _choice(data.status, "status", PolicyStatus.values, "status")
    clean_dates(status, data.approved_on, data.review_on)
    required = bool(data.acknowledgement_required)
    if required and status != PolicyStatus.PUBLISHED:
        raise ValidationError(
            {
                "acknowledgement_required": "Only a published policy can be sent to staff to "
                "acknowledge: publish it first."
            }
        )
    return {
        "policy_type": _choice(data.policy_type, "policy_type", PolicyType.values, "policy type"),
        "title": _text(data.title, "title", MAX_TITLE, "Enter the policy's title."),
        "version": _text(data.version, "version", MAX_VERSION, "Enter the version, e.g. 2.1."),
        "owner": _owner(provider_id, data.owner),
        "status": status,
        "approved_on": data.approved_on,
        "review_on": data.review_on,
        "refers_to_prevent": _choice(
            data.refers_to_prevent, "refers_to_prevent", ["", *PreventAnswer.values], "answer"
        ),
        "acknowledgement_required": required,
    }


def _title_taken(provider_id: int, title: str, exclude: Any = None) -> bool:
    found = Policy.objects.for_provider(provider_id).filter(title__iexact=title)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.exists()


def _attach(policy: Policy, checked: CheckedFile) -> str:
    """Read the document for Prevent terms, store it encrypted, point the policy at it."""
    found = detect_prevent(checked)
    stored = store_encrypted(policy.provider_id, checked)
    policy.document_name = checked.name
    policy.document_type = checked.content_type
    policy.document_size = len(checked.content)
    policy.document_sha256 = checked.sha256
    policy.document_storage = stored
    policy.text_readable = found.readable
    policy.prevent_detected = found.refers_to_prevent
    policy.detected_terms = list(found.explicit)
    policy.related_terms = list(found.related)
    return stored


def policy_create(
    *, actor: Any, provider: Provider, data: PolicyIn, document: CheckedFile | None = None
) -> Policy:
    fields = _fields(provider.pk, data)
    if _title_taken(provider.pk, fields["title"]):
        raise ConflictError({"title": f"A policy called {fields['title']} is already registered."})
    stored = ""
    try:
        with transaction.atomic():
            policy = Policy(provider=provider, **fields)
            if document is not None:
                stored = _attach(policy, document)
            policy.save()
            audit_record(
                actor=actor,
                action="create",
                obj=policy,
                changed_fields=[*fields, *(DOCUMENT_FIELDS if document else ())],
                detail={"policy_type": policy.policy_type, "status": policy.status},
            )
    except IntegrityError as exc:
        if stored:
            delete_stored(stored)
        raise ConflictError(
            {"title": f"A policy called {fields['title']} already exists."}
        ) from exc
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return policy


def policy_update(
    *, actor: Any, policy: Policy, data: PolicyIn, document: CheckedFile | None = None
) -> Policy:
    fields = _fields(policy.provider_id, data)
    if _title_taken(policy.provider_id, fields["title"], exclude=policy.pk):
        raise ConflictError({"title": f"A policy called {fields['title']} is already registered."})
    before = {f: getattr(policy, f) for f in fields}
    old_document = policy.document_storage
    for key, value in fields.items():
        setattr(policy, key, value)
    changed = fields_changed(before, policy, fields)
    stored = ""
    try:
        with transaction.atomic():
            if document is not None:
                stored = _attach(policy, document)
                changed.extend(DOCUMENT_FIELDS)
            if changed:
                policy.save()
                audit_record(
                    actor=actor,
                    action="update",
                    obj=policy,
                    changed_fields=changed,
                    detail={"version_changed": "version" in changed},
                )
            if stored and old_document:
                transaction.on_commit(lambda: delete_stored(old_document))
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return policy


def policy_record_download(*, actor: Any, policy: Policy) -> None:
    audit_record(actor=actor, action="view", obj=policy, detail={"part": "document"})


def policy_acknowledge(*, actor: Any, policy: Policy) -> tuple[Acknowledgement, bool]:
    """Record that ``actor`` read the current version; again is a no-op: (row, created)."""
    if not policy.is_published or not policy.acknowledgement_required:
        raise ValidationError(f"{policy.title} is not waiting for staff to acknowledge it.")
    existing = (
        Acknowledgement.objects.for_provider(policy.provider_id)
        .filter(policy=policy, user=actor, version=policy.version)
        .first()
    )
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            ack = Acknowledgement.objects.for_provider(policy.provider_id).create(
                provider_id=policy.provider_id,
                policy=policy,
                user=actor,
                version=policy.version,
                acknowledged_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="acknowledge",
                obj=policy,
                detail={"version": policy.version},
            )
    except IntegrityError:  # a double click racing the first
        found = Acknowledgement.objects.for_provider(policy.provider_id).get(
            policy=policy, user=actor, version=policy.version
        )
        return found, False
    return ack, True


def export_recorded(
    *, actor: Any, provider: Provider, register: str, rows: int, fmt: str, filters: dict[str, str]
) -> None:
    audit_record(
        actor=actor,
        action="export",
        object_type=f"policies.{register}",
        provider_id=provider.pk,
        detail={"rows": rows, "format": fmt, "filters": filters},
    )
