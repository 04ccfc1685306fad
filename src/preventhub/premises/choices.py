"""The fixed vocabularies of faith and reflection rooms. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models


class RoomKind(models.TextChoices):
    MULTI_FAITH = "multi_faith", "Multi-faith room"
    PRAYER = "prayer", "Prayer room"
    REFLECTION = "reflection", "Quiet or reflection room"
    CHAPLAINCY = "chaplaincy", "Chaplaincy"


class UseKind(models.TextChoices):
    """A booking is made in advance; a sign-in records a group that is using the room now."""

    BOOKING = "booking", "Booking"
    SIGN_IN = "sign_in", "Sign-in"


class UseStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CANCELLED = "cancelled", "Cancelled"


class FaithGroup(models.TextChoices):
    """The faith or belief a group gives, if it gives one (the register shows who uses a room,
    so that domination by one group is seen, as Ofsted's case study describes)."""

    NOT_GIVEN = "not_given", "Not given"
    BUDDHIST = "buddhist", "Buddhist"
    CHRISTIAN = "christian", "Christian"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    INTERFAITH = "interfaith", "Interfaith or multi-faith"
    NON_RELIGIOUS = "non_religious", "Non-religious (for example humanist or mindfulness)"
    OTHER = "other", "Another faith or belief"


class Condition(models.TextChoices):
    GOOD = "good", "Good: clean, tidy, open to everyone"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    POOR = "poor", "Poor"


class ConcernFlag(models.TextChoices):
    """What a monitoring visit can find wrong. Any of them needs following up."""

    EXCLUSION = "exclusion", "Some users excluded or discouraged from using the room"
    SEGREGATION = "segregation", "Gender segregation imposed on others"
    MATERIALS = "materials", "Literature or materials of concern"
    CONDITION = "condition", "The condition of the room (damage, misuse, fixtures changed)"
    OTHER = "other", "Something else of concern"


SHORT_FLAG_LABELS = {
    ConcernFlag.EXCLUSION: "Exclusion",
    ConcernFlag.SEGREGATION: "Gender segregation",
    ConcernFlag.MATERIALS: "Materials of concern",
    ConcernFlag.CONDITION: "Condition",
    ConcernFlag.OTHER: "Other concern",
}
