"""Questionnaires: who may answer which, when, once; ratings out of range and unknown answers
refused; knowledge scored; and the impact report built from the answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from preventhub.audit.models import AuditEvent
from preventhub.core.errors import ConflictError
from preventhub.training.impact import impact_report, session_impact
from preventhub.training.models import QuestionnaireResponse
from preventhub.training.questionnaires import (
    FOLLOW_UP_DAYS,
    questionnaire_answer,
    questionnaires_due,
)
from preventhub.training.records import attendance_record, session_book
from preventhub.training.tests.helpers import days_ago, make_session, staff_member

pytestmark = pytest.mark.django_db
GOOD = {"recognise": 2, "refer": 3, "discuss": 2}


def right_answers(session: Any) -> dict[str, int]:
    return {str(q.pk): q.correct for q in session.questions.all()}


def wrong_answers(session: Any) -> dict[str, int]:
    return {str(q.pk): (q.correct + 1) % len(q.options) for q in session.questions.all()}


def answer(
    session: Any, person: Any, phase: str, *, today: Any, ratings: Any = None, chosen: Any = None
) -> Any:
    return questionnaire_answer(
        actor=None,
        session=session,
        person=person,
        phase=phase,
        ratings=ratings or GOOD,
        chosen=right_answers(session) if chosen is None else chosen,
        today=today,
    )


@pytest.fixture
def planned(provider: Any) -> Any:
    """A session a week ahead with one person booked."""
    session = make_session(provider, on=days_ago(-7))
    person = staff_member(provider)
    session_book(actor=None, session=session, people=[person])
    return session, person


def test_the_before_questionnaire_is_due_to_the_people_booked(planned: Any) -> None:
    session, person = planned
    due = questionnaires_due(person)
    assert [(d.session, d.phase, d.closes_on) for d in due] == [
        (session, "before", session.held_on)
    ]
    response = answer(session, person, "before", today=days_ago(0), chosen=wrong_answers(session))
    assert (response.knowledge_correct, response.knowledge_total) == (0, 5)
    assert response.answers[0]["correct"] is False
    assert questionnaires_due(person) == []
    assert AuditEvent.objects.filter(object_id=str(response.pk), action="create").exists()


def test_answering_twice_is_refused(planned: Any) -> None:
    session, person = planned
    answer(session, person, "before", today=days_ago(0))
    with pytest.raises(ConflictError, match="already answered"):
        answer(session, person, "before", today=days_ago(0))
    assert QuestionnaireResponse.objects.for_provider(session.provider).count() == 1


@pytest.mark.parametrize("value", [0, 6, -1, "five", None, 3.5])
def test_a_rating_out_of_range_is_refused(planned: Any, value: Any) -> None:
    session, person = planned
    with pytest.raises(ValidationError, match="from 1 to 5"):
        answer(session, person, "before", today=days_ago(0), ratings={**GOOD, "refer": value})
    assert not QuestionnaireResponse.objects.for_provider(session.provider).exists()


def test_an_answer_not_offered_is_refused(planned: Any) -> None:
    session, person = planned
    chosen = right_answers(session)
    first = next(iter(chosen))
    with pytest.raises(ValidationError, match="one of the answers given"):
        answer(session, person, "before", today=days_ago(0), chosen={**chosen, first: 9})
    with pytest.raises(ValidationError, match="Choose an answer"):
        answer(
            session,
            person,
            "before",
            today=days_ago(0),
            chosen={k: v for k, v in chosen.items() if k != first},
        )


def test_after_and_follow_up_are_for_those_who_attended_in_their_windows(provider: Any) -> None:
    session = make_session(provider, on=days_ago(0))
    came, missed = staff_member(provider), staff_member(provider)
    session_book(actor=None, session=session, people=[came, missed], today=days_ago(1))
    attendance_record(actor=None, session=session, present=[came])
    assert [d.phase for d in questionnaires_due(came)] == ["before", "after"]
    assert [d.phase for d in questionnaires_due(missed)] == ["before"]
    with pytest.raises(ValidationError, match="people who attended"):
        answer(session, missed, "after", today=days_ago(0))
    with pytest.raises(ValidationError, match="opens on"):
        answer(session, came, "follow_up", today=days_ago(0))
    later = session.held_on + timedelta(days=FOLLOW_UP_DAYS)
    assert [d.phase for d in questionnaires_due(came, later)] == ["follow_up"]
    answer(session, came, "follow_up", today=later)
    with pytest.raises(ValidationError, match="closed on"):
        answer(session, came, "after", today=later)


def test_someone_not_on_the_list_cannot_answer(provider: Any) -> None:
    session = make_session(provider, on=days_ago(-3))
    with pytest.raises(ValidationError, match="people who attended"):
        answer(session, staff_member(provider), "before", today=days_ago(0))


def test_the_impact_report_pairs_the_same_people_and_hides_small_groups(provider: Any) -> None:
    session = make_session(provider, on=days_ago(0))
    teachers = [staff_member(provider, job_category="teaching") for _ in range(3)]
    cleaner = staff_member(provider, job_category="estates")
    people = [*teachers, cleaner]
    session_book(actor=None, session=session, people=people, today=days_ago(1))
    attendance_record(actor=None, session=session, present=people)
    for person in people:
        answer(session, person, "before", today=days_ago(0), chosen=wrong_answers(session))
        answer(
            session,
            person,
            "after",
            today=days_ago(0),
            ratings={"recognise": 4, "refer": 5, "discuss": 3},
        )
    report = impact_report(provider, days_ago(0))
    assert report.overall.n == 4
    assert report.responses == {"before": 4, "after": 4, "follow_up": 0}
    recognise = report.statements[0][1]
    assert (recognise.before, recognise.after, recognise.change) == (2, 4, 2)
    assert (report.knowledge.before, report.knowledge.after) == (0, 100)
    groups = {g.key: g for g in report.groups["job_category"]}
    assert groups["teaching"].shown
    assert groups["teaching"].confidence.change == pytest.approx(4 - 7 / 3)
    assert not groups["estates"].shown  # one person's self-rating is not shown
    assert session_impact(session).overall.n == 4
