"""The extract for partners (FE/HE Prevent forum, police Prevent team): refused and
conditionally approved speakers of a period, with the decision's conditions and a summary of
its rationale. Never the check notes, never the speaker's online presence.

A recorded share (``PartnerShare``) is shown again as it was shared: each request with the
decision that was in force when the share was recorded, even if it was re-decided since.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from preventhub.audit.filters import start_of_day
from preventhub.core.models import Provider
from preventhub.speakers.choices import Condition, Decision, RequestKind
from preventhub.speakers.models import EventRequest, PartnerShare, RequestDecision

SHARED_DECISIONS = (Decision.REFUSED, Decision.APPROVED_WITH_CONDITIONS)
SUMMARY_LENGTH = 240


@dataclass(frozen=True)
class ExtractRow:
    request_id: uuid.UUID
    reference: str
    is_letting: bool
    speaker: str
    organisation: str
    starts_at: datetime
    title: str
    decision: str
    decision_label: str
    conditions: list[str]
    rationale: str


def summary(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The first ``limit`` characters, cut at a word, with an ellipsis when shortened."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut}…"


def _conditions(decision: RequestDecision) -> list[str]:
    labels = [Condition(c).label if c in Condition.values else c for c in decision.conditions]
    if decision.conditions_detail:
        labels.append(decision.conditions_detail)
    return [str(label) for label in labels]


def _rows(request: EventRequest, decision: RequestDecision) -> list[ExtractRow]:
    """One row per speaker (a letting: one row naming the hirer)."""
    people = [(link.speaker.name, link.speaker.organisation) for link in request.speakers.all()]
    if request.kind == RequestKind.LETTING or not people:
        people = [("", request.hirer)]
    return [
        ExtractRow(
            request_id=request.pk,
            reference=request.reference,
            is_letting=request.kind == RequestKind.LETTING,
            speaker=name,
            organisation=organisation,
            starts_at=timezone.localtime(request.starts_at),
            title=request.title,
            decision=decision.decision,
            decision_label=decision.get_decision_display(),
            conditions=_conditions(decision) if decision.decision != Decision.REFUSED else [],
            rationale=summary(decision.rationale),
        )
        for name, organisation in people
    ]


def _requests(provider: Provider) -> QuerySet[EventRequest]:
    return (
        EventRequest.objects.for_provider(provider)
        .prefetch_related("speakers__speaker")
        .order_by("starts_at", "reference")
    )


def extract_rows(provider: Provider, start: date, end: date) -> list[ExtractRow]:
    """Requests of events from ``start`` to ``end`` (days in England) whose decision in force
    is a refusal or an approval with conditions."""
    decisions = RequestDecision.objects.for_provider(provider).filter(
        superseded=False,
        decision__in=list(SHARED_DECISIONS),
        request__starts_at__gte=start_of_day(start),
        request__starts_at__lt=start_of_day(end + timedelta(days=1)),
    )
    current: dict[uuid.UUID, RequestDecision] = {}
    for decision in decisions.order_by("created_at"):
        current[decision.request_id] = decision  # the latest in force wins
    requests = _requests(provider).filter(pk__in=list(current))
    return [row for r in requests for row in _rows(r, current[r.pk])]


def share_rows(share: PartnerShare) -> list[ExtractRow]:
    """The rows of a recorded share: its requests with the decisions in force when shared."""
    ids = [uuid.UUID(i) for i in share.request_ids]
    at_the_time: dict[uuid.UUID, RequestDecision] = {}
    decisions = RequestDecision.objects.for_provider(share.provider_id).filter(
        request_id__in=ids, created_at__lte=share.created_at
    )
    for decision in decisions.order_by("created_at"):
        at_the_time[decision.request_id] = decision
    requests = _requests(share.provider).filter(pk__in=list(at_the_time))
    return [row for r in requests for row in _rows(r, at_the_time[r.pk])]


def shares(provider: Provider) -> QuerySet[PartnerShare]:
    return PartnerShare.objects.for_provider(provider).select_related("shared_by")


def references_of(provider: Provider, share: PartnerShare) -> list[str]:
    return list(
        EventRequest.objects.for_provider(provider)
        .filter(pk__in=share.request_ids)
        .order_by("reference")
        .values_list("reference", flat=True)
    )
