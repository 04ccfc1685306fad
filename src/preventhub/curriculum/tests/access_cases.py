"""Who may reach each curriculum page and API operation (merged into the route-access test).

Activities are logged by someone else, so only the curriculum lead may change or remove them
(a teacher gets 403 for another's). The answer pages are public: a learner answers through
the link, signed in or not.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.curriculum.permissions import COVERAGE_READERS, LEAD, LOGGERS, RESULTS_READERS
from preventhub.curriculum.surveys import questions, questions_ensure_defaults
from preventhub.curriculum.tests.helpers import (
    EMPLOYER,
    codes,
    enrol,
    make_activity,
    make_communication,
    make_survey,
)
from preventhub.speakers.tests.helpers import held
from preventhub.testing.route_cases import EVERYONE, Case

READ = frozenset(COVERAGE_READERS)
LOG = frozenset(LOGGERS)
MANAGE = frozenset(LEAD)
RESULTS = frozenset(RESULTS_READERS)


def _activity(p: Provider) -> dict[str, Any]:
    return {"pk": make_activity(p).pk}


def _event(p: Provider) -> dict[str, Any]:
    return {"event_pk": held(p).pk}


def _communication(p: Provider) -> dict[str, Any]:
    return {"pk": make_communication(p).pk}


def _survey(p: Provider) -> dict[str, Any]:
    return {"pk": make_survey(p).pk}


def _draft(p: Provider) -> dict[str, Any]:
    return {"pk": make_survey(p, opened=False).pk}


def _question(p: Provider) -> dict[str, Any]:
    questions_ensure_defaults(actor=None, provider=p)
    return {"pk": questions(p).first().pk}


def _code(p: Provider) -> dict[str, Any]:
    return {"code": codes(make_survey(p))[0]}


CSV = {"fmt": "csv"}

PAGES: dict[str, Case] = {
    "curriculum:coverage": Case(READ),
    "curriculum:coverage_export": Case(READ, kwargs=lambda p: CSV),
    "curriculum:activities": Case(READ),
    "curriculum:activity_export": Case(READ, kwargs=lambda p: CSV),
    "curriculum:activity_new": Case(LOG),
    "curriculum:activity_detail": Case(READ, kwargs=_activity, object_bound=True),
    "curriculum:activity_edit": Case(MANAGE, kwargs=_activity, object_bound=True),
    "curriculum:activity_remove": Case(MANAGE, kwargs=_activity, object_bound=True),
    "curriculum:event_groups": Case(LOG, kwargs=_event, object_bound=True),
    "curriculum:employers": Case(RESULTS),
    "curriculum:employer_export": Case(RESULTS, kwargs=lambda p: CSV),
    "curriculum:communication_new": Case(MANAGE),
    "curriculum:communication_detail": Case(RESULTS, kwargs=_communication, object_bound=True),
    "curriculum:communication_edit": Case(MANAGE, kwargs=_communication, object_bound=True),
    "curriculum:communication_remove": Case(MANAGE, kwargs=_communication, object_bound=True),
    "curriculum:surveys": Case(RESULTS),
    "curriculum:survey_new": Case(MANAGE),
    "curriculum:survey_trends": Case(RESULTS),
    "curriculum:questions": Case(MANAGE),
    "curriculum:question_edit": Case(MANAGE, kwargs=_question, object_bound=True),
    "curriculum:survey_detail": Case(RESULTS, kwargs=_survey, object_bound=True),
    "curriculum:survey_edit": Case(MANAGE, kwargs=_draft, object_bound=True),
    "curriculum:survey_open": Case(
        MANAGE, method="POST", kwargs=_draft, ok=(302,), object_bound=True
    ),
    "curriculum:survey_close": Case(
        MANAGE, method="POST", kwargs=_survey, ok=(302,), object_bound=True
    ),
    "curriculum:survey_links": Case(MANAGE, kwargs=_survey, object_bound=True),
    "curriculum:survey_results": Case(RESULTS, kwargs=_survey, object_bound=True),
    "curriculum:answer_start": Case(EVERYONE, public=True),
    "curriculum:answer_thanks": Case(EVERYONE, public=True),
    "curriculum:answer": Case(EVERYONE, kwargs=_code, public=True),
}


def _activity_body(p: Provider) -> dict[str, Any]:
    return {
        "kind": "tutorial",
        "title": "Route-access check",
        "held_on": timezone.localdate().isoformat(),
        "values": ["democracy"],
        "all_learners": True,
    }


def _communication_body(p: Provider) -> dict[str, Any]:
    enrol(p, employer=EMPLOYER, course="Adult Care apprenticeship", group="HSC-APP25")
    return {
        "employer": EMPLOYER,
        "communicated_on": timezone.localdate().isoformat(),
        "method": "email",
        "topics": ["prevent_duty"],
    }


def _survey_id(p: Provider) -> dict[str, Any]:
    return {"survey_id": make_survey(p).pk}


BASE = "/api/v1/curriculum"
API: dict[tuple[str, str], Case] = {
    ("GET", BASE + "/activities"): Case(READ),
    ("POST", BASE + "/activities"): Case(LOG, data=_activity_body, ok=(201,)),
    ("GET", BASE + "/coverage"): Case(READ),
    ("GET", BASE + "/employers"): Case(RESULTS),
    ("POST", BASE + "/employer-communications"): Case(MANAGE, data=_communication_body, ok=(201,)),
    ("GET", BASE + "/surveys"): Case(RESULTS),
    ("GET", BASE + "/surveys/{survey_id}/results"): Case(RESULTS, kwargs=_survey_id),
    ("GET", BASE + "/findings"): Case(RESULTS),
}
