"""Who may reach each speakers page and API operation (merged into the route-access test).

Organisers see only their own requests: every object below is organised by someone else, so a
member of staff gets 404 and only the managers (coordinator, senior leader, safeguarding team)
reach it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.speakers.models import EventRequest
from preventhub.speakers.permissions import (
    CHECKERS,
    DECIDERS,
    LETTINGS,
    MANAGERS,
    REGISTER_READERS,
    REQUESTERS,
)
from preventhub.speakers.tests.helpers import make_request, with_material
from preventhub.testing.route_cases import Case

REQUEST = frozenset(REQUESTERS)
MANAGE = frozenset(MANAGERS)
CHECK = frozenset(CHECKERS)
DECIDE = frozenset(DECIDERS)
SETTINGS = frozenset({Role.SPEAKER_COORDINATOR, Role.DSL, Role.SENIOR_LEADER})


def _request(p: Provider) -> dict[str, Any]:
    return {"pk": make_request(p).pk}


def _speaker_link(p: Provider) -> dict[str, Any]:
    request = make_request(p)
    return {"pk": request.pk, "link_pk": request.speakers.get().pk}


def _material(p: Provider) -> dict[str, Any]:
    request = make_request(p)
    return {"pk": request.pk, "material_pk": with_material(request).pk}


PAGES: dict[str, Case] = {
    "speakers:mine": Case(REQUEST),
    "speakers:new": Case(REQUEST),
    "speakers:letting_new": Case(frozenset(LETTINGS)),
    "speakers:queue": Case(MANAGE),
    "speakers:settings": Case(SETTINGS),
    "speakers:detail": Case(MANAGE, kwargs=_request, object_bound=True),
    "speakers:check_add": Case(CHECK, kwargs=_request, object_bound=True),
    "speakers:consent": Case(
        CHECK,
        method="POST",
        kwargs=_speaker_link,
        data=lambda p: {"consent": "given"},
        ok=(302,),
        object_bound=True,
    ),
    "speakers:decide": Case(DECIDE, kwargs=_request, object_bound=True),
    "speakers:reopen": Case(DECIDE, kwargs=_request, object_bound=True),
    "speakers:withdraw": Case(MANAGE, kwargs=_request, object_bound=True),
    "speakers:outcome": Case(MANAGE, kwargs=_request, object_bound=True),
    "speakers:material_add": Case(MANAGE, kwargs=_request, object_bound=True),
    "speakers:material_download": Case(MANAGE, kwargs=_material, object_bound=True),
}


def _request_id(p: Provider) -> dict[str, Any]:
    return {"request_id": make_request(p).pk}


def _past_request_id(p: Provider) -> dict[str, Any]:
    """An event that has happened (moved into the past behind the services' back)."""
    request = make_request(p)
    now = timezone.now()
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=2)
    )
    return {"request_id": request.pk}


def _request_body(p: Provider) -> dict[str, Any]:
    return {
        "speaker_name": "Route Check",
        "organisation": "Example Trust",
        "topic": "Access",
        "event_title": "Route-access check",
        "starts_at": (timezone.now() + timedelta(days=40)).isoformat(),
        "venue": "Hall",
        "audience": "staff",
        "open_to_public": False,
    }


BASE = "/api/v1/speaker-requests"
API: dict[tuple[str, str], Case] = {
    ("POST", BASE): Case(REQUEST, data=_request_body, ok=(201,)),
    ("GET", BASE): Case(REQUEST),
    ("GET", BASE + "/{request_id}"): Case(MANAGE, kwargs=_request_id),
    ("POST", BASE + "/{request_id}/checks"): Case(
        CHECK,
        kwargs=_request_id,
        data=lambda p: {"kind": "internet_search", "outcome": "clear", "notes": "Nothing."},
        ok=(201,),
    ),
    # Every decider reaches it; who may decide a low-risk request is the settings' rule, and by
    # default a deputy dsl is not among them (403 from the rule, tested in test_api).
    ("POST", BASE + "/{request_id}/decision"): Case(
        frozenset({Role.SPEAKER_COORDINATOR, Role.SENIOR_LEADER, Role.DSL}),
        kwargs=_request_id,
        data=lambda p: {"decision": "refused", "risk_level": "low", "rationale": "Check."},
        ok=(201,),
    ),
    ("POST", BASE + "/{request_id}/outcome"): Case(
        MANAGE, kwargs=_past_request_id, data=lambda p: {"held": False}, ok=(201,)
    ),
    # Without a multipart file the managers get 422; the file itself is tested in test_api.
    ("POST", BASE + "/{request_id}/materials"): Case(MANAGE, kwargs=_request_id, ok=(422,)),
    ("GET", "/api/v1/speaker-register"): Case(frozenset(REGISTER_READERS)),
}
