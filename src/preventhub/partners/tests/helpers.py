"""Partnership records made through the services, for the partners tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.partners import services
from preventhub.partners.models import Agreement, Engagement, Partner

PDF = b"%PDF-1.4\n% signed agreement\n" + b"0" * 64


def today() -> date:
    return timezone.localdate()


def days(n: int) -> date:
    return today() + timedelta(days=n)


def partner(provider: Provider, name: str = "Northbridge Police Prevent", **kw: Any) -> Partner:
    return services.partner_create(
        actor=None, provider=provider, name=name, kind=kw.pop("kind", "police_prevent"), **kw
    )


def agreement_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "title": "Prevent information-sharing protocol",
        "scope": "Concerns about learners at risk of radicalisation, shared with police Prevent.",
        "lawful_basis": "public_task",
        "special_category": False,
        "criminal_offence": False,
        "special_conditions": [],
        "basis_note": "",
        "signed_on": days(-100),
        "review_on": days(265),
    }
    values.update(overrides)
    return values


def agreement(provider: Provider, parties: list[Partner], **overrides: Any) -> Agreement:
    document = overrides.pop("document", None)
    return services.agreement_create(
        actor=None,
        provider=provider,
        partners=parties,
        document=document,
        **agreement_values(**overrides),
    )


def engagement(
    provider: Provider, with_partner: Partner, actor: Any = None, **overrides: Any
) -> Engagement:
    fields: dict[str, Any] = {
        "occurred_on": days(-5),
        "kind": "meeting",
        "summary": "Termly review of local risks",
        "details": "Discussed a learner in Construction, named in the notes.",
    }
    fields.update(overrides)
    entry, _ = services.engagement_record(
        actor=actor, provider=provider, partner=with_partner, **fields
    )
    return entry
