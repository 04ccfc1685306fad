"""The annual review of filtering and monitoring: record it (its actions go straight into the
risk assessment's action plan, under a risk of the "IT and online safety" area, through the
risk module's own service) and the senior leader's sign-off.

All or nothing: if any action is refused (a duplicate title on that risk, an owner who does
not work here), neither the review nor any action is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.selectors import users_holding
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.filtering.choices import ReviewItem, ReviewStatus
from preventhub.filtering.cleaning import (
    MAX_TEXT,
    Collected,
    clean_date,
    clean_text,
    given,
    not_future,
)
from preventhub.filtering.models import Review, ReviewAction
from preventhub.filtering.services import actor_name
from preventhub.notifications.services import notify
from preventhub.risk.choices import Area
from preventhub.risk.models import Risk
from preventhub.risk.services import action_create

MAX_PARTICIPANTS = 30
MAX_ACTIONS = 20
SIGN_OFF_MESSAGE = "A filtering and monitoring review is waiting for your sign-off"


@dataclass(frozen=True)
class ActionIn:
    """One action the review sets: ``owner`` a user (or None), ``due_date`` a date (or None)."""

    title: str
    owner: Any = None
    due_date: date | None = None
    impact_measure: str = ""


@dataclass
class ReviewIn:
    reviewed_on: Any
    participants: list[str]
    checklist: list[str]
    findings: str
    item_notes: dict[str, str] = field(default_factory=dict)
    actions: list[ActionIn] = field(default_factory=list)
    risk: Risk | None = None


def online_risks(provider: Provider) -> Any:
    """The risks an action of the review may be filed under (the IT and online safety area)."""
    return Risk.objects.for_provider(provider).filter(area=Area.ONLINE).order_by("title")


def _participants(names: list[Any]) -> list[str]:
    seen: dict[str, str] = {}
    for raw in names:
        name = clean_text(raw, "participants")
        if name:
            seen.setdefault(name.lower(), name)
    if not seen:
        raise ValidationError({"participants": "Say who took part in the review."})
    if len(seen) > MAX_PARTICIPANTS:
        raise ValidationError({"participants": f"List at most {MAX_PARTICIPANTS} people."})
    return list(seen.values())


def _checklist(keys: list[Any], notes: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    unknown = [str(k)[:30] for k in keys if k not in ReviewItem.values]
    if unknown:
        raise ValidationError({"checklist": f"Unknown checklist item: {', '.join(unknown)}."})
    if not keys:
        raise ValidationError({"checklist": "Tick what the review covered."})
    extra = [str(k)[:30] for k in notes if k not in ReviewItem.values]
    if extra:
        raise ValidationError({"item_notes": f"Notes for an unknown item: {', '.join(extra)}."})
    cleaned = {k: clean_text(v, "item_notes", limit=2000) for k, v in notes.items()}
    ordered = [k for k in ReviewItem.values if k in keys]
    return ordered, {k: v for k, v in cleaned.items() if v}


def _risk(provider: Provider, risk: Risk | None, actions: list[ActionIn]) -> Risk | None:
    if not actions:
        return risk
    if len(actions) > MAX_ACTIONS:
        raise ValidationError({"actions": f"Set at most {MAX_ACTIONS} actions in one review."})
    if risk is None:
        raise ValidationError(
            {"risk": "Choose the IT and online safety risk that the actions reduce."}
        )
    if risk.provider_id != provider.pk or risk.area != Area.ONLINE:
        raise ValidationError({"risk": "Choose a risk of the IT and online safety area."})
    return risk


def clean_review(provider: Provider, data: ReviewIn) -> dict[str, Any]:
    today = timezone.localdate()
    checks = Collected()
    day = checks.take(clean_date, data.reviewed_on, "reviewed_on", what="the date of the review")
    if day is not None:
        day = checks.take(not_future, day, "reviewed_on", today, "The date of the review")
    participants = checks.take(_participants, list(data.participants or []))
    items = checks.take(_checklist, list(data.checklist or []), dict(data.item_notes or {}))
    findings = checks.take(
        clean_text, data.findings, "findings", required="Say what the review found.",
        limit=MAX_TEXT,
    )  # fmt: skip
    risk = checks.take(_risk, provider, data.risk, list(data.actions))
    for index, action in enumerate(data.actions, start=1):
        if not str(action.title or "").strip():
            checks.add(ValidationError({"actions": f"Action {index}: enter what is to be done."}))
    checks.raise_any()
    items = given(items)
    return {
        "reviewed_on": day, "participants": participants, "checklist": items[0],
        "item_notes": items[1], "findings": findings, "risk": risk,
    }  # fmt: skip


def review_record(*, actor: Any, provider: Provider, data: ReviewIn) -> Review:
    """Record a review awaiting the senior leader's sign-off, with its actions in the plan."""
    values = clean_review(provider, data)
    risk = values.pop("risk")
    if Review.objects.for_provider(provider).filter(reviewed_on=values["reviewed_on"]).exists():
        raise ConflictError({"reviewed_on": "A review on that date is already recorded."})
    try:
        with transaction.atomic():
            review = Review.unscoped.create(provider=provider, recorded_by=actor, **values)
            audit_record(
                actor=actor, action="create", obj=review,
                changed_fields=[*values.keys()], detail={"actions": len(data.actions)},
            )  # fmt: skip
            for index, action in enumerate(data.actions, start=1):
                _file_action(actor, review, risk, action, index)
            _ask_for_sign_off(provider, review)
    except IntegrityError as exc:
        raise ConflictError({"reviewed_on": "A review on that date is already recorded."}) from exc
    return review


def _file_action(actor: Any, review: Review, risk: Risk, action: ActionIn, index: int) -> None:
    try:
        created = action_create(
            actor=actor, risk=risk, title=action.title, owner=action.owner,
            due_date=action.due_date, impact_measure=action.impact_measure,
        )  # fmt: skip
    except ValidationError as exc:
        messages = exc.messages if not hasattr(exc, "error_dict") else sum(
            exc.message_dict.values(), []
        )  # fmt: skip
        raise ValidationError({"actions": [f"Action {index}: {m}" for m in messages]}) from exc
    ReviewAction.unscoped.create(
        provider_id=review.provider_id, review=review, risk_action=created, title=created.title
    )


def _ask_for_sign_off(provider: Provider, review: Review) -> None:
    leaders = users_holding(provider, [Role.SENIOR_LEADER])
    url = reverse("filtering:review_detail", kwargs={"pk": review.pk})
    notify(provider=provider, users=leaders, message=SIGN_OFF_MESSAGE, url=url)


def review_sign_off(*, actor: Any, review: Review, note: str = "") -> Review:
    """The senior leader signs the review off (once)."""
    note = clean_text(note, "note", limit=1000)
    if Role.SENIOR_LEADER not in roles_for(actor, review.provider_id):
        raise ValidationError("Only a senior leader signs a review off.")
    with transaction.atomic():
        locked: Review = (
            Review.objects.for_provider(review.provider_id).select_for_update().get(pk=review.pk)
        )
        if locked.status == ReviewStatus.SIGNED_OFF:
            raise ConflictError(
                f"This review was already signed off by {locked.signed_off_by_name}."
            )
        locked.status = ReviewStatus.SIGNED_OFF
        locked.signed_off_by = actor
        locked.signed_off_by_name = actor_name(actor)
        locked.signed_off_at = timezone.now()
        locked.sign_off_note = note
        locked.save()
        audit_record(
            actor=actor, action="update", obj=locked,
            changed_fields=["status", "signed_off_by", "signed_off_at", "sign_off_note"],
        )  # fmt: skip
    return locked


def review_record_view(*, actor: Any, review: Review) -> None:
    """Opening a review's findings (encrypted at rest) is audited."""
    with transaction.atomic():
        audit_record(actor=actor, action="view", obj=review)
