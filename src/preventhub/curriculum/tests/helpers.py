"""Learners, activities, communications and surveys made through the services, for the
curriculum tests (and the route-access table)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider, Site
from preventhub.curriculum.models import Activity, EmployerCommunication, Survey
from preventhub.curriculum.services import GroupRef, activity_log, communication_record
from preventhub.curriculum.surveys import (
    SurveyIn,
    answer_submit,
    links_anonymous,
    questions,
    questions_ensure_defaults,
    survey_create,
    survey_open,
)
from preventhub.testing.factories import PersonFactory, UserFactory, grant

COURSE = "Level 3 Health and Social Care"
GROUP = "HSC3A1"
EMPLOYER = "Riverside Care Homes"


def enrol(
    provider: Provider,
    n: int = 1,
    *,
    course: str = COURSE,
    group: str = GROUP,
    site: Site | None = None,
    employer: str = "",
    **fields: Any,
) -> list[Any]:
    """``n`` learners enrolled now on ``course``/``group`` (at ``site``, with ``employer``)."""
    return [
        PersonFactory(
            provider=provider,
            course=course,
            group_name=group,
            site=site,
            apprenticeship_employer=employer,
            start_date=date(2020, 9, 1),
            **fields,
        )
        for _ in range(n)
    ]


def teacher(provider: Provider) -> Any:
    return grant(UserFactory(), provider, Role.STAFF)


def lead(provider: Provider) -> Any:
    return grant(UserFactory(), provider, Role.CURRICULUM_LEAD, Role.STAFF)


def make_activity(provider: Provider, actor: Any = None, **overrides: Any) -> Activity:
    """A tutorial on democracy for the test group, logged today (enrols it if needed)."""
    if not overrides.get("all_learners") and "groups" not in overrides:
        enrol(provider)
    fields: dict[str, Any] = {
        "kind": "tutorial",
        "title": "Votes at 16: a debate",
        "held_on": timezone.localdate(),
        "values": ["democracy"],
        "topics": ["debate"],
        "summary": "Learners argued both sides.",
        "groups": [GroupRef(COURSE, GROUP)],
    }
    fields.update(overrides)
    if fields.get("all_learners"):
        fields["groups"] = []
    return activity_log(actor=actor or teacher(provider), provider=provider, **fields).activity


def make_communication(
    provider: Provider, actor: Any = None, **overrides: Any
) -> EmployerCommunication:
    if "employer" not in overrides:
        enrol(provider, employer=EMPLOYER, course="Adult Care apprenticeship", group="HSC-APP25")
    fields: dict[str, Any] = {
        "employer": EMPLOYER,
        "communicated_on": timezone.localdate() - timedelta(days=3),
        "method": "meeting",
        "topics": ["prevent_duty", "referral_route"],
        "notes": "Met the care manager.",
    }
    fields.update(overrides)
    return communication_record(
        actor=actor or lead(provider), provider=provider, **fields
    ).communication


def make_survey(
    provider: Provider, actor: Any = None, *, opened: bool = True, count: int = 3, **overrides: Any
) -> Survey:
    """A survey of the first ``count`` default questions, closing in a month (open by default)."""
    actor = actor or lead(provider)
    questions_ensure_defaults(actor=actor, provider=provider)
    chosen = list(questions(provider).order_by("text").values_list("pk", flat=True)[:count])
    data = SurveyIn(
        title=overrides.pop("title", "Feeling safe"),
        closes_on=overrides.pop("closes_on", timezone.localdate() + timedelta(days=30)),
        question_ids=overrides.pop("question_ids", chosen),
        **overrides,
    )
    survey = survey_create(actor=actor, provider=provider, data=data)
    if opened:
        survey = survey_open(actor=actor, survey=survey)
    return survey


def codes(survey: Survey, n: int = 1, course: str = "", site: Site | None = None) -> list[str]:
    if course:  # anonymous links count under a course of the register
        enrol(survey.provider, course=course, group="")
    issued = links_anonymous(actor=None, survey=survey, count=n, course=course, site=site)
    return [link.code for link in issued.links]


def answer_all(survey: Survey, code: str, value: int = 4) -> Any:
    from preventhub.curriculum.surveys import survey_questions

    answers = {str(q.pk): value for q in survey_questions(survey)}
    return answer_submit(code=code, answers=answers)


def responses_from(
    survey: Survey, n: int, value: int = 4, course: str = "", site: Site | None = None
) -> None:
    for code in codes(survey, n, course=course, site=site):
        answer_all(survey, code, value)
