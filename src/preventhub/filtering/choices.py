"""The fixed vocabularies of filtering governance. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models


class ResponsibilityKind(models.TextChoices):
    """Who is responsible, and what is in use (DfE filtering and monitoring standards)."""

    SENIOR_LEADER = "senior_leader", "Senior leader responsible for filtering and monitoring"
    GOVERNOR = "governor", "Governor responsible for filtering and monitoring"
    FILTERING = "filtering", "Filtering provider or product"
    MONITORING = "monitoring", "Monitoring provider or product"


# One holder at a time: naming a new one ends the current one the day before.
PERSON_KINDS = (ResponsibilityKind.SENIOR_LEADER, ResponsibilityKind.GOVERNOR)
PRODUCT_KINDS = (ResponsibilityKind.FILTERING, ResponsibilityKind.MONITORING)


class TargetKind(models.TextChoices):
    DOMAIN = "domain", "Domain (the site and its subdomains)"
    URL = "url", "One web address (URL)"
    CATEGORY = "category", "Category of sites"


class DecisionKind(models.TextChoices):
    BLOCK = "block", "Block"
    ALLOW = "allow", "Allow"
    UNBLOCK_PERIOD = "unblock_period", "Unblock for a period"


# Decisions that let something through: each has a review date, and one past it is a finding.
OPENING_DECISIONS = (DecisionKind.ALLOW, DecisionKind.UNBLOCK_PERIOD)


class ReviewItem(models.TextChoices):
    """What the annual review covers (DfE: "Review your filtering and monitoring provision at
    least annually")."""

    RISK_PROFILE = "risk_profile", "The risk profile of learners (age, SEND, EAL, vulnerability)"
    WHAT_BLOCKED = "what_blocked", "What the filtering system blocks, and what it allows"
    MONITORING = "monitoring", "What the monitoring covers (devices, networks, users)"
    ALERTS = "alerts", "How alerts are handled, and how fast"
    DEVICES = "devices", "The device types in use, school-owned and personal (BYOD)"
    TRAINING = "training", "Staff training on filtering, monitoring and reporting concerns"


class ReviewStatus(models.TextChoices):
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
    SIGNED_OFF = "signed_off", "Signed off"


class CheckResult(models.TextChoices):
    BLOCKED = "blocked", "Blocked"
    NOT_BLOCKED = "not_blocked", "Not blocked (a failure)"
    COULD_NOT_TEST = "could_not_test", "Could not test"


class Subject(models.TextChoices):
    HISTORY = "history", "History"
    POLITICS = "politics", "Politics"
    THEOLOGY = "theology", "Theology or religious studies"
    PUBLIC_SERVICES = "public_services", "Public services"
    OTHER = "other", "Another subject"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved for a period"
    REFUSED = "refused", "Refused"


class RequesterKind(models.TextChoices):
    LEARNER = "learner", "Learner"
    STAFF = "staff", "Member of staff"


class RequestDecision(models.TextChoices):
    APPROVE = "approve", "Approve for a period"
    REFUSE = "refuse", "Refuse"


# Suggested test categories (the UK Safer Internet Centre's test sites cover the same ground).
SUGGESTED_CATEGORIES = (
    "Terrorist and extremist content",
    "Child sexual abuse content",
    "Pornography",
    "Self-harm and suicide",
    "Discrimination and hate",
    "Illegal drugs",
    "Gambling",
    "Violence and weapons",
    "Proxy and VPN (filter bypass)",
    "Malware and hacking",
)

DEFAULT_DEVICE_TYPES = ("Desktop", "Laptop", "Tablet", "Phone", "Guest Wi-Fi / BYOD")
