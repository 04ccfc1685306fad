"""Faith and reflection rooms: the rooms and their usage policy, who uses them (bookings and
sign-ins by group), and staff monitoring visits with what they observed.

Ofsted's 2016 survey found a multi-faith room, away from the main areas, "dominated by a
single-faith group, where inappropriate gender segregation was permitted", used every day
while "staff did not know who was using the room". These records make that visible: every use
is booked or signed in, every room is visited on a rota, and a visit that finds a concern is
followed up or raised as a safeguarding concern without re-keying it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.premises.choices import Condition, FaithGroup, RoomKind, UseKind, UseStatus

DEFAULT_VISIT_INTERVAL_DAYS = 14
DEFAULT_USAGE_PERIOD_DAYS = 28
DEFAULT_FOLLOW_UP_DAYS = 3


class PremisesSettings(models.Model):
    """Per provider: how often each room is visited, the period in which use must be booked,
    how soon a concern found on a visit must be followed up, and (for a provider without a
    faith room) the recorded decision not to have one."""

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="premises_settings"
    )
    visit_interval_days = models.PositiveSmallIntegerField(default=DEFAULT_VISIT_INTERVAL_DAYS)
    usage_period_days = models.PositiveSmallIntegerField(default=DEFAULT_USAGE_PERIOD_DAYS)
    follow_up_days = models.PositiveSmallIntegerField(default=DEFAULT_FOLLOW_UP_DAYS)
    # "Providers had consulted with learners as to whether there was a demand for a faith room":
    # a provider with no room says why, and the compliance view does not ask for one.
    no_rooms_reason = models.CharField(max_length=500, blank=True)
    no_rooms_recorded_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Premises settings for provider {self.provider_id}"


class Room(ProviderScopedModel):
    """A faith, prayer, reflection or chaplaincy room: where it is, how many it holds, its
    usage policy (text and/or a document, stored encrypted) and the member of staff who
    manages it. A room no longer in use is closed, not deleted, so its history stays."""

    site = models.ForeignKey("core.Site", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=RoomKind.choices)
    location = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField()
    usage_policy = models.TextField(blank=True)
    policy_document_name = models.CharField(max_length=255, blank=True)
    policy_document_type = models.CharField(max_length=100, blank=True)
    policy_document_size = models.PositiveIntegerField(null=True, blank=True)
    policy_document_sha256 = models.CharField(max_length=64, blank=True)
    policy_document_storage = models.CharField(max_length=255, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept when the manager's account is later deleted.
    manager_name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["site__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "site", "name"], name="premises_room_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_policy(self) -> bool:
        return bool(self.usage_policy.strip() or self.policy_document_storage)


class Booking(ProviderScopedModel):
    """A booking (made in advance) or a sign-in (a group using the room now) by a group or
    society: who, which faith group if they give one, when, how many, and who booked it.
    Active bookings of one room never overlap (the service refuses, under a lock on the room).
    """

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings")
    kind = models.CharField(max_length=10, choices=UseKind.choices)
    group_name = models.CharField(max_length=200)
    faith_group = models.CharField(
        max_length=20, choices=FaithGroup.choices, default=FaithGroup.NOT_GIVEN
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # A booking's expected number; a sign-in's number present.
    expected_number = models.PositiveSmallIntegerField()
    booked_by_name = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    policy_acknowledged = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=UseStatus.choices, default=UseStatus.ACTIVE)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Weekly repeats made together share a series.
    series = models.UUIDField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="premises_booking_order"
            ),
            models.UniqueConstraint(
                fields=["provider", "recorded_by", "idempotency_key"],
                name="premises_booking_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "status", "starts_at"], name="premises_booking_room"),
            models.Index(fields=["provider", "starts_at"], name="premises_booking_when"),
        ]

    def __str__(self) -> str:
        return f"{self.group_name} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return self.status == UseStatus.ACTIVE


class MonitoringVisit(ProviderScopedModel):
    """A member of staff's monitoring visit to a room: when, who visited, how many people were
    there, which groups, any concerns (exclusion, segregation imposed on others, materials of
    concern, the room's condition) and what they observed. A visit with concerns is followed up
    (what was done, by whom) or raised as a safeguarding concern, whose id is kept here; the
    observer then sees only that concern's reference and status, like any reporter."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="visits")
    visited_at = models.DateTimeField()
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visitor_name = models.CharField(max_length=200)
    people_present = models.PositiveSmallIntegerField()
    # Free text may name people: encrypted, and shown only to the monitoring roles.
    groups_present = EncryptedTextField(blank=True)
    concerns = models.JSONField(default=list, blank=True)
    condition = models.CharField(max_length=20, choices=Condition.choices)
    observations = EncryptedTextField(blank=True)
    follow_up = EncryptedTextField(blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concern = models.ForeignKey(
        "concerns.Concern", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    concern_raised_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-visited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "visitor", "idempotency_key"],
                name="premises_visit_idempotency_key",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "-visited_at"], name="premises_visit_room"),
            models.Index(fields=["provider", "-visited_at"], name="premises_visit_when"),
        ]

    def __str__(self) -> str:
        return f"Visit {self.visited_at:%Y-%m-%d %H:%M}"

    @property
    def has_concerns(self) -> bool:
        return bool(self.concerns)

    @property
    def is_followed_up(self) -> bool:
        return self.followed_up_at is not None or self.concern_id is not None

    @property
    def needs_follow_up(self) -> bool:
        return self.has_concerns and not self.is_followed_up
