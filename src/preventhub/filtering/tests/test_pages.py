"""The filtering pages through the Django test client: what each role sees (names only for
those who decide), the forms' errors, the register's filters and export, the home panels."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.filtering.models import Decision, Review, TestRun, UnblockRequest
from preventhub.filtering.tests.helpers import (
    address,
    decision,
    device,
    online_risk,
    unblock_request,
)

pytestmark = pytest.mark.django_db


def page(client: Any, url: str, **params: Any) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_the_overview_shows_status_findings_and_charts(login: Any, governor: Any) -> None:
    html = page(login(governor), reverse("filtering:overview"))
    assert "Filtering governance" in html
    assert "Not named" in html
    assert "No senior leader is named" in html
    assert "Block and allow decisions, last 12 months" in html


def test_a_decision_is_recorded_from_the_form(login: Any, it: Any, provider: Any) -> None:
    client = login(it)
    url = reverse("filtering:decision_new")
    response = client.post(url, {
        "target_kind": "domain", "target": "Proxy.Example", "decision": "block",
        "reason": "A proxy site learners use to bypass the filter.", "idempotency_key": "x1",
    })  # fmt: skip
    assert response.status_code == 302
    assert Decision.objects.for_provider(provider).get().target == "proxy.example"


def test_a_bad_decision_shows_every_error_and_logs_nothing(
    login: Any, it: Any, provider: Any
) -> None:
    response = login(it).post(reverse("filtering:decision_new"), {
        "target_kind": "domain", "target": "not a domain", "decision": "allow", "reason": "",
    })  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter reason" in html or "Give the reason" in html
    assert not Decision.objects.for_provider(provider).exists()


def test_the_decision_register_filters_and_exports(login: Any, it: Any, provider: Any) -> None:
    decision(provider, it, target="keep.example")
    decision(provider, it, target="other.example", decision="block", review_on=None)
    client = login(it)
    html = page(client, reverse("filtering:decisions"), decision="allow")
    assert "keep.example" in html
    assert "other.example" not in html
    bad = page(client, reverse("filtering:decisions"), date_from="2026-13-40")
    assert "The filters need correcting" in bad
    partial = client.get(reverse("filtering:decisions"), HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    export = client.get(reverse("filtering:decisions_export", args=["csv"]))
    body = b"".join(export.streaming_content).decode()
    assert "keep.example" in body
    assert "other.example" in body
    assert AuditEvent.objects.filter(action="export", object_type="filtering.decisions").exists()
    xlsx = client.get(reverse("filtering:decisions_export", args=["xlsx"]))
    assert xlsx.content[:2] == b"PK"


def test_a_review_is_recorded_with_actions_and_signed_off(
    login: Any, it: Any, leader: Any, provider: Any
) -> None:
    risk = online_risk(provider)
    client = login(it)
    form = page(client, reverse("filtering:review_new"))
    assert "Risk the actions reduce" in form
    response = client.post(reverse("filtering:review_new"), {
        "reviewed_on": timezone.localdate().isoformat(),
        "participants": [str(it.pk)], "other_participants": "Sam Lee (IT service provider)",
        "checklist": ["alerts", "devices"], "findings": "Tablets are not filtered off site.",
        "risk": str(risk.pk), "action_1_title": "Filter tablets off site",
        "action_1_owner": str(it.pk),
        "action_1_due": (timezone.localdate() + timedelta(days=20)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.for_provider(provider).get()
    assert review.participants == ["Priya Patel (IT manager)", "Sam Lee (IT service provider)"]
    html = page(login(leader), reverse("filtering:review_detail", args=[review.pk]))
    assert "Filter tablets off site" in html
    assert "Sign the review off" in html
    response = login(leader).post(
        reverse("filtering:review_detail", args=[review.pk]), {"note": ""}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.is_signed_off
    assert AuditEvent.objects.filter(action="view", object_id=str(review.pk)).exists()


def test_an_action_row_without_a_title_is_an_error(login: Any, it: Any, provider: Any) -> None:
    response = login(it).post(reverse("filtering:review_new"), {
        "reviewed_on": timezone.localdate().isoformat(), "participants": [str(it.pk)],
        "checklist": ["alerts"], "findings": "x", "action_2_owner": str(it.pk),
    })  # fmt: skip
    assert "Action 2: enter what is to be done." in response.content.decode()
    assert not Review.objects.for_provider(provider).exists()


def test_a_test_run_is_recorded_per_device_type(login: Any, it: Any, provider: Any) -> None:
    test_url = address(provider, it)
    laptop = device(provider)
    client = login(it)
    choose = page(client, reverse("filtering:run_new"))
    assert "Which device are you testing on?" in choose
    assert "Guest Wi-Fi / BYOD" in choose
    url = reverse("filtering:run_new") + f"?device={laptop.pk}"
    assert test_url.url in page(client, url)
    response = client.post(url, {
        "run_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "network": "Learner Wi-Fi",
        f"result_{test_url.pk}": "not_blocked", f"note_{test_url.pk}": "Loaded in full.",
        "idempotency_key": "run-1",
    })  # fmt: skip
    assert response.status_code == 302
    run = TestRun.objects.for_provider(provider).get()
    html = page(client, reverse("filtering:run_detail", args=[run.pk]))
    assert "Record the follow-up" in html
    assert "Re-test needed" in html
    empty = client.post(url, {"run_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")})
    assert "Record a result for at least one test address." in empty.content.decode()


def test_the_it_manager_plans_tests(login: Any, it: Any, provider: Any) -> None:
    client = login(it)
    response = client.post(reverse("filtering:address_new"), {
        "category": "Gambling", "url": "https://gamble-test.example/", "notes": "",
    })  # fmt: skip
    assert response.status_code == 302
    again = client.post(reverse("filtering:address_new"), {
        "category": "Gambling", "url": "https://gamble-test.example/",
    })  # fmt: skip
    assert "is already a test address" in again.content.decode()
    added = client.post(reverse("filtering:test_plan"), {"name": "Smart board"})
    assert added.status_code == 302
    assert "Smart board" in page(client, reverse("filtering:test_plan"))


def test_learners_ask_and_see_only_their_own_requests(
    login: Any, learner: Any, provider: Any, make_user: Any
) -> None:
    someone_else = unblock_request(provider)
    client = login(learner)
    home = page(client, reverse("core:home"))
    assert "Ask for a site to be unblocked" in home
    response = client.post(reverse("filtering:request_new"), {
        "url": "https://history-archive.example/1933", "subject": "history",
        "reason": "Coursework on propaganda.", "idempotency_key": "a",
    })  # fmt: skip
    assert response.status_code == 302
    mine = page(client, reverse("filtering:my_requests"))
    assert "history-archive.example" in mine
    assert someone_else.domain not in mine
    other = client.get(reverse("filtering:request_detail", args=[someone_else.pk]))
    assert other.status_code == 404


def test_governors_see_requests_without_names_or_reasons(
    login: Any, governor: Any, it: Any, provider: Any
) -> None:
    request = unblock_request(provider)
    html = page(login(governor), reverse("filtering:requests"))
    assert request.domain in html
    assert "Jordan" not in html
    detail = page(login(governor), reverse("filtering:request_detail", args=[request.pk]))
    assert "A learner" in detail
    assert "propaganda in the 1930s" not in detail
    names = page(login(it), reverse("filtering:requests"))
    assert "Jordan Clarke" in names
    assert AuditEvent.objects.filter(
        action="view", object_type="filtering.unblockrequest", actor_id=it.pk
    ).exists()


def test_the_it_manager_approves_a_request(login: Any, it: Any, provider: Any) -> None:
    request = unblock_request(provider)
    client = login(it)
    home = page(client, reverse("core:home"))
    assert "unblock request waiting for a decision" in home
    url = reverse("filtering:request_decide", args=[request.pk])
    bad = client.post(url, {"decision": "approve", "scope": "domain", "until": "", "reason": "ok"})
    assert "Enter the last day of the unblock." in bad.content.decode()
    until = (timezone.localdate() + timedelta(days=7)).isoformat()
    done = client.post(url, {"decision": "approve", "scope": "url", "until": until, "reason": "ok"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.decision is not None
    assert request.decision.target == request.url
    assert client.get(url).status_code == 302  # already decided: back to the request
    assert UnblockRequest.objects.for_provider(provider).get().decided_by == it


def test_responsibilities_are_named_from_the_pages(
    login: Any, it: Any, leader: Any, provider: Any
) -> None:
    client = login(it)
    url = reverse("filtering:person_set", args=["senior_leader"])
    response = client.post(url, {"user": leader.pk, "from_date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    governor_url = reverse("filtering:person_set", args=["governor"])
    both = client.post(governor_url, {"user": "", "name": "", "from_date": "2020-01-01"})
    assert "enter the name of a governor without an account" in both.content.decode()
    assert client.get(reverse("filtering:person_set", args=["chair"])).status_code == 404
    html = page(client, reverse("filtering:responsibilities"))
    assert "Helen Okafor" in html


@pytest.mark.parametrize("name", ["filtering:decisions", "filtering:requests", "filtering:tests"])
def test_registers_take_the_same_queries_for_more_rows(
    login: Any, it: Any, provider: Any, name: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(it)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, reverse(name))
        return len(captured)

    decision(provider, it)
    unblock_request(provider)
    address(provider, it)
    queries()  # the first visit makes the provider's settings
    few = queries()
    for _ in range(4):
        decision(provider, it)
        unblock_request(provider)
    assert queries() == few
