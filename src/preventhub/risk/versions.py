"""Versions of the assessment: the frozen snapshot, sign-off, and what changed between two.

A snapshot is the whole assessment and plan as JSON (context, every risk with its actions, the
learner consultations and partner inputs), stored encrypted. Sign-off needs a senior leader and
a governor, two different people, signing the *same* content: the first signature freezes the
current assessment as a version awaiting sign-off; the second approves it only if the assessment
has not changed since (otherwise the waiting version is superseded and a new one is frozen with
the new signature, so nobody approves something they did not see).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.notifications.services import notify
from preventhub.risk.choices import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    ActionStatus,
    Area,
    InputKind,
    SignerRole,
    Source,
    VersionStatus,
)
from preventhub.risk.models import AssessmentVersion, RiskAssessment, VersionSignature
from preventhub.risk.selectors import assessment_for, inputs, risks_with_actions
from preventhub.risk.services import actor_name, assessment_get_or_create

SCHEMA = 1
SIGN_OFF_MESSAGE = "The Prevent risk assessment is waiting for your sign-off"
APPROVED_MESSAGE = "The Prevent risk assessment is signed off"


# --- the snapshot ----------------------------------------------------------------------------


def _name(user: Any) -> str:
    return actor_name(user) if user is not None else ""


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def build_snapshot(provider: Provider) -> dict[str, Any]:
    """The whole assessment and plan as plain JSON-able data (names, not ids, for people)."""
    assessment = assessment_for(provider)
    return {
        "schema": SCHEMA,
        "provider": provider.name,
        "taken_at": timezone.now().isoformat(),
        "context": {
            "national_context": assessment.national_context,
            "national_sources": assessment.national_sources,
            "local_context": assessment.local_context,
            "local_sources": assessment.local_sources,
        },
        "risks": [_risk(r) for r in risks_with_actions(provider).order_by("area", "title")],
        "inputs": [
            {
                "id": str(i.pk),
                "kind": i.kind,
                "held_on": _day(i.held_on),
                "what": i.what,
                "with_whom": i.with_whom,
                "summary": i.summary,
            }
            for i in inputs(provider).order_by("held_on", "created_at")
        ],
    }


def _risk(risk: Any) -> dict[str, Any]:
    return {
        "id": str(risk.pk),
        "area": risk.area,
        "title": risk.title,
        "description": risk.description,
        "hazard": risk.hazard,
        "controls": risk.controls,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "residual_likelihood": risk.residual_likelihood,
        "residual_impact": risk.residual_impact,
        "sources": list(risk.sources),
        "source_note": risk.source_note,
        "owner": _name(risk.owner),
        "review_on": _day(risk.review_on),
        "actions": [
            {
                "id": str(a.pk),
                "title": a.title,
                "owner": _name(a.owner),
                "due_on": _day(a.due_on),
                "status": a.status,
                "impact_measure": a.impact_measure,
                "evidence": a.evidence,
                "completed_on": _day(a.completed_on),
            }
            for a in risk.actions.all()
        ],
    }


def content_of(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What sign-off compares: everything but when the copy was taken."""
    return {k: v for k, v in snapshot.items() if k != "taken_at"}


def load(version: AssessmentVersion) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(version.snapshot)
    return data


# --- sign-off --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignOffResult:
    version: AssessmentVersion
    approved: bool
    new_version: bool


def signer_roles(user: Any, provider: Provider) -> list[str]:
    """The sign-off roles ``user`` holds at ``provider`` (senior leader, governor or both)."""
    held = roles_for(user, provider)
    return [r for r in SignerRole.values if r in held]


def sign_off(*, actor: Any, provider: Provider, role: str, comment: str = "") -> SignOffResult:
    if role not in SignerRole.values:
        raise ValidationError({"role": f"Unknown sign-off role: {role!s:.30}."})
    if role not in signer_roles(actor, provider):
        raise ValidationError({"role": f"You do not hold the {role.replace('_', ' ')} role here."})
    comment = str(comment or "").strip()
    if len(comment) > 500:
        raise ValidationError({"comment": "Keep the comment under 500 characters."})
    with transaction.atomic():
        # The assessment row is the lock: two signers at once take turns.
        assessment_get_or_create(provider)
        RiskAssessment.unscoped.select_for_update().get(provider=provider)
        current = build_snapshot(provider)
        version, new = _version_to_sign(actor, provider, current)
        _refuse_second_signature(version, actor, role)
        VersionSignature.unscoped.create(
            provider=provider,
            version=version,
            signer=actor,
            signer_name=actor_name(actor),
            role=role,
            comment=comment,
        )
        audit_record(
            actor=actor,
            action="sign_off",
            obj=version,
            changed_fields=["signatures"],
            detail={"role": role, "number": version.number},
        )
        approved = _approve_if_complete(actor, version)
        _tell_the_others(provider, version, role, approved)
    return SignOffResult(version=version, approved=approved, new_version=new)


def _version_to_sign(
    actor: Any, provider: Provider, current: dict[str, Any]
) -> tuple[AssessmentVersion, bool]:
    waiting: AssessmentVersion | None = (
        AssessmentVersion.objects.for_provider(provider)
        .filter(status=VersionStatus.AWAITING)
        .order_by("-number")
        .first()
    )
    if waiting is not None and content_of(load(waiting)) == content_of(current):
        return waiting, False
    if waiting is not None:
        waiting.status = VersionStatus.SUPERSEDED
        waiting.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=waiting,
            changed_fields=["status"],
            detail={"status": VersionStatus.SUPERSEDED, "reason": "assessment changed"},
        )
    last = AssessmentVersion.objects.for_provider(provider).aggregate(n=Max("number"))["n"]
    version = AssessmentVersion.unscoped.create(
        provider=provider,
        number=(last or 0) + 1,
        snapshot=json.dumps(current, sort_keys=True),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="create",
        obj=version,
        changed_fields=["snapshot"],
        detail={"number": version.number, "risks": len(current["risks"])},
    )
    return version, True


def _refuse_second_signature(version: AssessmentVersion, actor: Any, role: str) -> None:
    signatures = list(
        VersionSignature.objects.for_provider(version.provider_id).filter(version=version)
    )
    if any(s.role == role for s in signatures):
        label = SignerRole(role).label.lower()
        raise ConflictError(f"A {label} has already signed version {version.number}.")
    if any(s.signer_id == actor.pk for s in signatures):
        raise ValidationError(
            "You have already signed this version: the other signature must be someone else's."
        )


def _approve_if_complete(actor: Any, version: AssessmentVersion) -> bool:
    roles = set(
        VersionSignature.objects.for_provider(version.provider_id)
        .filter(version=version)
        .values_list("role", flat=True)
    )
    if roles != set(SignerRole.values):
        return False
    version.status = VersionStatus.APPROVED
    version.approved_at = timezone.now()
    version.save(update_fields=["status", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="approve",
        obj=version,
        changed_fields=["status", "approved_at"],
        detail={"number": version.number},
    )
    return True


def _tell_the_others(
    provider: Provider, version: AssessmentVersion, role: str, approved: bool
) -> None:
    from preventhub.concerns.selectors import users_holding
    from preventhub.risk.permissions import EDITORS

    if approved:
        users = users_holding(provider, EDITORS)
        message = APPROVED_MESSAGE
        url = reverse("risk:version", kwargs={"pk": version.pk})
    else:
        other = [r for r in SignerRole.values if r != role]
        users = users_holding(provider, other)
        message = SIGN_OFF_MESSAGE
        url = reverse("risk:sign_off")
    if users:
        notify(provider=provider, users=users, message=message, url=url)


# --- differences -----------------------------------------------------------------------------

RISK_LABELS = {
    "area": "Area",
    "title": "Title",
    "description": "Description",
    "hazard": "Hazard",
    "controls": "Current controls",
    "likelihood": "Likelihood",
    "impact": "Impact",
    "residual_likelihood": "Residual likelihood",
    "residual_impact": "Residual impact",
    "sources": "Sources",
    "source_note": "Note on sources",
    "owner": "Owner",
    "review_on": "Review date",
}
ACTION_LABELS = {
    "title": "Title",
    "owner": "Owner",
    "due_on": "Due date",
    "status": "Status",
    "impact_measure": "Impact measure",
    "evidence": "Evidence of impact",
    "completed_on": "Completed on",
}
CONTEXT_LABELS = {
    "national_context": "National context",
    "national_sources": "Sources of the national context",
    "local_context": "Local context",
    "local_sources": "Sources of the local context",
}


DATE_FIELDS = ("review_on", "due_on", "completed_on", "held_on")


def display(name: str, value: Any) -> str:
    """A snapshot value in words, for the diff page."""
    if value in (None, "", []):
        return ""
    if name == "area":
        return str(Area(value).label) if value in Area.values else str(value)
    if name in ("likelihood", "residual_likelihood"):
        return f"{value} ({LIKELIHOOD_LABELS.get(value, '')})"
    if name in ("impact", "residual_impact"):
        return f"{value} ({IMPACT_LABELS.get(value, '')})"
    if name == "sources":
        return ", ".join(str(Source(v).label) if v in Source.values else str(v) for v in value)
    if name == "status":
        return str(ActionStatus(value).label) if value in ActionStatus.values else str(value)
    if name == "kind":
        return str(InputKind(value).label) if value in InputKind.values else str(value)
    if name in DATE_FIELDS:
        try:
            return f"{date.fromisoformat(str(value)):%-d %B %Y}"
        except ValueError:
            return str(value)
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass
class ItemChange:
    title: str
    fields: list[FieldChange] = field(default_factory=list)
    area: str = ""
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.fields or self.added or self.removed or self.changed)


@dataclass
class Diff:
    context: list[FieldChange]
    added: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    changed: list[ItemChange]
    inputs_added: list[dict[str, Any]]
    inputs_removed: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not (
            self.context
            or self.added
            or self.removed
            or self.changed
            or self.inputs_added
            or self.inputs_removed
        )


def _fields(old: dict[str, Any], new: dict[str, Any], labels: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(name, label, display(name, old.get(name)), display(name, new.get(name)))
        for name, label in labels.items()
        if old.get(name) != new.get(name)
    ]


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def _items(
    old_rows: list[dict[str, Any]], new_rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[dict[str, Any], dict[str, Any]]]]:
    old, new = _by_id(old_rows), _by_id(new_rows)
    added = [row for key, row in new.items() if key not in old]
    removed = [row for key, row in old.items() if key not in new]
    both = [(old[key], row) for key, row in new.items() if key in old]
    return added, removed, both


def _risk_change(old: dict[str, Any], new: dict[str, Any]) -> ItemChange:
    change = ItemChange(
        title=new["title"], area=display("area", new["area"]), fields=_fields(old, new, RISK_LABELS)
    )
    added, removed, both = _items(old.get("actions", []), new.get("actions", []))
    change.added, change.removed = added, removed
    for before, after in both:
        fields = _fields(before, after, ACTION_LABELS)
        if fields:
            change.changed.append(ItemChange(title=after["title"], fields=fields))
    return change


def diff_snapshots(old: dict[str, Any] | None, new: dict[str, Any]) -> Diff:
    """What changed from ``old`` (None: nothing before) to ``new``, risk by risk and action by
    action, field by field. Risks and actions are matched by id, so a renamed risk is a change,
    not a removal and an addition."""
    old = old or {"context": {}, "risks": [], "inputs": []}
    added, removed, both = _items(old.get("risks", []), new.get("risks", []))
    changed = [c for c in (_risk_change(a, b) for a, b in both) if not c.empty]
    inputs_added, inputs_removed, _ = _items(old.get("inputs", []), new.get("inputs", []))
    return Diff(
        context=_fields(old.get("context", {}), new.get("context", {}), CONTEXT_LABELS),
        added=added,
        removed=removed,
        changed=changed,
        inputs_added=inputs_added,
        inputs_removed=inputs_removed,
    )


def by_area(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """A snapshot's risks grouped by area in the template's order, for reading a version."""
    return [
        {
            "label": str(area.label),
            "risks": [r for r in snapshot.get("risks", []) if r["area"] == area],
        }
        for area in Area
    ]
