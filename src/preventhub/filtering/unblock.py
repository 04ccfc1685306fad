"""Requests to unblock a website for study: a learner or member of staff asks (address, subject,
why); the IT manager or the safeguarding team approves it for a period or refuses it, with a
reason. An approval writes an "unblock for a period" entry in the decision log, so the log
holds every reason a site was let through.

Notifications carry a fixed phrase and a link, never the address or the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.selectors import users_holding
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.filtering.choices import (
    DecisionKind,
    RequestDecision,
    RequesterKind,
    RequestStatus,
    Subject,
    TargetKind,
)
from preventhub.filtering.cleaning import (
    Collected,
    clean_choice,
    clean_date,
    clean_text,
    clean_url,
    future,
    given,
)
from preventhub.filtering.models import UnblockRequest
from preventhub.filtering.permissions import DECIDERS
from preventhub.filtering.services import MAX_UNBLOCK_DAYS, actor_name, decision_create
from preventhub.notifications.services import notify

MAX_REASON = 2_000
WAITING_MESSAGE = "A request to unblock a website is waiting for a decision"
DECIDED_MESSAGE = "Your request to unblock a website has a decision"
SUBJECT_LABELS = dict(Subject.choices)


@dataclass(frozen=True)
class Asked:
    request: UnblockRequest
    created: bool


def requester_kind(actor: Any, provider: Provider) -> str:
    """Staff when the person holds the staff role (a member of staff who also studies here asks
    as staff); a learner otherwise."""
    roles = roles_for(actor, provider)
    if Role.STAFF in roles:
        return RequesterKind.STAFF
    if Role.LEARNER in roles:
        return RequesterKind.LEARNER
    raise ValidationError("Only learners and members of staff ask for a site to be unblocked.")


def request_create(
    *,
    actor: Any,
    provider: Provider,
    url: Any,
    subject: Any,
    reason: Any,
    idempotency_key: str | None = None,
) -> Asked:
    """Ask for ``url`` to be unblocked for study. The same request sent twice (the same
    idempotency key) returns the first; a second request for a site still waiting is refused."""
    if idempotency_key:
        earlier = _earlier(provider, actor, idempotency_key)
        if earlier is not None:
            return Asked(earlier, False)
    checks = Collected()
    address = checks.take(clean_url, url, "url")
    chosen = checks.take(clean_choice, subject, "subject", Subject, "the subject")
    why = checks.take(
        clean_text, reason, "reason",
        required="Say why you need the site for your study.", limit=MAX_REASON,
    )  # fmt: skip
    checks.raise_any()
    kind = requester_kind(actor, provider)
    try:
        with transaction.atomic():
            request = _create(actor, provider, address, chosen, why, kind, idempotency_key)
    except IntegrityError:
        earlier = _earlier(provider, actor, idempotency_key or "")
        if earlier is None:
            raise
        return Asked(earlier, False)
    return Asked(request, True)


def _create(
    actor: Any,
    provider: Provider,
    address: tuple[str, str],
    subject: str,
    reason: str,
    kind: str,
    key: str | None,
) -> UnblockRequest:
    waiting = UnblockRequest.objects.for_provider(provider).filter(
        requester=actor, domain=address[1], status=RequestStatus.PENDING
    )
    if waiting.select_for_update().exists():
        raise ConflictError(
            {"url": "You have already asked for this site: it is waiting for a decision."}
        )
    request = UnblockRequest.unscoped.create(
        provider=provider, requester=actor, requester_name=actor_name(actor),
        requester_kind=kind, url=address[0], domain=address[1], subject=subject,
        reason=reason, idempotency_key=key,
    )  # fmt: skip
    audit_record(
        actor=actor, action="create", obj=request,
        changed_fields=["url", "subject", "reason"], detail={"requester_kind": kind},
    )  # fmt: skip
    deciders = users_holding(provider, DECIDERS)
    link = reverse("filtering:request_detail", kwargs={"pk": request.pk})
    notify(provider=provider, users=deciders, message=WAITING_MESSAGE, url=link)
    return request


def _earlier(provider: Provider, actor: Any, key: str) -> UnblockRequest | None:
    found: UnblockRequest | None = (
        UnblockRequest.objects.for_provider(provider)
        .filter(requester=actor, idempotency_key=key)
        .first()
    )
    return found


def _approval(until: Any, scope: Any, today: date) -> tuple[date, str]:
    checks = Collected()
    end = checks.take(clean_date, until, "until", what="the last day of the unblock")
    if end is not None:
        end = checks.take(future, end, "until", today, "The last day")
        if end and end > today + timedelta(days=MAX_UNBLOCK_DAYS):
            checks.add(ValidationError({"until": "Unblock for at most a year."}))
    if scope not in (TargetKind.URL, TargetKind.DOMAIN):
        checks.add(
            ValidationError({"scope": "Choose whether to unblock the page or the whole site."})
        )
    checks.raise_any()
    return given(end), str(scope)


def request_decide(
    *,
    actor: Any,
    request: UnblockRequest,
    decision: Any,
    reason: Any,
    until: Any = None,
    scope: Any = TargetKind.DOMAIN,
) -> UnblockRequest:
    """Approve for a period (until ``until``; ``scope`` the page's URL or the whole domain) or
    refuse; the reason is required either way and is shown to the requester."""
    today = timezone.localdate()
    checks = Collected()
    chosen = checks.take(clean_choice, decision, "decision", RequestDecision, "approve or refuse")
    why = checks.take(
        clean_text, reason, "reason", required="Give the reason for the decision.",
        limit=MAX_REASON,
    )  # fmt: skip
    approval = checks.take(_approval, until, scope, today) if chosen == "approve" else None
    checks.raise_any()
    with transaction.atomic():
        locked: UnblockRequest = (
            UnblockRequest.objects.for_provider(request.provider_id)
            .select_for_update()
            .get(pk=request.pk)
        )
        if not locked.is_pending:
            raise ConflictError(
                f"This request was already decided ({locked.get_status_display().lower()})."
            )
        locked.decided_by = actor
        locked.decided_by_name = actor_name(actor)
        locked.decided_at = timezone.now()
        locked.decision_reason = why
        if approval is not None:
            _approve(actor, locked, approval, why)
        else:
            locked.status = RequestStatus.REFUSED
        locked.save()
        audit_record(
            actor=actor, action="update", obj=locked,
            changed_fields=["status", "decision_reason", "decided_at"],
            detail={"status": locked.status},
        )  # fmt: skip
        link = reverse("filtering:request_detail", kwargs={"pk": locked.pk})
        if locked.requester is not None:
            notify(
                provider=locked.provider, users=[locked.requester], message=DECIDED_MESSAGE,
                url=link,
            )  # fmt: skip
    return locked


def _approve(actor: Any, request: UnblockRequest, approval: tuple[date, str], why: str) -> None:
    until, scope = approval
    target = request.url if scope == TargetKind.URL else request.domain
    subject = SUBJECT_LABELS.get(request.subject, request.subject).lower()
    request.decision = decision_create(
        actor=actor, provider=request.provider, target_kind=scope, target=target,
        decision=DecisionKind.UNBLOCK_PERIOD,
        reason=f"Unblock request for study ({subject}): {why}", until=until, review_on=until,
    )  # fmt: skip
    request.status = RequestStatus.APPROVED
    request.approved_until = until


def request_record_view(*, actor: Any, request: UnblockRequest) -> None:
    """Every opening of a request (its reason is the requester's own words) is audited."""
    with transaction.atomic():
        audit_record(actor=actor, action="view", obj=request)


def requests_listed(*, actor: Any, provider: Provider, rows: int) -> None:
    """A list of requests with names was read (who, how many rows)."""
    with transaction.atomic():
        audit_record(
            actor=actor, action="view", object_type="filtering.unblockrequest",
            provider_id=provider.pk, detail={"list": True, "rows": rows},
        )  # fmt: skip
