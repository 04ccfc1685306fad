"""Who may reach each filtering page and API operation (merged into the route-access test).

Every object below belongs to the provider under test; another provider's users get 404. An
unblock request belongs to a learner who is not the user trying it, so a learner or member of
staff is told it does not exist.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.filtering.models import Responsibility, Review
from preventhub.filtering.permissions import (
    DECIDERS,
    EDITORS,
    READERS,
    REQUESTERS,
    SETTINGS,
    SIGNERS,
    TEST_PLANNERS,
    TESTERS,
)
from preventhub.filtering.review_services import ReviewIn, review_record
from preventhub.filtering.services import product_add
from preventhub.filtering.tests.helpers import (
    address,
    decision,
    device,
    run,
    unblock_request,
)
from preventhub.testing.route_cases import Case

VIEW = frozenset(READERS)
EDIT = frozenset(EDITORS)
TEST = frozenset(TESTERS)
PLAN = frozenset(TEST_PLANNERS)
DECIDE = frozenset(DECIDERS)
ASK = frozenset(REQUESTERS)
SIGN = frozenset(SIGNERS)


def _stamp() -> str:
    return f"{timezone.now():%H%M%S%f}"


def _product(p: Provider) -> dict[str, Any]:
    row = product_add(
        actor=None, provider=p, kind="filtering", name=f"Filter {_stamp()}",
        from_date=timezone.localdate(),
    )  # fmt: skip
    return {"pk": row.pk}


def _review(p: Provider) -> Review:
    day = timezone.localdate() - timedelta(days=Review.objects.for_provider(p).count())
    data = ReviewIn(
        reviewed_on=day, participants=["Helen Okafor (Principal)"], checklist=["alerts"],
        findings="Alerts reach the dsl within the hour.",
    )  # fmt: skip
    return review_record(actor=None, provider=p, data=data)


def _pk(make: Any) -> Any:
    return lambda p: {"pk": make(p).pk}


def _failed_check(p: Provider) -> dict[str, Any]:
    return {"pk": run(p, "not_blocked").checks.get().pk}


def _fmt(p: Provider) -> dict[str, Any]:
    return {"fmt": "csv"}


PAGES: dict[str, Case] = {
    "filtering:overview": Case(VIEW),
    "filtering:responsibilities": Case(VIEW),
    "filtering:person_set": Case(EDIT, kwargs=lambda p: {"kind": "governor"}),
    "filtering:product_new": Case(EDIT),
    "filtering:responsibility_end": Case(EDIT, kwargs=_product, object_bound=True),
    "filtering:settings": Case(frozenset(SETTINGS)),
    "filtering:decisions": Case(VIEW),
    "filtering:decision_new": Case(EDIT),
    "filtering:decision_detail": Case(VIEW, kwargs=_pk(decision), object_bound=True),
    "filtering:decisions_export": Case(VIEW, kwargs=_fmt),
    "filtering:reviews": Case(VIEW),
    "filtering:review_new": Case(EDIT),
    "filtering:review_detail": Case(VIEW, kwargs=_pk(_review), object_bound=True),
    "filtering:tests": Case(VIEW),
    "filtering:test_plan": Case(TEST),
    "filtering:device_toggle": Case(
        PLAN, method="POST", kwargs=_pk(device), ok=(302,), object_bound=True
    ),
    "filtering:address_new": Case(PLAN),
    "filtering:address_edit": Case(PLAN, kwargs=_pk(address), object_bound=True),
    "filtering:run_new": Case(TEST),
    "filtering:run_detail": Case(VIEW, kwargs=_pk(run), object_bound=True),
    "filtering:check_follow_up": Case(TEST, kwargs=_failed_check, object_bound=True),
    "filtering:requests": Case(VIEW),
    "filtering:my_requests": Case(ASK),
    "filtering:request_new": Case(ASK),
    "filtering:request_detail": Case(VIEW, kwargs=_pk(unblock_request), object_bound=True),
    "filtering:request_decide": Case(DECIDE, kwargs=_pk(unblock_request), object_bound=True),
}


def _ids(key: str, make: Any) -> Any:
    return lambda p: {key: make(p).pk}


def _new_decision(p: Provider) -> dict[str, Any]:
    return {
        "target_kind": "domain", "target": f"d{_stamp()}.example", "decision": "block",
        "reason": "Proxy avoidance.",
    }  # fmt: skip


def _new_review(p: Provider) -> dict[str, Any]:
    count = Review.objects.for_provider(p).count()
    day = timezone.localdate() - timedelta(days=30 + count)
    return {
        "reviewed_on": day.isoformat(), "participants": ["Priya Patel (IT)"],
        "checklist": ["what_blocked"], "findings": "The filter blocks the categories we chose.",
    }  # fmt: skip


def _new_run(p: Provider) -> dict[str, Any]:
    laptop = device(p)
    return {
        "device_type_id": str(laptop.pk),
        "run_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "checks": [{"test_url_id": str(address(p).pk), "result": "blocked"}],
    }


def _new_request(p: Provider) -> dict[str, Any]:
    return {
        "url": f"https://r{_stamp()}.example/page", "subject": "politics",
        "reason": "Essay on party manifestos.",
    }  # fmt: skip


def _end_products(p: Provider) -> None:
    Responsibility.objects.for_provider(p).filter(name="Acme Filter").delete()


BASE = "/api/v1/filtering"
API: dict[tuple[str, str], Case] = {
    ("GET", BASE + "/responsibilities"): Case(VIEW),
    ("POST", BASE + "/responsibilities"): Case(
        EDIT,
        data=lambda p: {
            "kind": "filtering",
            "name": "Acme Filter",
            "from_date": timezone.localdate().isoformat(),
        },
        ok=(201,),
        cleanup=_end_products,
    ),  # fmt: skip
    ("GET", BASE + "/decisions"): Case(VIEW),
    ("POST", BASE + "/decisions"): Case(EDIT, data=_new_decision, ok=(201,)),
    ("GET", BASE + "/reviews"): Case(VIEW),
    ("GET", BASE + "/reviews/{review_id}"): Case(VIEW, kwargs=_ids("review_id", _review)),
    ("POST", BASE + "/reviews"): Case(EDIT, data=_new_review, ok=(201,)),
    ("POST", BASE + "/reviews/{review_id}/sign-off"): Case(SIGN, kwargs=_ids("review_id", _review)),
    ("GET", BASE + "/tests/device-types"): Case(VIEW),
    ("GET", BASE + "/tests/urls"): Case(VIEW),
    ("GET", BASE + "/tests/runs"): Case(VIEW),
    ("POST", BASE + "/tests/runs"): Case(TEST, data=_new_run, ok=(201,)),
    ("POST", BASE + "/unblock-requests"): Case(ASK, data=_new_request, ok=(201,)),
    ("GET", BASE + "/unblock-requests"): Case(VIEW | ASK),
    ("POST", BASE + "/unblock-requests/{request_id}/decision"): Case(
        DECIDE,
        kwargs=_ids("request_id", unblock_request),
        data=lambda p: {"decision": "refuse", "reason": "Use the library's copy instead."},
    ),
    ("GET", BASE + "/findings"): Case(VIEW),
}
