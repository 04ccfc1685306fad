"""The fixed vocabularies of the referral pathway. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models


class SubjectType(models.TextChoices):
    LEARNER = "learner", "A learner"
    STAFF = "staff", "A member of staff"
    VISITOR = "visitor", "A visitor"
    OTHER = "other", "Someone else, or I do not know who"


class Category(models.TextChoices):
    PREVENT = "prevent", "Radicalisation or extremism (Prevent)"
    NEGLECT = "neglect", "Neglect"
    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse or harassment"
    EXPLOITATION = "exploitation", "Criminal or sexual exploitation (including county lines)"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    MENTAL_HEALTH = "mental_health", "Mental health or self-harm"
    BULLYING = "bullying", "Bullying, including online and child-on-child abuse"
    ONLINE_SAFETY = "online_safety", "Online safety"
    HONOUR_BASED = "honour_based", "Forced marriage, FGM or so-called honour-based abuse"
    OTHER = "other", "Another safeguarding concern"


class Ideology(models.TextChoices):
    """Prevent's ideology categories, as police Prevent and Channel record them."""

    ISLAMIST = "islamist", "Islamist"
    EXTREME_RIGHT_WING = "extreme_right_wing", "Extreme right-wing"
    LEFT_WING = "left_wing", "Left-wing, anarchist or single-issue"
    MIXED_UNCLEAR = "mixed_unclear", "Mixed, unclear or unstable"
    MASS_VIOLENCE = "mass_violence", "Fixation on school massacres or mass violence"
    INCEL = "incel", "Involuntary celibacy (incel)"
    OTHER = "other", "Other or not known"


class IndicatorGroup(models.TextChoices):
    INDICATOR = "indicator", "What you noticed"
    VULNERABILITY = "vulnerability", "What may make them vulnerable"


# The curated checklist, built from the vulnerability / indicator table of the seeds' Prevent
# policy (and the Prevent duty guidance it quotes). One indicator alone does not mean a person
# is at risk; the form says so.
INDICATORS: dict[str, tuple[str, str]] = {
    "new_influences": (
        IndicatorGroup.INDICATOR,
        "Change in behaviour or appearance due to new influences",
    ),
    "extremist_language": (
        IndicatorGroup.INDICATOR,
        "Using extremist language, or passionate about extremist views",
    ),
    "accessing_material": (IndicatorGroup.INDICATOR, "Accessing extremist material"),
    "possesses_literature": (
        IndicatorGroup.INDICATOR,
        "May possess literature related to extreme views",
    ),
    "preaching": (IndicatorGroup.INDICATOR, "Preaching or recruiting others to extreme views"),
    "social_circles": (IndicatorGroup.INDICATOR, "Change in social circles"),
    "withdrawn": (IndicatorGroup.INDICATOR, "Withdrawn or isolated"),
    "engagement_change": (
        IndicatorGroup.INDICATOR,
        "Change in engagement or behaviour in work and learning",
    ),
    "appearance_change": (IndicatorGroup.INDICATOR, "Change in appearance, dress or body art"),
    "intent_to_harm": (IndicatorGroup.INDICATOR, "Expressed intent to harm others"),
    "mass_violence_interest": (
        IndicatorGroup.INDICATOR,
        "Interest in mass violence or weapons",
    ),
    "extremist_contact": (
        IndicatorGroup.VULNERABILITY,
        "Pressure from, or contact with, a person linked to extremism",
    ),
    "peer_pressure": (IndicatorGroup.VULNERABILITY, "Peer pressure or need to belong"),
    "rejected": (
        IndicatorGroup.VULNERABILITY,
        "Rejected by peer, faith or social group, or family",
    ),
    "family_conflict": (
        IndicatorGroup.VULNERABILITY,
        "Conflict within the family over beliefs, lifestyle or politics",
    ),
    "unsettled_home": (IndicatorGroup.VULNERABILITY, "Unsettled family life"),
    "identity_confusion": (IndicatorGroup.VULNERABILITY, "Identity confusion"),
    "exclusion": (
        IndicatorGroup.VULNERABILITY,
        "Experience of poverty, disadvantage or social exclusion",
    ),
    "bullied": (IndicatorGroup.VULNERABILITY, "Being bullied"),
    "under_achievement": (IndicatorGroup.VULNERABILITY, "Under-achievement"),
    "seeking_purpose": (IndicatorGroup.VULNERABILITY, "Seeking purpose or focus in life"),
    "media_influence": (IndicatorGroup.VULNERABILITY, "Online or media influence"),
}
INDICATOR_CHOICES = [(key, label) for key, (_group, label) in INDICATORS.items()]


class Status(models.TextChoices):
    NEW = "new", "Awaiting triage"
    IN_TRIAGE = "in_triage", "Being triaged"
    OPEN = "open", "Open case"
    CLOSED = "closed", "Closed"


class Decision(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    MONITOR = "monitor", "Monitor"
    INTERNAL_SUPPORT = "internal_support", "Internal support"
    EARLY_HELP = "early_help", "Early help"
    SOCIAL_CARE = "social_care", "Refer to local authority social care"
    POLICE_PREVENT = "police_prevent", "Refer to police Prevent"
    CHANNEL = "channel", "Refer to Channel"


class EntryKind(models.TextChoices):
    RAISED = "raised", "Concern raised"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    NOTE = "note", "Note"
    UPDATE = "update", "Case update"
    CONTACT = "contact", "Contact"
    DECISION = "decision", "Decision"
    DOCUMENT = "document", "Document"
    ACTION = "action", "Action"
    REVIEW = "review", "Review"
    REFERRAL = "referral", "External referral"
    ESCALATION = "escalation", "Escalation"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"
    TRANSFER = "transfer", "Record transfer"


# Entries a member of the team may write by hand; the others are written by the system.
MANUAL_ENTRY_KINDS = (EntryKind.NOTE, EntryKind.CONTACT)


class LinkRelationship(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    SIBLING = "sibling", "Sibling or other family"
    PEER = "peer", "Peer or friend"
    STAFF = "staff", "Member of staff"
    OTHER = "other", "Other"


class ClosureReason(models.TextChoices):
    NO_FURTHER_ACTION = "no_further_action", "No further action needed"
    RESOLVED = "resolved", "Concern resolved with support"
    REFERRED_ON = "referred_on", "Handed to another agency, who now lead"
    LEFT_PROVIDER = "left_provider", "Person left the provider (file transferred)"
    NOT_SAFEGUARDING = "not_safeguarding", "Not a safeguarding matter"
