"""Pages for rooms and their bookings: the rooms, a room with its policy, adding and editing a
room (estates), a room's week calendar, booking or signing a group in, the bookings list and
cancelling. Monitoring visits are in visit_views.py, the overview and settings in
overview_views.py."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from cryptography.fernet import InvalidToken
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from preventhub.concerns.attachments import CheckedFile, read_decrypted
from preventhub.core.access import requires
from preventhub.core.forms import Form
from preventhub.core.models import Provider, Site
from preventhub.premises.choices import UseKind
from preventhub.premises.documents import check_policy_upload, max_megabytes
from preventhub.premises.filters import BookingFilterSet
from preventhub.premises.forms import BookingForm, RoomForm
from preventhub.premises.models import Booking, Room
from preventhub.premises.selectors import (
    bookings_for_user,
    calendar_uses,
    get_booking_to_cancel,
    get_room_for_user,
    manager_choices,
    period_for,
    room_figures,
    rooms_for_user,
    rota,
)
from preventhub.premises.services import (
    booking_cancel,
    booking_check,
    booking_create,
    room_create,
    room_policy_document_set,
    room_set_active,
    room_update,
)

log = logging.getLogger(__name__)
PAGE_SIZE = 25


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def also_check(form: Form, check: Callable[[], None]) -> None:
    """A form with errors of its own also shows the service's errors on its other fields, so
    every problem is listed at once (the service is not asked to write anything)."""
    try:
        check()
    except ValidationError as exc:
        messages_by_field = exc.message_dict if hasattr(exc, "error_dict") else {}
        for field, errors in messages_by_field.items():
            if field in form.fields and field not in form.errors:
                form.add_error(field, errors)


def wants_partial(request: HttpRequest) -> bool:
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- rooms --------------------------------------------------------------------------------------


@requires("premises.view_rooms")
@require_GET
def room_list(request: ProviderRequest) -> HttpResponse:
    """The rooms register: for everyone the rooms and their policies; for the register readers
    also each room's monitoring status and use in the period."""
    provider = request.provider
    readers = request.user.has_perm("premises.view_register", provider)
    rooms = list(rooms_for_user(request.user, provider))
    rows: dict[Any, Any] = {}
    figures: dict[Any, dict[str, Any]] = {}
    period = period_for(provider)
    if readers:
        rows = {row.room.pk: row for row in rota(provider)}
        figures = room_figures(provider, period)
    context: dict[str, Any] = {
        "rooms": [
            {"room": r, "rota": rows.get(r.pk), "figures": figures.get(r.pk, {})} for r in rooms
        ],
        "can_manage": request.user.has_perm("premises.manage_rooms", provider),
        "can_book": request.user.has_perm("premises.book", provider),
        "all_bookings": request.user.has_perm("premises.view_all_bookings", provider),
        "readers": readers,
        "period": period,
    }
    return render(request, "premises/rooms.html", context)


@requires("premises.view_rooms")
@require_GET
def room_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    provider = request.provider
    room = get_room_for_user(request.user, provider, pk)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "room": room,
        "upcoming": calendar_uses(room, today, days=14).filter(ends_at__gte=timezone.now()),
        "can_manage": request.user.has_perm("premises.manage_rooms", provider),
        "can_book": request.user.has_perm("premises.book", provider) and room.is_active,
        "can_visit": request.user.has_perm("premises.record_visit", provider) and room.is_active,
        "can_see_visits": request.user.has_perm("premises.view_visits", provider),
        "readers": request.user.has_perm("premises.view_register", provider),
    }
    if context["readers"]:
        context["rota_row"] = next((r for r in rota(provider) if r.room.pk == room.pk), None)
    if context["can_see_visits"]:
        context["visits"] = room.visits.defer("groups_present", "observations", "follow_up")[:10]
    return render(request, "premises/room_detail.html", context)


def _room_form(request: ProviderRequest, **kwargs: Any) -> RoomForm:
    return RoomForm(
        _posted(request),
        request.FILES or None,
        sites=Site.objects.for_provider(request.provider),
        managers=manager_choices(request.provider),
        **kwargs,
    )


def _document(form: RoomForm) -> CheckedFile | None:
    upload = form.cleaned_data.get("policy_document")
    if not upload:
        return None
    try:
        return check_policy_upload(upload)
    except ValidationError as exc:
        form.add_error("policy_document", exc.messages)
        return None


@requires("premises.manage_rooms")
def room_new(request: ProviderRequest) -> HttpResponse:
    form = _room_form(request, initial={"manager": request.user.pk})
    if request.method == "POST" and form.is_valid():
        document = _document(form)
        if not form.errors:
            values = {k: v for k, v in form.cleaned_data.items() if k != "policy_document"}
            try:
                room = room_create(
                    actor=request.user, provider=request.provider, document=document, **values
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, f"{room.name} is added to the rooms register.")
                return redirect("premises:room_detail", pk=room.pk)
    context = {
        "form": form,
        "room": None,
        "max_mb": max_megabytes(),
        "has_sites": _has_sites(request),
    }
    return render(request, "premises/room_form.html", context)


def _has_sites(request: ProviderRequest) -> bool:
    return bool(Site.objects.for_provider(request.provider).exists())


@requires("premises.manage_rooms")
def room_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    room = get_room_for_user(request.user, request.provider, pk)
    if request.method == "POST" and request.POST.get("action") in ("close", "reopen"):
        return _open_or_close(request, room)
    initial = {
        f: getattr(room, f) for f in ("name", "kind", "location", "capacity", "usage_policy")
    }
    form = _room_form(
        request, initial={**initial, "site": room.site_id, "manager": room.manager_id}
    )
    if request.method == "POST" and form.is_valid():
        document = _document(form)
        if not form.errors:
            values = {k: v for k, v in form.cleaned_data.items() if k != "policy_document"}
            try:
                room = room_update(actor=request.user, room=room, **values)
                if document is not None:
                    room = room_policy_document_set(actor=request.user, room=room, checked=document)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, f"{room.name} is saved.")
                return redirect("premises:room_detail", pk=room.pk)
    context = {"form": form, "room": room, "max_mb": max_megabytes(), "has_sites": True}
    return render(request, "premises/room_form.html", context)


def _open_or_close(request: ProviderRequest, room: Room) -> HttpResponse:
    active = request.POST.get("action") == "reopen"
    try:
        room = room_set_active(actor=request.user, room=room, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        state = "open again" if active else "closed: it leaves the monitoring rota"
        messages.success(request, f"{room.name} is {state}.")
    return redirect("premises:room_detail", pk=room.pk)


@requires("premises.view_rooms")
@require_GET
def room_policy(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """The usage-policy document, decrypted for anyone who may see the room."""
    room = get_room_for_user(request.user, request.provider, pk)
    if not room.policy_document_storage:
        raise Http404("This room has no policy document.")
    try:
        content = read_decrypted(room.policy_document_storage)
    except (OSError, InvalidToken) as exc:
        log.error("Policy document of room %s cannot be read: %r", room.pk, exc)
        raise Http404("The file cannot be found.") from exc
    response = HttpResponse(content, content_type=room.policy_document_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=room.policy_document_name
    )
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the week calendar --------------------------------------------------------------------------


def _week_start(raw: str | None) -> date:
    """The Monday of the week asked for (this week when missing or not a date)."""
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


@requires("premises.view_rooms")
@require_GET
def calendar(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """A room's bookings and sign-ins, one week at a time (a row per day)."""
    room = get_room_for_user(request.user, request.provider, pk)
    monday = _week_start(request.GET.get("week"))
    uses = list(calendar_uses(room, monday))
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        on_day = [u for u in uses if timezone.localdate(u.starts_at) == day]
        days.append({"day": day, "uses": on_day})
    context = {
        "room": room,
        "days": days,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "this_week": _week_start(None),
        "today": timezone.localdate(),
        "show_contacts": request.user.has_perm("premises.view_all_bookings", request.provider),
        "can_book": request.user.has_perm("premises.book", request.provider) and room.is_active,
        "count": len(uses),
    }
    return render(request, "premises/calendar.html", context)


# --- bookings -----------------------------------------------------------------------------------


@requires("premises.book")
def booking_new(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    room = get_room_for_user(request.user, request.provider, pk)
    if not room.is_active:
        raise Http404("This room is closed.")
    kind = request.GET.get("kind")
    form = BookingForm(
        _posted(request),
        initial={
            "kind": kind if kind in UseKind.values else UseKind.BOOKING,
            "idempotency_key": uuid.uuid4().hex,
            "repeat_weeks": 0,
            "starts_at": timezone.localtime().replace(second=0, microsecond=0)
            if kind == UseKind.SIGN_IN
            else None,
        },
    )
    if request.method == "POST" and not form.is_valid():
        also_check(form, lambda: booking_check(room=room, **form.cleaned_data))
    elif request.method == "POST":
        data = dict(form.cleaned_data)
        key = data.pop("idempotency_key") or None
        try:
            booked = booking_create(actor=request.user, room=room, idempotency_key=key, **data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            first = booked.first
            what = "signed in" if first.kind == UseKind.SIGN_IN else "booked"
            extra = f" ({len(booked.bookings)} weeks)" if len(booked.bookings) > 1 else ""
            messages.success(request, f"{first.group_name} is {what}{extra}.")
            week = timezone.localdate(first.starts_at).isoformat()
            return redirect(f"{_calendar_url(room)}?week={week}")
    return render(request, "premises/booking_form.html", {"room": room, "form": form})


def _calendar_url(room: Room) -> str:
    from django.urls import reverse

    return reverse("premises:calendar", kwargs={"pk": room.pk})


def _booking_results(request: ProviderRequest) -> tuple[BookingFilterSet, QuerySet[Booking]]:
    filterset = BookingFilterSet(
        request.GET,
        queryset=bookings_for_user(request.user, request.provider).order_by("-starts_at"),
        request=request,
    )
    results: QuerySet[Booking] = filterset.qs if filterset.is_valid() else filterset.qs.none()
    return filterset, results


@requires("premises.book")
@require_GET
def booking_list(request: ProviderRequest) -> HttpResponse:
    """Every booking for estates, senior leaders and the safeguarding team; your own else."""
    filterset, results = _booking_results(request)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    provider = request.provider
    context = {
        "filter": filterset,
        "page": page,
        "all_bookings": request.user.has_perm("premises.view_all_bookings", provider),
        "can_manage": request.user.has_perm("premises.manage_bookings", provider),
        "now": timezone.now(),
    }
    template = (
        "premises/partials/bookings_table.html"
        if wants_partial(request)
        else "premises/bookings.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires("premises.book")
@require_POST
def booking_cancel_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    booking = get_booking_to_cancel(request.user, request.provider, pk)
    try:
        booking = booking_cancel(actor=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"The booking for {booking.group_name} is cancelled.")
    target = request.POST.get("next", "")
    if target.startswith("/premises/") and url_has_allowed_host_and_scheme(target, None):
        return redirect(target)
    return redirect("premises:bookings")
