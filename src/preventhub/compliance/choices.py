"""The fixed vocabularies of compliance and self-assessment. Keys are the API's enum values."""

from __future__ import annotations

from django.db import models

from preventhub.core.findings import ComplianceArea

AREAS = tuple(ComplianceArea)


class Status(models.TextChoices):
    """An area's RAG status, computed from its findings (docs/compliance.md: the rules)."""

    GREEN = "green", "Green: no finding"
    AMBER = "amber", "Amber: should fix"
    RED = "red", "Red: must fix"


STATUS_SHORT = {Status.GREEN: "Green", Status.AMBER: "Amber", Status.RED: "Red"}


class Judgement(models.TextChoices):
    """The leader's own judgement of an item or an area, on the four inspection grades."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


# Judgements below "good" need an action plan (or a reason in the summary why not).
NEEDS_ACTION = frozenset({Judgement.REQUIRES_IMPROVEMENT, Judgement.INADEQUATE})


class Step(models.TextChoices):
    """The three steps of the DfE tool, repeated each year; a completed year is kept as it was."""

    EVALUATION = "evaluation", "1. Evaluation"
    ACTION_PLANNING = "action_planning", "2. Action planning"
    SUMMARY = "summary", "3. Summary"
    COMPLETE = "complete", "Complete"


STEP_ORDER = [Step.EVALUATION, Step.ACTION_PLANNING, Step.SUMMARY, Step.COMPLETE]


class Tone(models.TextChoices):
    """How a line of live evidence reads: it shows the duty met, a weakness, or a plain fact."""

    GOOD = "good", "Meets the expectation"
    WARN = "warn", "Weakness"
    BAD = "bad", "Serious weakness"
    INFO = "info", "Information"
