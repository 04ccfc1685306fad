"""Writes of the central register: exports recorded, personal calendar feeds, partner shares.

Each validates, saves and audits in one transaction, like ``services``; they live here so the
register's rules can be read in one place.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from preventhub.accounts.models import hash_token
from preventhub.audit.models import AuditEvent
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.speakers.models import CalendarFeed, PartnerShare
from preventhub.speakers.register_partners import extract_rows

# Who may have a calendar feed of approved events: the coordinators, senior leaders and the
# safeguarding team (the register's managers).
FEED_PERM = "speakers.manage"
FEED_TOKEN_BYTES = 32
FEED_USE_RESOLUTION = timedelta(minutes=5)
MAX_PARTNER_LENGTH = 200
MAX_NOTE_LENGTH = 2000
MAX_PERIOD_DAYS = 3 * 366
# A second identical share within this time is the same share (a double click, a re-run).
SAME_SHARE_WITHIN = timedelta(minutes=10)


def register_export_recorded(
    *, actor: Any, provider: Provider, rows: int, fmt: str, filters: dict[str, str]
) -> AuditEvent:
    """Record who took a copy of the register, in which format, how many rows, which filters."""
    return audit_record(
        actor=actor,
        action="export",
        object_type="speakers.eventrequest",
        provider_id=provider.pk,
        detail={"rows": rows, "format": fmt, "filters": filters},
    )


# --- personal calendar feeds -------------------------------------------------------------------


def calendar_feed_create(*, actor: Any, provider: Provider) -> tuple[CalendarFeed, str]:
    """A new secret feed URL token for ``actor`` at ``provider``; any live one stops working.

    Returns the feed and the token, which is not stored (only its hash) and is shown once.
    """
    if not actor.is_active or not actor.has_perm(FEED_PERM, provider):
        raise PermissionDenied("Only the events team and the safeguarding team have a feed.")
    raw = secrets.token_urlsafe(FEED_TOKEN_BYTES)
    with transaction.atomic():
        replaced = _revoke_live(provider, actor)
        feed = CalendarFeed.unscoped.create(
            provider=provider, user=actor, token_hash=hash_token(raw), hint=raw[:6]
        )
        audit_record(
            actor=actor,
            action="create",
            obj=feed,
            changed_fields=["token_hash"],
            detail={"replaced": replaced},
        )
    return feed, raw


def _revoke_live(provider: Provider, user: Any) -> int:
    return int(
        CalendarFeed.objects.for_provider(provider)
        .filter(user=user, revoked_at__isnull=True)
        .update(revoked_at=timezone.now())
    )


def calendar_feed_revoke(*, actor: Any, provider: Provider) -> bool:
    """Stop the actor's feed at ``provider`` working at once. False if they had none."""
    with transaction.atomic():
        feed = (
            CalendarFeed.objects.for_provider(provider)
            .select_for_update()
            .filter(user=actor, revoked_at__isnull=True)
            .first()
        )
        if feed is None:
            return False
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="update", obj=feed, changed_fields=["revoked_at"])
    return True


def calendar_feed_used(feed: CalendarFeed) -> None:
    """Note when a calendar last fetched the feed (at most one write per five minutes)."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > FEED_USE_RESOLUTION:
        CalendarFeed.unscoped.filter(pk=feed.pk).update(last_used_at=now)


# --- sharing an extract with partners ----------------------------------------------------------


def partner_share_record(
    *,
    actor: Any,
    provider: Provider,
    partner: str,
    period_start: date | None,
    period_end: date | None,
    note: str = "",
) -> PartnerShare:
    """Record that the extract of refused and conditional speakers of a period was shared.

    The extract is worked out here, so the record names exactly the requests it held. The same
    share made again within minutes (a double click) is the same record.
    """
    partner = _clean_partner(partner)
    note = str(note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError({"note": f"Keep the note under {MAX_NOTE_LENGTH:,} characters."})
    start, end = clean_period(period_start, period_end)
    with transaction.atomic():
        # One share at a time per provider, so two clicks cannot both pass the check below.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        ids = sorted({str(row.request_id) for row in extract_rows(provider, start, end)})
        if not ids:
            raise ValidationError(
                {"period_start": "No refused or conditionally approved speakers in this period."}
            )
        same = _same_share(provider, actor, partner, start, end, ids)
        if same is not None:
            return same
        share = PartnerShare.unscoped.create(
            provider=provider,
            partner=partner,
            shared_by=actor,
            period_start=start,
            period_end=end,
            request_ids=ids,
            note=note,
        )
        audit_record(
            actor=actor,
            action="create",
            obj=share,
            changed_fields=["partner", "period_start", "period_end", "request_ids", "note"],
            detail={"requests": len(ids)},
        )
    return share


def _clean_partner(partner: str) -> str:
    text = " ".join(str(partner or "").split())
    if not text:
        raise ValidationError({"partner": "Enter who the extract is shared with."})
    if len(text) > MAX_PARTNER_LENGTH:
        raise ValidationError({"partner": f"Keep this under {MAX_PARTNER_LENGTH} characters."})
    return text


def clean_period(start: date | None, end: date | None) -> tuple[date, date]:
    if start is None:
        raise ValidationError({"period_start": "Enter the first day of the period."})
    if end is None:
        raise ValidationError({"period_end": "Enter the last day of the period."})
    if end < start:
        raise ValidationError({"period_end": "The last day must be on or after the first day."})
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationError({"period_end": "Choose a period of at most three years."})
    return start, end


def _same_share(
    provider: Provider, actor: Any, partner: str, start: date, end: date, ids: Sequence[str]
) -> PartnerShare | None:
    recent = PartnerShare.objects.for_provider(provider).filter(
        shared_by=actor,
        partner=partner,
        period_start=start,
        period_end=end,
        created_at__gte=timezone.now() - SAME_SHARE_WITHIN,
    )
    return next((s for s in recent if sorted(s.request_ids) == list(ids)), None)


def partner_share_downloaded(*, actor: Any, share: PartnerShare, fmt: str) -> AuditEvent:
    """Each copy taken of a share (CSV, or the printable page) is recorded."""
    return audit_record(
        actor=actor,
        action="export",
        obj=share,
        detail={"format": fmt, "requests": len(share.request_ids)},
    )
