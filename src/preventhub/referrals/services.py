"""Writes on the Prevent referral record. Each validates, saves, writes a chronology entry on
the case where the case should show it, and its audit row (field names only) in one
transaction. Channel tracking is in channel.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.choices import INDICATORS, EntryKind
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.models import ChronologyEntry, Concern
from preventhub.concerns.services import MAX_NARRATIVE, MAX_SHORT_TEXT, actor_name, clean_text
from preventhub.referrals.choices import PersonAware, ReferralStatus
from preventhub.referrals.models import NARRATIVE_FIELDS, PreventReferral, ReferralFollowUp
from preventhub.referrals.permissions import TEAM

EDITABLE_FIELDS = [*NARRATIVE_FIELDS, "person_aware"]
# What a referral must say before it can be marked as sent.
REQUIRED_TO_SEND = {
    "how_arose": "Say how the concern arose before sending the referral.",
    "warning_signs": "Describe the warning signs before sending the referral.",
    "person_aware": "Say whether the person knows about the referral before sending it.",
}


@dataclass(frozen=True)
class Started[T]:
    record: T
    created: bool


# --- shared checks -------------------------------------------------------------------------


def clean_date(
    value: date | None,
    field: str,
    *,
    what: str,
    not_before: date | None = None,
    not_before_what: str = "",
) -> date:
    """A date that has happened: required, not in the future, not before ``not_before``."""
    if value is None:
        raise ValidationError({field: f"Enter the date {what}."})
    if isinstance(value, datetime):
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    if value > timezone.localdate():
        raise ValidationError({field: f"The date {what} cannot be in the future."})
    if not_before is not None and value < not_before:
        raise ValidationError(
            {field: f"The date {what} cannot be before {not_before_what} ({not_before:%d %B %Y})."}
        )
    return value


def concern_date(concern: Concern) -> date:
    """The day the concern's events happened: nothing about it can have happened earlier."""
    return timezone.localdate(concern.occurred_at)


def chronicle(concern: Concern, actor: Any, text: str, on: date | None = None) -> ChronologyEntry:
    """An "external referral" line in the case's chronology (written by the system)."""
    occurred = (
        timezone.make_aware(datetime.combine(on, time(hour=12)))
        if on is not None and on != timezone.localdate()
        else timezone.now()
    )
    entry = ChronologyEntry.unscoped.create(
        provider_id=concern.provider_id,
        concern=concern,
        kind=EntryKind.REFERRAL,
        occurred_at=occurred,
        author=actor,
        author_name=actor_name(actor),
        text=text,
    )
    ChronologyEntry.unscoped.filter(pk=entry.pk).update(root=entry.pk)
    entry.root_id = entry.pk
    return entry


def require_open_concern(concern: Concern, doing: str) -> None:
    """Refuse when the case is closed, as the database has it now (the row is locked until the
    caller's transaction ends, so it cannot close in between)."""
    current = Concern.unscoped.select_for_update().only("status").get(pk=concern.pk)
    if current.is_closed:
        raise IllegalTransitionError(f"{concern.reference} is closed: reopen it to {doing}.")


# --- starting a referral (pre-filled from the concern) --------------------------------------


def prefill(actor: Any, concern: Concern) -> dict[str, str]:
    """What the concern already says, in the referral's words: its description is how the
    concern arose, its indicators are the warning signs, and the linked person's support needs
    (only if the actor may read them) are the SEND and other needs."""
    values = {"how_arose": concern.description}
    signs = [INDICATORS[key][1] for key in concern.indicators if key in INDICATORS]
    if signs:
        values["warning_signs"] = "\n".join(f"- {label}" for label in signs)
    person = concern.subject_person
    readable = person is not None and actor.has_perm("people.view_support_needs", person)
    if readable and person is not None and person.support_needs:
        values["support_needs"] = person.support_needs
    return values


def referral_start(*, actor: Any, concern: Concern) -> Started[PreventReferral]:
    """Open the concern's referral as a draft, pre-filled from the concern.

    A concern has one referral: starting it again returns the one that exists.
    """
    existing = _referral_of(concern)
    if existing is not None:
        return Started(existing, created=False)
    values = prefill(actor, concern)
    try:
        with transaction.atomic():
            require_open_concern(concern, "start a Prevent referral")
            referral = PreventReferral.unscoped.create(
                provider_id=concern.provider_id, concern=concern, created_by=actor, **values
            )
            chronicle(concern, actor, "Prevent referral started (draft).")
            audit_record(
                actor=actor,
                action="create",
                obj=referral,
                changed_fields=["status", *values],
                detail={"prefilled": sorted(values)},
            )
    except IntegrityError:
        # Two team members started it at the same moment: the other one's is the referral.
        existing = _referral_of(concern)
        if existing is None:
            raise
        return Started(existing, created=False)
    return Started(referral, created=True)


def _referral_of(concern: Concern) -> PreventReferral | None:
    found: PreventReferral | None = (
        PreventReferral.objects.for_provider(concern.provider_id).filter(concern=concern).first()
    )
    return found


def _locked(referral: PreventReferral) -> PreventReferral:
    locked: PreventReferral = PreventReferral.unscoped.select_for_update().get(pk=referral.pk)
    return locked


# --- the draft --------------------------------------------------------------------------------


def clean_referral_values(values: dict[str, Any]) -> dict[str, str]:
    unknown = sorted(set(values) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({"__all__": f"Unknown referral fields: {', '.join(unknown)}."})
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        if name == "person_aware":
            aware = str(value or "")
            if aware and aware not in PersonAware.values:
                raise ValidationError({"person_aware": f"Unknown answer: {aware}."})
            cleaned[name] = aware
        else:
            cleaned[name] = clean_text(value, name, required=False, limit=MAX_NARRATIVE)
    return cleaned


def referral_update(*, actor: Any, referral: PreventReferral, **values: Any) -> PreventReferral:
    """Change what the draft says. What was sent is kept as sent: a sent referral is not
    edited (record a follow-up instead)."""
    cleaned = clean_referral_values(values)
    with transaction.atomic():
        current = _locked(referral)
        if current.is_sent:
            raise IllegalTransitionError(
                f"This referral was sent on {current.sent_on:%d %B %Y}: what was sent cannot be "
                "changed. Record a follow-up instead."
            )
        changed = [name for name, value in cleaned.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, cleaned[name])
        current.save(update_fields=[*changed, "updated_at"])
        audit_record(actor=actor, action="update", obj=current, changed_fields=changed)
    return current


def missing_to_send(referral: PreventReferral) -> dict[str, str]:
    return {name: msg for name, msg in REQUIRED_TO_SEND.items() if not getattr(referral, name)}


def _check_sender(referral: PreventReferral, sender: Any) -> None:
    if sender is None or not getattr(sender, "is_active", False):
        raise ValidationError({"sent_by": "Choose who sent the referral."})
    if not roles_for(sender, referral.provider_id) & set(TEAM):
        raise ValidationError(
            {"sent_by": "The sender must be a member of the safeguarding team here."}
        )


def _check_sending(
    referral: PreventReferral, concern: Concern, sent_on: date | None, sender: Any
) -> date:
    """Every reason the referral cannot be recorded as sent, reported together."""
    errors: dict[str, list[str]] = {k: [v] for k, v in missing_to_send(referral).items()}
    day: date | None = None
    try:
        day = clean_date(
            sent_on,
            "sent_on",
            what="it was sent",
            not_before=concern_date(concern),
            not_before_what="the concern",
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _check_sender(referral, sender)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors or day is None:
        raise ValidationError(errors)
    return day


def referral_send(
    *,
    actor: Any,
    referral: PreventReferral,
    sent_on: date | None,
    sent_to: str,
    sent_by: Any = None,
    external_reference: str = "",
) -> PreventReferral:
    """Record that the referral was sent: when, to whom and by whom (the actor by default)."""
    sender = sent_by if sent_by is not None else actor
    recipient = clean_text(sent_to, "sent_to", required=False, limit=200)
    if not recipient:
        raise ValidationError({"sent_to": "Enter who the referral was sent to."})
    reference = clean_text(external_reference, "external_reference", required=False, limit=100)
    with transaction.atomic():
        current = _locked(referral)
        concern = Concern.unscoped.get(pk=current.concern_id)
        if current.is_sent:
            raise IllegalTransitionError(
                f"This referral was already sent on {current.sent_on:%d %B %Y}."
            )
        day = _check_sending(current, concern, sent_on, sender)
        current.status = ReferralStatus.SENT
        current.sent_on, current.sent_to = day, recipient
        current.sent_by, current.sent_by_name = sender, actor_name(sender)
        current.external_reference = reference or current.external_reference
        current.save()
        chronicle(concern, actor, f"Prevent referral sent to {recipient}.", on=day)
        audit_record(
            actor=actor,
            action="update",
            obj=current,
            changed_fields=["status", "sent_on", "sent_to", "sent_by", "external_reference"],
            detail={"status": ReferralStatus.SENT},
        )
    return current


# --- after sending --------------------------------------------------------------------------


def _require_sent(referral: PreventReferral, doing: str) -> None:
    if not referral.is_sent:
        raise IllegalTransitionError(
            f"This referral is still a draft: record that it was sent before {doing}."
        )


def referral_record_outcome(
    *, actor: Any, referral: PreventReferral, external_reference: str, outcome: str
) -> PreventReferral:
    """The reference police Prevent or the panel gave it, and what came of the referral."""
    reference = clean_text(external_reference, "external_reference", required=False, limit=100)
    text = clean_text(outcome, "outcome", required=False)
    with transaction.atomic():
        current = _locked(referral)
        _require_sent(current, "recording its outcome")
        values = {"external_reference": reference, "outcome": text}
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        if not changed:
            return current
        for name in changed:
            setattr(current, name, values[name])
        current.save(update_fields=[*changed, "updated_at"])
        if "outcome" in changed and text:
            concern = Concern.unscoped.get(pk=current.concern_id)
            chronicle(concern, actor, f"Outcome of the Prevent referral: {text}")
        audit_record(actor=actor, action="update", obj=current, changed_fields=changed)
    return current


def follow_up_add(
    *,
    actor: Any,
    referral: PreventReferral,
    happened_on: date | None,
    what: str,
    by_whom: str = "",
) -> ReferralFollowUp:
    """One follow-up of a sent referral (date, what, by whom: the actor unless named)."""
    text = clean_text(what, "what", required=False, limit=MAX_SHORT_TEXT * 4)
    if not text:
        raise ValidationError({"what": "Say what the follow-up was."})
    who = clean_text(by_whom, "by_whom", required=False, limit=200) or actor_name(actor)
    with transaction.atomic():
        current = _locked(referral)
        _require_sent(current, "adding a follow-up")
        day = clean_date(
            happened_on,
            "happened_on",
            what="of the follow-up",
            not_before=current.sent_on,
            not_before_what="the referral was sent",
        )
        follow_up = ReferralFollowUp.unscoped.create(
            provider_id=current.provider_id,
            referral=current,
            happened_on=day,
            what=text,
            by_whom=who,
            recorded_by=actor,
        )
        concern = Concern.unscoped.get(pk=current.concern_id)
        chronicle(concern, actor, f"Prevent referral follow-up ({who}): {text}", on=day)
        audit_record(
            actor=actor,
            action="create",
            obj=follow_up,
            changed_fields=["happened_on", "what", "by_whom"],
        )
    return follow_up


# --- reading (audited) ----------------------------------------------------------------------


def referral_record_view(*, actor: Any, referral: PreventReferral, part: str = "record") -> None:
    """Every view of a referral's content is audited (who, when, from where, which part)."""
    audit_record(actor=actor, action="view", obj=referral, detail={"part": part})


def referral_record_export(*, actor: Any, referral: PreventReferral, fmt: str) -> None:
    audit_record(actor=actor, action="export", obj=referral, detail={"format": fmt})
