"""Filtering governance API, mounted at /api/v1/filtering.

Responsibilities, the decision log, reviews and filter-test runs: the governance readers list
them (governor and inspector included); the IT manager, the safeguarding team and senior
leaders record them. Unblock requests: learners and staff create theirs and list their own;
the IT manager and the safeguarding team list all (with names) and decide. Bad input answers
422 naming the field, a duplicate 409, a record the caller may not see 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from preventhub.api.access import api_requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.filtering import permissions as perms
from preventhub.filtering.choices import PERSON_KINDS
from preventhub.filtering.filter_tests import CheckIn, run_record
from preventhub.filtering.filters import DecisionFilterSet
from preventhub.filtering.models import Decision, Responsibility, Review, TestRun, UnblockRequest
from preventhub.filtering.review_services import (
    ActionIn,
    online_risks,
    review_record,
    review_record_view,
    review_sign_off,
)
from preventhub.filtering.review_services import ReviewIn as ReviewData
from preventhub.filtering.schemas import (
    DecisionPageOut,
    DeviceTypeOut,
    FilterDecisionIn,
    FilterDecisionOut,
    FilteringFindingOut,
    RequestDecisionIn,
    ResponsibilitiesOut,
    ResponsibilityIn,
    ResponsibilityOut,
    ReviewDetailOut,
    ReviewIn,
    ReviewOut,
    RunIn,
    RunOut,
    SignOffIn,
    TestUrlOut,
    UnblockRequestIn,
    UnblockRequestOut,
)
from preventhub.filtering.selectors import (
    addresses,
    decisions_for_user,
    device_types,
    get_request_to_decide,
    get_review_for_user,
    requests_for_user,
    responsibilities,
    reviews_for_user,
    runs_for_user,
    with_superseded,
)
from preventhub.filtering.services import decision_record, person_name, product_add
from preventhub.filtering.unblock import request_create, request_decide, requests_listed
from preventhub.risk.selectors import possible_owners

router = Router(tags=["filtering governance"])
PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def responsibility_out(row: Responsibility | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "id": row.pk, "kind": row.kind, "name": row.name, "user_id": row.user_id,
        "supplier": row.supplier, "notes": row.notes, "from_date": row.from_date,
        "to_date": row.to_date,
    }  # fmt: skip


def decision_out(d: Decision) -> dict[str, Any]:
    return {
        "id": d.pk, "target_kind": d.target_kind, "target": d.target, "decision": d.decision,
        "reason": d.reason, "until": d.until, "review_on": d.review_on,
        "decided_by": d.decided_by_name, "decided_at": d.decided_at,
        "superseded": bool(getattr(d, "superseded", False)),
    }  # fmt: skip


def review_out(r: Review, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": r.pk, "reviewed_on": r.reviewed_on, "participants": r.participants,
        "checklist": r.checklist, "status": r.status, "signed_off_by": r.signed_off_by_name,
        "signed_off_at": r.signed_off_at,
        "actions": [
            {"title": a.title, "risk_action_id": a.risk_action_id} for a in r.actions.all()
        ],
    }  # fmt: skip
    if full:
        out |= {"findings": r.findings, "item_notes": r.item_notes}
    return out


def run_out(run: TestRun) -> dict[str, Any]:
    return {
        "id": run.pk, "device_type_id": run.device_type_id, "device_type": run.device_type.name,
        "run_at": run.run_at, "network": run.network, "tested_by": run.tested_by_name,
        "checks": [
            {
                "id": c.pk, "test_url_id": c.test_url_id, "url": c.test_url.url,
                "category": c.test_url.category, "result": c.result, "notes": c.notes,
                "followed_up_at": c.followed_up_at,
            }
            for c in run.checks.all()
        ],
    }  # fmt: skip


def request_out(r: UnblockRequest, *, names: bool) -> dict[str, Any]:
    return {
        "id": r.pk, "url": r.url, "domain": r.domain, "subject": r.subject,
        "requester_kind": r.requester_kind,
        "requester": r.requester_name if names else None,
        "reason": r.reason if names else None,
        "status": r.status, "created_at": r.created_at, "decided_at": r.decided_at,
        "decided_by": r.decided_by_name, "decision_reason": r.decision_reason,
        "approved_until": r.approved_until, "decision_id": r.decision_id,
    }  # fmt: skip


# --- responsibilities ---------------------------------------------------------------------------


@router.get(
    "/responsibilities",
    response=ResponsibilitiesOut,
    summary="The named senior leader and governor, the products in use, and the history",
)
@api_requires(perms.VIEW)
def list_responsibilities(request: HttpRequest) -> dict[str, Any]:
    named = responsibilities(_provider(request))
    return {
        "senior_leader": responsibility_out(named.senior_leader),
        "governor": responsibility_out(named.governor),
        "filtering": [responsibility_out(r) for r in named.filtering],
        "monitoring": [responsibility_out(r) for r in named.monitoring],
        "history": [responsibility_out(r) for r in named.history],
    }


@router.post(
    "/responsibilities",
    response={201: ResponsibilityOut},
    summary="Name the responsible senior leader or governor, or record a product in use",
    description="Naming someone ends the current holder the day before. A senior leader is a "
    "user_id holding senior_leader; a governor a user_id holding governor or a name. Naming the "
    "current holder again, or a product already in use, answers 409.",
)
@api_requires(perms.EDIT)
def create_responsibility(request: HttpRequest, payload: ResponsibilityIn) -> Status[Any]:
    provider = _provider(request)
    if payload.kind in PERSON_KINDS:
        user = None
        if payload.user_id is not None:
            from preventhub.accounts.models import User

            user = User.objects.filter(pk=payload.user_id).first()
            if user is None:
                raise ValidationError({"user_id": "No such user."})
        row = person_name(
            actor=request.user, provider=provider, kind=payload.kind, user=user,
            name=payload.name, from_date=payload.from_date, notes=payload.notes,
        )  # fmt: skip
    else:
        row = product_add(
            actor=request.user, provider=provider, kind=payload.kind, name=payload.name,
            supplier=payload.supplier, from_date=payload.from_date, notes=payload.notes,
        )  # fmt: skip
    return Status(201, responsibility_out(row))


# --- decisions ----------------------------------------------------------------------------------


class DecisionFilters(Schema):
    decision: str | None = None
    target_kind: str | None = None
    review: str | None = None
    q: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    page: int = 1


@router.get("/decisions", response=DecisionPageOut, summary="The block/allow decision log")
@api_requires(perms.VIEW)
def list_decisions(request: HttpRequest, filters: Query[DecisionFilters]) -> dict[str, Any]:
    filterset = DecisionFilterSet(
        request.GET,
        queryset=decisions_for_user(request.user, _provider(request)).order_by("-decided_at"),
        request=request,
    )
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.get_json_data())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(_page(request))
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [decision_out(d) for d in page.object_list],
    }


@router.post(
    "/decisions",
    response={201: FilterDecisionOut, 200: FilterDecisionOut},
    summary="Record a block, allow or unblock-for-a-period decision",
    description="The reason is required; an allow needs review_on, an unblock_period needs "
    "until (in the future, at most a year). A domain is stored IDNA-encoded. Repeating an "
    "idempotency key answers 200 with the decision first recorded.",
)
@api_requires(perms.EDIT)
def create_decision(request: HttpRequest, payload: FilterDecisionIn) -> Status[Any]:
    data = payload.dict()
    key = data.pop("idempotency_key") or request.headers.get("Idempotency-Key")
    recorded = decision_record(
        actor=request.user, provider=_provider(request), idempotency_key=key, **data
    )
    decision = with_superseded(
        Decision.objects.for_provider(_provider(request)).filter(pk=recorded.decision.pk)
    ).get()
    return Status(201 if recorded.created else 200, decision_out(decision))


# --- reviews ------------------------------------------------------------------------------------


@router.get("/reviews", response=list[ReviewOut], summary="The annual reviews, newest first")
@api_requires(perms.VIEW)
def list_reviews(request: HttpRequest) -> list[dict[str, Any]]:
    reviews = reviews_for_user(request.user, _provider(request)).prefetch_related("actions")
    return [review_out(r) for r in reviews.order_by("-reviewed_on")]


@router.get(
    "/reviews/{review_id}", response=ReviewDetailOut, summary="One review with its findings"
)
@api_requires(perms.VIEW)
def get_review(request: HttpRequest, review_id: uuid.UUID) -> dict[str, Any]:
    review = get_review_for_user(request.user, _provider(request), review_id)
    review_record_view(actor=request.user, review=review)
    return review_out(review, full=True)


@router.post(
    "/reviews",
    response={201: ReviewOut},
    summary="Record an annual review; its actions go into the risk action plan",
    description="Actions need risk_id, a risk of the 'online' area; each is created in the "
    "action plan with its owner, due date and impact measure. All or nothing: a refused "
    "action (422) saves nothing. A second review on the same date answers 409.",
)
@api_requires(perms.EDIT)
def create_review(request: HttpRequest, payload: ReviewIn) -> Status[Any]:
    provider = _provider(request)
    risk = None
    if payload.risk_id is not None:
        risk = online_risks(provider).filter(pk=payload.risk_id).first()
        if risk is None:
            raise ValidationError({"risk_id": "No such risk in the IT and online safety area."})
    owners = {u.pk: u for u in possible_owners(provider)}
    actions = []
    for index, action in enumerate(payload.actions, start=1):
        owner = owners.get(action.owner_id) if action.owner_id is not None else None
        if action.owner_id is not None and owner is None:
            raise ValidationError({"actions": f"Action {index}: no such member of staff."})
        actions.append(ActionIn(action.title, owner, action.due_date, action.impact_measure))
    data = ReviewData(
        reviewed_on=payload.reviewed_on, participants=payload.participants,
        checklist=list(payload.checklist), findings=payload.findings,
        item_notes={str(k): v for k, v in payload.item_notes.items()}, actions=actions, risk=risk,
    )  # fmt: skip
    review = review_record(actor=request.user, provider=provider, data=data)
    return Status(201, review_out(review))


@router.post(
    "/reviews/{review_id}/sign-off",
    response=ReviewOut,
    summary="Sign a review off (senior leader)",
    description="A review already signed off answers 409.",
)
@api_requires(perms.SIGN_OFF)
def sign_off_review(request: HttpRequest, review_id: uuid.UUID, payload: SignOffIn) -> Any:
    review = get_review_for_user(request.user, _provider(request), review_id)
    return review_out(review_sign_off(actor=request.user, review=review, note=payload.note))


# --- filter tests -------------------------------------------------------------------------------


@router.get("/tests/device-types", response=list[DeviceTypeOut], summary="The device types")
@api_requires(perms.VIEW)
def list_device_types(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"id": d.pk, "name": d.name, "is_active": d.is_active}
        for d in device_types(_provider(request))
    ]


@router.get("/tests/urls", response=list[TestUrlOut], summary="The test addresses")
@api_requires(perms.VIEW)
def list_test_urls(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": u.pk,
            "category": u.category,
            "url": u.url,
            "is_active": u.is_active,
            "device_type_ids": [d.pk for d in u.device_types.all()],
        }  # fmt: skip
        for u in addresses(_provider(request))
    ]


@router.get("/tests/runs", response=list[RunOut], summary="Filter test runs, newest first")
@api_requires(perms.VIEW)
def list_runs(request: HttpRequest) -> list[dict[str, Any]]:
    runs = runs_for_user(request.user, _provider(request)).prefetch_related("checks__test_url")
    page = Paginator(runs.order_by("-run_at"), PAGE_SIZE).get_page(_page(request))
    return [run_out(r) for r in page.object_list]


@router.post(
    "/tests/runs",
    response={201: RunOut, 200: RunOut},
    summary="Record a filter test run on one device type",
    description="Each check names an active test address that applies to the device type; "
    "a run in the future, an unknown address or a repeated one answers 422. A not_blocked "
    "result tells the safeguarding team and IT (a link, no address).",
)
@api_requires(perms.RECORD_TESTS)
def create_run(request: HttpRequest, payload: RunIn) -> Status[Any]:
    recorded = run_record(
        actor=request.user, provider=_provider(request), device_type=payload.device_type_id,
        run_at=payload.run_at, network=payload.network, notes=payload.notes,
        checks=[CheckIn(c.test_url_id, c.result, c.notes) for c in payload.checks],
        idempotency_key=payload.idempotency_key or request.headers.get("Idempotency-Key"),
    )  # fmt: skip
    return Status(201 if recorded.created else 200, run_out(recorded.run))


# --- unblock requests ---------------------------------------------------------------------------


@router.post(
    "/unblock-requests",
    response={201: UnblockRequestOut, 200: UnblockRequestOut},
    summary="Ask for a website to be unblocked for study (learners and staff)",
    description="A second request for a site of yours still waiting answers 409; repeating an "
    "idempotency key answers 200 with the first request.",
)
@api_requires(perms.REQUEST)
def create_request(request: HttpRequest, payload: UnblockRequestIn) -> Status[Any]:
    data = payload.dict()
    key = data.pop("idempotency_key") or request.headers.get("Idempotency-Key")
    asked = request_create(
        actor=request.user, provider=_provider(request), idempotency_key=key, **data
    )
    return Status(201 if asked.created else 200, request_out(asked.request, names=True))


@router.get(
    "/unblock-requests",
    response=list[UnblockRequestOut],
    summary="Unblock requests: your own; every request for those who decide (with names) and "
    "the governance readers (without)",
)
@api_requires(perms.VIEW_OR_REQUEST)
def list_requests(request: HttpRequest) -> list[dict[str, Any]]:
    provider = _provider(request)
    names = request.user.has_perm(perms.SEE_REQUESTERS, provider)
    rows = requests_for_user(request.user, provider).order_by("-created_at")
    page = list(Paginator(rows, PAGE_SIZE).get_page(_page(request)).object_list)
    if names:
        requests_listed(actor=request.user, provider=provider, rows=len(page))
    return [request_out(r, names=names or r.requester_id == request.user.pk) for r in page]


@router.post(
    "/unblock-requests/{request_id}/decision",
    response=UnblockRequestOut,
    summary="Approve for a period, or refuse (IT manager, safeguarding team)",
    description="An approval needs until (in the future, at most a year) and writes an "
    "unblock_period decision for the domain (or the URL, scope=url). A request already "
    "decided answers 409.",
)
@api_requires(perms.DECIDE)
def decide_request(
    request: HttpRequest, request_id: uuid.UUID, payload: RequestDecisionIn
) -> dict[str, Any]:
    unblock = get_request_to_decide(request.user, _provider(request), request_id)
    decided = request_decide(actor=request.user, request=unblock, **payload.dict())
    return request_out(decided, names=True)


# --- findings -----------------------------------------------------------------------------------


@router.get(
    "/findings",
    response=list[FilteringFindingOut],
    summary="What the compliance view shows about filtering governance (area 'online_safety')",
)
@api_requires(perms.VIEW)
def list_findings(request: HttpRequest) -> list[dict[str, Any]]:
    return [f.as_dict() for f in findings_for(_provider(request), only=["filtering"])]
