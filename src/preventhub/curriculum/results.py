"""Anonymised results of learner-voice surveys, with small-number suppression.

The rule (tested; docs/curriculum.md explains it): **no figure is shown for a cell of fewer than
5 responses** — a survey, or a course or site within it. Everyone sees the same protected
figures; nobody, the curriculum lead included, sees a small cell. And where a breakdown has
exactly one such cell, its neighbour with the fewest responses is withheld too, so that the
hidden one cannot be worked out from the survey's total. Each breakdown (by course, by site) is
protected on its own, and the over-time view uses the same protected cells as the survey's page.

Only counts leave this module; every figure is an aggregate from the database (``GROUP BY``).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from preventhub.core.models import Provider, Site
from preventhub.curriculum.choices import AGREE, Likert, SurveyStatus
from preventhub.curriculum.models import Question, Survey, SurveyAnswer, SurveyResponse
from preventhub.curriculum.surveys import survey_questions

SMALL_NUMBER = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER} responses"
WITHHELD = "not shown"
NO_COURSE = "Not known (shared links)"
NO_SITE = "No site recorded"
BREAKDOWNS = {"course": "Course", "site": "Site"}


def hidden_cells(counts: dict[Any, int]) -> set[Any]:
    """The cells of one breakdown not to show: under SMALL_NUMBER responses, and one more
    when a single cell alone would be hidden (so it cannot be found by subtraction)."""
    return _complete({key for key, n in counts.items() if n < SMALL_NUMBER}, counts)


def _complete(hidden: set[Any], counts: dict[Any, int]) -> set[Any]:
    """Never exactly one hidden cell beside shown ones: withhold the smallest shown one too."""
    hidden = set(hidden)
    if len(hidden) == 1:
        shown = sorted(((n, str(key)), key) for key, n in counts.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return hidden


Cross = dict[tuple[str, Any], int]  # (course, site id) -> responses


def linked_hidden(cross: Cross) -> dict[str, set[Any]]:
    """The hidden cells of the course and the site breakdowns, protected together.

    Each breakdown is protected on its own first (``hidden_cells``). Then, as someone who knew
    which courses are taught at which site could subtract a shown course that lies wholly
    within a shown site from that site, any cell whose remainder after such subtractions is
    made only of hidden cells' responses, fewer than 5 of them or all but fewer than 5, is
    withheld too (and its breakdown completed again), until nothing changes.
    """
    totals: dict[str, Counter[Any]] = {"course": Counter(), "site": Counter()}
    for (course, site), n in cross.items():
        totals["course"][course] += n
        totals["site"][site] += n
    hidden = {by: hidden_cells(dict(cells)) for by, cells in totals.items()}
    changed = True
    while changed:
        changed = False
        for by, other in (("site", "course"), ("course", "site")):
            for key in [k for k in totals[by] if k not in hidden[by]]:
                if _isolates_hidden(cross, by, key, other, totals[other], hidden[other]):
                    hidden[by] = _complete(hidden[by] | {key}, dict(totals[by]))
                    changed = True
    return hidden


def _isolates_hidden(
    cross: Cross, by: str, key: Any, other: str, other_totals: Counter[Any], other_hidden: set[Any]
) -> bool:
    """Whether subtracting the shown ``other`` cells lying wholly in cell ``key`` leaves only
    responses of hidden ``other`` cells, and so few (or so many) that a small number could be
    worked out."""
    inside = {
        (c if other == "course" else s): n
        for (c, s), n in cross.items()
        if (s if by == "site" else c) == key
    }
    hidden_part = sum(n for o, n in inside.items() if o in other_hidden)
    spread = sum(n for o, n in inside.items() if o not in other_hidden and n < other_totals[o])
    if spread or not hidden_part:
        return False
    # What the subtraction leaves is small, or leaves a small rest of the hidden cells (which
    # the total less the shown cells and this part would give away).
    rest = sum(other_totals[o] for o in other_hidden) - hidden_part
    return hidden_part < SMALL_NUMBER or 0 < rest < SMALL_NUMBER


@dataclass(frozen=True)
class Cell:
    """One protected figure: ``responses`` and ``agree`` (a percentage) are None if hidden."""

    label: str
    responses: int | None
    agree: int | None
    note: str = ""

    @property
    def shown(self) -> bool:
        return self.responses is not None

    @property
    def display(self) -> str:
        return f"{self.agree}%" if self.agree is not None else self.note

    @property
    def short(self) -> str:
        if self.agree is not None:
            return f"{self.agree}%"
        return f"<{SMALL_NUMBER}" if self.note == FEWER_THAN else "–"


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class Tally:
    """Exact counts of one segment (never leave this module unprotected)."""

    responses: int = 0
    # question id -> value -> answers
    answers: dict[str, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))

    def agree(self, question_id: str) -> int:
        values = self.answers.get(question_id, {})
        return sum(values.get(v, 0) for v in AGREE)

    def answered(self, question_id: str) -> int:
        return sum(self.answers.get(question_id, {}).values())


def _segment_field(by: str) -> str:
    return {"course": "course", "site": "site_id"}.get(by, "")


def tallies(survey: Survey, by: str = "") -> dict[Any, Tally]:
    """Exact counts per segment (``by`` "course", "site" or "" for the whole survey)."""
    segment = _segment_field(by)
    found: dict[Any, Tally] = defaultdict(Tally)
    responses = SurveyResponse.objects.for_provider(survey.provider_id).filter(survey=survey)
    answers = SurveyAnswer.objects.for_provider(survey.provider_id).filter(response__survey=survey)
    if segment:
        for row in responses.values(segment).annotate(n=Count("pk")).order_by():
            found[row[segment]].responses = row["n"]
        rows = answers.values(f"response__{segment}", "question_id", "value")
    else:
        found[""].responses = responses.count()
        rows = answers.values("question_id", "value")
    for row in rows.annotate(n=Count("pk")).order_by():
        key = row[f"response__{segment}"] if segment else ""
        found[key].answers[str(row["question_id"])][row["value"]] = row["n"]
    return dict(found)


def protect(label: str, tally: Tally | None, question_id: str | None, hidden: bool) -> Cell:
    n = tally.responses if tally else 0
    if tally is None or n < SMALL_NUMBER:
        return Cell(label, None, None, FEWER_THAN)
    if hidden:
        return Cell(label, None, None, WITHHELD)
    if question_id is None:
        return Cell(label, n, None)
    answered = tally.answered(question_id)
    return Cell(label, n, percent(tally.agree(question_id), answered) if answered else None)


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    overall: Cell
    # The five answers' shares of the whole survey (empty when the survey is protected).
    distribution: list[tuple[str, int]]


@dataclass(frozen=True)
class Breakdown:
    by: str
    heading: str
    # One row per segment: its label, its response count cell, and a cell per question.
    rows: list[tuple[Cell, list[Cell]]]


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    questions: list[Question]
    total: Cell
    results: list[QuestionResult]
    breakdowns: list[Breakdown]

    @property
    def shown(self) -> bool:
        return self.total.shown


def survey_results(survey: Survey) -> SurveyResults:
    items = survey_questions(survey)
    whole = tallies(survey).get("")
    total = protect("All responses", whole, None, False)
    results = [
        QuestionResult(q, protect(q.text, whole, str(q.pk), False), _distribution(whole, q, total))
        for q in items
    ]
    hidden = linked_hidden(cross_counts(survey)) if total.shown else {}
    breakdowns = [breakdown(survey, by, items, hidden[by]) for by in BREAKDOWNS] if hidden else []
    return SurveyResults(survey, items, total, results, breakdowns)


def _distribution(whole: Tally | None, question: Question, total: Cell) -> list[tuple[str, int]]:
    if whole is None or not total.shown:
        return []
    answered = whole.answered(str(question.pk))
    values = whole.answers.get(str(question.pk), {})
    return [
        (str(label), percent(values.get(value, 0), answered))
        for value, label in reversed(Likert.choices)
    ]


def segment_labels(survey: Survey, by: str, keys: Iterable[Any]) -> dict[Any, str]:
    if by == "site":
        ids = [k for k in keys if k is not None]
        names = dict(
            Site.objects.for_provider(survey.provider_id)
            .filter(pk__in=ids)
            .values_list("pk", "name")
        )
        return {k: names.get(k, NO_SITE) if k is not None else NO_SITE for k in keys}
    return {k: k or NO_COURSE for k in keys}


def cross_counts(survey: Survey) -> Cross:
    rows = (
        SurveyResponse.objects.for_provider(survey.provider_id)
        .filter(survey=survey)
        .values("course", "site_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(r["course"], r["site_id"]): r["n"] for r in rows}


def breakdown(
    survey: Survey, by: str, items: Sequence[Question], hidden: set[Any] | None = None
) -> Breakdown:
    found = tallies(survey, by)
    if hidden is None:
        hidden = linked_hidden(cross_counts(survey))[by]
    labels = segment_labels(survey, by, found)
    rows = []
    for key in sorted(found, key=lambda k: labels[k].casefold()):
        tally = found[key]
        label = labels[key]
        rows.append(
            (
                protect(label, tally, None, key in hidden),
                [protect(label, tally, str(q.pk), key in hidden) for q in items],
            )
        )
    return Breakdown(by, BREAKDOWNS[by], rows)


# --- over time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """Whose answers a trend counts: everyone (by ""), or one course or one site."""

    by: str = ""
    key: Any = None
    label: str = "All learners"


@dataclass(frozen=True)
class TrendPoint:
    survey: Survey
    cell: Cell


@dataclass(frozen=True)
class Trend:
    question: Question
    points: list[TrendPoint]


def surveys_with_results(provider: Provider | int) -> list[Survey]:
    """Opened surveys, in the order they closed (oldest first): the points of a trend."""
    return list(
        Survey.objects.for_provider(provider)
        .exclude(status=SurveyStatus.DRAFT)
        .order_by("closes_on", "created_at")
    )


def trends(provider: Provider | int, segment: Segment) -> list[Trend]:
    """For every question asked, its protected agreement in each survey that asked it."""
    series: dict[uuid.UUID, list[TrendPoint]] = defaultdict(list)
    asked: dict[uuid.UUID, Question] = {}
    for survey in surveys_with_results(provider):
        found = tallies(survey, segment.by)
        hidden = linked_hidden(cross_counts(survey))[segment.by] if segment.by else set()
        tally = found.get(segment.key if segment.by else "")
        for question in survey_questions(survey):
            asked[question.pk] = question
            cell = protect(survey.title, tally, str(question.pk), segment.key in hidden)
            series[question.pk].append(TrendPoint(survey, cell))
    ordered = sorted(asked.values(), key=lambda q: (q.theme, q.text))
    return [Trend(q, series[q.pk]) for q in ordered]
