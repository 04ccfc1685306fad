"""The fixed vocabularies of partnership working. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models


class PartnerKind(models.TextChoices):
    POLICE_PREVENT = "police_prevent", "Police Prevent team"
    LA_PREVENT_COORDINATOR = "la_prevent_coordinator", "Local authority Prevent coordinator"
    DFE_COORDINATOR = "dfe_coordinator", "DfE regional FE/HE Prevent coordinator"
    CHANNEL_PANEL = "channel_panel", "Channel panel"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnership"
    JISC = "jisc", "Jisc"
    ETF = "etf", "Education and Training Foundation (ETF)"
    COMMUNITY_GROUP = "community_group", "Community group"
    SUBCONTRACTOR = "subcontractor", "Subcontractor"
    EMPLOYER = "employer", "Employer"
    OTHER = "other", "Other"


# The statutory Prevent partners: no engagement with any of them in a year is a finding
# (the survey: half the providers were unaware of the support and intelligence they offer).
PREVENT_PARTNER_KINDS = (
    PartnerKind.POLICE_PREVENT,
    PartnerKind.LA_PREVENT_COORDINATOR,
    PartnerKind.DFE_COORDINATOR,
)


class EngagementKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    FORUM = "forum", "Forum or steering group"
    TRAINING = "training", "Joint training"
    INTELLIGENCE_RECEIVED = "intelligence_received", "Intelligence received"
    INTELLIGENCE_SHARED = "intelligence_shared", "Intelligence shared"


# Sharing intelligence (personal data leaving the provider) needs a written agreement in force.
# Receiving it is logged too, but the sender's own basis covers it: not a finding on its own.
SHARING_KINDS = (EngagementKind.INTELLIGENCE_SHARED,)


class LawfulBasis(models.TextChoices):
    """UK GDPR Article 6(1): the basis for processing any personal data shared."""

    PUBLIC_TASK = "public_task", "Art. 6(1)(e) public task"
    LEGAL_OBLIGATION = "legal_obligation", "Art. 6(1)(c) legal obligation"
    VITAL_INTERESTS = "vital_interests", "Art. 6(1)(d) vital interests"
    LEGITIMATE_INTERESTS = "legitimate_interests", "Art. 6(1)(f) legitimate interests"
    CONTRACT = "contract", "Art. 6(1)(b) contract"
    CONSENT = "consent", "Art. 6(1)(a) consent"


class SpecialCondition(models.TextChoices):
    """UK GDPR Article 9(2) conditions (special-category data) and the Article 10 route
    (criminal offence data), with the Data Protection Act 2018 Schedule 1 conditions that
    safeguarding sharing usually relies on."""

    SAFEGUARDING = (
        "art9_safeguarding",
        "Art. 9(2)(g) substantial public interest: safeguarding of children and individuals at "
        "risk (DPA 2018 Sch. 1 para 18)",
    )
    PREVENTING_CRIME = (
        "art9_preventing_crime",
        "Art. 9(2)(g) substantial public interest: preventing or detecting unlawful acts "
        "(DPA 2018 Sch. 1 para 10)",
    )
    STATUTORY = (
        "art9_statutory",
        "Art. 9(2)(g) statutory and government purposes (DPA 2018 Sch. 1 para 6)",
    )
    VITAL_INTERESTS = "art9_vital_interests", "Art. 9(2)(c) vital interests"
    EXPLICIT_CONSENT = "art9_explicit_consent", "Art. 9(2)(a) explicit consent"
    HEALTH_SOCIAL_CARE = "art9_health_social_care", "Art. 9(2)(h) health or social care"
    LEGAL_CLAIMS = "art9_legal_claims", "Art. 9(2)(f) legal claims"
    CRIMINAL_OFFENCE = (
        "art10_criminal_offence",
        "Art. 10 criminal offence data, under a DPA 2018 Sch. 1 condition (e.g. para 10 or 18)",
    )


ART9_CONDITIONS = tuple(c for c in SpecialCondition if c.value.startswith("art9_"))
ART10_CONDITIONS = (SpecialCondition.CRIMINAL_OFFENCE,)


class AgreementStatus(models.TextChoices):
    """Where an agreement stands today (computed from its dates, never stored)."""

    NOT_YET_SIGNED = "not_yet_signed", "Not signed yet"
    IN_FORCE = "in_force", "In force"
    EXPIRING = "expiring", "Review due within 60 days"
    EXPIRED = "expired", "Review date passed"


class AssuranceCheck(models.TextChoices):
    """What a provider checks of a subcontractor's Prevent arrangements."""

    SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding and Prevent policy seen"
    NAMED_LEAD = "named_lead", "Named safeguarding / Prevent lead confirmed"
    STAFF_TRAINING = "staff_training", "Staff Prevent training records seen"
    DBS_CHECKS = "dbs_checks", "Safer recruitment (DBS) checks confirmed"
    RISK_ASSESSMENT = "risk_assessment", "Prevent risk assessment seen"
    IT_FILTERING = "it_filtering", "IT filtering and monitoring confirmed"
    REFERRAL_ROUTE = "referral_route", "Staff know to report concerns to our DSL"
    SITE_VISIT = "site_visit", "Site visit or observation"
