"""The policy register in the demo, told through the policies services.

Northbridge College has published most of the policies the duty touches, each owned by the
person who keeps it, with a document read for Prevent terms. Two gaps show as findings: the
IT acceptable use and e-safety policy never mentions Prevent (the survey's finding in 11 of 37
providers), and there is no complaints policy. The lettings policy is past its review date.
Staff are asked to acknowledge the safeguarding policy and the staff code of conduct; most of
the demo staff have, but not ``staff`` (so signing in as them shows "policies to acknowledge").

Idempotent: policies are found by title, and acknowledging again is a no-op.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from html import escape

from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.policies import services
from preventhub.policies.models import Policy

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class DemoPolicy:
    policy_type: str
    title: str
    version: str
    owner: str
    approved_days_ago: int
    review_in_days: int
    text: tuple[str, ...]
    word: bool = False
    acknowledge: bool = False


POLICIES = (
    DemoPolicy(
        "safeguarding", "Safeguarding and child protection policy", "7.1", "dsl", 150, 215,
        (
            "1. Purpose. Everyone at Northbridge College has a duty to keep learners safe.",
            "2. The Prevent duty. Under section 26 of the Counter-Terrorism and Security Act "
            "2015 the college has due regard to the need to prevent people from being drawn "
            "into terrorism. Radicalisation is a safeguarding concern: report it to the DSL.",
            "3. Channel. The DSL may refer a learner to the Channel panel.",
        ),
        word=True,
        acknowledge=True,
    ),
    DemoPolicy(
        "external_speakers", "External speakers and events policy", "3.0",
        "speaker_coordinator", 200, 165,
        (
            "Every external speaker is requested at least 10 working days before the event and "
            "checked, in line with our Prevent duty, before approval.",
        ),
    ),
    DemoPolicy(
        "it_acceptable_use", "IT acceptable use and e-safety policy", "5.2", "it_manager", 90, 275,
        (
            "Users must keep their passwords secret and lock unattended screens.",
            "The college filters web access and blocks unsuitable sites, including extremist "
            "material. Attempts to bypass the filter are a disciplinary matter.",
        ),
    ),
    DemoPolicy(
        "staff_code_of_conduct", "Staff code of conduct", "2.4", "hr", 300, 65,
        (
            "Staff uphold British values and report any concern about radicalisation to the "
            "DSL, as the Prevent duty requires.",
        ),
        acknowledge=True,
    ),
    DemoPolicy(
        "learner_code_of_conduct", "Learner code of conduct", "4.0", "curriculum_lead", 120, 245,
        ("Learners treat everyone with respect, whatever their faith or belief.",),
    ),
    DemoPolicy(
        "whistleblowing", "Whistleblowing policy", "1.3", "senior_leader", 400, 330,
        ("Staff may raise concerns about wrongdoing, including safeguarding, without fear.",),
    ),
    DemoPolicy(
        "equality", "Equality, diversity and inclusion policy", "3.1", "senior_leader", 250, 115,
        ("The college meets the public sector equality duty.",),
    ),
    DemoPolicy(
        "faith_facilities", "Reflection room policy", "1.1", "estates", 180, 185,
        ("The reflection room is open to all; staff visit it regularly, as the Prevent "
         "duty guidance advises.",),
    ),
    DemoPolicy(
        "lettings", "Lettings and bookings policy", "2.0", "estates", 420, -20,
        ("Bookings by external organisations follow the same checks as external speakers.",),
    ),
)  # fmt: skip

# Who has acknowledged what (the demo user ``staff`` has not, so their home page asks them).
ACKNOWLEDGED = {
    "Safeguarding and child protection policy": (
        "dsl", "deputy_dsl", "senior_leader", "it_manager", "hr", "training_lead",
        "speaker_coordinator", "curriculum_lead",
    ),
    "Staff code of conduct": ("dsl", "deputy_dsl", "hr", "estates", "admin"),
}  # fmt: skip


def _docx(paragraphs: tuple[str, ...]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{DOCX_TYPE}.main+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _document(spec: DemoPolicy) -> CheckedFile:
    slug = spec.title.lower().replace(",", "").replace(" ", "-")
    if spec.word:
        return CheckedFile(f"{slug}.docx", DOCX_TYPE, _docx((spec.title, *spec.text)))
    text = "\n\n".join((spec.title, *spec.text, "Demo document: not a real policy.")) + "\n"
    return CheckedFile(f"{slug}.txt", "text/plain", text.encode())


def seed_policies(provider: Provider) -> int:
    """Policies not yet registered, and the demo acknowledgements; returns how many records
    were created."""
    names = {p.owner for p in POLICIES} | {u for users in ACKNOWLEDGED.values() for u in users}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = names - set(users)
    if missing:
        raise ValueError(f"The demo users {', '.join(sorted(missing))} are missing.")
    today = timezone.localdate()
    existing = {p.title: p for p in Policy.objects.for_provider(provider)}
    created = 0
    for spec in POLICIES:
        if spec.title in existing:
            continue
        data = services.PolicyIn(
            policy_type=spec.policy_type,
            title=spec.title,
            version=spec.version,
            owner=users[spec.owner],
            status="published",
            approved_on=today - timedelta(days=spec.approved_days_ago),
            review_on=today + timedelta(days=spec.review_in_days),
            acknowledgement_required=spec.acknowledge,
        )
        existing[spec.title] = services.policy_create(
            actor=users[spec.owner], provider=provider, data=data, document=_document(spec)
        )
        created += 1
    for title, usernames in ACKNOWLEDGED.items():
        for username in usernames:
            _ack, made = services.policy_acknowledge(actor=users[username], policy=existing[title])
            created += made
    return created
