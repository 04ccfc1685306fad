"""Requests told through the services for the register tests: past events are submitted "then"
(the services take ``now``), so they are neither late nor refused for being in the past."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from preventhub.speakers.models import EventRequest
from preventhub.speakers.services import (
    SpeakerIn,
    check_record,
    outcome_record,
    request_decide,
    request_submit,
)

SECRET_NOTE = "Private note about the speaker: a forum post of 2019"  # never in the register


def when(days: float, hour: int = 13) -> datetime:
    """``days`` from now (negative: ago), at ``hour`` o'clock London time."""
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def submit(
    provider: Any,
    organiser: Any,
    *,
    title: str = "Careers in journalism",
    starts_at: datetime | None = None,
    speakers: Sequence[SpeakerIn] = (SpeakerIn("Sam Writer", "The Daily Example"),),
    **fields: Any,
) -> EventRequest:
    starts = starts_at or when(40)
    values: dict[str, Any] = {
        "topic": "Reporting on conflict and keeping safe online",
        "venue": "Main hall",
        "audience": "learners",
        "speakers": list(speakers),
        # Asked for well ahead of the date, so it is not late.
        "now": min(timezone.now(), starts - timedelta(days=30)),
    }
    values.update(fields)
    return request_submit(
        actor=organiser, provider=provider, title=title, starts_at=starts, **values
    ).request


def check(request: EventRequest, actor: Any, *, notes: str = SECRET_NOTE) -> None:
    check_record(actor=actor, request=request, kind="internet_search", outcome="clear", notes=notes)
    check_record(actor=actor, request=request, kind="materials_review", outcome="clear")


def decide(
    request: EventRequest,
    actor: Any,
    decision: str = "approved",
    *,
    risk: str = "low",
    conditions: Sequence[str] = (),
    rationale: str = "Known speaker; balanced content.",
    checked: bool = True,
) -> EventRequest:
    if checked:
        check(request, actor)
    request_decide(
        actor=actor,
        request=request,
        decision=decision,
        risk_level=risk,
        rationale=rationale,
        conditions=list(conditions),
    )
    request.refresh_from_db()
    return request


def hold(request: EventRequest, actor: Any, **fields: Any) -> EventRequest:
    values: dict[str, Any] = {
        "held": True,
        "attendance": 45,
        "benefit": "Learners practised questioning sources.",
        "values_addressed": ["democracy", "rule_of_law"],
        "now": request.ends_at + timedelta(hours=1),
    }
    values.update(fields)
    outcome_record(actor=actor, request=request, **values)
    request.refresh_from_db()
    return request
