"""Training data made through the services, for the training tests and the route-access table."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.people.models import Person
from preventhub.testing.factories import StaffPersonFactory, UserFactory, grant
from preventhub.training.models import Course, EvidenceFile, TrainingRecord, TrainingSession
from preventhub.training.records import record_create, session_create
from preventhub.training.services import course_create, settings_for

_EMAILS = itertools.count(1)
PDF = b"%PDF-1.4\n% certificate\n" + b"0" * 64


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def default_course(provider: Provider, key: str = "prevent_awareness") -> Course:
    """One of the suggested courses every provider starts with (loaded on first use)."""
    settings_for(provider)
    found: Course = Course.objects.for_provider(provider).get(default_key=key)
    return found


def make_course(provider: Provider, title: str = "Local context briefing", **data: Any) -> Course:
    return course_create(
        actor=None, provider=provider, data={"title": title, "mode": "face_to_face", **data}
    )


def staff_member(provider: Provider, *, user: Any = None, **fields: Any) -> Person:
    """A member of staff in the people register (started two years ago unless told)."""
    fields.setdefault("start_date", days_ago(730))
    fields.setdefault("email", f"staff{next(_EMAILS)}@example.org")
    return StaffPersonFactory(provider=provider, user=user, **fields)


def staff_with_sign_in(provider: Provider, *roles: str, **fields: Any) -> tuple[Any, Person]:
    user = grant(UserFactory(), provider, *(roles or (Role.STAFF,)))
    return user, staff_member(provider, user=user, **fields)


def make_record(
    provider: Provider,
    person: Person,
    course: Course | None = None,
    *,
    on: date | None = None,
    evidence: bool = False,
) -> TrainingRecord:
    files = [CheckedFile("certificate.pdf", "application/pdf", PDF)] if evidence else []
    return record_create(
        actor=None,
        provider=provider,
        person=person,
        course=course or default_course(provider),
        completed_on=on or days_ago(30),
        evidence=files,
    )


def make_session(
    provider: Provider, course: Course | None = None, *, on: date | None = None
) -> TrainingSession:
    return session_create(
        actor=None,
        provider=provider,
        course=course or default_course(provider, "wrap"),
        held_on=on or days_ago(7),
        trainer="Pat Trainer",
    )


def record_evidence(provider: Provider, person: Person | None = None) -> EvidenceFile:
    record = make_record(provider, person or staff_member(provider), evidence=True)
    found: EvidenceFile = record.evidence.get()
    return found
