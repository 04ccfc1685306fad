"""Enumerations of the training module (lower-case snake_case keys: the API's enum values)."""

from __future__ import annotations

from django.db import models


class Mode(models.TextChoices):
    ONLINE = "online", "Online"
    FACE_TO_FACE = "face_to_face", "Face to face"
    BLENDED = "blended", "Blended"


# Modes in which a trainer meets the learners: what the duty expects of a dsl's training.
IN_PERSON_MODES = frozenset({Mode.FACE_TO_FACE, Mode.BLENDED})


class AudienceType(models.TextChoices):
    ALL_STAFF = "all_staff", "Every member of staff"
    JOB_CATEGORY = "job_category", "Staff group"
    ROLE = "role", "Role in PreventHub"


class Frequency(models.TextChoices):
    """A cell of the requirements matrix: when the course is required (see Requirement)."""

    NONE = "", "Not required"
    ONCE = "once", "Once"
    EVERY_1 = "every_12", "Every year"
    EVERY_2 = "every_24", "Every 2 years"
    EVERY_3 = "every_36", "Every 3 years"
    INDUCTION = "induction", "On induction"
    INDUCTION_1 = "induction_12", "On induction, then every year"
    INDUCTION_2 = "induction_24", "On induction, then every 2 years"
    INDUCTION_3 = "induction_36", "On induction, then every 3 years"


def frequency_of(on_induction: bool, renew_months: int | None) -> str:
    """The matrix cell for a requirement's two fields (an odd interval shows as its months)."""
    stem = "induction" if on_induction else ("every" if renew_months else "once")
    return f"{stem}_{renew_months}" if renew_months else stem


def parse_frequency(value: str) -> tuple[bool, int | None] | None:
    """(on_induction, renew_months) for a matrix cell; None for "not required"."""
    if not value:
        return None
    stem, _, months = value.partition("_")
    return stem == "induction", int(months) if months else None


class RecordSource(models.TextChoices):
    MANUAL = "manual", "Recorded by hand"
    SESSION = "session", "Attendance at a session"
    IMPORT = "import", "E-learning certificate import"
    API = "api", "API"


class Phase(models.TextChoices):
    BEFORE = "before", "Before the session"
    AFTER = "after", "After the session"
    FOLLOW_UP = "follow_up", "Three months later"


class Status(models.TextChoices):
    """A person's standing against one requirement (or, the worst of them, overall)."""

    COMPLIANT = "compliant", "Compliant"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    NEVER_TRAINED = "never_trained", "Never trained"


# Worst last: a person's overall status is the highest-ranked of their requirements'.
STATUS_RANK = {
    Status.COMPLIANT: 0,
    Status.DUE_SOON: 1,
    Status.OVERDUE: 2,
    Status.NEVER_TRAINED: 3,
}
# The statuses a manager acts on (the action list).
ACTION_STATUSES = (Status.NEVER_TRAINED, Status.OVERDUE, Status.DUE_SOON)


class Confidence(models.TextChoices):
    """The three confidence statements of every questionnaire (issue 6, item 4)."""

    RECOGNISE = "recognise", "I can recognise signs of radicalisation"
    REFER = "refer", "I know how to refer a concern"
    DISCUSS = "discuss", "I feel able to discuss controversial issues"


SCALE = (
    (1, "1 – strongly disagree"),
    (2, "2 – disagree"),
    (3, "3 – neither agree nor disagree"),
    (4, "4 – agree"),
    (5, "5 – strongly agree"),
)
SCALE_MIN, SCALE_MAX = 1, 5
