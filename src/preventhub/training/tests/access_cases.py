"""Who may reach each training page and API operation (merged into the route-access test)."""

from __future__ import annotations

from typing import Any

from preventhub.core.models import Provider
from preventhub.testing.route_cases import NOBODY, Case
from preventhub.training.models import Course
from preventhub.training.permissions import FIGURE_READERS, MANAGERS, NAMED_READERS, TRAINEES
from preventhub.training.tests.helpers import (
    days_ago,
    default_course,
    make_record,
    make_session,
    record_evidence,
    staff_member,
)

MANAGE = frozenset(MANAGERS)
NAMED = frozenset(NAMED_READERS)
FIGURES = frozenset(FIGURE_READERS)
OWN = frozenset(TRAINEES)


def _person(p: Provider) -> dict[str, Any]:
    return {"pk": staff_member(p).pk}


def _record(p: Provider) -> dict[str, Any]:
    return {"pk": make_record(p, staff_member(p)).pk}


def _evidence(p: Provider) -> dict[str, Any]:
    return {"pk": record_evidence(p).pk}


def _session(p: Provider) -> dict[str, Any]:
    return {"pk": make_session(p).pk}


def _course(p: Provider) -> dict[str, Any]:
    return {"pk": default_course(p).pk}


def _question(p: Provider) -> dict[str, Any]:
    from preventhub.training.models import KnowledgeQuestion

    default_course(p)
    return {"pk": KnowledgeQuestion.objects.for_provider(p).first().pk}


def _questionnaire(p: Provider) -> dict[str, Any]:
    return {"pk": make_session(p).pk, "phase": "after"}


PAGES: dict[str, Case] = {
    "training:dashboard": Case(FIGURES),
    "training:compliance": Case(FIGURES),
    "training:actions": Case(NAMED),
    "training:actions_export": Case(NAMED),
    "training:impact": Case(NAMED),
    "training:mine": Case(OWN),
    # Only the people on a session's list may answer its questionnaires.
    "training:questionnaire": Case(NOBODY, kwargs=_questionnaire, object_bound=True),
    # Everyone else sees their own training only (tested in test_pages).
    "training:person": Case(NAMED, kwargs=_person, object_bound=True),
    "training:record_new": Case(MANAGE),
    "training:record_remove": Case(MANAGE, kwargs=_record, object_bound=True),
    "training:record_evidence": Case(MANAGE, kwargs=_record, object_bound=True),
    "training:evidence": Case(NAMED, kwargs=_evidence, object_bound=True),
    "training:sessions": Case(NAMED),
    "training:session_new": Case(MANAGE),
    "training:session": Case(NAMED, kwargs=_session, object_bound=True),
    "training:session_people": Case(MANAGE, kwargs=_session, object_bound=True),
    "training:session_evidence": Case(MANAGE, kwargs=_session, object_bound=True),
    "training:import": Case(MANAGE),
    # Without a staged upload the check step sends the user back to the upload page.
    "training:import_review": Case(MANAGE, ok=(302,)),
    "training:courses": Case(NAMED),
    "training:course_new": Case(MANAGE),
    "training:course_edit": Case(MANAGE, kwargs=_course, object_bound=True),
    "training:requirements": Case(NAMED),
    "training:requirement_edit": Case(MANAGE, kwargs=lambda p: {"audience": "role-dsl"}),
    "training:questions": Case(MANAGE),
    "training:question_new": Case(MANAGE),
    "training:question_edit": Case(MANAGE, kwargs=_question, object_bound=True),
    "training:settings": Case(MANAGE),
}


def _course_body(p: Provider) -> dict[str, Any]:
    return {"title": "Route-access course", "mode": "online"}


def _record_body(p: Provider) -> dict[str, Any]:
    return {
        "person_id": str(staff_member(p).pk),
        "course_id": str(default_course(p).pk),
        "completed_on": days_ago(30).isoformat(),
    }


def _forget_course(p: Provider) -> None:
    Course.objects.for_provider(p).filter(title="Route-access course").delete()


API: dict[tuple[str, str], Case] = {
    ("POST", "/api/v1/training/courses"): Case(
        MANAGE, data=_course_body, ok=(201,), cleanup=_forget_course
    ),
    ("POST", "/api/v1/training/records"): Case(MANAGE, data=_record_body, ok=(201,)),
    ("GET", "/api/v1/training/compliance"): Case(FIGURES),
}
