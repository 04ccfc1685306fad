"""The Prevent risk assessment and action plan (PRODUCT.md module 3; issue 5, items 1–4).

Laid out like the DfE Prevent risk-assessment template: the national and local context, then the
risks of each area of the duty with their hazard, current controls, likelihood × impact before
and after those controls, sources, owner and review date; each risk has the actions that reduce
it, with an owner, a due date and an impact measure ("how will we know it worked?").

Ofsted's 2016 survey found risk assessments that were "no more than a generic form containing
tick boxes and very little context relating to the provider", action plans that "focused too
much on procedures", and 22 of 37 providers that never asked their learners. So the assessment
also records the learner consultations and partner inputs it drew on, and every approved version
is frozen with the signatures of a senior leader and a governor, so the next can be compared
with it. Narratives (context, descriptions, intelligence, evidence) are encrypted at rest.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from preventhub.core.encryption import EncryptedTextField
from preventhub.core.scoping import ProviderScopedModel
from preventhub.risk.choices import (
    ActionStatus,
    Area,
    InputKind,
    SignerRole,
    VersionStatus,
)

_ONE_TO_FIVE = "must be from 1 to 5"


def _in_scale(field: str) -> Q:
    return Q(**{f"{field}__gte": 1, f"{field}__lte": 5})


class RiskAssessment(ProviderScopedModel):
    """The provider's one living assessment: the national and local context it starts from.

    The risks, actions and inputs hang off the provider; this row holds the context narrative
    (and exists from the first edit). Approved versions are frozen in ``AssessmentVersion``.
    """

    national_context = EncryptedTextField(blank=True)
    national_sources = EncryptedTextField(blank=True)
    local_context = EncryptedTextField(blank=True)
    local_sources = EncryptedTextField(blank=True)

    class Meta(ProviderScopedModel.Meta):
        constraints = [
            models.UniqueConstraint(fields=["provider"], name="risk_assessment_one_per_provider")
        ]

    def __str__(self) -> str:
        return f"Risk assessment of provider {self.provider_id}"


class Risk(ProviderScopedModel):
    """One risk in one area: what could happen here, why, what is in place, how likely and how
    bad before and after those controls, where the knowledge came from, and who owns it."""

    area = models.CharField(max_length=30, choices=Area.choices)
    title = models.CharField(max_length=200)
    description = EncryptedTextField()
    hazard = EncryptedTextField(blank=True)
    controls = EncryptedTextField("current controls", blank=True)
    likelihood = models.PositiveSmallIntegerField()
    impact = models.PositiveSmallIntegerField()
    residual_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    inherent_score = models.GeneratedField(
        expression=F("likelihood") * F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )
    residual_score = models.GeneratedField(
        expression=F("residual_likelihood") * F("residual_impact"),
        output_field=models.PositiveSmallIntegerField(null=True),
        db_persist=True,
    )
    sources = models.JSONField(default=list, blank=True)
    source_note = EncryptedTextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["area", "-inherent_score", "title"]
        constraints = [
            # The same risk twice in one area is a duplicate (an API client re-sending a POST).
            models.UniqueConstraint(
                "provider", "area", Lower("title"), name="risk_title_unique_per_area"
            ),
            models.CheckConstraint(condition=_in_scale("likelihood"), name="risk_likelihood_1_5"),
            models.CheckConstraint(condition=_in_scale("impact"), name="risk_impact_1_5"),
            models.CheckConstraint(
                condition=(
                    Q(residual_likelihood__isnull=True, residual_impact__isnull=True)
                    | (_in_scale("residual_likelihood") & _in_scale("residual_impact"))
                ),
                name="risk_residual_both_or_neither_1_5",
            ),
        ]
        indexes = [models.Index(fields=["provider", "area"], name="risk_by_area")]

    def __str__(self) -> str:
        return self.title

    @property
    def has_residual(self) -> bool:
        return self.residual_likelihood is not None and self.residual_impact is not None


class RiskAction(ProviderScopedModel):
    """A step that reduces a risk: who does it, by when, and how we will know it worked.

    An action is done only with evidence of its impact; owner, due date and impact measure may
    be left blank while a plan is drafted, and the quality check names each one missing.
    """

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=15, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    impact_measure = EncryptedTextField(blank=True)
    evidence = EncryptedTextField("evidence of impact", blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # The due date the owner was last reminded about: one reminder per due date.
    reminded_due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["due_on", "created_at"]
        constraints = [
            models.UniqueConstraint("risk", Lower("title"), name="risk_action_title_unique"),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.DONE) | ~Q(evidence=""),
                name="risk_action_done_needs_evidence",
            ),
        ]
        indexes = [
            models.Index(fields=["provider", "status", "due_on"], name="risk_action_due"),
            models.Index(fields=["provider", "owner", "status"], name="risk_action_owner"),
        ]

    def __str__(self) -> str:
        return self.title


class AssessmentInput(ProviderScopedModel):
    """A learner consultation or a partner's input the assessment drew on: when, what, with
    whom, and what was learnt. The quality check looks for both in the last twelve months."""

    kind = models.CharField(max_length=25, choices=InputKind.choices)
    held_on = models.DateField()
    what = models.CharField(max_length=200)
    with_whom = models.CharField(max_length=200, blank=True)
    summary = EncryptedTextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["provider", "kind", "held_on"], name="risk_input_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class AssessmentVersion(ProviderScopedModel):
    """A frozen copy of the whole assessment and plan (JSON, encrypted), awaiting or carrying
    the sign-off of a senior leader and a governor. Approved versions are never changed."""

    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=15, choices=VersionStatus.choices, default=VersionStatus.AWAITING
    )
    snapshot = EncryptedTextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "number"], name="risk_version_number"),
            models.CheckConstraint(
                condition=Q(status=VersionStatus.APPROVED, approved_at__isnull=False)
                | (~Q(status=VersionStatus.APPROVED) & Q(approved_at__isnull=True)),
                name="risk_version_approved_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class VersionSignature(ProviderScopedModel):
    """One signature on a version: a senior leader's or a governor's, by two different people."""

    version = models.ForeignKey(
        AssessmentVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signer_name = models.CharField(max_length=200)
    role = models.CharField(max_length=15, choices=SignerRole.choices)
    comment = models.CharField(max_length=500, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="risk_signature_per_role"),
            models.UniqueConstraint(fields=["version", "signer"], name="risk_signature_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} signature on version {self.version_id}"
