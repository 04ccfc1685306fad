"""Who may reach partnership working (merged into core/tests/test_route_access.py).

Readers (dsl, deputy_dsl, senior_leader, governor, inspector) see every page and list;
managers (dsl, deputy_dsl, senior_leader) add and change. Records of another provider: 404.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.partners import services
from preventhub.partners.models import Partner
from preventhub.partners.permissions import MANAGERS, READERS
from preventhub.testing.route_cases import Case

READ = frozenset(READERS)
MANAGE = frozenset(MANAGERS)
BASE = "/api/v1/partners"


def make_partner(p: Provider, kind: str = "police_prevent") -> Partner:
    return services.partner_create(
        actor=None, provider=p, name=f"Partner {uuid.uuid4().hex[:8]}", kind=kind
    )


def make_agreement(p: Provider, *, document: bool = False) -> Any:
    today = timezone.localdate()
    return services.agreement_create(
        actor=None,
        provider=p,
        partners=[make_partner(p)],
        document=CheckedFile("signed.txt", "text/plain", b"Signed by both parties.")
        if document
        else None,
        title=f"Agreement {uuid.uuid4().hex[:8]}",
        scope="Concerns about learners at risk of radicalisation.",
        lawful_basis="public_task",
        special_category=False,
        criminal_offence=False,
        special_conditions=[],
        basis_note="",
        signed_on=today - timedelta(days=30),
        review_on=today + timedelta(days=300),
    )


def _partner(p: Provider) -> dict[str, Any]:
    return {"pk": make_partner(p).pk}


def _subcontractor(p: Provider) -> dict[str, Any]:
    return {"pk": make_partner(p, "subcontractor").pk}


def _contact(p: Provider) -> dict[str, Any]:
    partner = make_partner(p)
    contact = services.contact_add(actor=None, partner=partner, name="Sam Officer")
    return {"pk": partner.pk, "contact_pk": contact.pk}


def _engagement(p: Provider) -> dict[str, Any]:
    entry, _ = services.engagement_record(
        actor=None,
        provider=p,
        occurred_on=timezone.localdate() - timedelta(days=3),
        kind="meeting",
        partner=make_partner(p),
        summary="Termly Prevent forum",
    )
    return {"pk": entry.pk}


def _agreement(p: Provider) -> dict[str, Any]:
    return {"pk": make_agreement(p).pk}


def _agreement_with_document(p: Provider) -> dict[str, Any]:
    return {"pk": make_agreement(p, document=True).pk}


PAGES: dict[str, Case] = {
    "partners:overview": Case(READ),
    "partners:list": Case(READ),
    "partners:new": Case(MANAGE),
    "partners:detail": Case(READ, kwargs=_partner, object_bound=True),
    "partners:edit": Case(MANAGE, kwargs=_partner, object_bound=True),
    "partners:contact_add": Case(MANAGE, kwargs=_partner, object_bound=True),
    "partners:contact_remove": Case(
        MANAGE, method="POST", kwargs=_contact, ok=(302,), object_bound=True
    ),
    "partners:assurance_add": Case(MANAGE, kwargs=_subcontractor, object_bound=True),
    "partners:assurance": Case(READ),
    "partners:engagements": Case(READ),
    "partners:engagement_new": Case(MANAGE),
    "partners:engagement_detail": Case(READ, kwargs=_engagement, object_bound=True),
    "partners:engagement_edit": Case(MANAGE, kwargs=_engagement, object_bound=True),
    "partners:agreements": Case(READ),
    "partners:agreement_new": Case(MANAGE),
    "partners:agreement_detail": Case(READ, kwargs=_agreement, object_bound=True),
    "partners:agreement_edit": Case(MANAGE, kwargs=_agreement, object_bound=True),
    "partners:agreement_document": Case(READ, kwargs=_agreement_with_document, object_bound=True),
    "partners:export": Case(READ, kwargs=lambda p: {"register": "agreements", "fmt": "csv"}),
}


def _new_engagement(p: Provider) -> dict[str, Any]:
    return {
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "kind": "forum",
        "partner_id": str(make_partner(p).pk),
        "summary": "FE/HE Prevent forum",
    }


def _new_agreement(p: Provider) -> dict[str, Any]:
    return {
        "title": f"Protocol {uuid.uuid4().hex[:8]}",
        "partner_ids": [str(make_partner(p).pk)],
        "scope": "Safeguarding concerns about learners.",
        "lawful_basis": "public_task",
    }


API: dict[tuple[str, str], Case] = {
    ("GET", BASE): Case(READ),
    ("POST", BASE): Case(
        MANAGE, data=lambda p: {"name": f"Jisc {uuid.uuid4().hex[:8]}", "kind": "jisc"}, ok=(201,)
    ),
    ("GET", f"{BASE}/engagements"): Case(READ),
    ("POST", f"{BASE}/engagements"): Case(MANAGE, data=_new_engagement, ok=(201,)),
    ("GET", f"{BASE}/agreements"): Case(READ),
    ("POST", f"{BASE}/agreements"): Case(MANAGE, data=_new_agreement, ok=(201,)),
    # Without a file the upload answers 422 for the roles that may upload.
    ("POST", f"{BASE}/agreements/{{agreement_id}}/document"): Case(
        MANAGE, kwargs=lambda p: {"agreement_id": make_agreement(p).pk}, ok=(422,)
    ),
    ("GET", f"{BASE}/assurance"): Case(READ),
    ("GET", f"{BASE}/findings"): Case(READ),
}
