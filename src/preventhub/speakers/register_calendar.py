"""The calendar feed of approved events, written as iCalendar (RFC 5545) text.

Calendar programs cannot sign in, so each manager has a personal secret URL (see
``register_services.calendar_feed_create``). The feed shows approved events (and lettings) of
one provider: title, times, place and reference, and the speakers' names — no other personal
data about a speaker, and nothing about checks or the reasons for a decision.

Lines end in CRLF, are folded at 75 octets (never inside a UTF-8 character) and text values
are escaped (backslash, semicolon, comma, newline), as RFC 5545 sections 3.1 and 3.3.11 say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from preventhub.accounts.models import hash_token
from preventhub.core.models import Provider
from preventhub.speakers.choices import APPROVED_STATUSES, RequestKind, Status
from preventhub.speakers.models import CalendarFeed, EventRequest, RequestDecision
from preventhub.speakers.selectors import visible_requests

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//PreventHub//Speaker register//EN"
# Past events stay in the calendar for a term or so; older ones drop out of the feed.
PAST_DAYS = 120
MAX_EVENTS = 2000
FOLD_AT = 75
# Event ids are UUIDs, unique anywhere; the suffix makes the UID look like RFC 5545 suggests.
UID_DOMAIN = "preventhub.speakers"


def feed_for_token(raw: str) -> CalendarFeed | None:
    """The live feed with this token, or None (unknown, revoked, or its user disabled)."""
    if not raw or len(raw) > 200:
        return None
    feed: CalendarFeed | None = (
        CalendarFeed.unscoped.select_related("user", "provider")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed


def live_feed(user: Any, provider: Provider) -> CalendarFeed | None:
    found: CalendarFeed | None = (
        CalendarFeed.objects.for_provider(provider)
        .filter(user=user, revoked_at__isnull=True)
        .first()
    )
    return found


def calendar_events(
    user: Any, provider: Provider, now: datetime | None = None
) -> QuerySet[EventRequest]:
    """Approved events the user may see, and held ones whose decision was an approval."""
    now = now or timezone.now()
    approved_then = RequestDecision.objects.for_provider(provider).filter(
        superseded=False, decision__in=list(APPROVED_STATUSES)
    )
    return (
        visible_requests(user, provider)
        .filter(
            Q(status__in=list(APPROVED_STATUSES))
            | Q(status=Status.HELD, pk__in=approved_then.values("request_id"))
        )
        .filter(ends_at__gte=now - timedelta(days=PAST_DAYS))
        .select_related("site")
        .prefetch_related("speakers__speaker")
        .order_by("starts_at")
    )


# --- iCalendar text --------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    text = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in a content line.
    return "".join(ch for ch in text if ch >= " " or ch == "\t")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, continuation lines starting with
    one space, never splitting a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = FOLD_AT
    for ch in line:
        width = len(ch.encode())
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, FOLD_AT
        current += ch
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _summary(request: EventRequest) -> str:
    if request.kind == RequestKind.LETTING:
        return f"Letting: {request.title} ({request.hirer})" if request.hirer else request.title
    return request.title


def _location(request: EventRequest) -> str:
    site = request.site.name if request.site else ""
    return f"{request.venue}, {site}" if site else request.venue


def _description(request: EventRequest) -> str:
    lines = [f"Reference: {request.reference}", f"Status: {request.get_status_display()}"]
    names = [link.speaker.name for link in request.speakers.all()]
    if names:
        lines.append(f"Speakers: {', '.join(names)}")
    if request.kind == RequestKind.LETTING and request.hirer:
        lines.append(f"Hirer: {request.hirer}")
    return "\n".join(lines)


def event_lines(request: EventRequest, stamp: datetime) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{request.pk}@{UID_DOMAIN}"
    # With METHOD:PUBLISH, DTSTAMP is when this calendar was written (RFC 5545 3.8.7.2).
    yield f"DTSTAMP:{_utc(stamp)}"
    yield f"LAST-MODIFIED:{_utc(request.updated_at)}"
    yield f"DTSTART:{_utc(request.starts_at)}"
    yield f"DTEND:{_utc(request.ends_at)}"
    yield f"SUMMARY:{escape_text(_summary(request))}"
    yield f"LOCATION:{escape_text(_location(request))}"
    yield f"DESCRIPTION:{escape_text(_description(request))}"
    yield "STATUS:CONFIRMED"
    yield "TRANSP:OPAQUE"
    yield "END:VEVENT"


def ical_text(requests: Iterable[EventRequest], *, name: str, now: datetime | None = None) -> str:
    """The whole calendar, CRLF line ends, folded, ready to send."""
    stamp = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-PUBLISHED-TTL:PT1H",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    ]
    for request in requests:
        lines.extend(event_lines(request, stamp))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
