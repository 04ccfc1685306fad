"""Did the training make a difference? Confidence and knowledge before, after and three months
after each session, by role, staff group and department (issue 6, item 4).

Change is measured on *pairs*: the same person's answers to the same session's before and after
(or before and follow-up) questionnaires, so a group is compared with itself. Confidence is the
mean rating (1 to 5) of the three statements; knowledge the share of questions answered right.
A group with fewer than ``SMALL_GROUP`` pairs shows no figures: a self-rating is personal.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from preventhub.concerns.statistics import add_months
from preventhub.core.models import Provider
from preventhub.training.choices import Confidence, Phase
from preventhub.training.compliance import staff_members
from preventhub.training.models import QuestionnaireResponse, TrainingSession
from preventhub.training.reports import NONE_LABELS, SMALL_GROUP, GroupBy, keys_of, names


@dataclass(frozen=True)
class Answers:
    """One phase's answers, reduced to what the report needs."""

    ratings: dict[str, int]
    correct: int
    total: int

    @property
    def confidence(self) -> float:
        return fmean(self.ratings.values())

    @property
    def knowledge(self) -> float | None:
        return 100 * self.correct / self.total if self.total else None


@dataclass
class Pairs:
    """Before/after pairs (and before/follow-up pairs) of one group of people."""

    after: list[tuple[Answers, Answers]] = field(default_factory=list)
    follow_up: list[tuple[Answers, Answers]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.after)

    def shown(self) -> bool:
        return self.n >= SMALL_GROUP

    def follow_up_shown(self) -> bool:
        return len(self.follow_up) >= SMALL_GROUP


def mean_or_none(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return fmean(kept) if kept else None


@dataclass(frozen=True)
class Change:
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def confidence_change(pairs: list[tuple[Answers, Answers]], statement: str | None = None) -> Change:
    def value(a: Answers) -> float:
        return a.ratings[statement] if statement else a.confidence

    return Change(
        mean_or_none(value(b) for b, _ in pairs), mean_or_none(value(a) for _, a in pairs)
    )


def knowledge_change(pairs: list[tuple[Answers, Answers]]) -> Change:
    return Change(
        mean_or_none(b.knowledge for b, _ in pairs), mean_or_none(a.knowledge for _, a in pairs)
    )


@dataclass(frozen=True)
class GroupImpact:
    key: str
    label: str
    pairs: Pairs

    @property
    def shown(self) -> bool:
        return self.pairs.shown()

    @property
    def confidence(self) -> Change:
        return confidence_change(self.pairs.after)

    @property
    def knowledge(self) -> Change:
        return knowledge_change(self.pairs.after)

    @property
    def follow_up_confidence(self) -> Change:
        return confidence_change(self.pairs.follow_up)

    @property
    def follow_up_n(self) -> int:
        return len(self.pairs.follow_up)


@dataclass
class ImpactReport:
    since: date
    responses: dict[str, int]  # phase -> count
    overall: Pairs
    groups: dict[str, list[GroupImpact]]  # GroupBy value -> rows

    @property
    def statements(self) -> list[tuple[str, Change, Change]]:
        """(statement, before→after, before→3 months) for each confidence statement."""
        return [
            (
                str(c.label),
                confidence_change(self.overall.after, c.value),
                confidence_change(self.overall.follow_up, c.value),
            )
            for c in Confidence
        ]

    @property
    def knowledge(self) -> Change:
        return knowledge_change(self.overall.after)

    @property
    def follow_up_knowledge(self) -> Change:
        return knowledge_change(self.overall.follow_up)


def answers_of(response: QuestionnaireResponse) -> Answers:
    return Answers(
        {c.value: int(getattr(response, c.value)) for c in Confidence},
        response.knowledge_correct,
        response.knowledge_total,
    )


def collect(
    provider: Provider,
    since: date,
    course: uuid.UUID | None = None,
    session: TrainingSession | None = None,
) -> dict[tuple[uuid.UUID, uuid.UUID], dict[str, Answers]]:
    """(session, person) -> phase -> answers, for sessions held since ``since``."""
    rows = QuestionnaireResponse.objects.for_provider(provider).filter(session__held_on__gte=since)
    if course is not None:
        rows = rows.filter(session__course_id=course)
    if session is not None:
        rows = rows.filter(session=session)
    found: dict[tuple[uuid.UUID, uuid.UUID], dict[str, Answers]] = defaultdict(dict)
    for response in rows.only(
        "session_id", "person_id", "phase", "recognise", "refer", "discuss",
        "knowledge_correct", "knowledge_total",
    ):  # fmt: skip
        found[(response.session_id, response.person_id)][response.phase] = answers_of(response)
    return found


def add_pairs(pairs: Pairs, phases: dict[str, Answers]) -> None:
    before = phases.get(Phase.BEFORE)
    if before is None:
        return
    if Phase.AFTER in phases:
        pairs.after.append((before, phases[Phase.AFTER]))
    if Phase.FOLLOW_UP in phases:
        pairs.follow_up.append((before, phases[Phase.FOLLOW_UP]))


def impact_report(
    provider: Provider, today: date, *, months: int = 12, course: uuid.UUID | None = None
) -> ImpactReport:
    since = add_months(today, -months)
    found = collect(provider, since, course)
    members = {m.id: m for m in staff_members(provider, {person for _, person in found})}
    responses: dict[str, int] = {p.value: 0 for p in Phase}
    overall = Pairs()
    grouped: dict[str, dict[str, Pairs]] = {
        by.value: defaultdict(Pairs) for by in GroupBy if by != GroupBy.SITE
    }
    for (_, person_id), phases in found.items():
        for phase in phases:
            responses[phase] += 1
        add_pairs(overall, phases)
        member = members.get(person_id)
        if member is None:
            continue
        for by, groups in grouped.items():
            for key in keys_of(member, by):
                add_pairs(groups[key], phases)
    return ImpactReport(
        since=since,
        responses=responses,
        overall=overall,
        groups={by: _rows(provider, by, groups) for by, groups in grouped.items()},
    )


def _rows(provider: Provider, by: str, groups: dict[str, Pairs]) -> list[GroupImpact]:
    labels = names(provider, by)
    rows = [
        GroupImpact(
            key or "none",
            labels.get(key, key) if key else NONE_LABELS.get(GroupBy(by), "None"),
            pairs,
        )
        for key, pairs in groups.items()
        if pairs.n
    ]
    return sorted(rows, key=lambda r: (not r.shown, -r.pairs.n, r.label))


def session_impact(session: TrainingSession) -> ImpactReport:
    """The same figures for one session (no breakdown by group)."""
    found = collect(session.provider, session.held_on, session=session)
    responses: dict[str, int] = {p.value: 0 for p in Phase}
    overall = Pairs()
    for phases in found.values():
        for phase in phases:
            responses[phase] += 1
        add_pairs(overall, phases)
    return ImpactReport(since=session.held_on, responses=responses, overall=overall, groups={})
