"""The fixed vocabularies of the policy register. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models


class PolicyType(models.TextChoices):
    """The policies the Prevent duty touches (PRODUCT.md module 6)."""

    SAFEGUARDING = "safeguarding", "Safeguarding and child protection"
    EXTERNAL_SPEAKERS = "external_speakers", "External speakers and events"
    IT_ACCEPTABLE_USE = "it_acceptable_use", "IT acceptable use and e-safety"
    ESTATES = "estates", "Estates and premises"
    FAITH_FACILITIES = "faith_facilities", "Faith and reflection facilities"
    LETTINGS = "lettings", "Lettings and bookings of premises"
    WHISTLEBLOWING = "whistleblowing", "Whistleblowing"
    COMPLAINTS = "complaints", "Complaints"
    STAFF_CODE = "staff_code_of_conduct", "Staff code of conduct"
    LEARNER_CODE = "learner_code_of_conduct", "Learner code of conduct"
    GOVERNOR_CODE = "governor_code_of_conduct", "Governor code of conduct"
    VOLUNTEER_CODE = "volunteer_code_of_conduct", "Volunteer code of conduct"
    EQUALITY = "equality", "Equality, diversity and inclusion"


# Every provider must have a published policy of these types; a missing one is a finding.
# The others apply only where the provider has what they govern (faith rooms, lettings of its
# premises, estates staff, a board, volunteers), so their absence is not flagged.
# docs/policies.md explains the choice.
REQUIRED_TYPES = (
    PolicyType.SAFEGUARDING,
    PolicyType.EXTERNAL_SPEAKERS,
    PolicyType.IT_ACCEPTABLE_USE,
    PolicyType.STAFF_CODE,
    PolicyType.LEARNER_CODE,
    PolicyType.WHISTLEBLOWING,
    PolicyType.COMPLAINTS,
    PolicyType.EQUALITY,
)
# Policies that must refer to Prevent explicitly: the IT policy (red, the survey's finding in
# 11 of 37 providers) and the safeguarding and speakers policies (amber).
MUST_REFER_TO_PREVENT = (PolicyType.IT_ACCEPTABLE_USE,)
SHOULD_REFER_TO_PREVENT = (PolicyType.SAFEGUARDING, PolicyType.EXTERNAL_SPEAKERS)


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class PreventAnswer(models.TextChoices):
    """The owner's answer to "does it refer to Prevent explicitly?" (empty: not answered)."""

    YES = "yes", "Yes"
    NO = "no", "No"
