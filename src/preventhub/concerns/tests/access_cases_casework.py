"""Who may reach each case-work page (merged into the route-access test).

Every route is bound to one concern (about a learner): the safeguarding team reaches it; hr
does not (hr reaches concerns about staff only, see test_case_work); everyone else gets 403 or
404, and another provider's team gets 404.
"""

from __future__ import annotations

from typing import Any

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile
from preventhub.concerns.models import Concern
from preventhub.concerns.services import action_add, chronology_add, concern_decide
from preventhub.core.models import Provider
from preventhub.testing.factories import UserFactory, grant, make_concern
from preventhub.testing.route_cases import SAFEGUARDING, Case


def _concern(p: Provider, **overrides: Any) -> Concern:
    concern: Concern = make_concern(p, grant(UserFactory(), p, Role.STAFF), **overrides)
    return concern


def _decided(p: Provider, decision: str = "monitor") -> tuple[Concern, Any]:
    concern = _concern(p)
    dsl = grant(UserFactory(), p, Role.DSL)
    concern_decide(actor=dsl, concern=concern, decision=decision, rationale="Route-access check.")
    concern.refresh_from_db()
    return concern, dsl


def _case(p: Provider) -> dict[str, Any]:
    return {"pk": _concern(p).pk}


def _closed_case(p: Provider) -> dict[str, Any]:
    return {"pk": _decided(p, "no_further_action")[0].pk}


def _note(p: Provider) -> dict[str, Any]:
    concern, dsl = _decided(p)
    note = chronology_add(actor=dsl, concern=concern, kind="note", text="Route-access check.")
    return {"pk": concern.pk, "entry_pk": note.pk}


def _action(p: Provider) -> dict[str, Any]:
    concern, dsl = _decided(p)
    action = action_add(
        actor=dsl,
        concern=concern,
        description="Call home.",
        owner=dsl,
        due_on=concern.created_at.date(),
    )
    return {"pk": concern.pk, "action_pk": action.pk}


def _document(p: Provider) -> dict[str, Any]:
    concern = _concern(p, files=[CheckedFile("note.txt", "text/plain", b"Route-access check.")])
    return {"pk": concern.pk, "attachment_pk": concern.attachments.get().pk}


def _page(kwargs: Any) -> Case:
    return Case(SAFEGUARDING, kwargs=kwargs, object_bound=True)


PAGES: dict[str, Case] = {
    "concerns:entry_add": _page(_case),
    "concerns:entry_edit": _page(_note),
    "concerns:entry_versions": _page(_note),
    "concerns:action_add": _page(_case),
    "concerns:action_done": Case(
        SAFEGUARDING, method="POST", kwargs=_action, ok=(302,), object_bound=True
    ),
    "concerns:link_add": _page(_case),
    "concerns:review_add": _page(_case),
    "concerns:subject_link": _page(_case),
    "concerns:lead_assign": _page(_case),
    "concerns:close": _page(_case),
    "concerns:reopen": _page(_closed_case),
    "concerns:document_add": _page(_case),
    "concerns:document_download": _page(_document),
}
