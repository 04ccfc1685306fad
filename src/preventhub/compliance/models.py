"""The yearly Prevent self-assessment and the termly governor reports.

The DfE Prevent self-assessment tool asks leaders to evaluate each of seven areas, plan actions
for what needs improving, and summarise, every year. Ofsted's 2016 survey found leaders
"focused on compliance rather than evaluating the impact": so each item keeps the leader's
judgement beside the live evidence from the modules, an impact statement (what changed, how we
know) and links to the evidence. A year once completed is frozen with the evidence as it stood
that day, so that next year's evaluation can be compared with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.compliance.choices import Judgement, Step
from preventhub.core.findings import ComplianceArea
from preventhub.core.scoping import ProviderScopedModel


class SelfAssessment(ProviderScopedModel):
    """One academic year's self-assessment (1 September to 31 August): which step it has
    reached, the overall summary and judgement, and, once complete, a snapshot of the live
    evidence and area statuses that day."""

    year_start = models.DateField(help_text="1 September of the academic year assessed.")
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.EVALUATION)
    overall_judgement = models.CharField(max_length=25, choices=Judgement.choices, blank=True)
    summary = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_by_name = models.CharField(max_length=200, blank=True)
    # {"statuses": {area: status}, "evidence": {item: [{"text", "tone"}]}, "findings": n}
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-year_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "year_start"], name="compliance_assessment_one_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.year_start.year} to {self.year_start.year + 1}"

    @property
    def year_label(self) -> str:
        return f"{self.year_start.year} to {self.year_start.year + 1}"

    @property
    def is_complete(self) -> bool:
        return self.step == Step.COMPLETE


class ItemJudgement(ProviderScopedModel):
    """The leader's evaluation of one item of the framework in one year: the judgement on four
    levels, the impact statement, what would make it better, and links to the evidence."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="judgements"
    )
    area = models.CharField(max_length=20, choices=ComplianceArea.choices)
    item = models.CharField(max_length=40)
    judgement = models.CharField(max_length=25, choices=Judgement.choices)
    impact = models.TextField("impact statement")
    improvement = models.TextField("what would make it better", blank=True)
    # [{"label": "...", "url": "/risk/ or https://..."}]
    evidence_links = models.JSONField(default=list, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    judged_by_name = models.CharField(max_length=200)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["area", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="compliance_judgement_one_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_judgement_display()}"


class AreaSummary(ProviderScopedModel):
    """Step 3 for one area: the leader's overall judgement of the area and a short summary
    (strengths, what the actions should change)."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="area_summaries"
    )
    area = models.CharField(max_length=20, choices=ComplianceArea.choices)
    judgement = models.CharField(max_length=25, choices=Judgement.choices)
    summary = models.TextField()

    class Meta(ProviderScopedModel.Meta):
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "area"], name="compliance_area_summary_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_judgement_display()}"


class PlannedAction(ProviderScopedModel):
    """Step 2: an action created in the risk action plan from an item of the self-assessment,
    so the plan is kept in one place (no re-keying) and the summary can show its progress."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="planned_actions"
    )
    area = models.CharField(max_length=20, choices=ComplianceArea.choices)
    item = models.CharField(max_length=40)
    risk_action = models.ForeignKey(
        "risk.RiskAction", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept if the action is later removed from the risk assessment.
    title = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(ProviderScopedModel.Meta):
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class GovernorReport(ProviderScopedModel):
    """The termly report to governors: anonymised figures and the compliance status, as a PDF
    generated once per term (re-running the scheduled job never makes a second) and announced
    to governors by a notification that carries only a link."""

    term_label = models.CharField(max_length=40)
    term_start = models.DateField()
    term_end = models.DateField()
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveSmallIntegerField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-term_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "term_start"], name="compliance_governor_report_once"
            )
        ]

    def __str__(self) -> str:
        return f"Governor report, {self.term_label}"
