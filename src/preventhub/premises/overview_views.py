"""The faith-rooms overview (findings and charts), the settings, and the CSV/XLSX exports of
the rooms register, the bookings and the visits (never any free text of an observation)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.access import requires
from preventhub.core.exports import FORMATS, download, local_naive, yes_no
from preventhub.core.findings import findings_for
from preventhub.premises.choices import SHORT_FLAG_LABELS, ConcernFlag, FaithGroup
from preventhub.premises.filters import BookingFilterSet, VisitFilterSet
from preventhub.premises.forms import SettingsForm
from preventhub.premises.models import MonitoringVisit
from preventhub.premises.selectors import (
    VISIT_NARRATIVES,
    Period,
    awaiting_follow_up,
    bookings_for_user,
    period_for,
    room_figures,
    rooms_for_user,
    rota,
    uses_in,
    visits_for_user,
)
from preventhub.premises.services import export_recorded, settings_for, settings_update
from preventhub.premises.views import ProviderRequest, form_errors_from

MONTHS = 6


def _rows(counter: Counter[str], labels: dict[str, str]) -> list[ChartRow]:
    return [
        ChartRow(labels.get(key, key), value, f"{value:,}", f"{value:,}")
        for key, value in counter.most_common()
        if value
    ]


def _by_faith(provider: Any, period: Period) -> Chart:
    counts: Counter[str] = Counter(
        {
            row["faith_group"]: row["n"]
            for row in uses_in(provider, period)
            .values("faith_group")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    return Chart(
        "chart-faith",
        f"Use of the rooms by faith or belief, last {period.days} days",
        "Bookings and sign-ins that started in the period, by the faith or belief the group gave. "
        "One group taking most of the use is a question to ask.",
        _rows(counts, dict(FaithGroup.choices)),
        "Faith or belief",
        "Bookings and sign-ins",
        empty=f"No booking or sign-in in the last {period.days} days.",
    )


def _by_room(provider: Any, period: Period) -> Chart:
    counts: Counter[str] = Counter()
    for row in (
        uses_in(provider, period)
        .values("room__name", "room__site__name")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[f"{row['room__name']} ({row['room__site__name']})"] += row["n"]
    return Chart(
        "chart-room",
        f"Use of each room, last {period.days} days",
        "Bookings and sign-ins that started in the period.",
        _rows(counts, {}),
        "Room",
        "Bookings and sign-ins",
        empty=f"No booking or sign-in in the last {period.days} days.",
    )


def _month_starts(today: date) -> list[date]:
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _visits_by_month(provider: Any, now: datetime) -> Chart:
    months = _month_starts(timezone.localdate(now))
    start = timezone.make_aware(datetime.combine(months[0], datetime.min.time()))
    counts: Counter[date] = Counter(
        timezone.localdate(when).replace(day=1)
        for when in MonitoringVisit.objects.for_provider(provider)
        .filter(visited_at__gte=start)
        .values_list("visited_at", flat=True)
    )
    rows = []
    for index, month in enumerate(months):
        value = counts.get(month, 0)
        note = str(month.year) if index == 0 or month.month == 1 else ""
        rows.append(
            ChartRow(f"{month:%B %Y}", value, f"{value:,}", f"{value:,}", f"{month:%b}", note)
        )
    return Chart(
        "chart-visits",
        f"Monitoring visits by month, last {MONTHS} months",
        "Visits recorded to any room, by the month of the visit.",
        rows if any(r.value for r in rows) else [],
        "Month",
        "Visits",
        empty=f"No monitoring visit in the last {MONTHS} months.",
    )


def _concerns_by_kind(provider: Any, now: datetime) -> Chart:
    counts: Counter[str] = Counter()
    for flags in (
        MonitoringVisit.objects.for_provider(provider)
        .filter(visited_at__gte=now - timedelta(days=365))
        .exclude(concerns=[])
        .values_list("concerns", flat=True)
    ):
        counts.update(flags)
    labels = {str(k): str(v) for k, v in SHORT_FLAG_LABELS.items()}
    return Chart(
        "chart-concerns",
        "What visits found, last 12 months",
        "Visits that found each kind of concern (a visit may find several).",
        _rows(counts, labels),
        "Concern",
        "Visits",
        empty="No visit in the last 12 months found a concern.",
    )


@requires("premises.view_register")
@require_GET
def overview(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    now = timezone.now()
    period = period_for(provider, now)
    rows = rota(provider, now)
    context = {
        "findings": findings_for(provider, now, only=["premises"]),
        "period": period,
        "rooms": len(rows),
        "due": sum(1 for r in rows if r.days_overdue >= 0),
        "awaiting": awaiting_follow_up(provider).count(),
        "uses": uses_in(provider, period).count(),
        "charts": {
            "faith": _by_faith(provider, period),
            "room": _by_room(provider, period),
            "visits": _visits_by_month(provider, now),
            "concerns": _concerns_by_kind(provider, now),
        },
        "settings": settings_for(provider),
        "can_settings": request.user.has_perm("premises.manage_settings", provider),
        "can_see_visits": request.user.has_perm("premises.view_visits", provider),
        "can_see_bookings": request.user.has_perm("premises.view_all_bookings", provider),
    }
    return render(request, "premises/overview.html", context)


@requires("premises.manage_settings")
def premises_settings(request: ProviderRequest) -> HttpResponse:
    current = settings_for(request.provider)
    form = SettingsForm(
        request.POST if request.method == "POST" else None,
        initial={f: getattr(current, f) for f in SettingsForm.base_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The faith-room settings are saved.")
            return redirect("premises:settings")
    return render(request, "premises/settings.html", {"form": form, "settings": current})


# --- exports ------------------------------------------------------------------------------------

ROOM_HEADER = [
    "Site", "Room", "Kind", "Where", "Capacity", "Managed by", "Open", "Usage policy text",
    "Policy document", "Last monitoring visit (Europe/London)", "Next visit due",
    "Bookings in period", "Sign-ins in period", "Visits (12 months)",
    "Visits with concerns (12 months)",
]  # fmt: skip
BOOKING_HEADER = [
    "Room", "Site", "Kind", "Group", "Faith or belief", "Starts (Europe/London)",
    "Ends (Europe/London)", "Number", "Booked by", "Policy read", "Status",
]  # fmt: skip
VISIT_HEADER = [
    "Visited (Europe/London)", "Room", "Site", "Visitor", "People present", "Condition",
    "Concerns", "Follow-up recorded (Europe/London)", "Concern raised",
]  # fmt: skip


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404("Choose CSV or XLSX.")


def _name(request: ProviderRequest, what: str) -> str:
    return f"{what}-{request.provider.slug}-{timezone.localdate().isoformat()}"


def _room_rows(request: ProviderRequest) -> list[list[Any]]:
    provider = request.provider
    period = period_for(provider)
    figures = room_figures(provider, period)
    due = {row.room.pk: row.due_on for row in rota(provider)}
    rows = []
    for room in rooms_for_user(request.user, provider).select_related("manager"):
        f = figures.get(room.pk, {})
        rows.append(
            [
                room.site.name,
                room.name,
                room.get_kind_display(),
                room.location,
                room.capacity,
                room.manager_name,
                yes_no(room.is_active),
                yes_no(bool(room.usage_policy.strip())),
                room.policy_document_name,
                local_naive(f.get("last_visit")),
                due.get(room.pk),
                f.get("bookings", 0),
                f.get("sign_ins", 0),
                f.get("visits", 0),
                f.get("with_concerns", 0),
            ]  # fmt: skip
        )
    return rows


@requires("premises.view_register")
@require_GET
def rooms_export(request: ProviderRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    rows = _room_rows(request)
    export_recorded(
        actor=request.user, provider=request.provider, what="rooms", fmt=fmt, rows=len(rows)
    )
    return download(
        fmt,
        filename=_name(request, "faith-rooms"),
        header=ROOM_HEADER,
        rows=rows,
        title=f"Faith and reflection rooms: {request.provider.name}",
        sheet_name="Rooms",
        widths={"Room": 28, "Where": 28},
    )


def _booking_rows(bookings: Any) -> Iterator[list[Any]]:
    for b in bookings.iterator(chunk_size=500):
        yield [
            b.room.name, b.room.site.name, b.get_kind_display(), b.group_name,
            b.get_faith_group_display(), local_naive(b.starts_at), local_naive(b.ends_at),
            b.expected_number, b.booked_by_name, yes_no(b.policy_acknowledged),
            b.get_status_display(),
        ]  # fmt: skip


@requires("premises.view_all_bookings")
@require_GET
def bookings_export(request: ProviderRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    filterset = BookingFilterSet(
        request.GET,
        queryset=bookings_for_user(request.user, request.provider).order_by("starts_at"),
        request=request,
    )
    if not filterset.is_valid():
        messages.error(request, "Correct the filters before exporting.")
        return redirect(f"/premises/bookings/?{request.GET.urlencode()}")
    bookings: Any = filterset.qs
    export_recorded(
        actor=request.user,
        provider=request.provider,
        what="bookings",
        fmt=fmt,
        rows=bookings.count(),
    )
    return download(
        fmt,
        filename=_name(request, "faith-room-bookings"),
        header=BOOKING_HEADER,
        rows=_booking_rows(bookings),
        title=f"Faith-room bookings: {request.provider.name}",
        sheet_name="Bookings",
        widths={"Group": 28},
    )


def _visit_rows(visits: Any) -> Iterator[list[Any]]:
    for v in visits.iterator(chunk_size=500):
        flags = "; ".join(
            str(SHORT_FLAG_LABELS[ConcernFlag(f)]) for f in v.concerns if f in SHORT_FLAG_LABELS
        )
        yield [
            local_naive(v.visited_at), v.room.name, v.room.site.name, v.visitor_name,
            v.people_present, v.get_condition_display(), flags, local_naive(v.followed_up_at),
            v.concern.reference if v.concern else "",
        ]  # fmt: skip


@requires("premises.view_visits")
@require_GET
def visits_export(request: ProviderRequest, fmt: str) -> HttpResponse:
    _check_format(fmt)
    visits = visits_for_user(request.user, request.provider).defer(*VISIT_NARRATIVES)
    filterset = VisitFilterSet(request.GET, queryset=visits.order_by("visited_at"), request=request)
    if not filterset.is_valid():
        messages.error(request, "Correct the filters before exporting.")
        return redirect(f"/premises/visits/?{request.GET.urlencode()}")
    chosen: Any = filterset.qs
    export_recorded(
        actor=request.user, provider=request.provider, what="visits", fmt=fmt, rows=chosen.count()
    )
    return download(
        fmt,
        filename=_name(request, "faith-room-visits"),
        header=VISIT_HEADER,
        rows=_visit_rows(chosen),
        title=f"Faith-room monitoring visits: {request.provider.name}",
        sheet_name="Visits",
    )
