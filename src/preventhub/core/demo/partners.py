"""Partnership working in the demo, told through the partners services.

Northbridge College works with the police Prevent team, the city council's Prevent
coordinator, the DfE regional coordinator, the Channel panel, the safeguarding partnership,
Jisc, the ETF, an interfaith forum, two subcontractors and an apprentice employer. Its
multi-agency information-sharing protocol is due for review within 60 days (a finding); one
piece of intelligence was shared with an apprentice employer under no agreement (a finding);
one subcontractor's Prevent assurance is 14 months old (overdue, a finding).

Idempotent: partners are found by name, agreements by title, engagements by their idempotency
key ``demo-engagement-N`` and a subcontractor's assurance is recorded only if it has none, so
a re-run (on any day) adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.partners import services
from preventhub.partners.models import Agreement, Engagement, Partner, SubcontractorAssurance

KEY_PREFIX = "demo-engagement-"
ACTOR = "dsl"


@dataclass(frozen=True)
class DemoPartner:
    name: str
    kind: str
    description: str
    contacts: tuple[tuple[str, str, str, str], ...] = ()  # name, role, email, phone
    website: str = ""


PARTNERS = (
    DemoPartner(
        "Northbridge Police Prevent Team",
        "police_prevent",
        "Advice on concerns and referrals; termly briefing on local threats and tensions.",
        (
            (
                "PC Daniel Hart",
                "Prevent engagement officer",
                "prevent@police.example",
                "0161 496 0001",
            ),
        ),
    ),
    DemoPartner(
        "Northbridge City Council Prevent Coordinator",
        "la_prevent_coordinator",
        "Chairs the Prevent delivery group; WRAP training; the local counter-terrorism profile.",
        (("Sarah Malik", "Prevent coordinator", "prevent@northbridge-council.example", ""),),
    ),
    DemoPartner(
        "DfE Regional FE/HE Prevent Coordinator (North West)",
        "dfe_coordinator",
        "Regional FE/HE forum each term; advice on speakers and policies.",
        (("Owen Price", "Regional FE/HE Prevent coordinator", "owen.price@education.example", ""),),
    ),
    DemoPartner(
        "Northbridge Channel Panel",
        "channel_panel",
        "Multi-agency panel for people referred to Channel.",
    ),
    DemoPartner(
        "Northbridge Safeguarding Children Partnership",
        "safeguarding_partnership",
        "Local safeguarding arrangements; threshold guidance; multi-agency training.",
    ),
    DemoPartner(
        "Jisc",
        "jisc",
        "Web filtering advice and the Janet network's security team.",
        website="https://www.jisc.ac.uk",
    ),
    DemoPartner(
        "Education and Training Foundation",
        "etf",
        "Prevent training modules for staff and governors.",
        website="https://www.et-foundation.co.uk",
    ),
    DemoPartner(
        "Northbridge Interfaith Forum",
        "community_group",
        "Faith leaders who advise on the reflection room and community tensions.",
    ),
    DemoPartner(
        "Apex Construction Training Ltd",
        "subcontractor",
        "Delivers Level 2 groundworks for 40 learners at its own site.",
        (("Lee Barker", "Training manager", "lee@apex-training.example", ""),),
    ),
    DemoPartner(
        "Brightpath Care Skills",
        "subcontractor",
        "Delivers adult care apprenticeships in the workplace.",
    ),
    DemoPartner(
        "Northbridge Motors",
        "employer",
        "Employs six motor vehicle apprentices.",
    ),
)

PROTOCOL = "Northbridge multi-agency Prevent information-sharing protocol"
PARTNERSHIP_AGREEMENT = "Safeguarding partnership data-sharing agreement"


@dataclass(frozen=True)
class DemoEngagement:
    n: int
    days_ago: int
    kind: str
    partner: str
    summary: str
    details: str = ""
    agreement: str = ""


ENGAGEMENTS = (
    DemoEngagement(
        1, 150, "forum", "DfE Regional FE/HE Prevent Coordinator (North West)",
        "Autumn FE/HE Prevent forum: speakers, online safety, local picture",
        "Shared our speaker register summary; heard about a far-right leafleting campaign "
        "near two colleges in the region.",
    ),
    DemoEngagement(
        2, 120, "meeting", "Northbridge Police Prevent Team",
        "Termly briefing on local threats and community tensions",
        "Briefed on increased online recruitment targeting 16-18 year olds; agreed to review "
        "our filtering categories with IT.",
    ),
    DemoEngagement(
        3, 95, "training", "Education and Training Foundation",
        "Governor Prevent training (ETF module) for the board",
    ),
    DemoEngagement(
        4, 80, "meeting", "Jisc",
        "Advice on web filtering categories and monitoring reports",
        "Jisc recommended adding proxy-avoidance categories; IT manager to act.",
    ),
    DemoEngagement(
        5, 60, "intelligence_received", "Northbridge Police Prevent Team",
        "Intelligence about an extremist group approaching learners near the bus station",
        "Police told us a group has approached learners near the bus station; staff on duty "
        "briefed; no learner named.",
        PROTOCOL,
    ),
    DemoEngagement(
        6, 45, "intelligence_shared", "Northbridge Police Prevent Team",
        "Shared a concern about a learner's online activity",
        "Shared the dsl's record of concern C-2026-00012 (Level 2 Construction learner) with "
        "PC Hart after the triage decision to refer.",
        PROTOCOL,
    ),
    DemoEngagement(
        7, 30, "forum", "Northbridge Interfaith Forum",
        "Reflection room review with faith leaders",
        "Agreed the room's booking rules and a termly visit by the forum.",
    ),
    DemoEngagement(
        8, 20, "intelligence_shared", "Northbridge Motors",
        "Told the employer about a concern raised by an apprentice",
        "The apprentice's workplace mentor was told of a concern about comments made on site, "
        "so that they could watch for further signs.",
    ),
    DemoEngagement(
        9, 10, "meeting", "Northbridge City Council Prevent Coordinator",
        "Prevent delivery group: counter-terrorism local profile",
    ),
)  # fmt: skip


def _ensure_partners(provider: Provider, actor: User) -> tuple[dict[str, Partner], int]:
    existing = {p.name: p for p in Partner.objects.for_provider(provider)}
    created = 0
    for spec in PARTNERS:
        if spec.name in existing:
            continue
        partner = services.partner_create(
            actor=actor,
            provider=provider,
            name=spec.name,
            kind=spec.kind,
            description=spec.description,
            website=spec.website,
        )
        for name, role, email, phone in spec.contacts:
            services.contact_add(
                actor=actor, partner=partner, name=name, role=role, email=email, phone=phone
            )
        existing[spec.name] = partner
        created += 1
    return existing, created


def _signed_copy(title: str) -> CheckedFile:
    text = f"{title}\n\nSigned by all parties. Demo copy: not a real agreement.\n"
    return CheckedFile("signed-agreement.txt", "text/plain", text.encode())


def _ensure_agreements(
    provider: Provider, actor: User, partners: dict[str, Partner], today: date
) -> int:
    existing = set(Agreement.objects.for_provider(provider).values_list("title", flat=True))
    plans: list[dict[str, Any]] = [
        {
            "title": PROTOCOL,
            "partners": [
                partners["Northbridge Police Prevent Team"],
                partners["Northbridge City Council Prevent Coordinator"],
                partners["Northbridge Channel Panel"],
            ],
            "scope": "Concerns that a learner may be drawn into terrorism, shared between the "
            "college's designated safeguarding lead, the police Prevent team, the council's "
            "Prevent coordinator and the Channel panel, to decide on support and referral.",
            "lawful_basis": "public_task",
            "special_category": True,
            "criminal_offence": True,
            "special_conditions": ["art9_safeguarding", "art10_criminal_offence"],
            "basis_note": "Counter-Terrorism and Security Act 2015 s.26 and s.36-38; DPIA "
            "reviewed by the data protection officer.",
            "signed_on": today - timedelta(days=700),
            "review_on": today + timedelta(days=40),
        },
        {
            "title": PARTNERSHIP_AGREEMENT,
            "partners": [partners["Northbridge Safeguarding Children Partnership"]],
            "scope": "Safeguarding referrals and multi-agency case information about children.",
            "lawful_basis": "public_task",
            "special_category": True,
            "criminal_offence": False,
            "special_conditions": ["art9_safeguarding"],
            "basis_note": "Children Act 1989 and 2004; Working Together to Safeguard Children.",
            "signed_on": today - timedelta(days=300),
            "review_on": today + timedelta(days=430),
        },
    ]
    created = 0
    for plan in plans:
        if plan["title"] in existing:
            continue
        services.agreement_create(
            actor=actor,
            provider=provider,
            partners=plan.pop("partners"),
            document=_signed_copy(plan["title"]),
            **plan,
        )
        created += 1
    return created


def _ensure_engagements(
    provider: Provider, actor: User, partners: dict[str, Partner], today: date
) -> int:
    done = set(
        Engagement.objects.for_provider(provider)
        .filter(idempotency_key__startswith=KEY_PREFIX)
        .values_list("idempotency_key", flat=True)
    )
    agreements = {a.title: a for a in Agreement.objects.for_provider(provider)}
    created = 0
    for spec in ENGAGEMENTS:
        key = f"{KEY_PREFIX}{spec.n}"
        if key in done:
            continue
        _entry, made = services.engagement_record(
            actor=actor,
            provider=provider,
            occurred_on=today - timedelta(days=spec.days_ago),
            kind=spec.kind,
            partner=partners[spec.partner],
            agreement=agreements.get(spec.agreement) if spec.agreement else None,
            summary=spec.summary,
            details=spec.details,
            idempotency_key=key,
        )
        created += made
    return created


def _ensure_assurance(
    provider: Provider, actor: User, partners: dict[str, Partner], today: date
) -> int:
    plans = [
        (
            "Apex Construction Training Ltd",
            60,
            ["safeguarding_policy", "named_lead", "staff_training", "dbs_checks", "site_visit"],
            "Certificates of the Home Office Prevent e-learning for all 6 tutors seen.",
        ),
        (
            "Brightpath Care Skills",
            425,
            ["safeguarding_policy", "staff_training"],
            "Training matrix seen; two new assessors not yet trained.",
        ),
    ]
    created = 0
    for name, days_ago, checks, evidence in plans:
        partner = partners[name]
        if SubcontractorAssurance.objects.for_provider(provider).filter(partner=partner).exists():
            continue
        services.assurance_record(
            actor=actor,
            partner=partner,
            assured_on=today - timedelta(days=days_ago),
            prevent_awareness_confirmed=True,
            checks=checks,
            training_evidence=evidence,
        )
        created += 1
    return created


def seed_partners(provider: Provider) -> int:
    """Partners, agreements, engagements and assurance not yet seeded; returns how many records
    were created."""
    actor = User.objects.filter(username=ACTOR).first()
    if actor is None:
        raise ValueError(f"The demo user {ACTOR} is missing.")
    today = timezone.localdate()
    partners, created = _ensure_partners(provider, actor)
    created += _ensure_agreements(provider, actor, partners, today)
    created += _ensure_engagements(provider, actor, partners, today)
    return created + _ensure_assurance(provider, actor, partners, today)
