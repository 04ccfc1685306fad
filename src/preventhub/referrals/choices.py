"""The vocabularies of the Prevent referral and Channel records. Keys are the API's enum values.

The Channel stages follow the Channel duty guidance: a referral is screened (by police Prevent
or the local authority), the case may go to a multi-agency Channel panel, the panel adopts it
or not, an adopted case has a support plan and reviews, and it exits when the panel is
satisfied (or consent is withdrawn). Each move is a service that refuses an illegal one.
"""

from __future__ import annotations

from django.db import models


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SENT = "sent", "Sent"


class PersonAware(models.TextChoices):
    """Whether the person knows they are being referred (the referral form asks)."""

    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_YET = "not_yet", "Not yet"


class ScreeningOutcome(models.TextChoices):
    TO_PANEL = "to_panel", "Progressed to a Channel panel"
    NOT_PROGRESSED = "not_progressed", "Not progressed to Channel"
    SIGNPOSTED = "signposted", "Not progressed: signposted to other support"


class ChannelStatus(models.TextChoices):
    AWAITING_SCREENING = "awaiting_screening", "Awaiting screening"
    NOT_PROGRESSED = "not_progressed", "Not progressed after screening"
    AWAITING_PANEL = "awaiting_panel", "Awaiting a Channel panel"
    NOT_ADOPTED = "not_adopted", "Not adopted by the panel"
    ADOPTED = "adopted", "Adopted by the panel"
    EXITED = "exited", "Exited Channel"


class PanelOutcome(models.TextChoices):
    """The Channel panel's outcome as the specification names it."""

    NOT_ADOPTED = "not_adopted", "Not adopted"
    ADOPTED = "adopted", "Adopted"
    EXITED = "exited", "Exited"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_YET_SOUGHT = "not_yet_sought", "Not yet sought"


# The moves a Channel record may make; every other move is refused.
CHANNEL_TRANSITIONS: dict[str, frozenset[str]] = {
    ChannelStatus.AWAITING_SCREENING: frozenset(
        {ChannelStatus.AWAITING_PANEL, ChannelStatus.NOT_PROGRESSED}
    ),
    ChannelStatus.AWAITING_PANEL: frozenset({ChannelStatus.ADOPTED, ChannelStatus.NOT_ADOPTED}),
    ChannelStatus.ADOPTED: frozenset({ChannelStatus.EXITED}),
}
# Consent is asked for (and may change) until the case is over.
CONSENT_OPEN = frozenset(
    {ChannelStatus.AWAITING_SCREENING, ChannelStatus.AWAITING_PANEL, ChannelStatus.ADOPTED}
)
PANEL_OUTCOME_OF_STATUS = {
    ChannelStatus.NOT_ADOPTED: PanelOutcome.NOT_ADOPTED,
    ChannelStatus.ADOPTED: PanelOutcome.ADOPTED,
    ChannelStatus.EXITED: PanelOutcome.EXITED,
}


class ReminderKind(models.TextChoices):
    CHANNEL_REVIEW = "channel_review", "Channel review"
    CONCERN_REVIEW = "concern_review", "Case review"
    CASE_ACTION = "case_action", "Case action"
    TRANSFER_OVERDUE = "transfer_overdue", "Record transfer not received"


# Which Channel steps the pages offer in each state (the services refuse the others anyway).
CHANNEL_STEPS: dict[str, frozenset[str]] = {
    "screening": frozenset({ChannelStatus.AWAITING_SCREENING}),
    "panel": frozenset({ChannelStatus.AWAITING_PANEL}),
    "consent": CONSENT_OPEN,
    "support-plan": frozenset({ChannelStatus.ADOPTED}),
    "review": frozenset({ChannelStatus.ADOPTED}),
    "exit": frozenset({ChannelStatus.ADOPTED}),
}
