"""The filtering services: responsibilities with history, the decision log, the annual review
into the action plan, filter tests, unblock requests; every bad input refused with a specific
error and nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from preventhub.audit.models import AuditEvent
from preventhub.core.errors import ConflictError
from preventhub.filtering.cleaning import clean_url, normalise_domain
from preventhub.filtering.filter_tests import CheckIn, check_follow_up, run_record
from preventhub.filtering.models import Decision, Responsibility, Review, TestRun, UnblockRequest
from preventhub.filtering.review_services import ActionIn, ReviewIn, review_record, review_sign_off
from preventhub.filtering.selectors import open_failures, responsibilities
from preventhub.filtering.services import decision_record, person_name, product_add
from preventhub.filtering.tests.helpers import (
    address,
    decision,
    device,
    online_risk,
    run,
    unblock_request,
)
from preventhub.filtering.unblock import request_create, request_decide
from preventhub.notifications.models import Notification
from preventhub.risk.models import RiskAction

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- responsibilities ---------------------------------------------------------------------------


def test_naming_a_new_senior_leader_ends_the_previous_one_the_day_before(
    provider: Any, it: Any, leader: Any, make_user: Any
) -> None:
    first = person_name(
        actor=it, provider=provider, kind="senior_leader", user=leader,
        from_date=TODAY() - timedelta(days=400),
    )  # fmt: skip
    successor = make_user(provider, "senior_leader", first_name="Ada", last_name="Byrne")
    person_name(
        actor=it, provider=provider, kind="senior_leader", user=successor, from_date=TODAY()
    )
    first.refresh_from_db()
    assert first.to_date == TODAY() - timedelta(days=1)
    named = responsibilities(provider)
    assert named.senior_leader is not None
    assert named.senior_leader.user == successor
    assert [r.name for r in named.history] == ["Helen Okafor"]


def test_a_governor_without_an_account_is_named_by_name(provider: Any, it: Any) -> None:
    row = person_name(
        actor=it, provider=provider, kind="governor", name="Mrs Ruth Adeyemi", from_date=TODAY()
    )
    assert row.user is None
    assert responsibilities(provider).governor == row


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "senior_leader", "user": None}, "user"),
        ({"kind": "governor"}, "name"),
        ({"kind": "head_of_it", "name": "X"}, "kind"),
        ({"kind": "governor", "name": "A", "from_date": "tomorrow"}, "from_date"),
        ({"kind": "governor", "name": "A", "from_date": TODAY() + timedelta(days=2)}, "from_date"),
    ],
)
def test_bad_people_are_refused_and_nothing_is_written(
    provider: Any, it: Any, values: dict[str, Any], field: str
) -> None:
    values = {"from_date": TODAY(), **values}
    with pytest.raises(ValidationError) as exc:
        person_name(actor=it, provider=provider, **values)
    assert field in errors(exc)
    assert not Responsibility.objects.for_provider(provider).exists()


def test_only_a_senior_leader_can_be_named_senior_leader(provider: Any, it: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        person_name(actor=it, provider=provider, kind="senior_leader", user=it, from_date=TODAY())
    assert "senior leader here" in str(errors(exc)["user"])


def test_naming_the_current_holder_again_is_a_conflict(provider: Any, it: Any, leader: Any) -> None:
    person_name(actor=it, provider=provider, kind="senior_leader", user=leader, from_date=TODAY())
    with pytest.raises(ConflictError):
        person_name(
            actor=it, provider=provider, kind="senior_leader", user=leader, from_date=TODAY()
        )
    assert Responsibility.objects.for_provider(provider).count() == 1


def test_the_same_product_twice_is_a_conflict(provider: Any, it: Any) -> None:
    product_add(actor=it, provider=provider, kind="filtering", name="Acme", from_date=TODAY())
    with pytest.raises(ConflictError):
        product_add(actor=it, provider=provider, kind="filtering", name="ACME", from_date=TODAY())


# --- decisions ----------------------------------------------------------------------------------


def test_a_domain_is_stored_in_one_normal_form() -> None:
    assert normalise_domain("*.Bücher.Example.", "t") == "xn--bcher-kva.example"
    assert clean_url("example.org/a b"[:11], "u") == ("https://example.org", "example.org")


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_domain_or_a_clear_error(text: str) -> None:
    try:
        value = normalise_domain(text, "target")
    except ValidationError as exc:
        messages = exc.message_dict["target"]
        assert messages  # noqa: PT017  (any input either normalises or names its error)
    else:
        assert value == value.lower()
        assert "." in value
        assert value.isascii()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"target": "not a domain"}, "target"),
        ({"target_kind": "url", "target": "ftp://example.org/x"}, "target"),
        ({"decision": "allow", "review_on": None}, "review_on"),
        ({"decision": "unblock_period", "until": None}, "until"),
        ({"decision": "unblock_period", "until": TODAY() - timedelta(days=1)}, "until"),
        ({"decision": "block", "until": TODAY()}, "until"),
        ({"decision": "maybe"}, "decision"),
        ({"review_on": "31/02/2026"}, "review_on"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_logged(
    provider: Any, it: Any, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        decision(provider, it, **values)
    assert field in errors(exc)
    assert not Decision.objects.for_provider(provider).exists()


def test_a_repeated_idempotency_key_returns_the_first_decision(provider: Any, it: Any) -> None:
    values = {
        "target_kind": "domain", "target": "example.org", "decision": "block",
        "reason": "Proxy avoidance site.",
    }  # fmt: skip
    first = decision_record(actor=it, provider=provider, idempotency_key="k1", **values)
    again = decision_record(actor=it, provider=provider, idempotency_key="k1", **values)
    assert first.created
    assert not again.created
    assert first.decision == again.decision
    assert Decision.objects.for_provider(provider).count() == 1
    assert AuditEvent.objects.filter(object_id=str(first.decision.pk), action="create").count() == 1


# --- the annual review --------------------------------------------------------------------------


def review_in(**overrides: Any) -> ReviewIn:
    fields: dict[str, Any] = {
        "reviewed_on": TODAY(),
        "participants": ["Helen Okafor (Principal)", "Priya Patel (IT)"],
        "checklist": [
            "risk_profile",
            "what_blocked",
            "monitoring",
            "alerts",
            "devices",
            "training",
        ],
        "findings": "Guest Wi-Fi is not filtered on the Riverside site.",
    }
    fields.update(overrides)
    return ReviewIn(**fields)


def test_a_reviews_actions_go_into_the_risk_action_plan(
    provider: Any, it: Any, leader: Any
) -> None:
    risk = online_risk(provider)
    data = review_in(
        risk=risk,
        actions=[ActionIn("Filter guest Wi-Fi at Riverside", it, TODAY() + timedelta(days=30),
                          "A test run on guest Wi-Fi blocks every category")],
    )  # fmt: skip
    review = review_record(actor=it, provider=provider, data=data)
    action = RiskAction.objects.for_provider(provider).get()
    assert action.risk == risk
    assert action.owner == it
    assert action.impact_measure
    assert review.actions.get().risk_action == action
    assert Notification.objects.for_provider(provider).filter(user=leader).exists()
    signed = review_sign_off(actor=leader, review=review, note="Agreed.")
    assert signed.is_signed_off
    assert signed.signed_off_by_name == "Helen Okafor"
    with pytest.raises(ConflictError):
        review_sign_off(actor=leader, review=review)


def test_a_refused_action_saves_neither_the_review_nor_any_action(provider: Any, it: Any) -> None:
    risk = online_risk(provider)
    data = review_in(
        risk=risk,
        actions=[ActionIn("Train staff"), ActionIn("Train staff")],  # a duplicate title
    )
    with pytest.raises(ValidationError) as exc:
        review_record(actor=it, provider=provider, data=data)
    assert "Action 2" in str(errors(exc)["actions"])
    assert not Review.objects.for_provider(provider).exists()
    assert not RiskAction.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"participants": [" "]}, "participants"),
        ({"checklist": []}, "checklist"),
        ({"checklist": ["vibes"]}, "checklist"),
        ({"findings": ""}, "findings"),
        ({"reviewed_on": TODAY() + timedelta(days=1)}, "reviewed_on"),
        ({"actions": [ActionIn("Fix it")]}, "risk"),
    ],
)
def test_bad_reviews_are_refused(
    provider: Any, it: Any, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        review_record(actor=it, provider=provider, data=review_in(**overrides))
    assert field in errors(exc)
    assert not Review.objects.for_provider(provider).exists()


def test_a_second_review_on_the_same_day_is_a_conflict(provider: Any, it: Any) -> None:
    review_record(actor=it, provider=provider, data=review_in())
    with pytest.raises(ConflictError):
        review_record(actor=it, provider=provider, data=review_in())


def test_only_a_senior_leader_signs_off(provider: Any, it: Any) -> None:
    review = review_record(actor=it, provider=provider, data=review_in())
    with pytest.raises(ValidationError):
        review_sign_off(actor=it, review=review)


# --- filter tests -------------------------------------------------------------------------------


def test_a_failure_stays_open_until_a_later_run_blocks_it(provider: Any, it: Any, dsl: Any) -> None:
    laptop = device(provider)
    test_url = address(provider, it)
    failed = run(provider, "not_blocked", on=laptop, test_url=test_url, actor=it,
                 when=timezone.now() - timedelta(hours=2))  # fmt: skip
    assert Notification.objects.for_provider(provider).filter(user=dsl).exists()
    check = failed.checks.get()
    assert list(open_failures(provider)) == [check]
    check_follow_up(actor=it, check=check, text="Added the category to the blocklist.")
    run(provider, "not_blocked", on=device(provider, "Phone"), test_url=test_url, actor=it)
    run(provider, "blocked", on=laptop, test_url=test_url, actor=it)
    assert [c.device_type.name for c in open_failures(provider)] == ["Phone"]
    with pytest.raises(ConflictError):
        check_follow_up(actor=it, check=check, text="Again.")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"run_at": timezone.now() + timedelta(hours=1)}, "run_at"),
        ({"run_at": None}, "run_at"),
        ({"checks": []}, "checks"),
        ({"device_type": "not-an-id"}, "device_type"),
    ],
)
def test_bad_runs_are_refused(provider: Any, it: Any, change: dict[str, Any], field: str) -> None:
    values: dict[str, Any] = {
        "device_type": device(provider),
        "run_at": timezone.now(),
        "checks": [CheckIn(address(provider, it), "blocked")],
    }
    values.update(change)
    with pytest.raises(ValidationError) as exc:
        run_record(actor=it, provider=provider, **values)
    assert field in errors(exc)
    assert not TestRun.objects.for_provider(provider).exists()


def test_an_address_for_another_device_type_or_result_is_refused(provider: Any, it: Any) -> None:
    phone_only = address(provider, it, device_types=[device(provider, "Phone")])
    with pytest.raises(ValidationError) as exc:
        run_record(
            actor=it, provider=provider, device_type=device(provider), run_at=timezone.now(),
            checks=[CheckIn(phone_only, "blocked")],
        )  # fmt: skip
    assert "not an active test address" in str(errors(exc)["checks"])
    with pytest.raises(ValidationError):
        run_record(
            actor=it, provider=provider, device_type=device(provider, "Phone"),
            run_at=timezone.now(), checks=[CheckIn(phone_only, "maybe")],
        )  # fmt: skip


# --- unblock requests ---------------------------------------------------------------------------


def test_an_approval_writes_an_unblock_in_the_decision_log(
    provider: Any, it: Any, learner: Any
) -> None:
    request = unblock_request(provider, learner, url="https://Archive.Example/propaganda")
    assert Notification.objects.for_provider(provider).filter(user=it).exists()
    until = TODAY() + timedelta(days=14)
    decided = request_decide(
        actor=it, request=request, decision="approve", reason="Coursework.", until=until
    )
    assert decided.status == "approved"
    assert decided.approved_until == until
    logged = decided.decision
    assert logged is not None
    assert (logged.decision, logged.target, logged.until) == (
        "unblock_period",
        "archive.example",
        until,
    )
    assert "history" in logged.reason
    note = Notification.objects.for_provider(provider).get(user=learner)
    assert "archive" not in note.message.lower()
    with pytest.raises(ConflictError):
        request_decide(actor=it, request=request, decision="refuse", reason="No.")


def test_a_refusal_needs_a_reason_and_writes_no_decision(provider: Any, it: Any) -> None:
    request = unblock_request(provider)
    with pytest.raises(ValidationError) as exc:
        request_decide(actor=it, request=request, decision="refuse", reason="")
    assert "reason" in errors(exc)
    request_decide(actor=it, request=request, decision="refuse", reason="Use the library copy.")
    assert not Decision.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"decision": "approve", "until": None}, "until"),
        ({"decision": "approve", "until": TODAY() + timedelta(days=400)}, "until"),
        ({"decision": "approve", "scope": "everything"}, "scope"),
        ({"decision": "ok"}, "decision"),
    ],
)
def test_bad_decisions_on_requests_change_nothing(
    provider: Any, it: Any, values: dict[str, Any], field: str
) -> None:
    request = unblock_request(provider)
    values = {"reason": "Fine.", "until": TODAY() + timedelta(days=3), **values}
    with pytest.raises(ValidationError) as exc:
        request_decide(actor=it, request=request, **values)
    assert field in errors(exc)
    request.refresh_from_db()
    assert request.is_pending
    assert not Decision.objects.for_provider(provider).exists()


def test_asking_twice_for_a_site_still_waiting_is_refused(provider: Any, learner: Any) -> None:
    unblock_request(provider, learner, url="https://a.example/1")
    with pytest.raises(ConflictError):
        unblock_request(provider, learner, url="https://A.example/2")
    again = request_create(
        actor=learner, provider=provider, url="b.example", subject="other", reason="r",
        idempotency_key="same",
    )  # fmt: skip
    repeat = request_create(
        actor=learner, provider=provider, url="b.example", subject="other", reason="r",
        idempotency_key="same",
    )  # fmt: skip
    assert again.created
    assert not repeat.created
    assert UnblockRequest.objects.for_provider(provider).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"url": ""}, "url"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "http://[::1"}, "url"),
        ({"url": "https://exa mple.org"}, "url"),
        ({"subject": "maths"}, "subject"),
        ({"reason": " "}, "reason"),
    ],
)
def test_bad_requests_are_refused(
    provider: Any, learner: Any, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        unblock_request(provider, learner, **values)
    assert field in errors(exc)
    assert not UnblockRequest.objects.for_provider(provider).exists()
