"""Requests made through the services, for the speakers tests (and the route-access table)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.speakers.models import EventRequest, Material
from preventhub.speakers.services import (
    SpeakerIn,
    check_record,
    material_add,
    outcome_record,
    request_decide,
    request_submit,
)
from preventhub.testing.factories import UserFactory, grant

PDF = b"%PDF-1.4\n% speaker slides\n" + b"0" * 64


def request_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Careers in journalism",
        "topic": "Reporting on conflict",
        "starts_at": timezone.now() + timedelta(days=30),
        "venue": "Main hall",
        "audience": "learners",
        "speakers": [SpeakerIn("Sam Writer", "The Daily Example", "https://example.org/sam")],
    }
    fields.update(overrides)
    return fields


def make_request(provider: Provider, organiser: Any = None, **overrides: Any) -> EventRequest:
    """A request submitted by ``organiser`` (a new member of staff when not given)."""
    if organiser is None:
        organiser = grant(UserFactory(), provider, Role.STAFF)
    return request_submit(actor=organiser, provider=provider, **request_fields(**overrides)).request


def with_material(request: EventRequest, actor: Any = None) -> Material:
    return material_add(
        actor=actor, request=request, checked=CheckedFile("slides.pdf", "application/pdf", PDF)
    )


def minimum_checks(request: EventRequest, actor: Any) -> None:
    check_record(actor=actor, request=request, kind="internet_search", outcome="clear", notes="ok")
    check_record(actor=actor, request=request, kind="materials_review", outcome="clear")


def approved(provider: Provider, organiser: Any = None, **overrides: Any) -> EventRequest:
    """A low-risk request with the minimum checks, approved by a speaker coordinator."""
    request = make_request(provider, organiser, **overrides)
    coordinator = grant(UserFactory(), provider, Role.SPEAKER_COORDINATOR)
    minimum_checks(request, coordinator)
    request_decide(
        actor=coordinator, request=request, decision="approved", risk_level="low",
        rationale="Known speaker; clear checks.",
    )  # fmt: skip
    request.refresh_from_db()
    return request


def held(provider: Provider, organiser: Any = None) -> EventRequest:
    """An approved event that took place, with its outcome recorded."""
    request = approved(provider, organiser)
    outcome_record(
        actor=request.organiser, request=request, held=True, attendance=40,
        benefit="Learners practised questioning.", values_addressed=["democracy"],
        now=request.ends_at + timedelta(hours=1),
    )  # fmt: skip
    request.refresh_from_db()
    return request
