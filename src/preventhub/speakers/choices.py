"""The fixed vocabularies of external speakers, events and lettings (API enum values)."""

from __future__ import annotations

from django.db import models


class RequestKind(models.TextChoices):
    SPEAKER_EVENT = "speaker_event", "External speaker or event"
    LETTING = "letting", "Letting of premises to an external organisation"


class Audience(models.TextChoices):
    LEARNERS = "learners", "Learners"
    STAFF = "staff", "Staff"
    LEARNERS_AND_STAFF = "learners_and_staff", "Learners and staff"
    PUBLIC = "public", "Members of the public"
    MIXED = "mixed", "Mixed (learners, staff and public)"


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted: checks to do"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"
    HELD = "held", "Held: outcome recorded"
    NOT_HELD = "not_held", "Did not take place"


APPROVED_STATUSES = (Status.APPROVED, Status.APPROVED_WITH_CONDITIONS)
DECIDED_STATUSES = (*APPROVED_STATUSES, Status.REFUSED)
FINAL_STATUSES = (Status.HELD, Status.NOT_HELD, Status.WITHDRAWN)


class CheckKind(models.TextChoices):
    INTERNET_SEARCH = "internet_search", "Internet and social media search"
    POLICE_PREVENT = "police_prevent", "Check with the police Prevent team"
    DFE_COORDINATOR = "dfe_coordinator", "Check with the DfE regional Prevent coordinator"
    MATERIALS_REVIEW = "materials_review", "Review of materials supplied in advance"


class CheckOutcome(models.TextChoices):
    CLEAR = "clear", "Clear: nothing of concern"
    CONCERN = "concern", "Concern found"
    CONSENT_REFUSED = "consent_refused", "Speaker refused consent to checks"


class Consent(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    GIVEN = "given", "Consented to checks"
    REFUSED = "refused", "Refused consent to checks"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    REFUSED = "refused", "Refused"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


RISK_ORDER = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


class Condition(models.TextChoices):
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    BALANCING_SPEAKER = "balancing_speaker", "Balancing speaker or right of reply"
    STAFF_PRESENT = "staff_present", "Staff present throughout"
    RECORDING = "recording", "Event recorded"
    TICKETING = "ticketing", "Ticketing and name checks"
    CODE_OF_CONDUCT = "code_of_conduct", "Speaker signs the code of conduct"
    MATERIALS_WITHDRAWN = "materials_withdrawn", "Named materials withdrawn"


class BritishValue(models.TextChoices):
    DEMOCRACY = "democracy", "Democracy"
    RULE_OF_LAW = "rule_of_law", "The rule of law"
    INDIVIDUAL_LIBERTY = "individual_liberty", "Individual liberty"
    MUTUAL_RESPECT = (
        "mutual_respect",
        "Mutual respect and tolerance of different faiths and beliefs",
    )
