"""The premises services: rooms, bookings and sign-ins, visits, follow-ups and concerns raised
from an observation — their rules, their bad input (nothing written) and their audit rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.concerns.selectors import get_concern_for_user, own_concerns
from preventhub.core.errors import ConflictError
from preventhub.premises.models import Booking, MonitoringVisit, Room
from preventhub.premises.services import booking_cancel, booking_create, room_set_active
from preventhub.premises.tests.helpers import (
    at,
    book,
    concerning_visit,
    make_room,
    sign_in,
    site_of,
    visit,
)
from preventhub.premises.visit_services import (
    prefilled_description,
    visit_follow_up,
    visit_raise_concern,
    visit_record,
)
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db


def bookings(provider: Any) -> Any:
    return Booking.objects.for_provider(provider)


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


# --- rooms ---------------------------------------------------------------------------------------


def test_a_room_is_recorded_with_its_policy_and_audited_by_field_name(provider, estates):
    room = make_room(provider, estates)
    assert (room.name, room.capacity, room.manager, room.manager_name) == (
        "Multi-faith room", 20, estates, "Dariusz Nowak",
    )  # fmt: skip
    assert room.has_policy
    event = AuditEvent.objects.get(object_id=str(room.pk), action="create")
    assert "usage_policy" in event.changed_fields
    assert "segregation" not in str(event.detail)


def test_a_second_room_of_the_same_name_on_a_site_is_refused(provider, estates):
    make_room(provider, estates)
    with pytest.raises(ConflictError, match="already has a room called"):
        make_room(provider, estates, name="multi-FAITH room")
    other_site: Any = SiteFactory(provider=provider, name="Riverside")
    assert make_room(provider, estates, site=other_site).site == other_site


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "mosque", "Unknown kind of room: mosque"),
        ("capacity", 0, "from 1 to 2,000"),
        ("capacity", "many", "whole number"),
        ("name", "  ", "Enter the room's name"),
        ("site", None, "Choose the site"),
    ],
)
def test_bad_room_input_is_refused_and_nothing_is_written(provider, estates, field, value, message):
    with pytest.raises(ValidationError) as exc:
        make_room(provider, estates, **{field: value})
    assert message in messages_of(exc)
    assert not Room.objects.for_provider(provider).exists()


def test_a_room_on_another_providers_site_or_managed_by_an_outsider_is_refused(
    provider, other_provider, estates, outsider
):
    with pytest.raises(ValidationError, match="No such site"):
        make_room(provider, estates, site=SiteFactory(provider=other_provider))
    with pytest.raises(ValidationError, match="member of staff here"):
        make_room(provider, estates, manager=outsider)


def test_closing_a_room_with_future_bookings_is_refused(provider, estates, staff):
    room = make_room(provider, estates)
    booking = book(room, staff)
    with pytest.raises(ConflictError, match="Cancel the room's future bookings"):
        room_set_active(actor=estates, room=room, active=False)
    booking_cancel(actor=staff, booking=booking)
    assert not room_set_active(actor=estates, room=room, active=False).is_active
    with pytest.raises(ValidationError, match="closed"):
        book(room, staff, days=5)


# --- bookings ------------------------------------------------------------------------------------


def test_a_booking_overlapping_another_in_the_same_room_is_refused(provider, estates, staff):
    room = make_room(provider, estates)
    book(room, staff, days=3, hour=12)
    with pytest.raises(ConflictError) as exc:
        book(room, staff, days=3, group_name="Christian Union", starts_at=at(3, 12, 30),
             ends_at=at(3, 13, 30))  # fmt: skip
    assert "is already booked" in messages_of(exc)
    assert "(Islamic Society)" in messages_of(exc)
    assert bookings(provider).count() == 1


def test_back_to_back_bookings_and_another_rooms_booking_are_fine(provider, estates, staff):
    room = make_room(provider, estates)
    other = make_room(provider, estates, name="Quiet room")
    book(room, staff, days=3, hour=12)
    book(room, staff, days=3, hour=13, group_name="Christian Union")
    book(other, staff, days=3, hour=12)
    assert bookings(provider).count() == 3


def test_a_cancelled_booking_frees_its_slot(provider, estates, staff):
    room = make_room(provider, estates)
    first = book(room, staff)
    booking_cancel(actor=staff, booking=first)
    assert book(room, staff, group_name="Chaplaincy").is_active


def test_a_sign_in_does_not_block_or_get_blocked_by_a_booking(provider, estates, staff):
    room = make_room(provider, estates)
    now = timezone.now()
    sign_in(room, staff, starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=1))
    booking = book(
        room, staff, starts_at=now + timedelta(minutes=30), ends_at=now + timedelta(hours=2)
    )
    assert booking.is_active
    assert bookings(provider).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": at(3, 11)}, "ends_at", "The end must be after the start."),
        ({"ends_at": at(3, 12)}, "ends_at", "The end must be after the start."),
        ({"starts_at": at(-3), "ends_at": at(-3, 13)}, "starts_at", "cannot be in the past"),
        ({"ends_at": at(4, 12)}, "ends_at", "at most 12 hours"),
        ({"kind": "reservation"}, "kind", "Unknown kind of use: reservation"),
        ({"faith_group": "jedi"}, "faith_group", "Unknown faith group: jedi"),
        ({"expected_number": 21}, "expected_number", "holds 20; 21 are expected"),
        ({"expected_number": 0}, "expected_number", "from 1 to 2,000"),
        ({"group_name": ""}, "group_name", "Enter the group or society's name."),
        ({"policy_acknowledged": False}, "policy_acknowledged", "read the room's usage policy"),
        ({"repeat_weeks": 13}, "repeat_weeks", "from 0 to 12"),
        ({"starts_at": None}, "starts_at", "Enter when it starts."),
    ],
)
def test_bad_booking_input_gets_a_specific_error_and_writes_nothing(
    provider, estates, staff, overrides, field, message
):
    room = make_room(provider, estates)
    with pytest.raises(ValidationError) as exc:
        book(room, staff, days=3, hour=12, **overrides)
    assert message in " ".join(exc.value.message_dict[field])
    assert not bookings(provider).exists()
    assert not AuditEvent.objects.filter(object_type="premises.booking").exists()


def test_a_sign_in_cannot_be_in_the_future(provider, estates, staff):
    room = make_room(provider, estates)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        sign_in(room, staff, starts_at=timezone.now() + timedelta(hours=2))
    made = sign_in(room, staff, expected_number=40)  # more than the room holds: recorded as seen
    assert made.ends_at - made.starts_at == timedelta(hours=1)
    assert made.booked_by_name == staff.get_full_name()


def test_a_weekly_series_is_all_or_nothing(provider, estates, staff):
    room = make_room(provider, estates)
    book(room, staff, days=3 + 14, hour=12, group_name="Taken")
    with pytest.raises(ConflictError) as exc:
        book(room, staff, days=3, hour=12, repeat_weeks=4)
    assert "(Taken)" in messages_of(exc)
    assert bookings(provider).count() == 1
    made = booking_create(
        actor=staff, room=room, kind="booking", group_name="Friday prayers", starts_at=at(3, 9),
        ends_at=at(3, 10), expected_number=10, policy_acknowledged=True, repeat_weeks=3,
    )  # fmt: skip
    assert len(made.bookings) == 4
    assert len({b.series for b in made.bookings}) == 1
    hours = {timezone.localtime(b.starts_at).hour for b in made.bookings}
    assert hours == {9}  # the same UK wall-clock time, across a clock change


def test_a_repeated_submission_makes_one_booking(provider, estates, staff):
    room = make_room(provider, estates)
    fields = {
        "kind": "booking", "group_name": "Sikh Society", "starts_at": at(2, 15),
        "ends_at": at(2, 16), "expected_number": 6, "policy_acknowledged": True,
    }  # fmt: skip
    first = booking_create(actor=staff, room=room, idempotency_key="k1", **fields)
    again = booking_create(actor=staff, room=room, idempotency_key="k1", **fields)
    assert first.created
    assert not again.created
    assert again.first.pk == first.first.pk
    assert bookings(provider).count() == 1


def test_cancelling_follows_the_rules(provider, estates, staff):
    room = make_room(provider, estates)
    booking = book(room, staff)
    booking_cancel(actor=staff, booking=booking)
    with pytest.raises(ConflictError, match="already cancelled"):
        booking_cancel(actor=staff, booking=booking)
    with pytest.raises(ConflictError, match="cannot be cancelled"):
        booking_cancel(actor=staff, booking=sign_in(room, staff))
    ended = book(room, staff, days=2)
    with pytest.raises(ConflictError, match="has ended"):
        booking_cancel(actor=staff, booking=ended, now=ended.ends_at + timedelta(minutes=1))


# --- visits --------------------------------------------------------------------------------------


def test_a_monitoring_visit_dated_in_the_future_is_refused(provider, estates):
    room = make_room(provider, estates)
    with pytest.raises(ValidationError) as exc:
        visit(room, estates, visited_at=timezone.now() + timedelta(hours=1))
    assert exc.value.message_dict["visited_at"] == [
        "A monitoring visit cannot be dated in the future."
    ]
    assert not MonitoringVisit.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"condition": "filthy"}, "condition", "Unknown condition: filthy"),
        ({"concerns": ["noise"]}, "concerns", "Unknown concern: noise"),
        ({"concerns": ["segregation"], "observations": ""}, "observations", "Describe what"),
        ({"people_present": -1}, "people_present", "from 0 to 2,000"),
        ({"visited_at": None}, "visited_at", "Enter when you visited."),
        (
            {"visited_at": timezone.now() - timedelta(days=400)},
            "visited_at",
            "within the last year",
        ),
    ],
)
def test_bad_visit_input_is_refused(provider, estates, overrides, field, message):
    room = make_room(provider, estates)
    with pytest.raises(ValidationError) as exc:
        visit(room, estates, **overrides)
    assert message in " ".join(exc.value.message_dict[field])
    assert not MonitoringVisit.objects.for_provider(provider).exists()


def test_a_room_in_poor_condition_is_a_concern_to_follow_up(provider, estates):
    room = make_room(provider, estates)
    seen = visit(room, estates, condition="poor", observations="Chairs broken; a poster torn.")
    assert seen.concerns == ["condition"]
    assert seen.needs_follow_up


def test_a_visit_is_audited_without_its_observations(provider, estates):
    seen = concerning_visit(make_room(provider, estates), estates)
    event = AuditEvent.objects.get(object_id=str(seen.pk), action="create")
    assert {"observations", "concerns", "groups_present"} <= set(event.changed_fields)
    assert "Women" not in str(event.detail)
    assert event.detail["concerns"] == 2
    stored = MonitoringVisit.unscoped.filter(pk=seen.pk).values_list("observations", flat=True)
    assert "Women" in stored[0]  # decrypted on read; the column holds ciphertext


def test_a_repeated_visit_submission_makes_one_visit(provider, estates):
    room = make_room(provider, estates)
    when = timezone.now() - timedelta(minutes=5)
    first = visit_record(actor=estates, room=room, visited_at=when, people_present=2,
                         condition="good", idempotency_key="v1")  # fmt: skip
    again = visit_record(actor=estates, room=room, visited_at=when, people_present=2,
                         condition="good", idempotency_key="v1")  # fmt: skip
    assert (first.created, again.created) == (True, False)
    assert MonitoringVisit.objects.for_provider(provider).count() == 1


def test_follow_up_is_recorded_once_and_only_for_concerns(provider, estates):
    room = make_room(provider, estates)
    with pytest.raises(ConflictError, match="nothing to follow up"):
        visit_follow_up(actor=estates, visit=visit(room, estates), text="Nothing.")
    seen = concerning_visit(room, estates)
    with pytest.raises(ValidationError, match="Say what was done"):
        visit_follow_up(actor=estates, visit=seen, text="  ")
    done = visit_follow_up(actor=estates, visit=seen, text="Met the society's officers.")
    assert done.is_followed_up
    assert not done.needs_follow_up
    with pytest.raises(ConflictError, match="already recorded"):
        visit_follow_up(actor=estates, visit=seen, text="Again.")


# --- raising a concern from an observation -------------------------------------------------------


def test_a_concern_raised_from_an_observation_carries_it_without_re_keying(provider, estates, dsl):
    room = make_room(provider, estates)
    seen = concerning_visit(room, estates)
    concern = visit_raise_concern(actor=estates, visit=seen, category="prevent",
                                  ideology="islamist")  # fmt: skip
    assert (concern.subject_type, concern.category, concern.ideology) == (
        "other", "prevent", "islamist",
    )  # fmt: skip
    assert concern.occurred_at == seen.visited_at
    assert concern.location == f"Multi-faith room, {site_of(provider).name}"
    assert "two girls were turned away" in concern.description
    assert "Gender segregation imposed on others" in concern.description
    assert concern.reporter == estates
    seen.refresh_from_db()
    assert seen.concern_id == concern.pk
    assert seen.is_followed_up
    # The team reads it; the observer, like any reporter, sees only its reference and status.
    assert get_concern_for_user(dsl, provider, concern.pk) == concern
    with pytest.raises(Http404):
        get_concern_for_user(estates, provider, concern.pk)
    assert list(own_concerns(estates, provider)) == [concern]


def test_a_concern_is_raised_once_per_visit_and_for_a_known_category(provider, estates, dsl):
    seen = concerning_visit(make_room(provider, estates), estates)
    with pytest.raises(ValidationError, match="Unknown category: heresy"):
        visit_raise_concern(actor=estates, visit=seen, category="heresy")
    assert not Concern.objects.for_provider(provider).exists()
    concern = visit_raise_concern(actor=estates, visit=seen, category="bullying", ideology="incel")
    assert concern.ideology == ""  # an ideology applies to Prevent concerns only
    with pytest.raises(ConflictError, match=concern.reference):
        visit_raise_concern(actor=dsl, visit=seen, category="prevent")
    assert Concern.objects.for_provider(provider).count() == 1


def test_the_prefilled_description_is_what_was_recorded(provider, estates):
    seen = concerning_visit(make_room(provider, estates), estates, people_present=15)
    text = prefilled_description(seen)
    assert "People present: 15." in text
    assert "Groups present: Islamic Society" in text
    assert text.endswith("two girls were turned away.")


def test_a_visit_that_found_concerns_tells_the_team_and_the_manager_without_content(
    provider, estates, dsl, make_user
):
    from preventhub.notifications.models import Notification

    room = make_room(provider, estates)
    colleague = make_user(provider, "estates", username="colleague")
    visit(room, colleague)  # nothing found: nobody is told
    assert not Notification.objects.for_provider(provider).exists()
    seen = concerning_visit(room, colleague)
    told = Notification.objects.for_provider(provider)
    assert {n.user for n in told} == {dsl, estates}
    assert {n.message for n in told} == {
        "A faith-room monitoring visit found concerns to follow up"
    }
    assert all(str(seen.pk) in n.url for n in told)
