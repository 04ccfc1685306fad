"""The fixed vocabularies of the risk assessment and action plan. Keys are the API's enum values.

The areas follow the DfE Prevent risk-assessment template and PRODUCT.md module 3: every area
of the duty, so that "an area with no risk" can be named by the quality check.
"""

from __future__ import annotations

from django.db import models


class Area(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership and management"
    PARTNERSHIP = "partnership", "Working in partnership"
    TRAINING = "training", "Staff training"
    SPEAKERS_EVENTS = "speakers_events", "External speakers and events"
    ONLINE = "online", "IT and online safety"
    PREMISES = "premises", "Premises, faith rooms and lettings"
    CURRICULUM_WELFARE = "curriculum_welfare", "Curriculum and welfare"
    SUBCONTRACTORS = "subcontractors", "Subcontractors"
    LOCAL_CONTEXT = "local_context", "Local context and community tensions"
    LEARNER_COHORT = "learner_cohort", "Learner cohort"


# What each area asks: shown under its heading on the assessment page and in the board report.
AREA_PROMPTS: dict[str, str] = {
    Area.LEADERSHIP: "Do leaders and governors understand the duty, own it and hold it to "
    "account? Is there a named Prevent lead with the time and training to do the job?",
    Area.PARTNERSHIP: "Do you work with police Prevent, the local authority, the DfE regional "
    "coordinator and community partners, and share information lawfully?",
    Area.TRAINING: "Do staff, governors, volunteers and subcontractors know the signs and the "
    "one referral route, and does the training change what they do?",
    Area.SPEAKERS_EVENTS: "Are external speakers, events and visits checked and decided in "
    "time, with conditions that are kept?",
    Area.ONLINE: "Are filtering and monitoring in place on every network and device, and are "
    "alerts acted on?",
    Area.PREMISES: "Are faith and reflection rooms, lettings and public access monitored?",
    Area.CURRICULUM_WELFARE: "Do learners build resilience through the curriculum, tutorials "
    "and British values, and is welfare support there when they need it?",
    Area.SUBCONTRACTORS: "Do subcontractors and employers meet the duty for your learners?",
    Area.LOCAL_CONTEXT: "What is happening around you: community tensions, local threats, "
    "recent incidents, what partners tell you.",
    Area.LEARNER_COHORT: "Which of your learners may be more vulnerable, and why: age, SEND, "
    "isolation, apprentices off site, adult and online learners.",
}


class Source(models.TextChoices):
    """Where the knowledge of a risk came from (the survey: the best providers asked partners
    and learners; the weakest filled in a form on their own)."""

    PARTNER_INTELLIGENCE = "partner_intelligence", "Partner intelligence"
    LEARNER_CONSULTATION = "learner_consultation", "Learner consultation"
    INCIDENTS = "incidents", "Incidents and concerns"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class InputKind(models.TextChoices):
    """What the assessment heard from outside the Prevent lead's office."""

    LEARNER_CONSULTATION = "learner_consultation", "Learner consultation"
    PARTNER_INPUT = "partner_input", "Partner input"


class VersionStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting sign-off"
    APPROVED = "approved", "Approved"
    SUPERSEDED = "superseded", "Superseded before approval"


class SignerRole(models.TextChoices):
    """The two signatures an approved version carries: a senior leader's and a governor's."""

    SENIOR_LEADER = "senior_leader", "Senior leader"
    GOVERNOR = "governor", "Governor"


class Band(models.TextChoices):
    """A likelihood × impact score (1–25) in words: the heat map shows the word, not only the
    colour. Scores 1–4 low, 5–9 medium, 10–16 high, 20–25 very high."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


def band_of(score: int) -> Band:
    if score >= 20:
        return Band.VERY_HIGH
    if score >= 10:
        return Band.HIGH
    if score >= 5:
        return Band.MEDIUM
    return Band.LOW


# (lowest score, highest score) of each band, for filtering in the database.
BAND_RANGES: dict[str, tuple[int, int]] = {
    Band.LOW: (1, 4),
    Band.MEDIUM: (5, 9),
    Band.HIGH: (10, 16),
    Band.VERY_HIGH: (20, 25),
}

LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
SCALE = (1, 2, 3, 4, 5)
