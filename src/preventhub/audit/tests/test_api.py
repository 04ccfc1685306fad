"""GET /audit/events: the same events, filters and scoping as the page, for dsl and admin."""

from __future__ import annotations

import pytest

from preventhub.accounts.services import token_create
from preventhub.audit.services import audit_record

pytestmark = pytest.mark.urls("preventhub.audit.tests.api_urls")
URL = "/api/audit-test/audit/events"


def _get(client, user, params=None):
    token = token_create(actor=None, user=user)
    return client.get(URL, params or {}, HTTP_AUTHORIZATION=f"Bearer {token}")


def _event(provider, **kwargs):
    kwargs.setdefault("action", "update")
    return audit_record(actor=None, provider_id=provider.pk, **kwargs)


@pytest.mark.parametrize("persona", ["dsl", "admin_user"])
def test_dsl_and_admin_list_their_providers_events(request, client, provider, persona):
    user = request.getfixturevalue(persona)
    event = _event(provider, object_id="OWN-1", changed_fields=["email"], detail={"n": 1})
    body = _get(client, user).json()
    item = next(i for i in body["items"] if i["object_id"] == "OWN-1")
    assert item["seq"] == event.seq
    assert item["hash"] == event.hash
    assert item["changed_fields"] == ["email"]
    assert item["detail"] == {"n": 1}


def test_staff_are_refused(client, staff):
    assert _get(client, staff).status_code == 403


def test_no_token_is_refused(client, db):
    assert client.get(URL).status_code == 401


def test_other_providers_events_never_appear(client, dsl, provider, other_provider):
    _event(provider, object_id="OWN-1")
    _event(other_provider, object_id="THEIRS-1")
    ids = {i["object_id"] for i in _get(client, dsl).json()["items"]}
    assert "OWN-1" in ids
    assert "THEIRS-1" not in ids


def test_filters_are_the_pages_filters(client, dsl, provider):
    _event(provider, action="view", object_id="V1")
    _event(provider, action="update", object_id="U1")
    body = _get(client, dsl, {"action": "view"}).json()
    assert [i["object_id"] for i in body["items"]] == ["V1"]
    assert body["count"] == 1


def test_an_impossible_date_range_is_422(client, dsl):
    response = _get(client, dsl, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 422


def test_a_malformed_date_is_422(client, dsl):
    assert _get(client, dsl, {"date_from": "yesterday"}).status_code == 422


def test_pages_of_fifty_newest_first(client, dsl, provider):
    events = [_event(provider, object_id=f"E{i}") for i in range(55)]
    first = _get(client, dsl).json()
    assert (first["count"], first["pages"], first["page_size"]) == (55, 2, 50)
    assert first["items"][0]["seq"] == events[-1].seq
    second = _get(client, dsl, {"page": 2}).json()
    assert [i["seq"] for i in second["items"]] == [e.seq for e in reversed(events[:5])]
    assert _get(client, dsl, {"page": 3}).json()["items"] == []
    assert _get(client, dsl, {"page": 0}).status_code == 422
