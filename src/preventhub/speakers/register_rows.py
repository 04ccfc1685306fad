"""Rows of the central register, read once for the page and the exports alike.

A row holds what the register shows of a request: its speakers, the decision in force, the
kinds and outcomes of its checks (never their notes: the notes column is not even read), and
what happened at the event. Four queries for any number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.core.models import Provider
from preventhub.speakers.choices import (
    BritishValue,
    CheckKind,
    CheckOutcome,
    Condition,
    RequestKind,
)
from preventhub.speakers.models import (
    Check,
    EventOutcome,
    EventRequest,
    RequestDecision,
)
from preventhub.speakers.selectors import register

CHUNK = 500


def register_queryset(provider: Provider) -> QuerySet[EventRequest]:
    """The register with everything a row needs, check notes deferred (never decrypted)."""
    return (
        register(provider)
        .select_related("department", "outcome")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=RequestDecision.unscoped.filter(superseded=False).order_by("-created_at"),
                to_attr="decisions_in_force",
            ),
            Prefetch(
                "checks",
                queryset=Check.unscoped.only("id", "request_id", "kind", "outcome", "created_at"),
                to_attr="check_summaries",
            ),
        )
    )


@dataclass(frozen=True)
class SpeakerName:
    name: str
    organisation: str

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


SHORT_KINDS = {
    CheckKind.INTERNET_SEARCH: "Internet search",
    CheckKind.POLICE_PREVENT: "Police Prevent",
    CheckKind.DFE_COORDINATOR: "DfE coordinator",
    CheckKind.MATERIALS_REVIEW: "Materials review",
}
SHORT_OUTCOMES = {
    CheckOutcome.CLEAR: "clear",
    CheckOutcome.CONCERN: "concern found",
    CheckOutcome.CONSENT_REFUSED: "consent refused",
}


@dataclass(frozen=True)
class CheckSummary:
    kind: str
    outcome: str

    @property
    def flagged(self) -> bool:
        return self.outcome != CheckOutcome.CLEAR

    @property
    def short(self) -> str:
        """For the page's narrow column, e.g. "Internet search: clear"."""
        kind = SHORT_KINDS.get(CheckKind(self.kind), self.kind)
        return f"{kind}: {SHORT_OUTCOMES.get(CheckOutcome(self.outcome), self.outcome)}"

    @property
    def kind_label(self) -> str:
        return str(CheckKind(self.kind).label)

    @property
    def outcome_label(self) -> str:
        return str(CheckOutcome(self.outcome).label)

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.outcome_label}"


@dataclass(frozen=True)
class RegisterRow:
    request: EventRequest
    speakers: list[SpeakerName]
    decision: RequestDecision | None
    checks: list[CheckSummary]
    outcome: EventOutcome | None

    @property
    def is_letting(self) -> bool:
        return bool(self.request.kind == RequestKind.LETTING)

    @property
    def starts(self) -> datetime:
        return timezone.localtime(self.request.starts_at)

    @property
    def ends(self) -> datetime:
        return timezone.localtime(self.request.ends_at)

    @property
    def conditions(self) -> list[str]:
        if self.decision is None:
            return []
        labels = [_label(Condition, c) for c in self.decision.conditions]
        if self.decision.conditions_detail:
            labels.append(self.decision.conditions_detail)
        return labels

    @property
    def decided_by(self) -> str:
        decision = self.decision
        if decision is None:
            return ""
        role = _label(Role, decision.decided_as).lower() if decision.decided_as else ""
        return f"{decision.decided_by_name} ({role})" if role else decision.decided_by_name

    @property
    def values(self) -> list[str]:
        if self.outcome is None:
            return []
        return [_label(BritishValue, v) for v in self.outcome.values_addressed]

    @property
    def place(self) -> str:
        site = self.request.site.name if self.request.site else ""
        return f"{self.request.venue}, {site}" if site else self.request.venue

    @property
    def organiser(self) -> str:
        department = self.request.department
        name = self.request.organiser_name
        return f"{name}, {department.name}" if department else name


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _outcome(request: EventRequest) -> EventOutcome | None:
    try:
        found: EventOutcome = request.outcome
    except ObjectDoesNotExist:
        return None
    return found


def row_for(request: EventRequest) -> RegisterRow:
    decisions: list[RequestDecision] = getattr(request, "decisions_in_force", None) or []
    checks: list[Check] = getattr(request, "check_summaries", None) or []
    return RegisterRow(
        request=request,
        speakers=[
            SpeakerName(link.speaker.name, link.speaker.organisation)
            for link in request.speakers.all()
        ],
        decision=decisions[0] if decisions else None,
        checks=[CheckSummary(c.kind, c.outcome) for c in sorted(checks, key=_check_order)],
        outcome=_outcome(request),
    )


def _check_order(check: Check) -> datetime:
    return check.created_at


def rows_for(requests: Iterable[EventRequest]) -> list[RegisterRow]:
    return [row_for(r) for r in requests]


def iter_rows(queryset: QuerySet[EventRequest]) -> Iterator[RegisterRow]:
    """Every row of a (filtered) register, read in chunks so a long one never sits in memory."""
    for request in queryset.iterator(chunk_size=CHUNK):
        yield row_for(request)
