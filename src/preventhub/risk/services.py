"""Writes on the risk assessment and action plan. Each validates everything first, then saves
and writes its audit row (field names, never values) in one transaction: bad input changes
nothing, and the same risk or action sent twice is refused as a duplicate (409 in the API).

Dates: a new risk's review date may not be in the past (a review already overdue on the day it
is written is a typo); an edited one may keep a past date it already had, so that fixing a typo
elsewhere never forces a new review date. An action's due date may not be before the day the
action was created.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record, fields_changed, snapshot
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.risk.choices import (
    OPEN_ACTION_STATUSES,
    SCALE,
    ActionStatus,
    Area,
    InputKind,
    Source,
)
from preventhub.risk.models import AssessmentInput, Risk, RiskAction, RiskAssessment
from preventhub.risk.selectors import possible_owners

MAX_TEXT = 10_000  # characters: a few pages; longer belongs in a linked document
MAX_TITLE = 200
MAX_ACTION_TITLE = 300
MAX_YEARS_AHEAD = 10
MAX_YEARS_BACK = 10

RISK_FIELDS = (
    "area", "title", "description", "hazard", "controls", "likelihood", "impact",
    "residual_likelihood", "residual_impact", "sources", "source_note", "owner_id", "review_on",
)  # fmt: skip
ACTION_FIELDS = ("title", "owner_id", "due_on", "impact_measure")
PROGRESS_FIELDS = ("status", "evidence", "completed_on")
CONTEXT_FIELDS = ("national_context", "national_sources", "local_context", "local_sources")


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or getattr(actor, "username", "") or "Unknown")


# --- validation ------------------------------------------------------------------------------


def clean_text(value: Any, field: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: "This cannot be empty."})
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    return text


def clean_area(value: Any) -> str:
    if value not in Area.values:
        known = ", ".join(Area.values)
        raise ValidationError({"area": f"Unknown area: {value!s:.40}. Choose one of: {known}."})
    return str(value)


def clean_scale(value: Any, field: str, *, required: bool = True) -> int | None:
    """A likelihood or impact from 1 (rare, negligible) to 5 (almost certain, severe)."""
    if value in (None, ""):
        if required:
            raise ValidationError({field: "Choose a number from 1 to 5."})
        return None
    if isinstance(value, bool):
        raise ValidationError({field: "Choose a number from 1 to 5."})
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: "Choose a number from 1 to 5."}) from exc
    if number not in SCALE or str(number) != str(value).strip():
        raise ValidationError({field: f"Must be from 1 to 5, not {str(value)[:10]}."})
    return number


def clean_residual(
    likelihood: int, impact: int, residual_likelihood: Any, residual_impact: Any
) -> tuple[int | None, int | None]:
    """Both or neither; controls lower a risk, so neither may be above its inherent value."""
    res_l = clean_scale(residual_likelihood, "residual_likelihood", required=False)
    res_i = clean_scale(residual_impact, "residual_impact", required=False)
    if (res_l is None) != (res_i is None):
        missing = "residual_impact" if res_i is None else "residual_likelihood"
        raise ValidationError(
            {missing: "Give both the residual likelihood and the residual impact, or neither."}
        )
    if res_l is not None and res_l > likelihood:
        raise ValidationError(
            {"residual_likelihood": "The likelihood after controls cannot be higher than before."}
        )
    if res_i is not None and res_i > impact:
        raise ValidationError(
            {"residual_impact": "The impact after controls cannot be higher than before."}
        )
    return res_l, res_i


def clean_sources(values: Iterable[Any]) -> list[str]:
    chosen = list(dict.fromkeys(str(v) for v in values))
    unknown = [v for v in chosen if v not in Source.values]
    if unknown:
        raise ValidationError({"sources": f"Unknown source: {', '.join(unknown)[:80]}."})
    return chosen


def clean_owner(provider: Provider, owner: Any, field: str = "owner") -> Any:
    """None, or a user who works at ``provider`` (any role but learner or inspector)."""
    if owner is None:
        return None
    pk = getattr(owner, "pk", None)
    if pk is None or not possible_owners(provider).filter(pk=pk).exists():
        raise ValidationError({field: "Choose someone who works at this provider."})
    return owner


def _not_absurd(value: date, field: str, today: date) -> date:
    if value > today + timedelta(days=366 * MAX_YEARS_AHEAD):
        raise ValidationError({field: f"Choose a date within {MAX_YEARS_AHEAD} years."})
    return value


def clean_review_on(value: date | None, *, today: date, before: date | None = None) -> date | None:
    if value is None:
        return None
    if value < today and value != before:
        raise ValidationError(
            {"review_on": "The review date cannot be in the past: choose today or a later date."}
        )
    return _not_absurd(value, "review_on", today)


def clean_due_date(value: date | None, *, created_on: date, today: date) -> date | None:
    if value is None:
        return None
    if value < created_on:
        raise ValidationError(
            {
                "due_date": "The due date cannot be before the action was created "
                f"({created_on:%-d %B %Y})."
            }
        )
    return _not_absurd(value, "due_date", today)


def clean_held_on(value: date | None, *, today: date) -> date:
    if value is None:
        raise ValidationError({"held_on": "Enter the date it took place."})
    if value > today:
        raise ValidationError({"held_on": "The date cannot be in the future: record it after."})
    if value < today - timedelta(days=366 * MAX_YEARS_BACK):
        raise ValidationError({"held_on": f"Choose a date within the last {MAX_YEARS_BACK} years."})
    return value


# --- context ---------------------------------------------------------------------------------


def assessment_get_or_create(provider: Provider) -> RiskAssessment:
    found, _ = RiskAssessment.unscoped.get_or_create(provider=provider)
    return found


def context_update(
    *,
    actor: Any,
    provider: Provider,
    national_context: str,
    national_sources: str,
    local_context: str,
    local_sources: str,
) -> RiskAssessment:
    values = {
        "national_context": clean_text(national_context, "national_context"),
        "national_sources": clean_text(national_sources, "national_sources", limit=2000),
        "local_context": clean_text(local_context, "local_context"),
        "local_sources": clean_text(local_sources, "local_sources", limit=2000),
    }
    with transaction.atomic():
        assessment = assessment_get_or_create(provider)
        before = snapshot(assessment, CONTEXT_FIELDS)
        for name, value in values.items():
            setattr(assessment, name, value)
        changed = fields_changed(before, assessment, CONTEXT_FIELDS)
        if changed:
            assessment.save()
            audit_record(actor=actor, action="update", obj=assessment, changed_fields=changed)
    return assessment


# --- risks -----------------------------------------------------------------------------------


def _required_scale(value: Any, field: str) -> int:
    number = clean_scale(value, field)
    if number is None:  # clean_scale refuses a missing required value; this is for mypy
        raise ValidationError({field: "Choose a number from 1 to 5."})
    return number


def _risk_values(
    provider: Provider, data: dict[str, Any], *, today: date, before: Any
) -> dict[str, Any]:
    likelihood = _required_scale(data.get("likelihood"), "likelihood")
    impact = _required_scale(data.get("impact"), "impact")
    res_l, res_i = clean_residual(
        likelihood, impact, data.get("residual_likelihood"), data.get("residual_impact")
    )
    owner = clean_owner(provider, data.get("owner"))
    return {
        "area": clean_area(data.get("area")),
        "title": clean_text(data.get("title"), "title", required=True, limit=MAX_TITLE),
        "description": clean_text(data.get("description"), "description", required=True),
        "hazard": clean_text(data.get("hazard"), "hazard"),
        "controls": clean_text(data.get("controls"), "controls"),
        "likelihood": likelihood,
        "impact": impact,
        "residual_likelihood": res_l,
        "residual_impact": res_i,
        "sources": clean_sources(data.get("sources") or ()),
        "source_note": clean_text(data.get("source_note"), "source_note", limit=2000),
        "owner_id": owner.pk if owner is not None else None,
        "review_on": clean_review_on(data.get("review_on"), today=today, before=before),
    }


def _duplicate_risk(provider: Provider, area: str, title: str, exclude: Any = None) -> bool:
    rows = Risk.objects.for_provider(provider).filter(area=area, title__iexact=title)
    return rows.exclude(pk=exclude).exists() if exclude else rows.exists()


def _refuse_duplicate_risk(provider: Provider, values: dict[str, Any], exclude: Any = None) -> None:
    if _duplicate_risk(provider, values["area"], values["title"], exclude):
        raise ConflictError(
            {"title": f"A risk called \u201c{values['title']}\u201d is already in this area."}
        )


def risk_create(*, actor: Any, provider: Provider, **data: Any) -> Risk:
    """Add a risk. ``data``: area, title, description, likelihood, impact (required); hazard,
    controls, residual_likelihood, residual_impact, sources, source_note, owner, review_on."""
    values = _risk_values(provider, data, today=timezone.localdate(), before=None)
    _refuse_duplicate_risk(provider, values)
    try:
        with transaction.atomic():
            assessment_get_or_create(provider)
            risk = Risk.unscoped.create(provider=provider, created_by=actor, **values)
            audit_record(
                actor=actor,
                action="create",
                obj=risk,
                changed_fields=[k for k, v in values.items() if v not in ("", None, [])],
                detail={"area": risk.area},
            )
    except IntegrityError as exc:
        # Two identical requests raced past the check; the first one made the risk.
        raise ConflictError(
            {"title": f"A risk called \u201c{values['title']}\u201d is already in this area."}
        ) from exc
    return risk


def risk_update(*, actor: Any, risk: Risk, **data: Any) -> list[str]:
    """Change a risk's fields (all given, as on create); returns the names of those changed."""
    provider = risk.provider
    values = _risk_values(provider, data, today=timezone.localdate(), before=risk.review_on)
    _refuse_duplicate_risk(provider, values, exclude=risk.pk)
    before = snapshot(risk, RISK_FIELDS)
    for name, value in values.items():
        setattr(risk, name, value)
    changed = fields_changed(before, risk, RISK_FIELDS)
    if not changed:
        return []
    try:
        with transaction.atomic():
            risk.save()
            audit_record(
                actor=actor,
                action="update",
                obj=risk,
                changed_fields=changed,
                detail={"area": risk.area},
            )
    except IntegrityError as exc:
        raise ConflictError({"title": "A risk with that title is already in this area."}) from exc
    risk.refresh_from_db(fields=["inherent_score", "residual_score"])
    return changed


def risk_delete(*, actor: Any, risk: Risk) -> None:
    """Remove a risk and its actions. Approved versions keep them (they are frozen copies)."""
    with transaction.atomic():
        actions = list(RiskAction.objects.for_provider(risk.provider_id).filter(risk=risk))
        for action in actions:
            audit_record(
                actor=actor, action="delete", obj=action, detail={"with_risk": str(risk.pk)}
            )
        audit_record(
            actor=actor,
            action="delete",
            obj=risk,
            detail={"area": risk.area, "actions": len(actions)},
        )
        risk.delete()


# --- actions ---------------------------------------------------------------------------------


def _action_values(
    risk: Risk, data: dict[str, Any], *, created_on: date, today: date
) -> dict[str, Any]:
    owner = clean_owner(risk.provider, data.get("owner"))
    return {
        "title": clean_text(data.get("title"), "title", required=True, limit=MAX_ACTION_TITLE),
        "owner_id": owner.pk if owner is not None else None,
        "due_on": clean_due_date(data.get("due_date"), created_on=created_on, today=today),
        "impact_measure": clean_text(data.get("impact_measure"), "impact_measure", limit=2000),
    }


def _refuse_duplicate_action(risk: Risk, title: str, exclude: Any = None) -> None:
    rows = RiskAction.objects.for_provider(risk.provider_id).filter(risk=risk, title__iexact=title)
    if (rows.exclude(pk=exclude) if exclude else rows).exists():
        raise ConflictError(
            {"title": f"This risk already has an action called \u201c{title}\u201d."}
        )


def action_create(*, actor: Any, risk: Risk, **data: Any) -> RiskAction:
    """Add an action to a risk. ``data``: title (required), owner, due_date, impact_measure.

    Owner, due date and impact measure may be left out while a plan is drafted; the quality
    check names each gap until it is filled.
    """
    today = timezone.localdate()
    values = _action_values(risk, data, created_on=today, today=today)
    _refuse_duplicate_action(risk, values["title"])
    try:
        with transaction.atomic():
            action = RiskAction.unscoped.create(
                provider_id=risk.provider_id, risk=risk, created_by=actor, **values
            )
            audit_record(
                actor=actor,
                action="create",
                obj=action,
                changed_fields=[k for k, v in values.items() if v not in ("", None)],
                detail={"risk": str(risk.pk)},
            )
    except IntegrityError as exc:
        raise ConflictError(
            {"title": f"This risk already has an action called \u201c{values['title']}\u201d."}
        ) from exc
    return action


def action_update(*, actor: Any, action: RiskAction, **data: Any) -> list[str]:
    """Editors change an action's title, owner, due date and impact measure."""
    created_on = timezone.localdate(action.created_at)
    values = _action_values(action.risk, data, created_on=created_on, today=timezone.localdate())
    _refuse_duplicate_action(action.risk, values["title"], exclude=action.pk)
    before = snapshot(action, ACTION_FIELDS)
    for name, value in values.items():
        setattr(action, name, value)
    changed = fields_changed(before, action, ACTION_FIELDS)
    if changed:
        with transaction.atomic():
            action.save()
            audit_record(actor=actor, action="update", obj=action, changed_fields=changed)
    return changed


def action_progress(*, actor: Any, action: RiskAction, status: str, evidence: str) -> list[str]:
    """The owner (or an editor) records progress. Done needs evidence of impact: what changed,
    and how we know (the survey: plans "focused too much on systems rather than evaluating the
    impact")."""
    if status not in ActionStatus.values:
        raise ValidationError({"status": f"Unknown status: {status!s:.30}."})
    evidence = clean_text(evidence, "evidence", limit=MAX_TEXT)
    if status == ActionStatus.DONE and not evidence:
        raise ValidationError(
            {
                "evidence": "Say what changed and how you know: an action is done only with "
                "evidence of its impact."
            }  # fmt: skip
        )
    before = snapshot(action, PROGRESS_FIELDS)
    action.status = status
    action.evidence = evidence
    if status == ActionStatus.DONE:
        action.completed_on = action.completed_on or timezone.localdate()
    else:
        action.completed_on = None
    changed = fields_changed(before, action, PROGRESS_FIELDS)
    if changed:
        with transaction.atomic():
            action.save()
            audit_record(
                actor=actor,
                action="update",
                obj=action,
                changed_fields=changed,
                detail={"status": status},
            )
    return changed


def is_overdue(action: RiskAction, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        action.status in OPEN_ACTION_STATUSES
        and action.due_on is not None
        and action.due_on < today
    )


# --- learner consultations and partner inputs ------------------------------------------------


def input_record(
    *,
    actor: Any,
    provider: Provider,
    kind: str,
    held_on: date | None,
    what: str,
    summary: str,
    with_whom: str = "",
) -> AssessmentInput:
    if kind not in InputKind.values:
        raise ValidationError({"kind": f"Unknown kind: {kind!s:.30}."})
    values = {
        "held_on": clean_held_on(held_on, today=timezone.localdate()),
        "what": clean_text(what, "what", required=True, limit=200),
        "with_whom": clean_text(with_whom, "with_whom", limit=200),
        "summary": clean_text(summary, "summary", required=True),
    }
    duplicate = AssessmentInput.objects.for_provider(provider).filter(
        kind=kind, held_on=values["held_on"], what__iexact=values["what"]
    )
    if duplicate.exists():
        raise ConflictError(
            {"what": f"\u201c{values['what']}\u201d on that date is already recorded."}
        )
    with transaction.atomic():
        assessment_get_or_create(provider)
        found = AssessmentInput.unscoped.create(
            provider=provider, kind=kind, recorded_by=actor, **values
        )
        audit_record(
            actor=actor,
            action="create",
            obj=found,
            changed_fields=["kind", *values],
            detail={"kind": kind},
        )
    return found
