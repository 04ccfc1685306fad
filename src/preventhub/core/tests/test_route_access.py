"""Deny by default: every route, every role.

Each page route and API operation the project serves must appear in PAGES or API below with
the roles (at the same provider) that may use it. A route missing from the tables fails
``test_every_route_is_covered``, so nothing new ships without an access decision and a test.
Roles not listed must get 403 or 404; anonymous users are sent to sign in (pages) or get 401
(API); records of another provider answer 404.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.accounts.services import token_create
from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.testing.factories import (
    PersonFactory,
    ProviderFactory,
    StaffPersonFactory,
    UserFactory,
    add_totp,
    grant,
)
from preventhub.testing.route_cases import EVERYONE, NOBODY, SAFEGUARDING, Case, collect
from preventhub.testing.routes import api_routes, project_page_routes

PEOPLE_ALL = SAFEGUARDING | {Role.ADMIN}
PEOPLE_STAFF = PEOPLE_ALL | {Role.HR, Role.TRAINING_LEAD, Role.SENIOR_LEADER}
AUDIT = frozenset({Role.DSL, Role.ADMIN})
ADMIN = frozenset({Role.ADMIN})
GRANTERS = frozenset({Role.DSL, Role.ADMIN})


def _learner(p: Provider) -> dict[str, Any]:
    return {"pk": PersonFactory(provider=p).pk}


def _staff_person(p: Provider) -> dict[str, Any]:
    return {"pk": StaffPersonFactory(provider=p).pk}


def _colleague(p: Provider) -> dict[str, Any]:
    """A user who works at ``p``: the subject of the users-and-roles pages."""
    return {"pk": grant(UserFactory(), p, Role.STAFF).pk}


def _colleague_role(p: Provider) -> dict[str, Any]:
    return {**_colleague(p), "role": Role.STAFF.value}


def _someone_elses_token(p: Provider) -> dict[str, Any]:
    from preventhub.accounts.models import ApiToken

    token_create(actor=None, user=grant(UserFactory(), p, Role.STAFF))
    return {"pk": ApiToken.objects.latest("created_at").pk}


PAGES: dict[str, Case] = {
    "core:home": Case(EVERYONE),
    "core:switch_provider": Case(
        EVERYONE, method="POST", data=lambda p: {"provider": p.slug}, ok=(302,)
    ),
    # Only members of the group may open it; no provider role grants it.
    "core:group_overview": Case(NOBODY, kwargs=lambda p: {"slug": "some-group"}),
    "accounts:account": Case(EVERYONE),
    "core:organisation": Case(EVERYONE),
    "audit:list": Case(AUDIT),
    "audit:detail": Case(
        AUDIT,
        kwargs=lambda p: {"seq": audit_record(actor=None, action="view", provider_id=p.pk).seq},
        object_bound=True,
    ),
    "audit:verify": Case(AUDIT, method="POST", ok=(302,)),
    "audit:export": Case(AUDIT),
    "people:list": Case(PEOPLE_STAFF),
    "people:detail": Case(PEOPLE_ALL, kwargs=_learner, object_bound=True),
    "people:edit": Case(ADMIN, kwargs=_learner, object_bound=True),
    "people:support_needs": Case(SAFEGUARDING, kwargs=_learner, object_bound=True),
    "people:import": Case(ADMIN),
    # Without a staged upload the review step sends the user back to the upload page.
    "people:import_review": Case(ADMIN, ok=(302,)),
    "accounts:user_list": Case(GRANTERS),
    "accounts:user_detail": Case(GRANTERS, kwargs=_colleague, object_bound=True),
    "accounts:user_create": Case(ADMIN),
    "accounts:role_grant": Case(GRANTERS, kwargs=_colleague, object_bound=True),
    "accounts:role_revoke": Case(GRANTERS, kwargs=_colleague_role, object_bound=True),
    "accounts:user_disable": Case(ADMIN, kwargs=_colleague, object_bound=True),
    "accounts:user_enable": Case(ADMIN, kwargs=_colleague, object_bound=True),
    "accounts:user_invite": Case(
        ADMIN, method="POST", kwargs=_colleague, ok=(302,), object_bound=True
    ),
    # Only the token's owner may revoke it; everyone else is told it does not exist.
    "accounts:token_revoke": Case(NOBODY, method="POST", kwargs=_someone_elses_token),
}

API: dict[tuple[str, str], Case] = {
    ("GET", "/api/v1/health"): Case(EVERYONE),
    ("GET", "/api/v1/me"): Case(EVERYONE),
    ("GET", "/api/v1/organisation"): Case(EVERYONE),
    ("GET", "/api/v1/audit/events"): Case(AUDIT),
    ("GET", "/api/v1/people"): Case(PEOPLE_STAFF),
    ("GET", "/api/v1/people/{person_id}"): Case(
        PEOPLE_ALL, kwargs=lambda p: {"person_id": PersonFactory(provider=p).pk}
    ),
    # Without a file the import answers 422 for the roles that may import.
    ("POST", "/api/v1/people/imports"): Case(ADMIN, ok=(422, 400)),
    ("POST", "/api/v1/sites"): Case(
        frozenset({Role.ADMIN}), data=lambda p: {"name": "New site"}, ok=(201,)
    ),
    ("POST", "/api/v1/departments"): Case(
        frozenset({Role.ADMIN}), data=lambda p: {"name": "New dept"}, ok=(201,)
    ),
}

# Each module's own routes, from preventhub/<app>/tests/access_cases.py.
_APP_PAGES, _APP_API = collect()
PAGES.update(_APP_PAGES)
API.update(_APP_API)

# Served by the project but reached only as a fallback; asserted in test_api_errors.
EXEMPT_PAGES = {"api-not-found"}


def test_every_route_is_covered():
    pages = {r.name for r in project_page_routes()} - EXEMPT_PAGES
    untested = sorted(pages - PAGES.keys())
    assert not untested, f"Routes with no access test (add them to PAGES): {untested}"
    api = {(r.method, r.path) for r in api_routes()}
    untested_api = sorted(api - API.keys())
    assert not untested_api, f"API operations with no access test (add them to API): {untested_api}"
    assert not sorted(PAGES.keys() - pages), "PAGES names routes that no longer exist"
    assert not sorted(API.keys() - api), "API names operations that no longer exist"


def test_every_route_declares_an_access_policy():
    missing = [r.name for r in project_page_routes() if r.policy is None]
    missing += [f"{r.method} {r.path}" for r in api_routes() if r.policy is None]
    assert not missing, f"Routes without an access policy: {missing}"


def _user_with(provider: Provider, *roles: str) -> Any:
    user = UserFactory()
    grant(user, provider, *roles)
    add_totp(user)
    return user


def _page_url(name: str, case: Case, provider: Provider) -> str:
    return reverse(name, kwargs=case.kwargs(provider) if case.kwargs else None)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access_for_every_role(name, provider):
    case = PAGES[name]
    for role in Role.values:
        client = Client()
        client.force_login(_user_with(provider, role))
        url = _page_url(name, case, provider)
        response = client.generic(
            case.method,
            url,
            data=_form(case.data(provider)),
            content_type="application/x-www-form-urlencoded",
        )
        if role in case.allowed:
            assert response.status_code in case.ok, (
                f"{role} should reach {name}: {response.status_code}"
            )
        else:
            assert response.status_code in (403, 404), (
                f"{role} must not reach {name}: {response.status_code}"
            )


@pytest.mark.parametrize("name", sorted(n for n, c in PAGES.items() if not c.public))
def test_pages_send_anonymous_users_to_sign_in(name, provider):
    case = PAGES[name]
    response = Client().generic(case.method, _page_url(name, case, provider))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, c in PAGES.items() if c.public))
def test_public_pages_answer_anonymous_users(name, provider):
    case = PAGES[name]
    response = Client().generic(case.method, _page_url(name, case, provider))
    assert response.status_code in case.ok


@pytest.mark.parametrize("name", sorted(n for n, c in PAGES.items() if c.object_bound))
def test_other_providers_records_answer_404(name, provider):
    case = PAGES[name]
    # The outsider holds every role that the route allows, but at another provider.
    outsider = _user_with(ProviderFactory(), *case.allowed)
    client = Client()
    client.force_login(outsider)
    assert client.generic(case.method, _page_url(name, case, provider)).status_code == 404


def _form(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data)


def _api_path(path: str, case: Case, provider: Provider) -> str:
    for key, value in (case.kwargs(provider) if case.kwargs else {}).items():
        path = path.replace("{" + key + "}", str(value))
    return path


@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_access_for_every_role(route, provider):
    method, path = route
    case = API[route]
    for role in Role.values:
        token = token_create(actor=None, user=_user_with(provider, role))
        response = Client().generic(
            method,
            _api_path(path, case, provider),
            data=_json(case.data(provider)),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        if role in case.allowed:
            assert response.status_code in case.ok, (
                f"{role} {method} {path}: {response.status_code}"
            )
        else:
            assert response.status_code in (403, 404), (
                f"{role} {method} {path}: {response.status_code}"
            )
        _cleanup_created(provider)
        if case.cleanup:
            case.cleanup(provider)


@pytest.mark.parametrize(
    "route",
    sorted(r for r in API if r != ("GET", "/api/v1/health")),
    ids=lambda r: f"{r[0]} {r[1]}",
)
def test_api_refuses_requests_without_a_token(route, provider):
    method, path = route
    response = Client().generic(method, _api_path(path, API[route], provider))
    assert response.status_code == 401


def _json(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data)


def _cleanup_created(provider: Provider) -> None:
    """Creating endpoints refuse duplicates (409); reset what the previous role created."""
    from preventhub.core.models import Department, Site

    Site.objects.for_provider(provider).filter(name="New site").delete()
    Department.objects.for_provider(provider).filter(name="New dept").delete()
