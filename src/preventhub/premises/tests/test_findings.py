"""The findings faith rooms report to the compliance view: each rule appears when the data says
so and disappears when it is put right; messages never name a person or quote an observation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from preventhub.core.findings import findings_for, sources
from preventhub.premises.models import Booking, MonitoringVisit
from preventhub.premises.services import settings_update
from preventhub.premises.tests.helpers import (
    book,
    concerning_visit,
    make_room,
    sign_in,
    visit,
)
from preventhub.premises.visit_services import visit_follow_up, visit_raise_concern

pytestmark = pytest.mark.django_db


def codes(provider: Any, now: Any = None) -> list[str]:
    return sorted(f.code for f in findings_for(provider, now, only=["premises"]))


def found(provider: Any, code: str, now: Any = None) -> list[Any]:
    return [f for f in findings_for(provider, now, only=["premises"]) if f.code == code]


def test_the_source_is_registered_for_the_premises_area(provider):
    assert "premises" in sources()
    (finding,) = findings_for(provider, only=["premises"])
    assert (finding.code, finding.compliance_area, finding.severity) == (
        "no_rooms_recorded", "premises", "amber",
    )  # fmt: skip


def test_a_provider_without_rooms_records_why_and_the_finding_goes(provider, estates):
    assert codes(provider) == ["no_rooms_recorded"]
    settings_update(
        actor=estates, provider=provider, visit_interval_days=14, usage_period_days=28,
        follow_up_days=3, no_rooms_reason="Learners asked in September preferred none.",
    )  # fmt: skip
    assert codes(provider) == []


def test_a_room_never_visited_is_red_until_a_visit(provider, estates):
    room = make_room(provider, estates)
    (finding,) = found(provider, "room_not_monitored")
    assert finding.severity == "red"
    assert "Multi-faith room" in finding.message
    assert "has never had a monitoring visit" in finding.message
    visit(room, estates)
    assert not found(provider, "room_not_monitored")


def test_the_visit_interval_is_the_providers_setting(provider, estates):
    room = make_room(provider, estates)
    visit(room, estates, visited_at=timezone.now() - timedelta(days=10))
    assert not found(provider, "room_not_monitored")
    settings_update(actor=estates, provider=provider, visit_interval_days=7,
                    usage_period_days=28, follow_up_days=3)  # fmt: skip
    (finding,) = found(provider, "room_not_monitored")
    assert "every 7 days" in finding.message
    # Later, without a visit, the default of 14 days would also run out.
    later = timezone.now() + timedelta(days=5)
    settings_update(actor=estates, provider=provider, visit_interval_days=14,
                    usage_period_days=28, follow_up_days=3)  # fmt: skip
    assert found(provider, "room_not_monitored", later)


def test_sign_ins_without_any_booking_are_amber_and_a_booking_clears_it(provider, estates, staff):
    room = make_room(provider, estates)
    visit(room, estates)
    sign_in(room, staff)
    (finding,) = found(provider, "usage_without_bookings")
    assert finding.severity == "amber"
    assert "signed in to Multi-faith room" in finding.message
    booking = book(room, staff, days=1)
    Booking.unscoped.filter(pk=booking.pk).update(  # it took place yesterday
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )
    assert not found(provider, "usage_without_bookings")


def test_people_seen_with_no_booking_or_sign_in_is_unknown_use(provider, estates, staff):
    room = make_room(provider, estates)
    visit(room, estates, people_present=0)
    assert not found(provider, "usage_unknown")
    visit(room, estates, people_present=9)
    (finding,) = found(provider, "usage_unknown")
    assert finding.severity == "red"
    assert "who uses it is not known" in finding.message
    sign_in(room, staff)
    assert not found(provider, "usage_unknown")
    assert found(provider, "usage_without_bookings")


def test_use_outside_the_period_does_not_count(provider, estates, staff):
    room = make_room(provider, estates)
    old = visit(room, estates, people_present=9)
    MonitoringVisit.unscoped.filter(pk=old.pk).update(
        visited_at=timezone.now() - timedelta(days=40)
    )
    visit(room, estates, people_present=0)
    assert not found(provider, "usage_unknown")


def test_a_concern_not_followed_up_turns_red_after_the_follow_up_days(provider, estates):
    room = make_room(provider, estates)
    seen = concerning_visit(room, estates)
    (finding,) = found(provider, "concern_not_followed_up")
    assert finding.severity == "amber"
    assert "(exclusion, gender segregation)" in finding.message
    assert "turned away" not in finding.message
    assert estates.last_name not in finding.message
    (late,) = found(provider, "concern_not_followed_up", timezone.now() + timedelta(days=4))
    assert late.severity == "red"
    visit_follow_up(actor=estates, visit=seen, text="Spoke to the officers.")
    assert not found(provider, "concern_not_followed_up")


def test_raising_a_concern_counts_as_following_up(provider, estates):
    seen = concerning_visit(make_room(provider, estates), estates)
    visit_raise_concern(actor=estates, visit=seen, category="prevent")
    assert not found(provider, "concern_not_followed_up")


def test_a_room_without_a_policy_or_a_current_manager(provider, estates, staff):
    room = make_room(provider, estates, usage_policy="", manager=staff)
    assert [f.code for f in found(provider, "room_without_policy")] == ["room_without_policy"]
    staff.is_active = False
    staff.save()
    assert found(provider, "room_without_manager")
    room.refresh_from_db()


def test_a_closed_room_is_not_monitored_and_raises_nothing(provider, estates):
    from preventhub.premises.services import room_set_active

    room = make_room(provider, estates)
    room_set_active(actor=estates, room=room, active=False)
    assert codes(provider) == ["no_rooms_recorded"]


def test_a_well_run_room_has_no_findings(provider, estates, staff):
    room = make_room(provider, estates)
    visit(room, estates, people_present=5)
    booking = book(room, staff, days=1)
    Booking.unscoped.filter(pk=booking.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=2)
    )
    assert codes(provider) == []
