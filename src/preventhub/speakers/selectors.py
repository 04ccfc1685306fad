"""Reads for speakers, events and lettings, through the user's role and relationship.

A request the user may not see answers 404. Previous appearances of a speaker are found by
the speaker's match key, at this provider and, when the provider shares its register with its
group, at the group's other providers that share theirs too.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.core.models import Provider
from preventhub.speakers.choices import APPROVED_STATUSES, RiskLevel, Status
from preventhub.speakers.models import (
    EventRequest,
    Material,
    RequestDecision,
    RequestSpeaker,
    Speaker,
    SpeakerSettings,
)
from preventhub.speakers.permissions import MANAGERS
from preventhub.speakers.services import settings_for


def visible_requests(user: Any, provider: Provider) -> QuerySet[EventRequest]:
    """Managers (coordinator, senior leader, safeguarding team) see all; organisers their own."""
    requests = EventRequest.objects.for_provider(provider)
    if roles_for(user, provider) & set(MANAGERS):
        return requests
    return requests.filter(organiser=user)


def get_request_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> EventRequest:
    try:
        found: EventRequest = (
            visible_requests(user, provider).select_related("site", "organiser").get(pk=pk)
        )
    except (EventRequest.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such request.") from exc
    return found


def register(provider: Provider) -> QuerySet[EventRequest]:
    """The central register: every request, newest event first."""
    return (
        EventRequest.objects.for_provider(provider)
        .select_related("site")
        .prefetch_related("speakers__speaker")
        .order_by("-starts_at", "-created_at")
    )


@dataclass(frozen=True)
class Appearance:
    provider_name: str
    reference: str
    title: str
    starts_at: datetime
    status: str
    status_label: str
    same_provider: bool


def _sharing_provider_ids(provider: Provider) -> list[int]:
    if provider.group_id is None or not settings_for(provider).share_register_with_group:
        return [provider.pk]
    sharing = SpeakerSettings.objects.filter(
        provider__group_id=provider.group_id, share_register_with_group=True
    ).values_list("provider_id", flat=True)
    return sorted({provider.pk, *sharing})


def previous_appearances(
    speaker: Speaker, *, exclude_request: EventRequest | None = None
) -> list[Appearance]:
    """Every other request naming this speaker, here or at sharing providers of the group."""
    provider = speaker.provider
    links = (
        RequestSpeaker.unscoped.filter(
            provider_id__in=_sharing_provider_ids(provider),
            speaker__match_key=speaker.match_key,
        )
        .select_related("request", "request__provider")
        .order_by("-request__starts_at")
    )
    if exclude_request is not None:
        links = links.exclude(request=exclude_request)
    return [
        Appearance(
            provider_name=link.request.provider.name,
            reference=link.request.reference,
            title=link.request.title,
            starts_at=link.request.starts_at,
            status=link.request.status,
            status_label=link.request.get_status_display(),
            same_provider=link.provider_id == provider.pk,
        )
        for link in links[:50]
    ]


# --- compliance signals (issue 4, item 6) ------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    code: str
    request: EventRequest
    message: str


def held_without_approval(provider: Provider) -> QuerySet[EventRequest]:
    """Events recorded as held whose current decision was never an approval."""
    approved = RequestDecision.objects.for_provider(provider).filter(
        superseded=False, decision__in=list(APPROVED_STATUSES)
    )
    return (
        EventRequest.objects.for_provider(provider)
        .filter(status=Status.HELD)
        .exclude(pk__in=approved.values("request_id"))
    )


def outcome_missing(provider: Provider, now: datetime | None = None) -> QuerySet[EventRequest]:
    """Approved events that ended more than the configured days ago with no outcome."""
    now = now or timezone.now()
    days = settings_for(provider).outcome_overdue_days
    return EventRequest.objects.for_provider(provider).filter(
        status__in=list(APPROVED_STATUSES), ends_at__lt=now - timedelta(days=days)
    )


def approved_by_wrong_role(provider: Provider) -> QuerySet[EventRequest]:
    """Current approvals whose approver's role is not allowed at that risk level (e.g. after
    the settings were tightened, or a late request approved by someone other than a senior
    leader)."""
    approvers = settings_for(provider).approvers
    wrong = Q()
    for level in RiskLevel.values:
        allowed = approvers.get(level) or [Role.SENIOR_LEADER]
        wrong |= Q(risk_level=level) & ~Q(decided_as__in=allowed)
    wrong |= Q(request__late=True) & ~Q(decided_as=Role.SENIOR_LEADER)
    decisions = RequestDecision.objects.for_provider(provider).filter(
        Q(superseded=False, decision__in=list(APPROVED_STATUSES)) & wrong
    )
    return EventRequest.objects.for_provider(provider).filter(pk__in=decisions.values("request_id"))


def compliance_signals(provider: Provider, now: datetime | None = None) -> list[Signal]:
    signals = [
        Signal("held_without_approval", r, f"{r.reference} was held without approval.")
        for r in held_without_approval(provider)
    ]
    signals += [
        Signal("outcome_missing", r, f"{r.reference} ended with no outcome recorded.")
        for r in outcome_missing(provider, now)
    ]
    signals += [
        Signal(
            "approved_by_wrong_role",
            r,
            f"{r.reference} ({r.get_risk_level_display().lower()} risk) was approved by a role "
            "not allowed to approve it.",
        )
        for r in approved_by_wrong_role(provider)
    ]
    return signals


def current_decision(request: EventRequest) -> RequestDecision | None:
    return request.decisions.filter(superseded=False).order_by("-created_at").first()


# --- the organiser's and the managers' lists ----------------------------------------------------


def own_requests(user: Any, provider: Provider) -> QuerySet[EventRequest]:
    """The requests this user organised, soonest event first, with what the list shows."""
    return (
        EventRequest.objects.for_provider(provider)
        .filter(organiser=user)
        .select_related("outcome")
        .prefetch_related("decisions")
        .order_by("-starts_at", "-created_at")
    )


QUEUE_VIEWS = {
    "to_decide": "To check and decide",
    "upcoming": "Approved, coming up",
    "outcome_due": "Outcome to record",
}


def queue(
    user: Any, provider: Provider, view: str, now: datetime | None = None
) -> QuerySet[EventRequest]:
    """The managers' work: requests to decide (soonest first), approved events coming up, and
    events that have ended with no outcome recorded."""
    now = now or timezone.now()
    rows = visible_requests(user, provider).select_related("site")
    if view == "upcoming":
        return rows.filter(status__in=list(APPROVED_STATUSES), ends_at__gte=now).order_by(
            "starts_at"
        )
    if view == "outcome_due":
        return rows.filter(
            status__in=[*APPROVED_STATUSES, Status.SUBMITTED], ends_at__lt=now
        ).order_by("starts_at")
    return rows.filter(status=Status.SUBMITTED, ends_at__gte=now).order_by("starts_at")


def queue_counts(user: Any, provider: Provider) -> dict[str, int]:
    return {key: queue(user, provider, key).count() for key in QUEUE_VIEWS}


def get_material(request: EventRequest, pk: uuid.UUID | str) -> Material:
    try:
        found: Material = request.materials.get(pk=pk)
    except (Material.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such file.") from exc
    return found


def get_link(request: EventRequest, pk: uuid.UUID | str) -> RequestSpeaker:
    try:
        found: RequestSpeaker = request.speakers.select_related("speaker").get(pk=pk)
    except (RequestSpeaker.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such speaker on this request.") from exc
    return found
