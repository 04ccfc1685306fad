"""The lists API: domains into a category (created if missing), terms into the keyword
library, all or nothing with per-item errors, duplicates counted, and who may call it."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.online_safety import lists_schemas
from preventhub.online_safety.choices import Severity
from preventhub.online_safety.models import Category, CategoryDomain, Keyword
from preventhub.online_safety.tests.factories_lists import add_domains, category, persona

pytestmark = pytest.mark.django_db
BASE = "/api/v1/weblogs"

it_manager = persona(Role.IT_MANAGER, username="it")
leader = persona(Role.SENIOR_LEADER, username="principal")


def post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_severity_literal_matches_the_choices_and_the_openapi_lists_it(client):
    assert list(get_args(lists_schemas.SeverityKey)) == list(Severity.values)
    schemas = str(client.get("/api/v1/openapi.json").json()["components"]["schemas"])
    assert "critical" in schemas


def test_domains_create_the_category_and_count_duplicates(api_client, it_manager, provider):
    client = api_client(it_manager)
    body = {
        "domains": ["Extreme-Example.TEST", "*.extreme-example.test", "b.test"],
        "severity": "critical",
    }
    response = post(client, f"{BASE}/categories/extremism/domains", body)
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "category": "extremism", "created": True, "severity": "critical", "added": 2,
        "duplicates": 1,
    }  # fmt: skip
    again = post(client, f"{BASE}/categories/extremism/domains", {**body, "severity": "low"})
    assert again.json() == {
        "category": "extremism", "created": False, "severity": "critical", "added": 0,
        "duplicates": 3,
    }  # fmt: skip
    saved = Category.objects.for_provider(provider).get(key="extremism")
    stored = CategoryDomain.objects.filter(category=saved).values_list("domain", flat=True)
    assert sorted(stored) == ["b.test", "extreme-example.test"]
    assert AuditEvent.objects.filter(object_id=str(saved.pk), action="update").count() == 2


def test_one_invalid_domain_writes_nothing_and_lists_every_invalid_item(
    api_client, it_manager, provider
):
    body = {"domains": ["ok.example.test", "bad domain", "", "http://x.test/a"]}
    response = post(api_client(it_manager), f"{BASE}/categories/weapons/domains", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(d["item"], d["value"]) for d in detail] == [
        (1, "bad domain"), (2, ""), (3, "http://x.test/a"),
    ]  # fmt: skip
    assert "space" in detail[0]["reason"]
    assert not Category.objects.for_provider(provider).exists()
    assert not CategoryDomain.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"domains": []},
        {"domains": "example.test"},
        {"domains": ["example.test"], "severity": "urgent"},
        {},
    ],
)
def test_malformed_bodies_answer_422(api_client, it_manager, body):
    response = post(api_client(it_manager), f"{BASE}/categories/weapons/domains", body)
    assert response.status_code == 422


def test_an_invalid_category_key_answers_422(api_client, it_manager):
    body = {"domains": ["example.test"]}
    response = post(api_client(it_manager), f"{BASE}/categories/Not%20A%20Key/domains", body)
    assert response.status_code == 422
    assert "lower-case" in str(response.json()["detail"])


def test_terms_are_added_once_and_invalid_terms_write_nothing(api_client, it_manager, provider):
    client = api_client(it_manager)
    body = {
        "terms": ["Example  Phrase", "example phrase", "other term"],
        "severity": "medium",
        "theme": "weapons",
    }
    assert post(client, f"{BASE}/keywords", body).json() == {"added": 2, "duplicates": 1}
    assert post(client, f"{BASE}/keywords", body).json() == {"added": 0, "duplicates": 3}
    bad = post(client, f"{BASE}/keywords", {"terms": ["fine term", "x", "!!"]})
    assert bad.status_code == 422
    assert [d["item"] for d in bad.json()["detail"]] == [1, 2]
    assert Keyword.objects.for_provider(provider).count() == 2
    theme = post(client, f"{BASE}/keywords", {"terms": ["abc"], "theme": "Bad Theme"})
    assert theme.status_code == 422


def test_readers_list_categories_and_keywords_of_their_provider_only(
    api_client, leader, provider, other_provider
):
    mine = category(provider, key="weapons", vendor_codes=["fortigate:16"])
    add_domains(mine, "a.test", "b.test")
    category(other_provider, key="elsewhere")
    Keyword.unscoped.create(provider=provider, term="example phrase", theme="weapons")
    client = api_client(leader)
    (listed,) = client.get(f"{BASE}/categories").json()
    assert (listed["key"], listed["domain_count"], listed["keyword_count"]) == ("weapons", 2, 1)
    assert listed["vendor_codes"] == ["fortigate:16"]
    keywords = client.get(f"{BASE}/keywords", {"theme": "weapons"}).json()
    assert [k["term"] for k in keywords] == ["example phrase"]
    assert client.get(f"{BASE}/keywords", {"severity": "low"}).json() == []
    assert client.get(f"{BASE}/keywords", {"severity": "nope"}).status_code == 422


def test_senior_leaders_and_staff_cannot_change_lists(api_client, leader, staff):
    body = {"domains": ["example.test"]}
    assert post(api_client(leader), f"{BASE}/categories/x/domains", body).status_code == 403
    assert post(api_client(staff), f"{BASE}/keywords", {"terms": ["abc"]}).status_code == 403
    assert api_client(staff).get(f"{BASE}/categories").status_code == 403
