"""Who may see and do what with faith and reflection rooms (issue 6, item 8).

- estates manages the rooms, every booking and the monitoring visits.
- Members of staff (and the other employed roles) see the rooms and their usage policies, book
  a room or sign a group in as its supervising member of staff, see when rooms are booked
  (group and time), and list and cancel their own bookings. Learners do not book: a learner
  society's room is booked by the member of staff who supervises it.
- dsl, deputy_dsl and senior_leader see everything, observations included; the safeguarding
  team also records visits and follow-ups (the chaplain or the dsl often visits).
- governor and inspector read the rooms register, the monitoring rota, the charts and the
  findings: never the free text of an observation or of the groups present (a visitor may
  name learners there), never who booked, and no booking list.
"""

from __future__ import annotations

from collections.abc import Callable

from rules.permissions import add_perm as _untyped_add_perm
from rules.predicates import Predicate

from preventhub.accounts.permissions import has_role
from preventhub.accounts.roles import Role

add_perm: Callable[[str, Predicate], None] = _untyped_add_perm

BOOKERS = (
    Role.STAFF, Role.DSL, Role.DEPUTY_DSL, Role.SENIOR_LEADER, Role.HR, Role.TRAINING_LEAD,
    Role.SPEAKER_COORDINATOR, Role.ESTATES, Role.CURRICULUM_LEAD, Role.IT_MANAGER, Role.ADMIN,
)  # fmt: skip
ROOM_MANAGERS = (Role.ESTATES,)
MONITORS = (Role.ESTATES, Role.DSL, Role.DEPUTY_DSL)
OBSERVATION_READERS = (*MONITORS, Role.SENIOR_LEADER)
BOOKING_READERS = OBSERVATION_READERS
REGISTER_READERS = (*OBSERVATION_READERS, Role.GOVERNOR, Role.INSPECTOR)
ROOM_READERS = tuple(dict.fromkeys((*BOOKERS, *REGISTER_READERS)))
SETTINGS = (Role.ESTATES, Role.DSL, Role.SENIOR_LEADER)

add_perm("premises.view_rooms", has_role(*ROOM_READERS))
add_perm("premises.book", has_role(*BOOKERS))
add_perm("premises.manage_rooms", has_role(*ROOM_MANAGERS))
add_perm("premises.view_all_bookings", has_role(*BOOKING_READERS))
add_perm("premises.manage_bookings", has_role(*ROOM_MANAGERS))
add_perm("premises.view_register", has_role(*REGISTER_READERS))
add_perm("premises.view_visits", has_role(*OBSERVATION_READERS))
add_perm("premises.record_visit", has_role(*MONITORS))
add_perm("premises.manage_settings", has_role(*SETTINGS))
