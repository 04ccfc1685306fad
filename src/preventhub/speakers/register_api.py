"""GET /api/v1/speakers/signals: the module's compliance signals, for the compliance module
and for leaders' own tools.

Each signal names one request: held without approval, its outcome missing N days after the
event (``SpeakerSettings.outcome_overdue_days``), or approved by a role not allowed to approve it
at its risk level. Mount it in api/api.py: ``api.add_router("/speakers", register_router)``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from preventhub.api.access import api_requires
from preventhub.core.models import Provider
from preventhub.speakers.selectors import compliance_signals

router = Router(tags=["speakers"])

SignalCode = Literal["held_without_approval", "outcome_missing", "approved_by_wrong_role"]


class SignalOut(Schema):
    code: SignalCode
    message: str
    request_id: uuid.UUID
    reference: str
    title: str
    starts_at: datetime
    status: str


class SignalsOut(Schema):
    count: int
    signals: list[SignalOut]


@router.get("/signals", response=SignalsOut, summary="Compliance signals of the speaker register")
@api_requires("speakers.view_register")
def signals(request: HttpRequest) -> SignalsOut:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    found = [
        SignalOut(
            code=s.code,  # type: ignore[arg-type]  # one of SignalCode, set by the selector
            message=s.message,
            request_id=s.request.pk,
            reference=s.request.reference,
            title=s.request.title,
            starts_at=s.request.starts_at,
            status=s.request.status,
        )
        for s in compliance_signals(provider)
    ]
    return SignalsOut(count=len(found), signals=found)
