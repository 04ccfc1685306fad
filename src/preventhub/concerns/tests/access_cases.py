"""Who may reach each concerns page and API operation (merged into the route-access test)."""

from __future__ import annotations

from typing import Any

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.testing.factories import UserFactory, grant, make_concern
from preventhub.testing.route_cases import EVERYONE, SAFEGUARDING, Case

RAISERS = EVERYONE - {Role.INSPECTOR}
INBOX = SAFEGUARDING | {Role.HR}


def _learner_concern(p: Provider) -> dict[str, Any]:
    return {"pk": make_concern(p, grant(UserFactory(), p, Role.STAFF)).pk}


def _staff_concern(p: Provider) -> dict[str, Any]:
    return {"pk": make_concern(p, grant(UserFactory(), p, Role.STAFF), subject_type="staff").pk}


PAGES: dict[str, Case] = {
    "concerns:raise": Case(RAISERS),
    "concerns:mine": Case(RAISERS),
    # Only the reporter sees the acknowledgement page; everyone else is told it does not exist.
    "concerns:raised": Case(frozenset(), kwargs=_learner_concern, object_bound=True),
    "concerns:inbox": Case(INBOX),
    "concerns:settings": Case(SAFEGUARDING),
    # hr reaches concerns about staff only (see the staff-subject tests in test_pages).
    "concerns:detail": Case(SAFEGUARDING, kwargs=_learner_concern, object_bound=True),
    "concerns:acknowledge": Case(
        SAFEGUARDING, method="POST", kwargs=_learner_concern, ok=(302,), object_bound=True
    ),
    "concerns:decide": Case(SAFEGUARDING, kwargs=_staff_concern, object_bound=True),
}
API: dict[tuple[str, str], Case] = {}  # filled below


def _raise_body(p: Provider) -> dict[str, Any]:
    from django.utils import timezone

    return {
        "subject_type": "other",
        "category": "neglect",
        "description": "Route-access check.",
        "occurred_at": timezone.now().isoformat(),
    }


def _concern_id(p: Provider) -> dict[str, Any]:
    return {"concern_id": _learner_concern(p)["pk"]}


API.update(
    {
        ("POST", "/api/v1/concerns"): Case(RAISERS, data=_raise_body, ok=(201,)),
        ("GET", "/api/v1/concerns"): Case(RAISERS),
        # Reporters get their own only; others' concerns answer 404 (tested in test_api).
        ("GET", "/api/v1/concerns/{concern_id}"): Case(SAFEGUARDING, kwargs=_concern_id),
        ("POST", "/api/v1/concerns/{concern_id}/decision"): Case(
            SAFEGUARDING,
            kwargs=_concern_id,
            data=lambda p: {"decision": "monitor", "rationale": "Route-access check."},
            ok=(201,),
        ),
        ("GET", "/api/v1/concerns/{concern_id}/chronology"): Case(SAFEGUARDING, kwargs=_concern_id),
    }
)
