"""Writes for alert triage: acknowledge, mark a false positive, link an identity to a person,
and raise a concern in the referral pathway from an alert without re-keying.

Each move is checked against ``choices.ALERT_TRANSITIONS`` under a row lock, so two people
triaging the same alert at once cannot both succeed; an illegal move raises ConflictError
(409 in the API) naming the alert's current state. Every write and every read of an alert is
audited in the same transaction; audit rows carry keys and counts, never a URL or a name.
A human decides: the wording is about hits, never a judgement of the person.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.concerns.choices import Category, SubjectType
from preventhub.concerns.models import Concern
from preventhub.concerns.services import concern_raise
from preventhub.core.errors import ConflictError
from preventhub.online_safety.choices import ALERT_TRANSITIONS, AlertStatus
from preventhub.online_safety.models import Alert, Identity
from preventhub.online_safety.triage_selectors import alert_events, theme_label, theme_names
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person

MAX_NOTE = 2_000
MAX_REASON = 2_000
MAX_EVENTS_SUMMARISED = 25


def clean_text(value: Any, field: str, *, required: str = "", limit: int) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    return text


def _locked(alert: Alert) -> Alert:
    locked: Alert = (
        Alert.objects.for_provider(alert.provider_id)
        .select_for_update(of=("self",))
        .select_related("identity", "identity__person", "provider")
        .get(pk=alert.pk)
    )
    return locked


CLOSED_MESSAGES: dict[str, str] = {
    AlertStatus.FALSE_POSITIVE: "This alert was marked a false positive: its triage is closed.",
    AlertStatus.CONCERN_RAISED: "A concern was already raised from this alert: its triage is "
    "closed.",
}


def check_move(alert: Alert, to: str) -> None:
    """Refuse a move the state machine does not allow, saying what state the alert is in."""
    if to in ALERT_TRANSITIONS.get(alert.status, frozenset()):
        return
    if alert.status == to:
        raise ConflictError(f"This alert is already {AlertStatus(to).label.lower()}.")
    raise ConflictError(
        CLOSED_MESSAGES.get(
            alert.status,
            f"An alert that is {AlertStatus(alert.status).label.lower()} cannot be marked "
            f"{AlertStatus(to).label.lower()}.",
        )
    )


def _move(alert: Alert, actor: Any, to: str, fields: list[str]) -> None:
    alert.status = to
    alert.triaged_by = actor
    alert.triaged_at = timezone.now()
    alert.save(update_fields=["status", "triaged_by", "triaged_at", "updated_at", *fields])
    audit_record(
        actor=actor,
        action="update",
        obj=alert,
        changed_fields=["status", *fields],
        detail={"status": to},
    )


def alert_acknowledge(*, actor: Any, alert: Alert, note: str = "") -> Alert:
    """Seen and being dealt with (an optional note says how)."""
    text = clean_text(note, "note", limit=MAX_NOTE)
    with transaction.atomic():
        locked = _locked(alert)
        check_move(locked, AlertStatus.ACKNOWLEDGED)
        locked.triage_note = text
        _move(locked, actor, AlertStatus.ACKNOWLEDGED, ["triage_note"])
    return locked


def alert_mark_false_positive(*, actor: Any, alert: Alert, reason: str) -> Alert:
    """Not a real concern (e.g. a history lesson's research): the reason is required, so the
    lists can be tuned and an inspector can see why nothing was done."""
    text = clean_text(
        reason,
        "reason",
        required="Say why this is a false positive (for example, the lesson it was part of).",
        limit=MAX_REASON,
    )
    with transaction.atomic():
        locked = _locked(alert)
        check_move(locked, AlertStatus.FALSE_POSITIVE)
        locked.false_positive_reason = text
        _move(locked, actor, AlertStatus.FALSE_POSITIVE, ["false_positive_reason"])
    return locked


def identity_link_person(*, actor: Any, identity: Identity, person: Person | None) -> Identity:
    """Link (or, with ``person`` None, unlink) an identity to a person in the people register.
    Only learners and staff of the same provider can be linked."""
    if person is not None:
        if person.provider_id != identity.provider_id:
            raise ValidationError({"person": "No such person in your register."})
        if person.kind not in (PersonKind.LEARNER, PersonKind.STAFF):
            raise ValidationError({"person": "Link a learner or a member of staff."})
    with transaction.atomic():
        locked: Identity = (
            Identity.objects.for_provider(identity.provider_id)
            .select_for_update()
            .get(pk=identity.pk)
        )
        if locked.person_id == (person.pk if person else None):
            return locked
        locked.person = person
        locked.linked_by = actor if person else None
        locked.linked_at = timezone.now() if person else None
        locked.save(update_fields=["person", "linked_by", "linked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=locked,
            changed_fields=["person"],
            detail={"person": str(person.pk) if person else None},
        )
    return locked


def _subject(identity: Identity) -> tuple[str, Person | None]:
    person = identity.person
    if person is not None and person.kind in (PersonKind.LEARNER, PersonKind.STAFF):
        return str(person.kind), person
    return SubjectType.OTHER, None


def prefilled_description(alert: Alert) -> str:
    """What the alert holds, as the concern's description: nothing to type again. It reports
    hits (what was requested and matched), not a judgement of the person."""
    names = theme_names(alert.provider)
    identity = alert.identity
    who = identity.username or identity.pseudonym
    first = timezone.localtime(alert.first_seen)
    last = timezone.localtime(alert.last_seen)
    lines = [
        f"Raised from an online-safety alert: {alert.hit_count} hit"
        f"{'s' if alert.hit_count != 1 else ''} on {theme_label(alert.theme, names)} "
        f"({alert.get_severity_display().lower()} severity) between "
        f"{first:%d/%m/%Y %H:%M} and {last:%d/%m/%Y %H:%M}, by the log-in {who} "
        f"(pseudonym {identity.pseudonym}{', a guest account' if identity.is_guest else ''}).",
    ]
    if alert.is_filter_failure:
        lines.append("The filter allowed at least one request in a category it should block.")
    if alert.is_bypass:
        lines.append("The hits include attempts to get round the filter.")
    events = list(alert_events(alert)[:MAX_EVENTS_SUMMARISED])
    if events:
        lines += ["", "The hits (time, action, site, what matched):"]
        for event in events:
            when = timezone.localtime(event.occurred_at)
            matched = f" — matched {event.matched}" if event.matched else ""
            terms = f" — searched for “{event.search_terms}”" if event.search_terms else ""
            lines.append(
                f"- {when:%d/%m/%Y %H:%M} {event.get_action_display().lower()}: "
                f"{event.host}{matched}{terms}"
            )
        if alert.hit_count > len(events):
            lines.append(f"… and {alert.hit_count - len(events)} more (see the alert).")
    lines += ["", "A web-filter hit is not in itself evidence about the person: please check."]
    return "\n".join(lines)


def alert_raise_concern(
    *,
    actor: Any,
    alert: Alert,
    category: str = Category.PREVENT,
    ideology: str = "",
    description: str | None = None,
) -> Concern:
    """Raise a concern in the referral pathway from the alert and link it (once per alert).

    The subject is the person the identity is linked to, if any (else "someone else"); the
    category defaults to Prevent; the description summarises the hits unless one is given.
    """
    if category not in Category.values:
        raise ValidationError({"category": f"Unknown category: {category}."})
    with transaction.atomic():
        locked = _locked(alert)
        if locked.concern_id is not None:
            raise ConflictError("A concern was already raised from this alert.")
        check_move(locked, AlertStatus.CONCERN_RAISED)
        subject_type, person = _subject(locked.identity)
        raised = concern_raise(
            actor=actor,
            provider=locked.provider,
            subject_type=subject_type,
            subject_person=person,
            description=prefilled_description(locked) if description is None else description,
            occurred_at=locked.first_seen,
            category=category,
            ideology=ideology if category == Category.PREVENT else "",
            location="Online (web-filter logs)",
            idempotency_key=f"online-alert-{locked.pk}",
        )
        locked.concern = raised.concern
        _move(locked, actor, AlertStatus.CONCERN_RAISED, ["concern"])
    return raised.concern


def alert_record_view(*, actor: Any, alert: Alert, via: str = "page") -> None:
    """A read of an alert and its hits (URLs and search terms that may say much about a
    person): audited every time."""
    with transaction.atomic():
        audit_record(actor=actor, action="view", obj=alert, detail={"via": via})
