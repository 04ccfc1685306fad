"""Risk assessment API (PRODUCT.md contract): add a risk, add an action to it, the quality check;
plus the register (on the page's FilterSet) and one risk with its actions.

Errors: 422 for bad input (a likelihood of 0 or 6, an unknown area, a due date before today, an
owner who does not work at this provider, malformed JSON), 409 for a risk or action that is
already there (same title in the same area, or on the same risk), 404 for a risk the caller may
not see (another provider's), 403 for a role that may not do it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Router, Status
from ninja.errors import HttpError

from preventhub.accounts.models import User
from preventhub.api.access import api_requires
from preventhub.core.models import Provider
from preventhub.risk.choices import band_of
from preventhub.risk.filters import RiskFilterSet
from preventhub.risk.models import Risk, RiskAction
from preventhub.risk.permissions import EDIT, VIEW
from preventhub.risk.quality import quality_findings
from preventhub.risk.schemas import ActionIn, ActionOut, FindingOut, RiskIn, RiskOut, RiskPageOut
from preventhub.risk.selectors import (
    get_risk_for_user,
    in_template_order,
    possible_owners,
    risks_with_actions,
)
from preventhub.risk.services import action_create, actor_name, is_overdue, risk_create

router = Router(tags=["risk assessment"])
PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def resolve_owner(provider: Provider, value: int | str | None, field: str) -> User | None:
    """A user id (number) or username (string) of someone working at ``provider``; anyone else
    — another provider's user, a learner, nobody — is the same 422, so nothing leaks."""
    if value is None or value == "":
        return None
    people = possible_owners(provider)
    found = (
        people.filter(pk=value).first()
        if isinstance(value, int)
        else people.filter(username__iexact=str(value).strip()).first()
    )
    if found is None:
        raise ValidationError({field: "No one with that user id or username works here."})
    return found


def action_out(action: RiskAction) -> dict[str, Any]:
    return {
        "id": str(action.pk),
        "risk_id": str(action.risk_id),
        "title": action.title,
        "owner": actor_name(action.owner) if action.owner_id else None,
        "owner_id": action.owner_id,
        "due_date": action.due_on,
        "status": action.status,
        "impact_measure": action.impact_measure,
        "evidence": action.evidence,
        "completed_on": action.completed_on,
        "overdue": is_overdue(action),
    }


def risk_out(risk: Risk) -> dict[str, Any]:
    residual = risk.residual_score
    return {
        "id": str(risk.pk),
        "area": risk.area,
        "title": risk.title,
        "description": risk.description,
        "hazard": risk.hazard,
        "controls": risk.controls,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "inherent_score": risk.inherent_score,
        "inherent_band": band_of(risk.inherent_score).value,
        "residual_likelihood": risk.residual_likelihood,
        "residual_impact": risk.residual_impact,
        "residual_score": residual,
        "residual_band": band_of(residual).value if residual else None,
        "sources": risk.sources,
        "source_note": risk.source_note,
        "owner": actor_name(risk.owner) if risk.owner_id else None,
        "owner_id": risk.owner_id,
        "review_on": risk.review_on,
        "created_at": risk.created_at,
        "actions": [action_out(a) for a in risk.actions.all()],
    }


def _fresh(provider: Provider, pk: Any) -> Risk:
    return risks_with_actions(provider).get(pk=pk)


@router.post(
    "/risks",
    response={201: RiskOut},
    summary="Add a risk to the assessment (dsl, deputy_dsl, senior_leader)",
    description=(
        "`likelihood` and `impact` are 1–5; residual values (after current controls) are both "
        "given or both left out, and neither is above its inherent value. `review_on` may not "
        "be in the past. A risk with the same title (any case) in the same area answers 409."
    ),
)
@api_requires(EDIT)
def create_risk(request: HttpRequest, payload: RiskIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    data = payload.dict()
    data["owner"] = resolve_owner(provider, data.pop("owner_id"), "owner_id")
    try:
        risk = risk_create(actor=request.user, provider=provider, **data)
    except ValidationError as exc:
        raise _renamed(exc, {"owner": "owner_id"}) from exc
    return Status(201, risk_out(_fresh(provider, risk.pk)))


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's field names as the API calls them."""
    if not hasattr(exc, "error_dict"):
        return exc
    renamed = {names.get(k, k): v for k, v in exc.message_dict.items()}
    return type(exc)(renamed)


@router.get(
    "/risks",
    response=RiskPageOut,
    summary="The risk register, filtered as on the page (area, band, likelihood, owner, ...)",
)
@api_requires(VIEW)
def list_risks(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    provider = _provider(request)
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    filterset = RiskFilterSet(request.GET, queryset=risks_with_actions(provider), request=request)
    if not filterset.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise HttpError(422, "; ".join(problems))
    rows = in_template_order(filterset.qs)
    paginator = Paginator(rows, PAGE_SIZE)
    results = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [risk_out(r) for r in results],
    }


@router.get("/risks/{risk_id}", response=RiskOut, summary="One risk with its actions")
@api_requires(VIEW)
def get_risk(request: HttpRequest, risk_id: uuid.UUID) -> dict[str, Any]:
    provider = _provider(request)
    risk = get_risk_for_user(request.user, provider, risk_id)
    return risk_out(_fresh(provider, risk.pk))


@router.post(
    "/risks/{risk_id}/actions",
    response={201: ActionOut},
    summary="Add an action to a risk (dsl, deputy_dsl, senior_leader)",
    description=(
        "`owner` is a user id (a JSON number) or a username (a JSON string) of someone who "
        "works at this provider; anyone else answers 422. `due_date` may not be before today. "
        "Owner, due date and impact measure may be left out while the plan is drafted: the "
        "quality check names each gap. The same title on the same risk answers 409."
    ),
)
@api_requires(EDIT)
def create_action(
    request: HttpRequest, risk_id: uuid.UUID, payload: ActionIn
) -> Status[dict[str, Any]]:
    provider = _provider(request)
    risk = get_risk_for_user(request.user, provider, risk_id)
    owner = resolve_owner(provider, payload.owner, "owner")
    action = action_create(
        actor=request.user,
        risk=risk,
        title=payload.title,
        owner=owner,
        due_date=payload.due_date,
        impact_measure=payload.impact_measure,
    )
    return Status(201, action_out(action))


@router.get(
    "/risk-assessment/quality",
    response=list[FindingOut],
    summary="The quality check: every tick-box weakness of the assessment, with why it matters",
)
@api_requires(VIEW)
def quality(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {**finding.as_dict(), "area": finding.area or None}
        for finding in quality_findings(_provider(request))
    ]
