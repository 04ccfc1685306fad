"""Reads of compliance: the self-assessment years a user may see (one access gate), the live
evidence of each item, and a year's record put together for its pages.

A year the user may not see, or another provider's, answers 404.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch

from preventhub.compliance.choices import Judgement, Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line
from preventhub.compliance.framework import AREAS, ITEMS, AreaInfo, Item, items_of
from preventhub.compliance.models import AreaSummary, ItemJudgement, PlannedAction, SelfAssessment
from preventhub.compliance.optional import guarded
from preventhub.compliance.permissions import VIEW_ASSESSMENT
from preventhub.compliance.status import area_statuses
from preventhub.core.models import Provider
from preventhub.risk.services import is_overdue

HIGH_JUDGEMENTS = (Judgement.OUTSTANDING, Judgement.GOOD)
UNAVAILABLE = Line("This evidence could not be read just now.", Tone.WARN)


def assessments_for_user(user: Any, provider: Provider) -> QuerySet[SelfAssessment]:
    if not user.has_perm(VIEW_ASSESSMENT, provider):
        return SelfAssessment.objects.for_provider(provider).none()
    return SelfAssessment.objects.for_provider(provider).order_by("-year_start")


def get_assessment_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> SelfAssessment:
    try:
        found: SelfAssessment = assessments_for_user(user, provider).get(pk=pk)
    except (SelfAssessment.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such self-assessment.") from exc
    return found


def evidence_for(
    ctx: EvidenceContext, items: tuple[Item, ...] | list[Item] = ITEMS
) -> dict[str, list[Line]]:
    """Every item's live evidence. A module whose data cannot be read gives one line saying so,
    never an error page."""
    found: dict[str, list[Line]] = {}
    for item in items:
        found[item.key] = _safely(item, ctx)
    return found


def _safely(item: Item, ctx: EvidenceContext) -> list[Line]:
    try:
        return guarded(lambda: item.evidence(ctx), [UNAVAILABLE])
    except NoReverseMatch:
        return [UNAVAILABLE]


def snapshot(ctx: EvidenceContext) -> dict[str, Any]:
    """What a completed year keeps: each area's status and findings, each item's evidence."""
    statuses = area_statuses(ctx.provider, ctx.now, findings=ctx.findings)
    return {
        "taken_at": ctx.now.isoformat(),
        "statuses": {s.area: s.status for s in statuses},
        "findings": {
            s.area: [{"message": f.message, "severity": f.severity} for f in s.findings]
            for s in statuses
        },
        "evidence": {k: [line.as_dict() for line in v] for k, v in evidence_for(ctx).items()},
    }


# --- a year put together ------------------------------------------------------------------------


@dataclass
class ItemRow:
    item: Item
    evidence: list[Line]
    judgement: ItemJudgement | None
    actions: list[tuple[PlannedAction, bool]] = field(default_factory=list)  # (action, overdue)

    @property
    def above_evidence(self) -> bool:
        """Judged good or better while the evidence shows a serious weakness: the honest
        picture the survey asked for, instead of a self-assessment that flatters."""
        high = self.judgement is not None and self.judgement.judgement in HIGH_JUDGEMENTS
        return high and any(line.tone == Tone.BAD for line in self.evidence)


@dataclass
class AreaRow:
    info: AreaInfo
    status: str
    findings: list[dict[str, str]]
    items: list[ItemRow]
    summary: AreaSummary | None

    @property
    def judged(self) -> int:
        return sum(1 for row in self.items if row.judgement is not None)


def _frozen_lines(rows: list[dict[str, str]]) -> list[Line]:
    return [Line(r.get("text", ""), r.get("tone", Tone.INFO), r.get("url", "")) for r in rows]


def year_rows(assessment: SelfAssessment, now: datetime | None = None) -> list[AreaRow]:
    """Each area with its items: the live evidence while the year is open, the evidence as it
    was on completion once it is complete."""
    judged = {j.item: j for j in assessment.judgements.all()}
    summaries = {s.area: s for s in assessment.area_summaries.all()}
    planned: dict[str, list[tuple[PlannedAction, bool]]] = {}
    for p in assessment.planned_actions.select_related("risk_action"):
        overdue = p.risk_action is not None and is_overdue(p.risk_action)
        planned.setdefault(p.item, []).append((p, overdue))
    if assessment.is_complete:
        frozen = assessment.snapshot or {}
        evidence = {k: _frozen_lines(v) for k, v in frozen.get("evidence", {}).items()}
        statuses = frozen.get("statuses", {})
        findings = frozen.get("findings", {})
    else:
        ctx = EvidenceContext(assessment.provider, now)
        evidence = evidence_for(ctx)
        live = area_statuses(assessment.provider, ctx.now, findings=ctx.findings)
        statuses = {s.area: s.status for s in live}
        findings = {s.area: [f.as_dict() for f in s.findings] for s in live}
    return [
        AreaRow(
            info=AREAS[area],
            status=statuses.get(area, "red"),
            findings=findings.get(area, []),
            items=[
                ItemRow(
                    item,
                    evidence.get(item.key, []),
                    judged.get(item.key),
                    planned.get(item.key, []),
                )
                for item in items_of(area)
            ],
            summary=summaries.get(area),
        )
        for area in AREAS
    ]
