"""Policy register API, mounted at /policies: the register (the page's filters), adding a
policy (JSON) and its document (multipart), and the findings (compliance area "leadership").

Staff read published policies (and drafts they own); senior leaders, the DSL, governors and
inspectors read every policy and the findings. An owner id of someone who does not work at
the provider answers 422.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Status, UploadedFile
from ninja.errors import HttpError

from preventhub.accounts.models import User
from preventhub.api.access import api_requires
from preventhub.core.findings import findings_for
from preventhub.core.models import Provider
from preventhub.partners.schemas import FindingsOut
from preventhub.policies import services
from preventhub.policies.documents import check_document
from preventhub.policies.filters import PolicyFilterSet
from preventhub.policies.models import Policy
from preventhub.policies.schemas import (
    PolicyIn,
    PolicyOut,
    PolicyPageOut,
    PolicyStatusKey,
    PolicyTypeKey,
    PreventAnswerKey,
    ReviewKey,
)
from preventhub.policies.selectors import get_policy_for_user, visible_policies

router = Router(tags=["policies"])
PAGE_SIZE = 50
FIELDS = (
    "policy_type", "title", "version", "status", "approved_on", "review_on",
    "acknowledgement_required",
)  # fmt: skip


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def policy_out(policy: Policy) -> dict[str, Any]:
    owner = policy.owner
    return {
        "id": policy.pk,
        "policy_type": policy.policy_type,
        "title": policy.title,
        "version": policy.version,
        "owner": (owner.get_full_name() or owner.username) if owner else None,
        "owner_id": policy.owner_id,
        "status": policy.status,
        "approved_on": policy.approved_on,
        "review_on": policy.review_on,
        "review_overdue": policy.review_overdue(timezone.localdate()),
        "refers_to_prevent": policy.refers_to_prevent or None,
        "prevent_detected": policy.prevent_detected,
        "detected_terms": policy.detected_terms,
        "related_terms": policy.related_terms,
        "refers_effectively": policy.refers_effectively,
        "document_name": policy.document_name or None,
        "acknowledgement_required": policy.acknowledgement_required,
    }


@router.get("", response=PolicyPageOut, summary="The policy register (50 a page)")
@api_requires("policies.view_register")
def list_policies(
    request: HttpRequest,
    q: str = "",
    policy_type: PolicyTypeKey | None = None,
    status: PolicyStatusKey | None = None,
    review: ReviewKey | None = None,
    prevent: PreventAnswerKey | None = None,
    page: int = 1,
) -> dict[str, Any]:
    filters = {"q": q, "policy_type": policy_type, "status": status, "review": review}
    filters["prevent"] = prevent
    data = {key: str(value) for key, value in filters.items() if value}
    rows = visible_policies(request.user, _provider(request))
    filterset = PolicyFilterSet(data, queryset=rows, request=request)
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    if not filterset.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise HttpError(422, "; ".join(problems))
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    results = list(paginator.page(page).object_list) if page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [policy_out(p) for p in results],
    }


def _owner(owner_id: int | None) -> User | None:
    """The named user, checked by the service against who works at the provider."""
    if owner_id is None:
        return None
    owner = User.objects.filter(pk=owner_id).first()
    if owner is None:
        raise ValidationError({"owner_id": "Choose someone who works here as the owner."})
    return owner


@router.post("", response={201: PolicyOut}, summary="Add a policy (409 if the title exists)")
@api_requires("policies.create")
def create_policy(request: HttpRequest, payload: PolicyIn) -> Status[dict[str, Any]]:
    data = services.PolicyIn(
        **{f: getattr(payload, f) for f in FIELDS},
        owner=_owner(payload.owner_id),
        refers_to_prevent=payload.refers_to_prevent or "",
    )
    policy = services.policy_create(actor=request.user, provider=_provider(request), data=data)
    return Status(201, policy_out(policy))


@router.post(
    "/{policy_id}/document",
    response=PolicyOut,
    summary="Upload the policy's document (multipart `file`: PDF, DOCX or TXT); it is read "
    "for Prevent terms",
)
@api_requires("policies.view_register")
def upload_document(
    request: HttpRequest, policy_id: uuid.UUID, file: File[UploadedFile | None] = None
) -> dict[str, Any]:
    policy = get_policy_for_user(request.user, _provider(request), policy_id)
    if not request.user.has_perm("policies.edit", policy):
        raise PermissionDenied
    if file is None:
        raise HttpError(422, "file: attach the document as the multipart field `file`.")
    checked = check_document(file)
    data = services.PolicyIn(
        **{f: getattr(policy, f) for f in FIELDS},
        owner=policy.owner,
        refers_to_prevent=policy.refers_to_prevent,
    )
    services.policy_update(actor=request.user, policy=policy, data=data, document=checked)
    return policy_out(policy)


@router.get(
    "/findings",
    response=FindingsOut,
    summary="Gaps in the policy register (compliance area 'leadership'), red first",
)
@api_requires("policies.view_findings")
def policy_findings(request: HttpRequest) -> dict[str, Any]:
    found = findings_for(_provider(request), only=["policies"])
    return {"count": len(found), "findings": [f.as_dict() for f in found]}
