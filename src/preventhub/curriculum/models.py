"""Curriculum, welfare and learner voice (PRODUCT.md module 9; issue 6, items 6-7).

Three records answer the inspector's questions about building learners' resilience:

- the **activity log**: which lessons, tutorials, inductions, enrichment and apprentice reviews
  taught which British values and Prevent topics, to which courses and groups, and when; held
  external speaker events join it from the speaker register without being keyed again;
- **employer communications**: each apprenticeship employer told about the duty, how and when;
- **learner-voice surveys**: questions from a bank, answered anonymously through one-time links.

Anonymity of survey answers is by construction: a link's token is stored only as a hash and is
never linked to a learner (the learners a survey was sent to are recorded apart, in no order
that matches the links); an answer carries only the course and site of its link and the day it
was given, not a time, and no response points back at the link it used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.curriculum.choices import (
    LIKERT_MAX,
    LIKERT_MIN,
    ActivityKind,
    CommunicationMethod,
    QuestionTheme,
    SurveyStatus,
    TokenKind,
)


class Activity(ProviderScopedModel):
    """A session that taught British values or Prevent topics to some learners.

    The learners are either every learner (``all_learners``, e.g. a college-wide enrichment day)
    or the courses and groups in ``groups`` (a group of "" is the whole course). An external
    speaker event is ``source_event``: its title, date and values come from the speaker
    register; only the groups who attended and the Prevent topics are recorded here.
    """

    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=200, blank=True)
    held_on = models.DateField()
    values = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    # What was covered and how learners responded: may mention what a learner said.
    summary = EncryptedTextField(blank=True)
    all_learners = models.BooleanField(default=False)
    source_event = models.OneToOneField(
        "speakers.EventRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="curriculum_activity",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    logged_by_name = models.CharField(max_length=200)
    # The key a form or API client sends so that a double submission makes one activity.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-held_on", "-created_at"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "logged_by", "idempotency_key"],
                name="curriculum_activity_idempotency",
            ),
        ]
        indexes = [models.Index(fields=["provider", "held_on"], name="curriculum_activity_date")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class ActivityGroup(ProviderScopedModel):
    """One course, or one group of a course, that took part in an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="groups")
    course = models.CharField(max_length=200)
    group_name = models.CharField("group", max_length=100, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["course", "group_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "course", "group_name"], name="curriculum_activity_group_once"
            )
        ]
        indexes = [
            models.Index(fields=["provider", "course", "group_name"], name="curriculum_group")
        ]

    def __str__(self) -> str:
        return f"{self.course} {self.group_name}".strip()


class EmployerCommunication(ProviderScopedModel):
    """A record that an apprenticeship employer was told about the Prevent duty.

    Employers are those of the people register (``Person.apprenticeship_employer``); an
    employer with apprentices and no communication in twelve months is a finding.
    """

    employer = models.CharField(max_length=200)
    communicated_on = models.DateField()
    method = models.CharField(max_length=20, choices=CommunicationMethod.choices)
    topics = models.JSONField(default=list)
    # Notes of the conversation: may name an apprentice or the employer's staff.
    notes = EncryptedTextField(blank=True)
    communicated_by = models.CharField("by whom", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-communicated_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "recorded_by", "idempotency_key"],
                name="curriculum_communication_idempotency",
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "employer", "-communicated_on"],
                name="curriculum_employer_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.communicated_on})"


class Question(ProviderScopedModel):
    """A statement of the question bank, answered on the five-point agree/disagree scale.

    ``key`` names the shipped defaults (blank for a provider's own). A question's text cannot
    change once a survey uses it, so results over time always compare the same statement.
    """

    key = models.CharField(max_length=40, blank=True)
    text = models.CharField(max_length=300)
    theme = models.CharField(max_length=20, choices=QuestionTheme.choices)
    active = models.BooleanField(default=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["theme", "text"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "text"], name="curriculum_question_text"),
            models.UniqueConstraint(
                fields=["provider", "key"],
                condition=~models.Q(key=""),
                name="curriculum_question_key",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Survey(ProviderScopedModel):
    """A learner-voice survey: questions from the bank, an audience, and a close date.

    A draft can be changed; an open survey takes answers through its links until it is closed
    or its close date has passed; then every unused link expires.
    """

    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    audience_course = models.CharField("course", max_length=200, blank=True)
    audience_site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closes_on = models.DateField()
    status = models.CharField(
        max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    questions = models.ManyToManyField(Question, through="SurveyQuestion", related_name="+")

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["provider", "status"], name="curriculum_survey_status")]

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(ProviderScopedModel):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="uses")
    position = models.PositiveSmallIntegerField()

    class Meta(ProviderScopedModel.Meta):
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "question"], name="curriculum_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.question_id}"


class SurveyInvitation(ProviderScopedModel):
    """That a learner was sent a link to a survey (which link is deliberately not recorded).

    It stops a learner being sent a second link when links are issued again for new learners.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta(ProviderScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="curriculum_invited_once")
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.survey_id}"


class SurveyToken(ProviderScopedModel):
    """A one-time link to answer a survey: only the SHA-256 of its code is stored.

    ``course`` and ``site`` are those of the learner it was made for (or the batch's, for
    anonymous links), so that answers can be broken down without knowing who gave them.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=10, choices=TokenKind.choices)
    course = models.CharField(max_length=200, blank=True)
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    used = models.BooleanField(default=False)

    class Meta(ProviderScopedModel.Meta):
        indexes = [models.Index(fields=["survey", "used"], name="curriculum_token_used")]

    def __str__(self) -> str:
        return f"Survey link ({self.get_kind_display()})"


class LinkBatch(ProviderScopedModel):
    """A batch of anonymous links, by the key of the form that made it: sending that form again
    (a refresh, a double click) makes no second batch, since the links are shown only once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="batches")
    key = models.CharField(max_length=100)
    links = models.PositiveIntegerField()

    class Meta(ProviderScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="curriculum_batch_once")
        ]

    def __str__(self) -> str:
        return f"{self.links} links"


class SurveyResponse(ProviderScopedModel):
    """One learner's answers, anonymous: the course and site of the link, and the day.

    The inherited time stamps are removed: a time to the microsecond could be matched with the
    web server's log of who opened which link.
    """

    created_at = None  # type: ignore[assignment]
    updated_at = None  # type: ignore[assignment]

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    course = models.CharField(max_length=200, blank=True)
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_on = models.DateField()

    class Meta(ProviderScopedModel.Meta):
        indexes = [models.Index(fields=["survey", "course"], name="curriculum_response_course")]

    def __str__(self) -> str:
        return f"Response to {self.survey_id}"


class SurveyAnswer(ProviderScopedModel):
    created_at = None  # type: ignore[assignment]
    updated_at = None  # type: ignore[assignment]

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta(ProviderScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="curriculum_answer_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=LIKERT_MIN, value__lte=LIKERT_MAX),
                name="curriculum_answer_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"
