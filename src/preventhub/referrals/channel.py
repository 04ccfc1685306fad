"""Writes on Channel tracking: open the record, screening, the panel, consent, the support
plan, reviews and exit. Each step checks the move against choices.CHANNEL_TRANSITIONS and
refuses an illegal one with IllegalTransitionError (409 in the API), changing nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.models import Concern
from preventhub.concerns.services import MAX_NARRATIVE, clean_text
from preventhub.referrals.choices import (
    CHANNEL_TRANSITIONS,
    CONSENT_OPEN,
    ChannelStatus,
    Consent,
    PanelOutcome,
    ScreeningOutcome,
)
from preventhub.referrals.models import ChannelCase, ChannelReview
from preventhub.referrals.selectors import subject_is_child
from preventhub.referrals.services import (
    Started,
    chronicle,
    clean_date,
    concern_date,
    require_open_concern,
)


def _label(status: str) -> str:
    return str(ChannelStatus(status).label).lower()


def _locked(channel: ChannelCase) -> ChannelCase:
    locked: ChannelCase = (
        ChannelCase.unscoped.select_for_update().select_related("concern").get(pk=channel.pk)
    )
    return locked


def _move(channel: ChannelCase, target: str, refusal: str) -> None:
    """Move ``channel`` to ``target`` or refuse with ``refusal`` (which names the state)."""
    if target not in CHANNEL_TRANSITIONS.get(channel.status, frozenset()):
        raise IllegalTransitionError(refusal.format(state=_label(channel.status)))
    channel.status = target


def _save(
    actor: Any, channel: ChannelCase, changed: list[str], text: str, on: date | None
) -> ChannelCase:
    channel.save(update_fields=[*changed, "updated_at"])
    chronicle(channel.concern, actor, text, on=on)
    audit_record(
        actor=actor,
        action="update",
        obj=channel,
        changed_fields=changed,
        detail={"status": channel.status},
    )
    return channel


# --- opening --------------------------------------------------------------------------------


def channel_start(*, actor: Any, concern: Concern) -> Started[ChannelCase]:
    """Open Channel tracking for a concern (one per concern: again returns the one there is)."""
    existing = _channel_of(concern)
    if existing is not None:
        return Started(existing, created=False)
    child = subject_is_child(concern, timezone.localdate())
    try:
        with transaction.atomic():
            require_open_concern(concern, "start Channel tracking")
            channel = ChannelCase.unscoped.create(
                provider_id=concern.provider_id,
                concern=concern,
                created_by=actor,
                consent_parental=bool(child),
            )
            chronicle(concern, actor, "Channel tracking opened: awaiting screening.")
            audit_record(
                actor=actor,
                action="create",
                obj=channel,
                changed_fields=["status", "consent", "consent_parental"],
            )
    except IntegrityError:
        existing = _channel_of(concern)
        if existing is None:
            raise
        return Started(existing, created=False)
    return Started(channel, created=True)


def _channel_of(concern: Concern) -> ChannelCase | None:
    found: ChannelCase | None = (
        ChannelCase.objects.for_provider(concern.provider_id).filter(concern=concern).first()
    )
    return found


# --- screening and the panel ------------------------------------------------------------------


def channel_record_screening(
    *, actor: Any, channel: ChannelCase, screened_on: date | None, outcome: str
) -> ChannelCase:
    if outcome not in ScreeningOutcome.values:
        raise ValidationError({"outcome": f"Unknown screening outcome: {outcome or 'none'}."})
    target = (
        ChannelStatus.AWAITING_PANEL
        if outcome == ScreeningOutcome.TO_PANEL
        else ChannelStatus.NOT_PROGRESSED
    )
    with transaction.atomic():
        current = _locked(channel)
        _move(current, target, "Screening is already recorded: this Channel case is {state}.")
        current.screened_on = clean_date(
            screened_on,
            "screened_on",
            what="of screening",
            not_before=concern_date(current.concern),
            not_before_what="the concern",
        )
        current.screening_outcome = outcome
        text = f"Channel screening: {ScreeningOutcome(outcome).label.lower()}."
        return _save(
            actor,
            current,
            ["status", "screened_on", "screening_outcome"],
            text,
            current.screened_on,
        )


def channel_record_panel(
    *,
    actor: Any,
    channel: ChannelCase,
    panel_on: date | None,
    outcome: str,
    next_review_on: date | None = None,
) -> ChannelCase:
    """The panel adopts the case or does not; an adopted case may get its first review date."""
    if outcome == PanelOutcome.EXITED:
        raise ValidationError(
            {"outcome": "A panel adopts a case or does not; record an exit once it is adopted."}
        )
    if outcome not in (PanelOutcome.ADOPTED, PanelOutcome.NOT_ADOPTED):
        raise ValidationError({"outcome": f"Unknown panel outcome: {outcome or 'none'}."})
    if next_review_on is not None and outcome != PanelOutcome.ADOPTED:
        raise ValidationError({"next_review_on": "Only an adopted case has reviews."})
    with transaction.atomic():
        current = _locked(channel)
        refusal = (
            "Record the screening first: a case goes to a Channel panel only after screening."
            if current.status == ChannelStatus.AWAITING_SCREENING
            else "The panel cannot decide now: this Channel case is {state}."
        )
        _move(current, str(outcome), refusal)
        current.panel_on = clean_date(
            panel_on,
            "panel_on",
            what="of the panel",
            not_before=current.screened_on,
            not_before_what="screening",
        )
        if next_review_on is not None and next_review_on <= current.panel_on:
            raise ValidationError({"next_review_on": "The first review must come after the panel."})
        current.next_review_on = next_review_on
        text = f"Channel panel: {PanelOutcome(outcome).label.lower()}."
        changed = ["status", "panel_on", "next_review_on"]
        return _save(actor, current, changed, text, current.panel_on)


# --- consent and the support plan ---------------------------------------------------------------


def channel_record_consent(
    *,
    actor: Any,
    channel: ChannelCase,
    consent: str,
    parental: bool = False,
    recorded_on: date | None = None,
) -> ChannelCase:
    """Consent to Channel support; a parent's or carer's when the person is under 18.

    When the register knows the person's date of birth, their age decides whether consent is
    parental and ``parental`` is ignored; otherwise the team says so.
    """
    if consent not in Consent.values:
        raise ValidationError({"consent": f"Unknown consent answer: {consent or 'none'}."})
    with transaction.atomic():
        current = _locked(channel)
        if current.status not in CONSENT_OPEN:
            raise IllegalTransitionError(
                f"Consent cannot be recorded: this Channel case is {_label(current.status)}."
            )
        day = (
            clean_date(
                recorded_on,
                "recorded_on",
                what="consent was recorded",
                not_before=concern_date(current.concern),
                not_before_what="the concern",
            )
            if recorded_on is not None
            else timezone.localdate()
        )
        child = subject_is_child(current.concern, day)
        current.consent = consent
        current.consent_parental = child if child is not None else bool(parental)
        current.consent_recorded_on = day
        whose = "parental consent" if current.consent_parental else "consent"
        text = f"Channel {whose}: {Consent(consent).label.lower()}."
        changed = ["consent", "consent_parental", "consent_recorded_on"]
        return _save(actor, current, changed, text, day)


def channel_update_support_plan(
    *, actor: Any, channel: ChannelCase, support_plan: str
) -> ChannelCase:
    text = clean_text(support_plan, "support_plan", required=False, limit=MAX_NARRATIVE)
    if not text:
        raise ValidationError({"support_plan": "Enter the support plan."})
    with transaction.atomic():
        current = _locked(channel)
        if current.status != ChannelStatus.ADOPTED:
            raise IllegalTransitionError(
                "A support plan belongs to a case the panel adopted: this Channel case is "
                f"{_label(current.status)}."
            )
        if current.support_plan == text:
            return current
        current.support_plan = text
        return _save(actor, current, ["support_plan"], "Channel support plan updated.", None)


# --- reviews and exit ----------------------------------------------------------------------------


def channel_add_review(
    *,
    actor: Any,
    channel: ChannelCase,
    held_on: date | None,
    notes: str,
    next_review_on: date | None = None,
) -> ChannelReview:
    text = clean_text(notes, "notes", required=False, limit=MAX_NARRATIVE)
    if not text:
        raise ValidationError({"notes": "Enter what the review found."})
    with transaction.atomic():
        current = _locked(channel)
        if current.status != ChannelStatus.ADOPTED:
            raise IllegalTransitionError(
                "Reviews are recorded only for a case the panel adopted: this Channel case is "
                f"{_label(current.status)}."
            )
        day = clean_date(
            held_on,
            "held_on",
            what="of the review",
            not_before=current.panel_on,
            not_before_what="the panel",
        )
        if next_review_on is not None and next_review_on <= day:
            raise ValidationError({"next_review_on": "The next review must come after this one."})
        review = ChannelReview.unscoped.create(
            provider_id=current.provider_id,
            channel=current,
            held_on=day,
            notes=text,
            next_review_on=next_review_on,
            reviewer=actor,
        )
        current.next_review_on = next_review_on
        current.save(update_fields=["next_review_on", "updated_at"])
        chronicle(current.concern, actor, f"Channel review: {text}", on=day)
        audit_record(
            actor=actor,
            action="create",
            obj=review,
            changed_fields=["held_on", "notes", "next_review_on"],
        )
    return review


def channel_exit(
    *, actor: Any, channel: ChannelCase, exited_on: date | None, reason: str
) -> ChannelCase:
    text = clean_text(reason, "reason", required=False, limit=MAX_NARRATIVE)
    if not text:
        raise ValidationError({"reason": "Say why the case exited Channel."})
    with transaction.atomic():
        current = _locked(channel)
        _move(
            current,
            ChannelStatus.EXITED,
            "Only a case the panel adopted can exit Channel: this Channel case is {state}.",
        )
        current.exited_on = clean_date(
            exited_on,
            "exited_on",
            what="of exit",
            not_before=current.panel_on,
            not_before_what="the panel",
        )
        current.exit_reason = text
        current.next_review_on = None
        changed = ["status", "exited_on", "exit_reason", "next_review_on"]
        return _save(actor, current, changed, f"Exited Channel: {text}", current.exited_on)


def channel_record_view(*, actor: Any, channel: ChannelCase, part: str = "record") -> None:
    audit_record(actor=actor, action="view", obj=channel, detail={"part": part})
