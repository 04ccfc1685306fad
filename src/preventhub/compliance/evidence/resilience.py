"""Building learners' resilience: British values and Prevent topics taught to every group,
learners' own voice on feeling safe and knowing who to tell, apprentices' employers informed."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from preventhub.compliance.choices import Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, day, months_since, plural
from preventhub.curriculum.choices import SurveyStatus
from preventhub.curriculum.models import Survey, SurveyResponse
from preventhub.curriculum.results import survey_results
from preventhub.curriculum.selectors import coverage, employer_rows, summarise
from preventhub.curriculum.terms import judged_term

COVERAGE = "curriculum.view_coverage"
RESULTS = "curriculum.view_results"
VOICE_MONTHS = 12
SHOWN_THEMES = ("support", "safety", "online", "values")


def british_values(ctx: EvidenceContext) -> list[Line]:
    term = judged_term(ctx.today)
    summary = summarise(coverage(ctx.provider, term))
    url = reverse("curriculum:coverage")
    if not summary.groups:
        return [
            Line(
                f"No learner group is on the register for the {term.label}.",
                Tone.WARN,
                url,
                COVERAGE,
            )
        ]
    lines = [
        Line(
            f"{summary.all_values} of {plural(summary.groups, 'group')} covered all five "
            f"British values in the {term.label}; {summary.no_values} covered none.",
            Tone.GOOD
            if summary.no_values == 0
            else Tone.BAD
            if summary.no_values == summary.groups
            else Tone.WARN,
            url,
            COVERAGE,
        )
    ]
    weakest = min(summary.by_value, key=lambda v: v[2])
    if weakest[2] < summary.groups:
        lines.append(
            Line(
                f"Least covered: {weakest[1].lower()} ({weakest[2]} of {summary.groups} groups).",
                Tone.INFO,
                url,
                COVERAGE,
            )
        )
    return lines


def learner_voice(ctx: EvidenceContext) -> list[Line]:
    url = reverse("curriculum:surveys")
    latest_answer = SurveyResponse.objects.for_provider(ctx.provider).aggregate(
        last=Max("answered_on")
    )["last"]
    if latest_answer is None:
        return [
            Line(
                "Learners have never been consulted through a learner-voice survey.",
                Tone.BAD,
                url,
                RESULTS,
            )
        ]
    months = months_since(latest_answer, ctx.today)
    lines = [
        Line(
            f"No learner consultation in {months} months (last answer {day(latest_answer)})."
            if months > VOICE_MONTHS
            else f"Learners last answered a survey on {day(latest_answer)}.",
            Tone.BAD if months > VOICE_MONTHS else Tone.GOOD,
            url,
            RESULTS,
        )
    ]
    survey = (
        Survey.objects.for_provider(ctx.provider)
        .exclude(status=SurveyStatus.DRAFT)
        .order_by("-closes_on", "-created_at")
        .first()
    )
    if survey is not None:
        lines.extend(_results(survey, url))
    return lines


def _results(survey: Survey, url: str) -> list[Line]:
    results = survey_results(survey)
    if not results.shown:
        return [
            Line(
                f"“{survey.title}”: fewer than 5 responses, so no result is shown.",
                Tone.INFO,
                url,
                RESULTS,
            )
        ]
    lines = []
    for result in results.results:
        if result.question.theme in SHOWN_THEMES and result.overall.agree is not None:
            agree = result.overall.agree
            lines.append(
                Line(
                    f"“{result.question.text}”: {agree}% agree ({survey.title}).",
                    Tone.GOOD if agree >= 80 else Tone.WARN,
                    url,
                    RESULTS,
                )
            )
    return lines


def employers(ctx: EvidenceContext) -> list[Line]:
    rows = [r for r in employer_rows(ctx.provider, ctx.today) if r.apprentices]
    url = reverse("curriculum:employers")
    if not rows:
        return [
            Line(
                "No apprentice's employer is on the register.",
                Tone.INFO,
                url,
                "curriculum.view_employers",
            )
        ]
    told = sum(1 for r in rows if r.informed)
    return [
        Line(
            f"{told} of {plural(len(rows), 'employer')} of current apprentices told about "
            "the duty in the last 12 months.",
            Tone.GOOD if told == len(rows) else Tone.WARN,
            url,
            "curriculum.view_employers",
        )
    ]
