"""Faith rooms in the small demo: three rooms showing each finding, a concern raised from an
observation and triaged, told through the services (audited); a re-run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.notifications.models import Notification
from preventhub.premises.models import Booking, MonitoringVisit, Room

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_small_demo_shows_every_kind_of_faith_room_story_once() -> None:
    call_command("seed_demo", size="small", allow_production=True, verbosity=0)
    college = Provider.objects.get(slug="demo-college")
    rooms = Room.objects.for_provider(college)
    assert sorted(rooms.values_list("name", flat=True)) == [
        "Multi-faith room", "Prayer room", "Quiet room",
    ]  # fmt: skip
    bookings = Booking.objects.for_provider(college)
    assert bookings.filter(kind="booking", starts_at__gt=timezone.now()).exists()
    assert bookings.filter(kind="sign_in").count() >= 15
    visits = MonitoringVisit.objects.for_provider(college)
    assert not visits.filter(visited_at__gt=timezone.now()).exists()
    codes = sorted(f.code for f in findings_for(college, only=["premises"]))
    assert codes == [
        "concern_not_followed_up", "room_not_monitored", "room_without_policy",
        "usage_unknown", "usage_without_bookings",
    ]  # fmt: skip
    raised = visits.exclude(concern=None).get()
    concern = Concern.objects.for_provider(college).get(pk=raised.concern_id)
    assert (concern.category, concern.subject_type, concern.status) == ("prevent", "other", "open")
    assert concern.reporter.username == "estates"
    assert concern.occurred_at == raised.visited_at
    unread = Notification.objects.for_provider(college).filter(url__contains=str(concern.pk))
    assert not unread.filter(read_at=None).exists()
    assert visits.exclude(followed_up_at=None).count() == 1
    about_visits = Notification.objects.for_provider(college).filter(
        user__username="dsl", url__startswith="/premises/visits/"
    )
    assert about_visits.count() == 3  # segregation, broken chairs, leaflets (estates found all)
    assert about_visits.filter(read_at=None).count() == 1  # the leaflets: not followed up yet
    audited = AuditEvent.objects.filter(object_type="premises.booking", action="create")
    assert audited.count() == bookings.count()

    call_command("seed_demo", size="small", allow_production=True, verbosity=0)
    assert Booking.objects.for_provider(college).count() == bookings.count()
    assert audited.count() == bookings.count()
    assert MonitoringVisit.objects.for_provider(college).count() == visits.count()
