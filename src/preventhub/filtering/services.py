"""Writes for filtering governance: the settings, who is responsible (and the products in use),
and the block/allow decision log. Reviews are in ``review_services``, filter tests in
``filter_tests``, unblock requests in ``unblock``.

Every service validates (a clear error naming the field, nothing written), saves, and writes
its audit row in the same transaction. Audit rows name fields, never their values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.filtering.choices import (
    PERSON_KINDS,
    PRODUCT_KINDS,
    DecisionKind,
    ResponsibilityKind,
    TargetKind,
)
from preventhub.filtering.cleaning import (
    MAX_TEXT,
    Collected,
    clean_choice,
    clean_date,
    clean_number,
    clean_text,
    clean_url,
    future,
    given,
    normalise_domain,
    not_future,
)
from preventhub.filtering.models import Decision, FilteringSettings, Responsibility

DECISION_FIELDS = ("target_kind", "target", "decision", "reason", "until", "review_on")
MAX_UNBLOCK_DAYS = 366


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    full = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return str(full or getattr(actor, "username", "") or "Unknown")


# --- settings -----------------------------------------------------------------------------------


def settings_for(provider: Provider | int) -> FilteringSettings:
    provider_id = provider if isinstance(provider, int) else provider.pk
    found, _ = FilteringSettings.objects.get_or_create(provider_id=provider_id)
    return found


def settings_update(
    *,
    actor: Any,
    provider: Provider,
    test_interval_days: Any,
    request_wait_school_days: Any,
    default_unblock_days: Any,
) -> FilteringSettings:
    checks = Collected()
    values = {
        "test_interval_days": checks.take(
            clean_number, test_interval_days, "test_interval_days", low=7, high=366,
            what="the days between filter tests",
        ),
        "request_wait_school_days": checks.take(
            clean_number, request_wait_school_days, "request_wait_school_days", low=1, high=20,
            what="the school days a request may wait",
        ),
        "default_unblock_days": checks.take(
            clean_number, default_unblock_days, "default_unblock_days", low=1,
            high=MAX_UNBLOCK_DAYS, what="the days an unblock lasts",
        ),
    }  # fmt: skip
    checks.raise_any()
    with transaction.atomic():
        current = settings_for(provider)
        changed = [k for k, v in values.items() if getattr(current, k) != v]
        for key, value in values.items():
            setattr(current, key, value)
        current.save()
        audit_record(
            actor=actor, action="update", obj=current, provider_id=provider.pk,
            changed_fields=changed,
        )  # fmt: skip
    return current


# --- responsibilities ---------------------------------------------------------------------------


def _holder(provider: Provider, kind: str, user: Any, name: str) -> tuple[Any, str]:
    """The account (if any) and name of the person named for ``kind``."""
    role = Role.SENIOR_LEADER if kind == ResponsibilityKind.SENIOR_LEADER else Role.GOVERNOR
    if user is None:
        if kind == ResponsibilityKind.SENIOR_LEADER:
            raise ValidationError({"user": "Choose the senior leader from the list."})
        if not name:
            raise ValidationError(
                {"name": "Choose a governor, or enter the name of a governor without an account."}
            )
        return None, name
    if name:
        raise ValidationError(
            {"name": "Either choose a governor with an account or enter a name, not both."}
        )
    if role not in roles_for(user, provider) or not user.is_active:
        what = "a senior leader" if role == Role.SENIOR_LEADER else "a governor"
        raise ValidationError({"user": f"Choose someone who is {what} here."})
    return user, actor_name(user)


def current_holder(provider: Provider, kind: str) -> Responsibility | None:
    found: Responsibility | None = (
        Responsibility.objects.for_provider(provider)
        .filter(kind=kind, to_date__isnull=True)
        .order_by("-from_date")
        .first()
    )
    return found


def person_name(
    *,
    actor: Any,
    provider: Provider,
    kind: str,
    from_date: Any,
    user: Any = None,
    name: str = "",
    notes: str = "",
) -> Responsibility:
    """Name the senior leader or governor responsible from ``from_date``; the person named
    before is recorded as responsible until the day before."""
    today = timezone.localdate()
    checks = Collected()
    kind = checks.take(clean_choice, kind, "kind", _Persons, "senior leader or governor")
    name = checks.take(clean_text, name, "name") or ""
    held = checks.take(_holder, provider, kind, user, name) if kind else None
    start = checks.take(clean_date, from_date, "from_date", what="the date they took it on")
    if start is not None:
        start = checks.take(not_future, start, "from_date", today, "The start date")
    notes = checks.take(clean_text, notes, "notes", limit=500) or ""
    checks.raise_any()
    held, start = given(held), given(start)
    with transaction.atomic():
        current = (
            Responsibility.objects.for_provider(provider)
            .select_for_update()
            .filter(kind=kind, to_date__isnull=True)
            .first()
        )
        if current is not None:
            _end_for_successor(actor, current, held, start)
        row = Responsibility.unscoped.create(
            provider=provider, kind=kind, user=held[0], name=held[1], from_date=start,
            notes=notes, recorded_by=actor,
        )  # fmt: skip
        audit_record(
            actor=actor, action="create", obj=row,
            changed_fields=["kind", "user" if held[0] else "name", "from_date"],
            detail={"kind": kind, "has_account": held[0] is not None},
        )  # fmt: skip
    return row


class _Persons:
    values = tuple(str(k) for k in PERSON_KINDS)


class _Products:
    values = tuple(str(k) for k in PRODUCT_KINDS)


def _end_for_successor(
    actor: Any, current: Responsibility, held: tuple[Any, str], start: date
) -> None:
    same = (held[0] is not None and current.user_id == held[0].pk) or (
        held[0] is None and current.user_id is None and current.name.lower() == held[1].lower()
    )
    if same:
        raise ConflictError({"user": f"{current.name} is already named for this."})
    if start < current.from_date:
        raise ValidationError(
            {
                "from_date": f"{current.name} has been responsible since "
                f"{current.from_date:%-d %B %Y}: the new start date must be on or after it."
            }
        )
    current.to_date = max(current.from_date, start - timedelta(days=1))
    current.save(update_fields=["to_date", "updated_at"])
    audit_record(actor=actor, action="update", obj=current, changed_fields=["to_date"])


def product_add(
    *,
    actor: Any,
    provider: Provider,
    kind: str,
    name: str,
    from_date: Any,
    supplier: str = "",
    notes: str = "",
) -> Responsibility:
    """Record a filtering or monitoring provider/product in use from ``from_date``."""
    today = timezone.localdate()
    checks = Collected()
    kind = checks.take(clean_choice, kind, "kind", _Products, "filtering or monitoring")
    name = checks.take(
        clean_text, name, "name", required="Enter the product's name, e.g. the filter's name."
    )
    supplier = checks.take(clean_text, supplier, "supplier") or ""
    notes = checks.take(clean_text, notes, "notes", limit=500) or ""
    start = checks.take(clean_date, from_date, "from_date", what="the date it came into use")
    if start is not None:
        start = checks.take(not_future, start, "from_date", today, "The date it came into use")
    checks.raise_any()
    with transaction.atomic():
        same = Responsibility.objects.for_provider(provider).filter(
            kind=kind, to_date__isnull=True, name__iexact=name
        )
        if same.select_for_update().exists():
            raise ConflictError({"name": f"{name} is already recorded as in use."})
        row = Responsibility.unscoped.create(
            provider=provider, kind=kind, name=name, supplier=supplier, notes=notes,
            from_date=start, recorded_by=actor,
        )  # fmt: skip
        audit_record(
            actor=actor, action="create", obj=row,
            changed_fields=["kind", "name", "supplier", "from_date"], detail={"kind": kind},
        )  # fmt: skip
    return row


def responsibility_end(
    *, actor: Any, responsibility: Responsibility, to_date: Any
) -> Responsibility:
    """Record that a product is no longer used, or a person no longer responsible."""
    end = given(clean_date(to_date, "to_date", what="the last day"))
    not_future(end, "to_date", timezone.localdate(), "The last day")
    with transaction.atomic():
        row: Responsibility = (
            Responsibility.objects.for_provider(responsibility.provider_id)
            .select_for_update()
            .get(pk=responsibility.pk)
        )
        if row.to_date is not None:
            raise ConflictError(f"{row.name} was already recorded as ended.")
        if end < row.from_date:
            raise ValidationError(
                {"to_date": f"The last day cannot be before {row.from_date:%-d %B %Y}."}
            )
        row.to_date = end
        row.save(update_fields=["to_date", "updated_at"])
        audit_record(actor=actor, action="update", obj=row, changed_fields=["to_date"])
    return row


# --- the decision log ---------------------------------------------------------------------------


def clean_target(kind: str, value: Any) -> str:
    if kind == TargetKind.DOMAIN:
        return normalise_domain(value, "target")
    if kind == TargetKind.URL:
        return clean_url(value, "target")[0]
    return clean_text(value, "target", required="Enter the category.", limit=120)


def _dates(decision: str, until: Any, review_on: Any, today: date) -> tuple[Any, Any]:
    checks = Collected()
    end = checks.take(clean_date, until, "until", what="the last day", required=False)
    review = checks.take(clean_date, review_on, "review_on", what="the review date", required=False)
    checks.raise_any()
    if decision == DecisionKind.UNBLOCK_PERIOD:
        if end is None:
            checks.add(ValidationError({"until": "Enter the last day of the unblock."}))
        else:
            end = checks.take(future, end, "until", today, "The last day")
            if end and end > today + timedelta(days=MAX_UNBLOCK_DAYS):
                checks.add(ValidationError({"until": "Unblock for at most a year."}))
        review = review or end
    elif end is not None:
        checks.add(ValidationError({"until": "Only an unblock for a period has a last day."}))
    if decision == DecisionKind.ALLOW and review is None:
        checks.add(ValidationError({"review_on": "Enter when this allow will be reviewed."}))
    if review is not None and review != end:
        review = checks.take(future, review, "review_on", today, "The review date")
    checks.raise_any()
    return end, review


def clean_decision(
    *, target_kind: Any, target: Any, decision: Any, reason: Any, until: Any, review_on: Any
) -> dict[str, Any]:
    """The decision's values, or every error at once."""
    today = timezone.localdate()
    checks = Collected()
    kind = checks.take(clean_choice, target_kind, "target_kind", TargetKind, "what it applies to")
    clean = checks.take(clean_target, kind, target) if kind else None
    chosen = checks.take(clean_choice, decision, "decision", DecisionKind, "the decision")
    why = checks.take(
        clean_text, reason, "reason", required="Give the reason for the decision.", limit=MAX_TEXT
    )
    dates = checks.take(_dates, chosen, until, review_on, today) if chosen else None
    checks.raise_any()
    dates = given(dates)
    return {
        "target_kind": kind, "target": clean, "decision": chosen, "reason": why,
        "until": dates[0], "review_on": dates[1],
    }  # fmt: skip


@dataclass(frozen=True)
class Recorded:
    decision: Decision
    created: bool


def decision_record(
    *,
    actor: Any,
    provider: Provider,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    **values: Any,
) -> Recorded:
    """Log a block/allow decision (``target_kind``, ``target``, ``decision``, ``reason``, and
    ``until`` for an unblock, ``review_on`` for an allow). A repeated idempotency key returns
    the decision first recorded with it."""
    if idempotency_key:
        earlier = _earlier(provider, actor, idempotency_key)
        if earlier is not None:
            return Recorded(earlier, False)
    cleaned = clean_decision(**{k: values.get(k) for k in DECISION_FIELDS})
    try:
        with transaction.atomic():
            decision = decision_create(
                actor=actor, provider=provider, now=now, idempotency_key=idempotency_key, **cleaned
            )
    except IntegrityError:
        earlier = _earlier(provider, actor, idempotency_key or "")
        if earlier is None:
            raise
        return Recorded(earlier, False)
    return Recorded(decision, True)


def _earlier(provider: Provider, actor: Any, key: str) -> Decision | None:
    found: Decision | None = (
        Decision.objects.for_provider(provider)
        .filter(decided_by=actor, idempotency_key=key)
        .first()
    )
    return found


def decision_create(
    *, actor: Any, provider: Provider, now: datetime | None = None, **cleaned: Any
) -> Decision:
    """Save already-cleaned values and audit them (call inside a transaction)."""
    decision = Decision.unscoped.create(
        provider=provider, decided_by=actor, decided_by_name=actor_name(actor),
        decided_at=now or timezone.now(), **cleaned,
    )  # fmt: skip
    audit_record(
        actor=actor, action="create", obj=decision,
        changed_fields=[k for k in DECISION_FIELDS if cleaned.get(k) not in (None, "")],
        detail={"decision": decision.decision, "target_kind": decision.target_kind},
    )  # fmt: skip
    return decision


def export_recorded(*, actor: Any, provider: Provider, what: str, fmt: str, rows: int) -> None:
    """A download of a register (who took which rows, in which format)."""
    with transaction.atomic():
        audit_record(
            actor=actor, action="export", object_type=f"filtering.{what}",
            provider_id=provider.pk, detail={"format": fmt, "rows": rows},
        )  # fmt: skip
