"""Faith and reflection rooms in the demo, told through the premises services.

The small demo has three rooms at Northbridge College, each showing what the monitoring looks
for:

- the Multi-faith room (Town Centre) is run well: weekly bookings by the Islamic Society, the
  Christian Union and a quiet-reflection group, sign-ins, weekly visits by estates and the
  safeguarding lead. Two days ago a visit found gender segregation imposed on others and
  some learners turned away: estates raised a Prevent concern from the observation, and the
  dsl acknowledged it and decided on internal support. A visit two weeks ago found the room
  needing attention, followed up.
- the Prayer room (Riverside) is used every lunchtime, but groups only sign in and nobody
  books (a finding); its last visit was 18 days ago (overdue) and found leaflets of concern
  that nobody has followed up (a finding).
- the Quiet room (Town Centre) has no usage policy (a finding), and its last visit found
  people there with no booking or sign-in: who uses it is not known (a finding).

``--size large`` adds a reflection room on each further site and a year of weekly bookings
and fortnightly visits. Services are told "now" where they check it (a booking is made a week
before it starts, a visit recorded as it ends), so the records pass the same rules as real
use. Idempotent: once the demo provider has any room, nothing is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.services import concern_acknowledge, concern_decide
from preventhub.core.models import Provider, Site
from preventhub.notifications.models import Notification
from preventhub.premises.models import MonitoringVisit, Room
from preventhub.premises.services import booking_create, room_create
from preventhub.premises.visit_services import (
    visit_follow_up,
    visit_raise_concern,
    visit_record,
)

POLICY = "\n".join(
    (
        "The room is open to everyone who works or studies here, of any faith or none, for "
        "prayer, reflection and quiet.",
        "",
        "Groups book the room ahead through PreventHub; anyone else signs in on arrival. A named "
        "member of staff supervises every society's session.",
        "",
        "No one may be excluded from the room, and no group may impose separation of men and "
        "women on others who use it.",
        "",
        "Literature and materials are approved by the chaplaincy before they are left in the "
        "room. Staff visit the room regularly; concerns go to the designated safeguarding lead.",
    )
)

PAST_WEEKS = {"small": 8, "large": 52}
AHEAD_WEEKS = 3  # further weekly bookings after the next one


@dataclass(frozen=True)
class Weekly:
    group: str
    faith: str
    weekday: int  # Monday 0
    start: time
    minutes: int
    number: int


MULTI_FAITH_GROUPS = (
    Weekly("Islamic Society: Friday prayers", "muslim", 4, time(13, 0), 60, 18),
    Weekly("Christian Union", "christian", 1, time(12, 30), 45, 10),
    Weekly("Wednesday quiet reflection", "interfaith", 2, time(16, 0), 45, 6),
)
REFLECTION_GROUPS = (
    Weekly("Mindfulness group", "non_religious", 0, time(12, 30), 45, 8),
    Weekly("Chaplaincy drop-in", "interfaith", 3, time(12, 30), 60, 6),
)


@dataclass
class Cast:
    provider: Provider
    estates: User
    dsl: User
    organiser: User
    today: date


def seed_premises(provider: Provider, *, size: str, seed: int) -> int:
    """Create the demo rooms and their history; returns how many rooms were created."""
    if Room.objects.for_provider(provider).exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if set(users) != set(_USERNAMES):
        return 0
    cast = Cast(
        provider,
        users["estates"],
        users["dsl"],
        users["speaker_coordinator"],
        timezone.localdate(),
    )
    sites = {s.code: s for s in Site.objects.for_provider(provider)}
    weeks = PAST_WEEKS.get(size, PAST_WEEKS["small"])
    made = 0
    if "TC" in sites:
        _multi_faith_room(cast, sites["TC"], weeks)
        _quiet_room(cast, sites["TC"])
        made += 2
    if "RS" in sites:
        _prayer_room(cast, sites["RS"])
        made += 1
    if size == "large":
        for code in ("ET", "HR", "MF"):
            if code in sites:
                _reflection_room(cast, sites[code], weeks)
                made += 1
    _settle_notifications(provider)
    return made


def _settle_notifications(provider: Provider) -> None:
    """Alerts about visits that found concerns carry the visit's time; those followed up (or
    raised as a concern) have been read."""
    for visit in MonitoringVisit.objects.for_provider(provider).exclude(concerns=[]):
        url = reverse("premises:visit_detail", kwargs={"pk": visit.pk})
        read = visit.followed_up_at or visit.concern_raised_at
        Notification.unscoped.filter(provider_id=provider.pk, url=url).update(
            created_at=visit.visited_at + timedelta(minutes=5), read_at=read
        )


_USERNAMES = ("estates", "dsl", "speaker_coordinator")


def _at(day: date, when: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, when))


def _weekday(day: date) -> date:
    """``day``, or the Friday before it when it falls at a weekend (the college is closed)."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def _room(cast: Cast, site: Site, name: str, kind: str, **fields: Any) -> Room:
    return room_create(
        actor=cast.estates,
        provider=cast.provider,
        site=site,
        name=name,
        kind=kind,
        manager=cast.estates,
        **fields,
    )


def _weekly(cast: Cast, room: Room, group: Weekly, weeks: int) -> None:
    """``weeks`` past sessions, each booked a week ahead, then the coming ones as one series."""
    this_week = cast.today - timedelta(days=cast.today.weekday())
    now = timezone.now()
    fields: dict[str, Any] = {
        "kind": "booking",
        "group_name": group.group,
        "faith_group": group.faith,
        "expected_number": group.number,
        "policy_acknowledged": True,
        "booked_by_name": cast.organiser.get_full_name(),
    }
    for back in range(weeks, -AHEAD_WEEKS - 2, -1):
        start = _at(this_week - timedelta(weeks=back) + timedelta(days=group.weekday), group.start)
        end = start + timedelta(minutes=group.minutes)
        if end <= now:
            booking_create(actor=cast.organiser, room=room, starts_at=start, ends_at=end,
                           now=start - timedelta(days=7), **fields)  # fmt: skip
            continue
        booking_create(actor=cast.organiser, room=room, starts_at=start, ends_at=end,
                       repeat_weeks=AHEAD_WEEKS, **fields)  # fmt: skip
        return


def _sign_in(cast: Cast, room: Room, day: date, group: Weekly, number: int) -> None:
    start = _at(day, group.start)
    booking_create(
        actor=cast.organiser, room=room, kind="sign_in", group_name=group.group,
        faith_group=group.faith, starts_at=start,
        ends_at=start + timedelta(minutes=group.minutes), expected_number=number,
        policy_acknowledged=True, now=start + timedelta(minutes=5),
    )  # fmt: skip


def _visit(cast: Cast, room: Room, when: datetime, by: User, **fields: Any) -> Any:
    values: dict[str, Any] = {"people_present": 0, "condition": "good"}
    values.update(fields)
    return visit_record(
        actor=by, room=room, visited_at=when, now=when + timedelta(minutes=5), **values
    ).visit


def _multi_faith_room(cast: Cast, site: Site, weeks: int) -> None:
    room = _room(
        cast, site, "Multi-faith room", "multi_faith", capacity=30,
        location="Block B, first floor, beside the library", usage_policy=POLICY,
    )  # fmt: skip
    for group in MULTI_FAITH_GROUPS:
        _weekly(cast, room, group, weeks)
    for days_ago in (1, 6, 13):
        day = _weekday(cast.today - timedelta(days=days_ago))
        _sign_in(cast, room, day, Weekly("Lunchtime prayer", "muslim", 0, time(12, 45), 20, 5), 5)
    for week in range(min(weeks, 52), 0, -1):
        when = _at(_weekday(cast.today - timedelta(days=7 * week)), time(13, 20))
        by = cast.dsl if week % 2 else cast.estates
        if week == 2:
            _broken_chairs_story(cast, room, when)
        else:
            _visit(cast, room, when, by, people_present=14 + week % 5,
                   groups_present="Islamic Society")  # fmt: skip
    _segregation_story(cast, room, _at(_weekday(cast.today - timedelta(days=2)), time(13, 20)))


def _broken_chairs_story(cast: Cast, room: Room, when: datetime) -> None:
    seen = _visit(
        cast, room, when, cast.estates, people_present=16, groups_present="Islamic Society",
        condition="needs_attention", concerns=["condition"],
        observations="Two chairs broken and the shoe rack pulled off the wall.",
    )  # fmt: skip
    visit_follow_up(
        actor=cast.estates, visit=seen, now=when + timedelta(days=1),
        text="Chairs replaced and the rack refitted by the site team the next morning.",
    )  # fmt: skip


def _segregation_story(cast: Cast, room: Room, when: datetime) -> None:
    seen = _visit(
        cast, room, when, cast.estates, people_present=22,
        groups_present="Islamic Society and some learners not in the society",
        concerns=["segregation", "exclusion"],
        observations=(
            "A curtain had been put up across the room. Two older learners told female learners "
            "arriving, including some not in the society, to use the back section only, and "
            "turned two learners away saying the room was 'for the brothers' at this time. The "
            "society's supervising tutor was not present."
        ),
    )  # fmt: skip
    concern = visit_raise_concern(actor=cast.estates, visit=seen, category="prevent")
    concern = concern_acknowledge(actor=cast.dsl, concern=concern)
    concern_decide(
        actor=cast.dsl, concern=concern, decision="internal_support",
        rationale="Spoke with the society's officers and tutor: the curtain is removed, the room "
        "policy re-explained, the tutor attends every session. No individual at risk "
        "identified; the society's leaders will join the chaplaincy's leadership programme.",
        informed="Chaplain and the society's supervising tutor, in person",
    )  # fmt: skip
    # The team has read the alert: the demo's waiting concerns are the concerns module's own.
    Notification.unscoped.filter(
        provider_id=cast.provider.pk, url=reverse("concerns:detail", kwargs={"pk": concern.pk})
    ).update(read_at=timezone.now())


def _prayer_room(cast: Cast, site: Site) -> None:
    room = _room(
        cast, site, "Prayer room", "prayer", capacity=15,
        location="Ground floor, behind the refectory", usage_policy=POLICY,
    )  # fmt: skip
    lunchtime = Weekly("Lunchtime prayers", "muslim", 0, time(13, 0), 30, 8)
    for days_ago in range(27, 0, -1):
        day = cast.today - timedelta(days=days_ago)
        if day.weekday() < 5:
            _sign_in(cast, room, day, lunchtime, 6 + days_ago % 6)
    _visit(cast, room, _at(_weekday(cast.today - timedelta(days=47)), time(13, 10)), cast.estates,
           people_present=7, groups_present="Lunchtime prayers")  # fmt: skip
    _visit(
        cast, room, _at(_weekday(cast.today - timedelta(days=18)), time(13, 15)), cast.estates,
        people_present=11, groups_present="Lunchtime prayers", condition="needs_attention",
        concerns=["materials"],
        observations="A pile of leaflets from an organisation I did not recognise, not approved "
        "by the chaplaincy, describing other Muslims as unbelievers. I took one for the dsl.",
    )  # fmt: skip


def _quiet_room(cast: Cast, site: Site) -> None:
    room = _room(
        cast, site, "Quiet room", "reflection", capacity=8, location="Block A, second floor"
    )  # fmt: skip
    _visit(cast, room, _at(_weekday(cast.today - timedelta(days=9)), time(11, 0)), cast.estates)
    _visit(cast, room, _at(_weekday(cast.today - timedelta(days=4)), time(15, 30)), cast.estates,
           people_present=3, groups_present="Not known")  # fmt: skip


def _reflection_room(cast: Cast, site: Site, weeks: int) -> None:
    room = _room(
        cast, site, "Reflection room", "reflection", capacity=12, usage_policy=POLICY,
        location="Student services",
    )  # fmt: skip
    for group in REFLECTION_GROUPS:
        _weekly(cast, room, group, weeks)
    for fortnight in range(weeks // 2, 0, -1):
        when = _at(_weekday(cast.today - timedelta(days=14 * fortnight - 2)), time(12, 50))
        _visit(cast, room, when, cast.estates, people_present=5, groups_present="Mindfulness group")
