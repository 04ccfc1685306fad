"""The Prevent referral record, Channel tracking and the reminders sent about them.

A concern whose triage decision is a police Prevent referral or Channel becomes an external
referral: the school or college sends the local police Prevent team (or the local authority)
what it knows, then tracks what happens to it — the police reference, follow-ups, whether
Channel screens the case, what the panel decides, consent, the support plan, reviews and exit.
Ofsted looked for exactly this ("internal Prevent and external Channel referrals") and weak
providers could not show what had happened to theirs. Every narrative is special-category
data and is encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.referrals.choices import (
    PANEL_OUTCOME_OF_STATUS,
    ChannelStatus,
    Consent,
    PersonAware,
    ReferralStatus,
    ReminderKind,
    ScreeningOutcome,
)

# The narrative sections of a referral to police Prevent, in the order the local referral
# forms ask for them (field name, label). Pages, the PDF and the API all use this order.
NARRATIVE_SECTIONS: list[tuple[str, str]] = [
    ("how_arose", "How the concern arose"),
    ("specific_events", "Specific events or incidents"),
    ("warning_signs", "Warning signs and indicators"),
    ("extremism_interest", "Interest in extremism, terrorism or mass violence"),
    ("online_use", "Use of phone, internet and social media"),
    ("concerning_contacts", "Contacts or associations that cause concern"),
    ("intent_to_harm", "Any expressed intent to harm themselves or others"),
    ("support_needs", "SEND and other safeguarding needs"),
    ("conversations", "Conversations held with the person or their parents or carers"),
    ("parental_support", "Parental or family support"),
    ("agency_involvement", "Other agencies already involved"),
]
NARRATIVE_FIELDS = [name for name, _label in NARRATIVE_SECTIONS]


class PreventReferral(ProviderScopedModel):
    """What the provider sent police Prevent (or Channel, or the local authority) about one
    concern, and what became of it. One per concern; a draft until it is sent, and what was
    sent is not changed afterwards (follow-ups and the outcome are added instead)."""

    concern = models.OneToOneField(
        "concerns.Concern", on_delete=models.CASCADE, related_name="prevent_referral"
    )
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    how_arose = EncryptedTextField(blank=True)
    specific_events = EncryptedTextField(blank=True)
    warning_signs = EncryptedTextField(blank=True)
    extremism_interest = EncryptedTextField(blank=True)
    online_use = EncryptedTextField(blank=True)
    concerning_contacts = EncryptedTextField(blank=True)
    intent_to_harm = EncryptedTextField(blank=True)
    support_needs = EncryptedTextField(blank=True)
    conversations = EncryptedTextField(blank=True)
    parental_support = EncryptedTextField(blank=True)
    agency_involvement = EncryptedTextField(blank=True)
    person_aware = models.CharField(
        "does the person know about the referral",
        max_length=10,
        choices=PersonAware.choices,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Sending: when, to whom (e.g. "West Midlands police Prevent team"), by whom.
    sent_on = models.DateField(null=True, blank=True)
    sent_to = models.CharField(max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by_name = models.CharField(max_length=200, blank=True)
    external_reference = models.CharField("police or panel reference", max_length=100, blank=True)
    outcome = EncryptedTextField(blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(sent_on__isnull=False) & ~models.Q(sent_to="")),
                name="referral_sent_has_date_and_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"Prevent referral ({self.get_status_display().lower()})"

    @property
    def is_sent(self) -> bool:
        return self.status == ReferralStatus.SENT


class ReferralFollowUp(ProviderScopedModel):
    """One follow-up of a sent referral: a call from the police Prevent officer, a meeting,
    information asked for and given."""

    referral = models.ForeignKey(
        PreventReferral, on_delete=models.CASCADE, related_name="follow_ups"
    )
    happened_on = models.DateField()
    what = EncryptedTextField()
    by_whom = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["happened_on", "created_at"]

    def __str__(self) -> str:
        return f"Follow-up {self.happened_on}"


class ChannelCase(ProviderScopedModel):
    """Channel, the multi-agency programme that supports people at risk of being drawn into
    terrorism: screening, the panel's decision, consent (a parent's for a child), the support
    plan, reviews and exit. One per concern."""

    concern = models.OneToOneField(
        "concerns.Concern", on_delete=models.CASCADE, related_name="channel_case"
    )
    status = models.CharField(
        max_length=20, choices=ChannelStatus.choices, default=ChannelStatus.AWAITING_SCREENING
    )
    screened_on = models.DateField(null=True, blank=True)
    screening_outcome = models.CharField(
        max_length=20, choices=ScreeningOutcome.choices, blank=True
    )
    panel_on = models.DateField("panel date", null=True, blank=True)
    consent = models.CharField(
        max_length=20, choices=Consent.choices, default=Consent.NOT_YET_SOUGHT
    )
    # Consent for a child (under 18) is their parent's or carer's.
    consent_parental = models.BooleanField(default=False)
    consent_recorded_on = models.DateField(null=True, blank=True)
    support_plan = EncryptedTextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_review_on"], name="channel_reviews_due"),
        ]

    def __str__(self) -> str:
        return f"Channel ({self.get_status_display().lower()})"

    @property
    def panel_outcome(self) -> str:
        """not_adopted | adopted | exited once the panel has decided, else ""."""
        return str(PANEL_OUTCOME_OF_STATUS.get(ChannelStatus(self.status), ""))


class ChannelReview(ProviderScopedModel):
    """A review of an adopted Channel case: when it was held, what it found, the next one."""

    channel = models.ForeignKey(ChannelCase, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    notes = EncryptedTextField()
    next_review_on = models.DateField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Channel review {self.held_on}"


class ReminderSent(ProviderScopedModel):
    """That a reminder went out for one thing falling due on one date: the reminder job reads
    this so a re-run (or two overlapping runs) never sends the same reminder twice."""

    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    object_id = models.UUIDField()
    due_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on"], name="reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder for {self.due_on}"
