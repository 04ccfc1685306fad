"""Risk assessment: a current assessment of this provider's own risks, informed by partners
and learners, covering every area of the duty, with an action plan that is carried out."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.urls import reverse

from preventhub.compliance.choices import Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, day, months_since, plural
from preventhub.risk.choices import OPEN_ACTION_STATUSES, Area, InputKind
from preventhub.risk.models import Risk, RiskAction
from preventhub.risk.selectors import action_counts, assessment_for, latest_input_dates

VIEW = "risk.view_assessment"
STALE_MONTHS = 12


def coverage(ctx: EvidenceContext) -> list[Line]:
    areas = set(Risk.objects.for_provider(ctx.provider).values_list("area", flat=True))
    covered = sum(1 for a in Area.values if a in areas)
    url = reverse("risk:register")
    lines = [
        Line(
            f"{covered} of {len(Area.values)} areas of the duty have at least one risk recorded.",
            Tone.GOOD if covered == len(Area.values) else Tone.WARN if covered else Tone.BAD,
            url,
            VIEW,
        )
    ]
    generic = (
        Risk.objects.for_provider(ctx.provider).filter(Q(description="") | Q(sources=[])).count()
    )
    if generic:
        lines.append(
            Line(
                f"{plural(generic, 'risk')} with no description or no source of knowledge.",
                Tone.WARN,
                url,
                VIEW,
            )
        )
    return lines


def _input_line(kind: str, latest: date | None, ctx: EvidenceContext) -> Line:
    url = reverse("risk:inputs")
    what = "learner consultation" if kind == InputKind.LEARNER_CONSULTATION else "partner input"
    if latest is None:
        return Line(f"No {what} is recorded.", Tone.BAD, url, VIEW)
    months = months_since(latest, ctx.today)
    return Line(
        f"Latest {what}: {day(latest)} ({plural(months, 'month')} ago)."
        if months
        else f"Latest {what}: {day(latest)}.",
        Tone.WARN if months > STALE_MONTHS else Tone.GOOD,
        url,
        VIEW,
    )


def local_context(ctx: EvidenceContext) -> list[Line]:
    assessment = assessment_for(ctx.provider)
    url = reverse("risk:assessment")
    lines = [
        Line(
            "The local context is written."
            if assessment.local_context.strip()
            else "The local context is empty.",
            Tone.GOOD if assessment.local_context.strip() else Tone.BAD,
            url,
            VIEW,
        )
    ]
    dates = latest_input_dates(ctx.provider)
    for kind in InputKind.values:
        lines.append(_input_line(kind, dates.get(kind), ctx))
    return lines


def action_plan(ctx: EvidenceContext) -> list[Line]:
    counts = action_counts(ctx.provider)
    url = reverse("risk:register")
    total = counts["open"] + counts["done"]
    if not total:
        return [Line("The action plan has no action.", Tone.BAD, url, VIEW)]
    lines = [
        Line(
            f"{plural(counts['done'], 'action')} done, {counts['open']:,} open, of which "
            f"{counts['overdue']:,} overdue.",
            Tone.WARN if counts["overdue"] else Tone.GOOD,
            url,
            VIEW,
        )
    ]
    loose = (
        RiskAction.objects.for_provider(ctx.provider)
        .filter(status__in=OPEN_ACTION_STATUSES)
        .filter(Q(owner__isnull=True) | Q(due_on__isnull=True) | Q(impact_measure=""))
        .count()
    )
    if loose:
        lines.append(
            Line(
                f"{plural(loose, 'open action')} without an owner, a deadline or an impact "
                "measure.",
                Tone.WARN,
                url,
                VIEW,
            )
        )
    return lines
