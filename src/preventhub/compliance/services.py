"""Writes of the self-assessment: start a year, judge items, plan actions into the risk action
plan, summarise areas, complete the year. Each validates, saves and audits in one transaction;
a bad input raises ValidationError (422 in the API, a form error on a page) and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.compliance.choices import NEEDS_ACTION, STEP_ORDER, Judgement, Step
from preventhub.compliance.framework import AREAS, BY_KEY, ITEMS, Item
from preventhub.compliance.models import AreaSummary, ItemJudgement, PlannedAction, SelfAssessment
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.statistics import academic_year_start
from preventhub.core.models import Provider
from preventhub.risk.models import Risk
from preventhub.risk.services import action_create, actor_name, risk_create

MAX_TEXT = 5000
MAX_LINKS = 10
MAX_LABEL = 200


# --- validation ------------------------------------------------------------------------------


def clean_text(value: Any, field: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: "Enter this: it cannot be left empty."})
    if len(text) > limit:
        raise ValidationError({field: f"Keep this to {limit:,} characters or fewer."})
    return text


def clean_judgement(value: Any, field: str = "judgement") -> str:
    if value not in Judgement.values:
        raise ValidationError(
            {field: "Choose outstanding, good, requires improvement or inadequate."}
        )
    return str(value)


def clean_item(key: Any) -> Item:
    item = BY_KEY.get(str(key))
    if item is None:
        raise ValidationError({"item": "There is no such item in the self-assessment."})
    return item


def clean_area(value: Any) -> str:
    if value not in AREAS:
        raise ValidationError({"area": "There is no such area in the self-assessment."})
    return str(value)


def _safe_url(url: str) -> bool:
    """A page of PreventHub ("/risk/") or a web address (https://...): never "//host" or
    "javascript:", which would send a reader somewhere unexpected."""
    if url.startswith("/"):
        return not url.startswith("//") and "\\" not in url
    parts = urlsplit(url)
    return parts.scheme in ("https", "http") and bool(parts.netloc)


def parse_links(text: str) -> list[dict[str, str]]:
    """One link per line, "label | address" or just the address; errors name the line."""
    links = []
    for number, raw in enumerate(str(text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        label, _, url = line.rpartition("|") if "|" in line else ("", "", line)
        label, url = label.strip(), url.strip()
        if not _safe_url(url):
            raise ValidationError(
                {
                    "evidence_links": f"Line {number}: give a PreventHub page starting with / or a "
                    "web address starting with https://."
                }
            )
        if len(label) > MAX_LABEL or len(url) > 2000:
            raise ValidationError({"evidence_links": f"Line {number} is too long."})
        links.append({"label": label or url, "url": url})
    if len(links) > MAX_LINKS:
        raise ValidationError({"evidence_links": f"Give at most {MAX_LINKS} links."})
    return links


def links_text(links: list[dict[str, str]]) -> str:
    """The links as the form shows them; anything not a {label, url} pair is refused."""
    lines = []
    for link in links:
        if not isinstance(link, dict) or not isinstance(link.get("url"), str):
            raise ValidationError({"evidence_links": "Give each link as {label, url}."})
        label = str(link.get("label") or "")
        lines.append(link["url"] if label in ("", link["url"]) else f"{label} | {link['url']}")
    return "\n".join(lines)


def _require_step(assessment: SelfAssessment, *steps: str) -> None:
    if assessment.step not in steps:
        if assessment.step == Step.COMPLETE:
            raise IllegalTransitionError(
                f"The {assessment.year_label} self-assessment is complete: it is kept as it was."
            )
        raise IllegalTransitionError(
            f"The {assessment.year_label} self-assessment is at {assessment.get_step_display()}."
        )


def _locked(assessment: SelfAssessment) -> SelfAssessment:
    """The year re-read under a row lock: its step is checked as it is now, not as the caller
    last saw it (two leaders may be working on it)."""
    found: SelfAssessment = (
        SelfAssessment.objects.for_provider(assessment.provider_id)
        .select_for_update()
        .get(pk=assessment.pk)
    )
    return found


# --- the year ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Started:
    assessment: SelfAssessment
    created: bool


def assessment_start(*, actor: Any, provider: Provider, today: date | None = None) -> Started:
    """This academic year's self-assessment, created if it does not exist (re-running returns
    the same one: there is one a year)."""
    year_start = academic_year_start(today or timezone.localdate())
    existing = SelfAssessment.objects.for_provider(provider).filter(year_start=year_start).first()
    if existing is not None:
        return Started(existing, False)
    try:
        with transaction.atomic():
            assessment = SelfAssessment.unscoped.create(
                provider=provider, year_start=year_start, started_by=actor
            )
            audit_record(
                actor=actor, action="create", obj=assessment, changed_fields=["year_start", "step"]
            )
    except IntegrityError:  # started at the same moment by someone else
        found = SelfAssessment.objects.for_provider(provider).get(year_start=year_start)
        return Started(found, False)
    return Started(assessment, True)


def item_judge(
    *,
    actor: Any,
    assessment: SelfAssessment,
    item: str,
    judgement: str,
    impact: str,
    improvement: str = "",
    evidence_links: str | list[dict[str, str]] = "",
) -> ItemJudgement:
    """Record (or change) the leader's judgement of one item in step 1 or later, before the
    year is complete."""
    found = clean_item(item)
    values = {
        "area": found.area,
        "judgement": clean_judgement(judgement),
        "impact": clean_text(impact, "impact", required=True),
        "improvement": clean_text(improvement, "improvement", required=False),
        "evidence_links": parse_links(
            links_text(evidence_links) if isinstance(evidence_links, list) else evidence_links
        ),
    }
    if values["judgement"] in NEEDS_ACTION and not values["improvement"]:
        raise ValidationError(
            {"improvement": "Say what would make it better: the action plan starts from it."}
        )
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_step(assessment, Step.EVALUATION, Step.ACTION_PLANNING, Step.SUMMARY)
        row: ItemJudgement
        row, created = ItemJudgement.objects.for_provider(assessment.provider_id).update_or_create(
            assessment=assessment,
            item=found.key,
            defaults={
                **values,
                "provider_id": assessment.provider_id,
                "judged_by": actor,
                "judged_by_name": actor_name(actor),
            },
        )
        audit_record(
            actor=actor,
            action="create" if created else "update",
            obj=row,
            changed_fields=list(values),
            detail={"item": found.key},
        )
    return row


def missing_judgements(assessment: SelfAssessment) -> list[Item]:
    judged = set(assessment.judgements.values_list("item", flat=True))
    return [item for item in ITEMS if item.key not in judged]


def missing_summaries(assessment: SelfAssessment) -> list[str]:
    done = set(assessment.area_summaries.values_list("area", flat=True))
    return [area for area in AREAS if area not in done]


def step_move(*, actor: Any, assessment: SelfAssessment, to: str) -> SelfAssessment:
    """Move to the next step (or back one). Action planning needs every item judged; the
    summary step may be reached once planning has been looked at. Completing is separate."""
    if to not in (Step.EVALUATION, Step.ACTION_PLANNING, Step.SUMMARY):
        raise ValidationError({"step": "Choose evaluation, action planning or summary."})
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_step(assessment, Step.EVALUATION, Step.ACTION_PLANNING, Step.SUMMARY)
        here, there = STEP_ORDER.index(Step(assessment.step)), STEP_ORDER.index(Step(to))
        if abs(there - here) > 1:
            raise IllegalTransitionError("Move one step at a time.")
        if (
            there > here
            and to == Step.ACTION_PLANNING
            and (missing := missing_judgements(assessment))
        ):
            raise ValidationError(
                {"step": f"Judge every item first: {len(missing)} still to judge."}
            )
        assessment.step = to
        assessment.save(update_fields=["step", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=assessment,
            changed_fields=["step"],
            detail={"step": to},
        )
    return assessment


def action_plan(
    *,
    actor: Any,
    assessment: SelfAssessment,
    item: str,
    title: str,
    risk: Risk | None = None,
    likelihood: int | None = None,
    impact: int | None = None,
    owner: Any = None,
    due_date: date | None = None,
    impact_measure: str = "",
) -> PlannedAction:
    """Step 2: create an action in the risk action plan from an item, on ``risk`` or on a new
    risk in the item's risk area (titled after the item, described by its judgement), with no
    re-keying; the link is kept so the summary shows the action's progress."""
    found = clean_item(item)
    if risk is not None and risk.provider_id != assessment.provider_id:
        raise ValidationError({"risk": "Choose one of this provider's risks."})
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_step(assessment, Step.ACTION_PLANNING, Step.SUMMARY)
        judged = assessment.judgements.filter(item=found.key).first()
        if judged is None:
            raise ValidationError({"item": "Judge this item before planning an action for it."})
        if risk is None:
            risk = risk_create(
                actor=actor,
                provider=assessment.provider,
                area=found.risk_area,
                title=f"{found.title} ({assessment.year_label} self-assessment)"[:200],
                description=(judged.improvement or judged.impact)[:MAX_TEXT],
                likelihood=likelihood,
                impact=impact,
            )
        action = action_create(
            actor=actor,
            risk=risk,
            title=title,
            owner=owner,
            due_date=due_date,
            impact_measure=impact_measure,
        )
        planned = PlannedAction.unscoped.create(
            provider_id=assessment.provider_id,
            assessment=assessment,
            area=found.area,
            item=found.key,
            risk_action=action,
            title=action.title,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="create",
            obj=planned,
            changed_fields=["risk_action"],
            detail={"item": found.key, "risk_action": str(action.pk)},
        )
    return planned


def area_summarise(
    *, actor: Any, assessment: SelfAssessment, area: str, judgement: str, summary: str
) -> AreaSummary:
    values = {
        "judgement": clean_judgement(judgement),
        "summary": clean_text(summary, "summary", required=True),
    }
    area = clean_area(area)
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_step(assessment, Step.SUMMARY)
        row: AreaSummary
        row, created = AreaSummary.objects.for_provider(assessment.provider_id).update_or_create(
            assessment=assessment,
            area=area,
            defaults={**values, "provider_id": assessment.provider_id},
        )
        audit_record(
            actor=actor,
            action="create" if created else "update",
            obj=row,
            changed_fields=list(values),
            detail={"area": area},
        )
    return row


def assessment_complete(
    *,
    actor: Any,
    assessment: SelfAssessment,
    overall_judgement: str,
    summary: str,
    snapshot: dict[str, Any],
) -> SelfAssessment:
    """Step 3 done: the overall judgement and summary, and the evidence as it stood today
    frozen into the year's record. A completed year is never changed again."""
    judgement = clean_judgement(overall_judgement, "overall_judgement")
    text = clean_text(summary, "summary", required=True)
    with transaction.atomic():
        assessment = _locked(assessment)
        _require_step(assessment, Step.SUMMARY)
        if missing := missing_summaries(assessment):
            raise ValidationError(
                {"summary": f"Summarise every area first: {len(missing)} still to summarise."}
            )
        assessment.overall_judgement = judgement
        assessment.summary = text
        assessment.step = Step.COMPLETE
        assessment.completed_at = timezone.now()
        assessment.completed_by = actor
        assessment.completed_by_name = actor_name(actor)
        assessment.snapshot = snapshot
        assessment.save()
        audit_record(
            actor=actor,
            action="update",
            obj=assessment,
            changed_fields=["overall_judgement", "summary", "step", "snapshot"],
            detail={"step": Step.COMPLETE},
        )
    return assessment


def assessment_record_view(*, actor: Any, assessment: SelfAssessment, via: str = "page") -> None:
    audit_record(actor=actor, action="view", obj=assessment, detail={"via": via})
