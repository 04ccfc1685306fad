"""The anonymised "most attempted blocked sites" export for the police Prevent team, and the
record of each share.

The figures come from the daily counts ``blocked_domain:<domain>`` (the engine keeps each
day's top 100 blocked domains), summed over the period: domains and attempt counts only —
never an identity, a pseudonym, a time or a URL. Each share is recorded (who, when, to whom,
the period and exactly the rows shared) and the download is built from that record, so what
the register says was shared is what was shared.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import Http404

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.online_safety.models import DailyCount, PoliceShare

PREFIX = "blocked_domain:"
MAX_PERIOD_DAYS = 366
DEFAULT_ROWS = 50
MAX_ROWS = 100
MAX_RECIPIENT = 200
MAX_NOTE = 2_000


def clean_period(start: date | None, end: date | None, today: date) -> tuple[date, date]:
    errors: dict[str, str] = {}
    if start is None:
        errors["period_start"] = "Enter the first day of the period."
    if end is None:
        errors["period_end"] = "Enter the last day of the period."
    if start and end:
        if end < start:
            errors["period_end"] = "The last day must be the same as or after the first day."
        elif end > today:
            errors["period_end"] = "The period cannot end in the future."
        elif (end - start).days + 1 > MAX_PERIOD_DAYS:
            errors["period_end"] = f"Share at most {MAX_PERIOD_DAYS} days at a time."
    if errors or start is None or end is None:
        raise ValidationError(errors)
    return start, end


def clean_rows(value: Any) -> int:
    try:
        rows = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"rows": "Enter how many sites to share as a number."}) from exc
    if not 1 <= rows <= MAX_ROWS:
        raise ValidationError({"rows": f"Share from 1 to {MAX_ROWS} sites."})
    return rows


def blocked_sites(provider: Provider, start: date, end: date, limit: int) -> list[dict[str, Any]]:
    """The most attempted blocked domains in the period: [{"domain", "attempts"}], most first."""
    totals = (
        DailyCount.objects.filter(
            provider=provider, day__gte=start, day__lte=end, metric__startswith=PREFIX
        )
        .values("metric")
        .annotate(attempts=Sum("value"))
        .order_by("-attempts", "metric")[:limit]
    )
    return [
        {"domain": row["metric"].removeprefix(PREFIX), "attempts": int(row["attempts"])}
        for row in totals
    ]


def police_share_create(
    *,
    actor: Any,
    provider: Provider,
    period_start: date | None,
    period_end: date | None,
    recipient: str,
    rows: Any = DEFAULT_ROWS,
    note: str = "",
    today: date,
) -> PoliceShare:
    """Record what is shared with the police Prevent team: the period's most attempted blocked
    sites (domains and counts only). A period with no blocked attempts is refused: there is
    nothing to share."""
    errors: dict[str, Any] = {}
    checked: dict[str, Any] = {}
    for name, check in (
        ("period", lambda: clean_period(period_start, period_end, today)),
        ("rows", lambda: clean_rows(rows)),
        ("recipient", lambda: _clean_text(recipient, "recipient", MAX_RECIPIENT, required=True)),
        ("note", lambda: _clean_text(note, "note", MAX_NOTE)),
    ):
        try:
            checked[name] = check()
        except ValidationError as exc:
            errors |= exc.message_dict
    if errors:
        raise ValidationError(errors)
    start, end = checked["period"]
    shared = blocked_sites(provider, start, end, checked["rows"])
    if not shared:
        raise ValidationError(
            {"period_end": "The filter blocked nothing recorded in this period: nothing to share."}
        )
    with transaction.atomic():
        share: PoliceShare = PoliceShare.unscoped.create(
            provider=provider,
            period_start=start,
            period_end=end,
            recipient=checked["recipient"],
            rows=shared,
            note=checked["note"],
            shared_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            obj=share,
            changed_fields=["period_start", "period_end", "recipient", "rows"],
            detail={"rows": len(shared), "from": start, "to": end},
        )
    return share


def _clean_text(value: Any, field: str, limit: int, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: "Say who receives it (e.g. the police Prevent team)."})
    if len(text) > limit:
        raise ValidationError({field: f"Keep this under {limit:,} characters."})
    return text


def shares_for_user(user: Any, provider: Provider) -> QuerySet[PoliceShare]:
    shares: QuerySet[PoliceShare] = PoliceShare.objects.for_provider(provider)
    if not user.has_perm("online_safety.share_with_police", provider):
        return shares.none()
    return shares.select_related("shared_by").order_by("-created_at")


def get_share_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> PoliceShare:
    try:
        found: PoliceShare = shares_for_user(user, provider).get(pk=pk)
    except (PoliceShare.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such share.") from exc
    return found


def share_record_download(*, actor: Any, share: PoliceShare) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="export", obj=share, detail={"rows": len(share.rows)})


def default_period(today: date) -> tuple[date, date]:
    """The last full month, as police Prevent teams usually ask for."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def share_csv_rows(share: PoliceShare) -> list[list[Any]]:
    return [
        [share.period_start, share.period_end, row["domain"], row["attempts"]] for row in share.rows
    ]


CSV_HEADER = ["period_start", "period_end", "domain", "attempts"]
