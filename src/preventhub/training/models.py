"""Staff training for the Prevent duty: what is offered, who must have it, who has had it, and
whether it made a difference.

Ofsted found training ineffective in a third of providers: one-size-fits-all online packages,
senior managers trained but front-line staff not, and impact never evaluated. So the module
records training against requirements that differ by role and staff group, keeps the evidence,
and asks the people trained how confident they are and what they know, before, after and three
months later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.scoping import ProviderScopedModel
from preventhub.training.choices import AudienceType, Mode, Phase, RecordSource


class Course(ProviderScopedModel):
    """A course in the provider's catalogue (e-learning, WRAP-style workshop, DSL training...).

    ``validity_months`` is how long a completion counts (empty: it does not lapse).
    ``counts_as`` lists the courses a completion of this one also satisfies: a face-to-face
    workshop also meets a requirement for the awareness e-learning. ``default_key`` names the
    seeded default a course started from, so seeding again never duplicates it.
    """

    title = models.CharField(max_length=200)
    delivered_by = models.CharField("provided by", max_length=200, blank=True)
    mode = models.CharField(max_length=15, choices=Mode.choices)
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    validity_months = models.PositiveSmallIntegerField(null=True, blank=True)
    audience = models.CharField(max_length=300, blank=True)
    learning_outcomes = models.TextField(blank=True)
    counts_as = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="covered_by"
    )
    active = models.BooleanField(default=True)
    default_key = models.CharField(max_length=40, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "title"], name="training_course_title"),
            models.UniqueConstraint(
                fields=["provider", "default_key"],
                condition=~models.Q(default_key=""),
                name="training_course_default_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Requirement(ProviderScopedModel):
    """One cell of the requirements matrix: a course an audience must have, and how often.

    The audience is every member of staff, a staff group (``people.Person.job_category``) or a
    PreventHub role (the roles the person's sign-in holds at the provider). ``on_induction``
    gives new staff a deadline from their start date; ``renew_months`` (empty: once) is the
    refresher interval. When several cells apply to one person, the strictest wins.
    """

    audience_type = models.CharField(max_length=15, choices=AudienceType.choices)
    audience = models.CharField(max_length=30, blank=True)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="requirements")
    on_induction = models.BooleanField(default=False)
    renew_months = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["audience_type", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "audience_type", "audience", "course"],
                name="training_requirement_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(audience_type="all_staff", audience="")
                | (~models.Q(audience_type="all_staff") & ~models.Q(audience="")),
                name="training_requirement_audience",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audience_type}:{self.audience} {self.course_id}"


class TrainingSettings(models.Model):
    """Per provider: the induction deadline, the "due soon" window and the coverage threshold
    below which a front-line staff group is a finding for the compliance view."""

    provider = models.OneToOneField(
        "core.Provider", on_delete=models.CASCADE, related_name="training_settings"
    )
    induction_days = models.PositiveSmallIntegerField(default=28)
    due_soon_days = models.PositiveSmallIntegerField(default=60)
    coverage_threshold = models.PositiveSmallIntegerField(default=90)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Training settings for provider {self.provider_id}"


class KnowledgeQuestion(ProviderScopedModel):
    """A multiple-choice question with a right answer, asked before, after and three months
    after a session. A question that has been answered is never changed, only retired, so
    earlier scores keep their meaning."""

    text = models.CharField(max_length=300)
    options = models.JSONField(default=list)
    correct = models.PositiveSmallIntegerField(help_text="The index of the right option.")
    active = models.BooleanField(default=True)
    default_key = models.CharField(max_length=40, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at", "text"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "text"], name="training_question_text"),
        ]

    def __str__(self) -> str:
        return self.text


class TrainingSession(ProviderScopedModel):
    """A course delivered on a day: the attendance list, the trainer, the evidence, and the
    questionnaires that measure its impact. The questions are fixed when the session is made."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField()
    trainer = models.CharField(max_length=200)
    site = models.ForeignKey(
        "core.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    venue = models.CharField(max_length=200, blank=True)
    questions = models.ManyToManyField(KnowledgeQuestion, blank=True, related_name="+")
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["provider", "-held_on"], name="training_session_date")]

    def __str__(self) -> str:
        return f"{self.course} on {self.held_on:%d %b %Y}"


class SessionPlace(ProviderScopedModel):
    """A person on a session's list: booked before it, then marked as attended or not."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="places")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="training_place_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.session_id}"


class TrainingRecord(ProviderScopedModel):
    """One person's completion of one course on one day: the training log inspectors read.

    Unique per (person, course, date): re-entering a session or re-importing a certificate
    file never makes a second record."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="training_records"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    session = models.ForeignKey(
        TrainingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    trainer = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=RecordSource.choices)
    certificate_id = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-completed_on", "course__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "person", "course", "completed_on"],
                name="training_record_unique",
            )
        ]
        indexes = [
            models.Index(fields=["provider", "completed_on"], name="training_record_date"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} on {self.completed_on}"


class EvidenceFile(ProviderScopedModel):
    """A certificate or signed attendance sheet, checked by content and stored encrypted.
    It belongs to one record or to one session."""

    record = models.ForeignKey(
        TrainingRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    session = models.ForeignKey(
        TrainingSession, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record__isnull=False, session__isnull=True)
                | models.Q(record__isnull=True, session__isnull=False),
                name="training_evidence_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class QuestionnaireResponse(ProviderScopedModel):
    """One person's answers for one session at one phase: three confidence ratings (1–5) and
    the knowledge questions, scored when answered (``answers`` keeps each choice)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    recognise = models.PositiveSmallIntegerField()
    refer = models.PositiveSmallIntegerField()
    discuss = models.PositiveSmallIntegerField()
    knowledge_correct = models.PositiveSmallIntegerField(default=0)
    knowledge_total = models.PositiveSmallIntegerField(default=0)
    answers = models.JSONField(default=list, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person", "phase"], name="training_response_once"
            ),
            models.CheckConstraint(
                condition=models.Q(recognise__gte=1, recognise__lte=5)
                & models.Q(refer__gte=1, refer__lte=5)
                & models.Q(discuss__gte=1, discuss__lte=5),
                name="training_response_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(knowledge_correct__lte=models.F("knowledge_total")),
                name="training_response_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase} {self.session_id}"

    @property
    def confidence(self) -> float:
        return (self.recognise + self.refer + self.discuss) / 3


class TrainingReminder(ProviderScopedModel):
    """A reminder sent to one person, keyed by what it was about and its due date, so the
    reminder job sends each one once however often it runs. Without a person: the training
    leads' daily digest (the key carries the day)."""

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=120)
    sent_on = models.DateField()

    class Meta(ProviderScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "person", "key"], name="training_reminder_once"
            ),
            models.UniqueConstraint(
                fields=["provider", "key"],
                condition=models.Q(person__isnull=True),
                name="training_digest_once",
            ),
        ]

    def __str__(self) -> str:
        return self.key
