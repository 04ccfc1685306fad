"""The faith-room pages through the Django test client: rooms (with the policy document's bad
input), booking and signing in (overlaps, times, unknown values), the calendar, visits (dated
in the future), follow-up, raising a concern from an observation, what each role sees, the
overview, settings and exports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.notifications.models import Notification
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.tests.helpers import (
    PDF,
    at,
    book,
    concerning_visit,
    make_room,
    site_of,
    visit,
    with_document,
)

pytestmark = pytest.mark.django_db
ROOMS = reverse("premises:rooms")
NEW_ROOM = reverse("premises:room_new")


def local(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def errors_of(response: Any) -> str:
    page: str = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert "There is a problem" in page, page[:3000]
    return page


def room_form(provider: Any, manager: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "site": site_of(provider).pk,
        "name": "Prayer room",
        "kind": "prayer",
        "location": "Library, ground floor",
        "capacity": "15",
        "manager": manager.pk,
        "usage_policy": "Open to all. Book ahead.",
    }
    data.update(overrides)
    return data


def booking_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "booking",
        "group_name": "Christian Union",
        "faith_group": "christian",
        "starts_at": local(at(3, 12)),
        "ends_at": local(at(3, 13)),
        "expected_number": "10",
        "repeat_weeks": "0",
        "policy_acknowledged": "on",
        "idempotency_key": "page-key",
    }
    data.update(overrides)
    return data


def visit_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "visited_at": local(timezone.now() - timedelta(minutes=30)),
        "people_present": "12",
        "groups_present": "Islamic Society",
        "condition": "good",
        "observations": "",
        "idempotency_key": "visit-key",
    }
    data.update(overrides)
    return data


# --- rooms ---------------------------------------------------------------------------------------


def test_estates_add_a_room_with_its_policy_document(login, estates, provider):
    upload = SimpleUploadedFile("policy.pdf", PDF, content_type="application/pdf")
    response = login(estates).post(
        NEW_ROOM, {**room_form(provider, estates), "policy_document": upload}
    )
    room = Room.objects.for_provider(provider).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("premises:room_detail", kwargs={"pk": room.pk})
    assert room.policy_document_name == "policy.pdf"
    download = login(estates).get(reverse("premises:room_policy", kwargs={"pk": room.pk}))
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("policy.exe", b"MZ\x90\x00" + b"0" * 64, "cannot be used as a usage policy"),
        ("policy.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "cannot be used as a usage policy"),
        ("policy.pdf", b"MZ\x90\x00not a pdf at all", "is not really a .pdf file"),
        ("policy.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024), "is larger than 10 MB"),
    ],
)
def test_an_unsupported_or_oversized_policy_document_is_refused_and_nothing_is_made(
    login, estates, provider, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    page = errors_of(
        login(estates).post(NEW_ROOM, {**room_form(provider, estates), "policy_document": upload})
    )
    assert message in page
    assert 'value="Prayer room"' in page  # what was typed is kept
    assert not Room.objects.for_provider(provider).exists()


def test_an_unknown_kind_of_room_is_refused(login, estates, provider):
    page = errors_of(login(estates).post(NEW_ROOM, room_form(provider, estates, kind="temple")))
    assert "Choose a kind of room from the list." in page
    assert not Room.objects.for_provider(provider).exists()


def test_a_duplicate_room_name_is_shown_against_the_name(login, estates, provider):
    make_room(provider, estates, name="Prayer room")
    page = errors_of(login(estates).post(NEW_ROOM, room_form(provider, estates)))
    assert "already has a room called Prayer room" in page
    assert Room.objects.for_provider(provider).count() == 1


def test_estates_edit_and_close_a_room(login, estates, provider):
    room = make_room(provider, estates)
    url = reverse("premises:room_edit", kwargs={"pk": room.pk})
    client = login(estates)
    response = client.post(url, room_form(provider, estates, name="Reflection room", capacity="25"))
    assert response.status_code == 302
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Reflection room", 25)
    client.post(url, {"action": "close"})
    room.refresh_from_db()
    assert not room.is_active
    assert "Closed" in client.get(ROOMS).content.decode()


def test_staff_see_rooms_and_policies_but_not_monitoring(login, staff, estates, provider):
    room = with_document(make_room(provider, estates))
    page = login(staff).get(ROOMS).content.decode()
    assert "Multi-faith room" in page
    assert reverse("premises:booking_new", kwargs={"pk": room.pk}) in page
    assert "Monitoring" not in page
    assert "Add a room" not in page
    detail = login(staff).get(reverse("premises:room_detail", kwargs={"pk": room.pk}))
    assert "Record a monitoring visit" not in detail.content.decode()
    assert "Open to everyone of any faith or none" in detail.content.decode()


def test_governors_see_the_register_with_monitoring_but_cannot_book(
    login, governor, estates, provider
):
    make_room(provider, estates)
    page = login(governor).get(ROOMS).content.decode()
    assert "Never visited" in page
    assert "Book<" not in page
    assert "Download the register" in page


# --- bookings ------------------------------------------------------------------------------------


def test_a_member_of_staff_books_a_room_and_sees_it_on_the_calendar(
    login, staff, estates, provider
):
    room = make_room(provider, estates)
    url = reverse("premises:booking_new", kwargs={"pk": room.pk})
    response = login(staff).post(url, booking_form())
    made = Booking.objects.for_provider(provider).get()
    assert (made.recorded_by, made.booked_by_name, made.policy_acknowledged) == (
        staff, staff.get_full_name(), True,
    )  # fmt: skip
    assert response.status_code == 302
    calendar = login(staff).get(response["Location"]).content.decode()
    assert "Christian Union" in calendar
    assert "Christian Union is booked." in calendar
    # Submitting the same form again (a double click) makes no second booking.
    assert login(staff).post(url, booking_form()).status_code == 302
    assert Booking.objects.for_provider(provider).count() == 1


def test_an_overlapping_booking_is_refused_with_the_clash_named(login, staff, estates, provider):
    room = make_room(provider, estates)
    book(room, staff, days=3, hour=12)
    url = reverse("premises:booking_new", kwargs={"pk": room.pk})
    page = errors_of(
        login(staff).post(
            url, booking_form(starts_at=local(at(3, 12, 30)), ends_at=local(at(3, 14)))
        )
    )
    assert "Multi-faith room is already booked on" in page
    assert "(Islamic Society)" in page
    assert 'value="Christian Union"' in page
    assert Booking.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": local(at(3, 11))}, "The end must be after the start."),
        ({"starts_at": local(at(-2, 12)), "ends_at": local(at(-2, 13))}, "cannot be in the past"),
        ({"kind": "reservation"}, "Choose booking or signing in from the list."),
        ({"faith_group": "jedi"}, "Choose a faith or belief from the list."),
        ({"starts_at": "next friday"}, "Enter a real date and time"),
        ({"expected_number": "21"}, "holds 20; 21 are expected"),
        ({"policy_acknowledged": ""}, "read the room&#x27;s usage policy"),
        ({"repeat_weeks": "20"}, "Repeat for at most 12 more weeks."),
    ],
)
def test_bad_booking_input_gets_a_clear_error(login, staff, estates, provider, overrides, message):
    room = make_room(provider, estates)
    url = reverse("premises:booking_new", kwargs={"pk": room.pk})
    page = errors_of(login(staff).post(url, booking_form(**overrides)))
    assert message in page
    assert not Booking.objects.for_provider(provider).exists()


def test_signing_a_group_in(login, staff, estates, provider):
    room = make_room(provider, estates)
    url = reverse("premises:booking_new", kwargs={"pk": room.pk}) + "?kind=sign_in"
    form = login(staff).get(url).content.decode()
    assert 'value="sign_in" class="govuk-radios__input" id="id_kind_1" required checked' in form
    response = login(staff).post(
        url,
        booking_form(kind="sign_in", starts_at=local(timezone.now()), ends_at="", repeat_weeks=""),
    )
    assert response.status_code == 302
    made = Booking.objects.for_provider(provider).get()
    assert made.kind == "sign_in"
    future = booking_form(
        kind="sign_in", starts_at=local(at(1, 12)), ends_at="", idempotency_key="k2"
    )
    assert "cannot be in the future" in errors_of(login(staff).post(url, future))


def test_staff_list_their_own_bookings_and_cancel_them(login, staff, make_user, estates, provider):
    room = make_room(provider, estates)
    mine = book(room, staff, days=2, group_name="Mine")
    colleague = make_user(provider, "staff", username="colleague")
    theirs = book(room, colleague, days=4, group_name="Theirs")
    page = login(staff).get(reverse("premises:bookings")).content.decode()
    assert "Mine" in page
    assert "Theirs" not in page
    assert "Booked by" not in page
    cancel = reverse("premises:booking_cancel", kwargs={"pk": theirs.pk})
    assert login(staff).post(cancel).status_code == 404
    response = login(staff).post(reverse("premises:booking_cancel", kwargs={"pk": mine.pk}))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "cancelled"
    # Estates cancel anyone's booking.
    login(estates).post(cancel)
    theirs.refresh_from_db()
    assert theirs.status == "cancelled"


def test_estates_see_every_booking_and_export_it_formula_safe(login, staff, estates, provider):
    room = make_room(provider, estates)
    book(room, staff, group_name="=HYPERLINK(1)")
    page = login(estates).get(reverse("premises:bookings")).content.decode()
    assert "Booked by" in page
    response = login(estates).get(reverse("premises:bookings_export", kwargs={"fmt": "csv"}))
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert staff.get_full_name() in body
    xlsx = login(estates).get(reverse("premises:bookings_export", kwargs={"fmt": "xlsx"}))
    assert xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(object_type="premises.bookings", action="export").count() == 2
    assert login(estates).get("/premises/export/bookings.pdf").status_code == 404


def test_the_calendar_moves_week_by_week_and_survives_a_bad_week(login, staff, estates, provider):
    room = make_room(provider, estates)
    book(room, staff, days=8, group_name="Next week group")
    url = reverse("premises:calendar", kwargs={"pk": room.pk})
    this_week = login(staff).get(url).content.decode()
    week = timezone.localdate(at(8)).isoformat()
    next_week = login(staff).get(f"{url}?week={week}").content.decode()
    assert "Next week group" in next_week
    assert "Booked by" not in next_week  # contacts are for estates and the safeguarding team
    assert "Next week group" not in this_week or timezone.localdate().weekday() == 6
    assert login(staff).get(f"{url}?week=not-a-date").status_code == 200


# --- visits --------------------------------------------------------------------------------------


def test_a_visit_dated_in_the_future_is_refused_on_the_page(login, estates, provider):
    room = make_room(provider, estates)
    url = reverse("premises:visit_new", kwargs={"pk": room.pk})
    future = visit_form(visited_at=local(timezone.now() + timedelta(days=1)))
    page = errors_of(login(estates).post(url, future))
    assert "A monitoring visit cannot be dated in the future." in page
    assert not MonitoringVisit.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"condition": "filthy"}, "Choose the room&#x27;s condition from the list."),
        ({"concerns": ["noise"]}, "Choose a concern from the list."),
        ({"concerns": ["segregation"]}, "Describe what you saw"),
        ({"people_present": "-3"}, "Enter 0 or more."),
    ],
)
def test_bad_visit_input_is_refused_on_the_page(login, estates, provider, overrides, message):
    room = make_room(provider, estates)
    url = reverse("premises:visit_new", kwargs={"pk": room.pk})
    assert message in errors_of(login(estates).post(url, visit_form(**overrides)))
    assert not MonitoringVisit.objects.for_provider(provider).exists()


def test_a_visit_with_concerns_is_followed_up_on_its_page(login, estates, provider):
    room = make_room(provider, estates)
    url = reverse("premises:visit_new", kwargs={"pk": room.pk})
    response = login(estates).post(
        url,
        visit_form(concerns=["segregation"], observations="Boys told girls to sit at the back."),
    )
    seen = MonitoringVisit.objects.for_provider(provider).get()
    assert response["Location"] == reverse("premises:visit_detail", kwargs={"pk": seen.pk})
    page = login(estates).get(response["Location"]).content.decode()
    assert "Boys told girls to sit at the back." in page
    assert "Awaiting follow-up" in page
    assert "Raise a concern from this observation" in page
    assert AuditEvent.objects.filter(object_id=str(seen.pk), action="view").exists()
    follow = reverse("premises:visit_follow_up", kwargs={"pk": seen.pk})
    assert "Say what was done about it." in errors_of(login(estates).post(follow, {}))
    login(estates).post(follow, {"follow_up": "Met the officers and their tutor."})
    seen.refresh_from_db()
    assert seen.followed_up_by == estates


def test_raise_a_concern_from_this_observation(login, estates, dsl, provider):
    room = make_room(provider, estates)
    seen = concerning_visit(room, estates)
    url = reverse("premises:visit_concern", kwargs={"pk": seen.pk})
    form = login(estates).get(url).content.decode()
    assert "two girls were turned away" in form  # the description is prefilled
    assert "Empty" not in form
    unknown = login(estates).post(url, {"category": "heresy", "description": "x"})
    assert "Choose a kind of concern from the list." in errors_of(unknown)
    description = "Seen on the visit: two girls were turned away."
    response = login(estates).post(
        url, {"category": "prevent", "ideology": "", "description": description}
    )
    concern = Concern.objects.for_provider(provider).get()
    assert response.status_code == 302
    assert (concern.subject_type, concern.category, concern.reporter) == (
        "other",
        "prevent",
        estates,
    )
    assert Notification.objects.for_provider(provider).filter(user=dsl).exists()
    page = login(estates).get(response["Location"]).content.decode()
    assert concern.reference in page
    assert reverse("concerns:detail", kwargs={"pk": concern.pk}) not in page
    case_page = reverse("concerns:detail", kwargs={"pk": concern.pk})
    assert login(estates).get(case_page).status_code in (403, 404)
    team_page = login(dsl).get(response["Location"]).content.decode()
    assert reverse("concerns:detail", kwargs={"pk": concern.pk}) in team_page
    # A second attempt goes back to the visit, naming the concern already raised.
    again = login(estates).post(url, {"category": "prevent", "description": "again"})
    assert again.status_code == 302
    assert Concern.objects.for_provider(provider).count() == 1


def test_governors_and_staff_never_reach_a_visit(login, governor, staff, estates, provider):
    seen = concerning_visit(make_room(provider, estates), estates)
    url = reverse("premises:visit_detail", kwargs={"pk": seen.pk})
    assert login(governor).get(url).status_code in (403, 404)
    assert login(staff).get(url).status_code in (403, 404)
    rota = login(governor).get(reverse("premises:rota")).content.decode()
    assert "1 visit found concerns that has not been followed up yet." in rota
    assert "turned away" not in rota
    overview = login(governor).get(reverse("premises:overview")).content.decode()
    assert "found concerns (exclusion, gender segregation)" in overview
    assert url not in overview  # no link a governor cannot follow
    assert "turned away" not in overview


def test_the_visits_list_filters_and_exports_without_free_text(login, dsl, estates, provider):
    room = make_room(provider, estates)
    concerning_visit(room, estates)
    visit(room, estates, people_present=3)
    url = reverse("premises:visits")
    client = login(dsl)
    tag = 'govuk-tag--orange">Awaiting follow-up'
    assert client.get(url).content.decode().count(tag) == 1
    awaiting = client.get(f"{url}?follow_up=awaiting").content.decode()
    assert "1 visit" in awaiting
    segregation = client.get(f"{url}?concern=segregation").content.decode()
    assert "1 visit" in segregation
    bad = client.get(f"{url}?date_from=2026-13-40").content.decode()
    assert "The filters need correcting" in bad
    body = b"".join(
        client.get(reverse("premises:visits_export", kwargs={"fmt": "csv"})).streaming_content
    ).decode()
    assert "Gender segregation" in body
    assert "turned away" not in body


# --- the overview, the rota, settings ------------------------------------------------------------


def test_the_overview_shows_findings_and_charts(login, leader, estates, staff, provider):
    room = make_room(provider, estates)
    book(room, staff)
    visit(room, estates, people_present=4)
    page = login(leader).get(reverse("premises:overview")).content.decode()
    assert "Faith room monitoring" in page
    assert "Monitoring visits by month" in page
    assert "Show the figures" in page
    assert "<svg" in page
    assert "Should fix" in page or "Must fix" in page or "Nothing needs attention" in page


def test_the_rota_lists_rooms_by_how_overdue_they_are(login, estates, provider):
    fresh = make_room(provider, estates, name="Visited room")
    make_room(provider, estates, name="Forgotten room")
    visit(fresh, estates)
    page = login(estates).get(reverse("premises:rota")).content.decode()
    assert page.index("Forgotten room") < page.index("Visited room")
    assert "Never visited" in page
    assert "Due in 14 days" in page or "Due in 13 days" in page


def test_settings_are_validated_and_saved(login, estates, provider):
    url = reverse("premises:settings")
    page = errors_of(
        login(estates).post(
            url, {"visit_interval_days": "0", "usage_period_days": "28", "follow_up_days": "3"}
        )
    )
    assert "Ensure this value is greater than or equal to 1." in page
    login(estates).post(
        url, {"visit_interval_days": "7", "usage_period_days": "28", "follow_up_days": "3"}
    )
    make_room(provider, estates)
    assert "every 7 days" in login(estates).get(reverse("premises:rota")).content.decode()


def test_the_home_page_tells_estates_what_is_due(login, estates, provider):
    make_room(provider, estates)
    page = login(estates).get(reverse("core:home")).content.decode()
    assert "1</strong> room due a monitoring visit" in page


def test_the_rooms_register_exports_for_inspectors(login, inspector, estates, provider):
    make_room(provider, estates, name="=cmd|' /C calc'!A0")
    response = login(inspector).get(reverse("premises:rooms_export", kwargs={"fmt": "csv"}))
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeffSite,Room,Kind")
    assert "'=cmd" in body
    assert AuditEvent.objects.filter(object_type="premises.rooms", action="export").exists()


def test_every_booking_error_is_shown_at_once(login, staff, estates, provider):
    room = make_room(provider, estates)
    url = reverse("premises:booking_new", kwargs={"pk": room.pk})
    bad = booking_form(ends_at=local(at(3, 11)), expected_number="40", policy_acknowledged="")
    page = errors_of(login(staff).post(url, bad))
    assert "The end must be after the start." in page
    assert "holds 20; 40 are expected" in page
    assert "read the room&#x27;s usage policy" in page


def test_a_visit_form_lists_its_own_and_the_rules_errors_together(login, estates, provider):
    room = make_room(provider, estates)
    url = reverse("premises:visit_new", kwargs={"pk": room.pk})
    bad = visit_form(
        visited_at=local(timezone.now() + timedelta(days=1)),
        people_present="",
        concerns=["segregation"],
    )
    page = errors_of(login(estates).post(url, bad))
    assert "Enter a number." in page
    assert "A monitoring visit cannot be dated in the future." in page
    assert "Describe what you saw" in page
    assert not MonitoringVisit.objects.for_provider(provider).exists()


def test_the_lists_cost_the_same_queries_for_more_rows(login, dsl, estates, staff, provider):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    room = make_room(provider, estates)
    client = login(dsl)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def grow() -> None:
        for day in range(2):
            book(room, staff, days=day + 2, group_name=f"Group {len(str(day))}{day}")
            seen = concerning_visit(room, estates, visited_at=timezone.now() - timedelta(days=day))
            from preventhub.premises.visit_services import visit_raise_concern

            visit_raise_concern(actor=estates, visit=seen, category="prevent")

    grow()
    urls = [reverse("premises:visits"), reverse("premises:bookings"), ROOMS]
    [queries(u) for u in urls]  # the first request of a session loads its roles and settings
    before = [queries(u) for u in urls]
    book(room, staff, days=9)
    book(room, staff, days=10)
    for day in range(3, 6):
        visit(room, estates, visited_at=timezone.now() - timedelta(days=day))
    assert [queries(u) for u in urls] == before
