"""The before, after and three-month questionnaires of a session (issue 6, item 4).

Each asks the three confidence statements (1 to 5) and the session's knowledge questions.

- **before**: open to everyone on the session's list until the end of the session's day;
- **after**: open to those who attended, from the session's day for ``FOLLOW_UP_DAYS``;
- **follow-up**: open to those who attended, from ``FOLLOW_UP_DAYS`` after the session for
  ``FOLLOW_UP_WINDOW_DAYS``.

A person answers each phase once (a second answer is refused, and the database's unique
constraint stops a double submission racing past that check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.errors import ConflictError
from preventhub.people.models import Person
from preventhub.training.choices import SCALE_MAX, SCALE_MIN, Confidence, Phase
from preventhub.training.models import (
    KnowledgeQuestion,
    QuestionnaireResponse,
    SessionPlace,
    TrainingSession,
)

FOLLOW_UP_DAYS = 90
FOLLOW_UP_WINDOW_DAYS = 90


def window(session: TrainingSession, phase: str) -> tuple[date | None, date]:
    """The first and last day a phase may be answered (None: from when the person is booked)."""
    if phase == Phase.BEFORE:
        return None, session.held_on
    if phase == Phase.AFTER:
        return session.held_on, session.held_on + timedelta(days=FOLLOW_UP_DAYS - 1)
    opens = session.held_on + timedelta(days=FOLLOW_UP_DAYS)
    return opens, opens + timedelta(days=FOLLOW_UP_WINDOW_DAYS - 1)


def is_open(session: TrainingSession, phase: str, today: date) -> bool:
    first, last = window(session, phase)
    return (first is None or first <= today) and today <= last


def may_answer(place: SessionPlace | None, phase: str) -> bool:
    """Before: anyone on the list; after and follow-up: those who attended."""
    if place is None:
        return False
    return phase == Phase.BEFORE or place.attended is True


@dataclass(frozen=True)
class Due:
    session: TrainingSession
    phase: str
    closes_on: date

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase).label)


def questionnaires_due(person: Person, today: date | None = None) -> list[Due]:
    """The questionnaires ``person`` may answer today and has not, soonest to close first."""
    today = today or timezone.localdate()
    earliest = today - timedelta(days=FOLLOW_UP_DAYS + FOLLOW_UP_WINDOW_DAYS)
    places = (
        SessionPlace.objects.for_provider(person.provider_id)
        .filter(person=person, session__held_on__gte=earliest)
        .select_related("session__course")
    )
    answered = set(
        QuestionnaireResponse.objects.for_provider(person.provider_id)
        .filter(person=person, session__held_on__gte=earliest)
        .values_list("session_id", "phase")
    )
    due = []
    for place in places:
        for phase in Phase.values:
            if (place.session_id, phase) in answered:
                continue
            if may_answer(place, phase) and is_open(place.session, phase, today):
                due.append(Due(place.session, phase, window(place.session, phase)[1]))
    return sorted(due, key=lambda d: (d.closes_on, d.session.held_on))


def whole(value: Any) -> int | None:
    """``value`` as a whole number, or None (3.5, "3.5", True and "three" are not)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def check_rating(value: Any, field: str) -> int:
    number = whole(value)
    if number is None:
        raise ValidationError({field: "Choose a number from 1 to 5."})
    if not SCALE_MIN <= number <= SCALE_MAX:
        raise ValidationError({field: f"Choose a number from 1 to 5 (not {number})."})
    return number


def score(
    questions: list[KnowledgeQuestion], chosen: Mapping[str, Any]
) -> tuple[int, list[dict[str, Any]]]:
    """(right answers, one entry per question) for answers keyed by question id."""
    correct, answers = 0, []
    for question in questions:
        raw = chosen.get(str(question.pk))
        if raw in (None, ""):
            raise ValidationError({f"q_{question.pk}": "Choose an answer."})
        index = whole(raw)
        if index is None or not 0 <= index < len(question.options):
            raise ValidationError({f"q_{question.pk}": "Choose one of the answers given."})
        right = index == question.correct
        correct += right
        answers.append({"question": str(question.pk), "chosen": index, "correct": right})
    return correct, answers


def questionnaire_answer(
    *,
    actor: Any,
    session: TrainingSession,
    person: Person,
    phase: str,
    ratings: Mapping[str, Any],
    chosen: Mapping[str, Any],
    today: date | None = None,
) -> QuestionnaireResponse:
    """Store one person's answers for one phase. Ratings are keyed by Confidence value, the
    knowledge answers by question id (the index of the option chosen)."""
    today = today or timezone.localdate()
    if phase not in Phase.values:
        raise ValidationError({"phase": "Unknown questionnaire."})
    place = (
        SessionPlace.objects.for_provider(session.provider_id)
        .filter(session=session, person=person)
        .first()
    )
    if not may_answer(place, phase):
        raise ValidationError("This questionnaire is for the people who attended the session.")
    if not is_open(session, phase, today):
        raise ValidationError(_closed_message(session, phase, today))
    values = {c.value: check_rating(ratings.get(c.value), c.value) for c in Confidence}
    questions = list(session.questions.order_by("created_at", "text"))
    correct, answers = score(questions, chosen)
    responses = QuestionnaireResponse.objects.for_provider(session.provider_id)
    if responses.filter(session=session, person=person, phase=phase).exists():
        raise ConflictError("You have already answered this questionnaire.")
    try:
        with transaction.atomic():
            response: QuestionnaireResponse = responses.create(
                provider_id=session.provider_id, session=session, person=person, phase=phase,
                knowledge_correct=correct, knowledge_total=len(questions), answers=answers,
                **values,
            )  # fmt: skip
            audit_record(
                actor=actor, action="create", obj=response,
                changed_fields=[*values, "answers"], detail={"phase": phase},
            )  # fmt: skip
    except IntegrityError as exc:
        raise ConflictError("You have already answered this questionnaire.") from exc
    return response


def _closed_message(session: TrainingSession, phase: str, today: date) -> str:
    first, last = window(session, phase)
    if first is not None and today < first:
        return f"This questionnaire opens on {first:%-d %B %Y}."
    return f"This questionnaire closed on {last:%-d %B %Y}."
