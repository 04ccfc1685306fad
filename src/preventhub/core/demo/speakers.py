"""External speakers, events and lettings in the demo, told through the speakers services.

Each talk is requested by a demo user, checked, decided and (after the event) given its outcome
by the services a coordinator's or a senior leader's clicks call, so audit rows, notifications
and the register are those of real use. The services are told "when" where they take it (a
request is submitted weeks before its date, an outcome is recorded after it); afterwards the
seed moves the request's own dates (submitted, checked, decided, outcome recorded) to when the
story says they happened. The audit trail keeps the true time of seeding.

The small demo has sixteen curated talks over the last and next few months: approved, approved
with conditions (independent chair, balancing speaker), refused after consent to checks was
refused, a late request decided by a senior leader, held events with attendance and benefit, an
event held without approval (a red flag), an outcome not recorded, lettings. ``--size large``
adds ~285 generated ones over two years.

Idempotent: every demo request carries the idempotency key ``demo-speaker-NNNNN``; a talk whose
key exists is skipped, so a re-run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.models import Provider, Site
from preventhub.notifications.models import Notification
from preventhub.speakers.choices import RequestKind
from preventhub.speakers.models import (
    Check,
    EventOutcome,
    EventRequest,
    ReferenceCounter,
    RequestDecision,
)
from preventhub.speakers.services import (
    SpeakerIn,
    check_record,
    next_reference,
    outcome_record,
    request_decide,
    request_submit,
)

KEY_PREFIX = "demo-speaker-"
GENERATED = {"small": 0, "large": 285}
GENERATED_FIRST_N = 1001
ON_TIME_DAYS = 24  # an on-time request is made about this long before the event
LATE_DAYS = 3

CLEAR_SEARCH = "News, social media and the organisation's website searched: nothing of concern."
CLEAR_MATERIALS = "Slides and handout read: balanced, no extremist content."


@dataclass(frozen=True)
class Decide:
    by: str
    decision: str
    risk: str
    rationale: str
    conditions: tuple[str, ...] = ()
    detail: str = ""
    risk_reasons: str = ""


@dataclass(frozen=True)
class Outcome:
    held: bool
    attendance: int | None = None
    benefit: str = ""
    values: tuple[str, ...] = ()
    issues: str = ""
    conditions_met: bool | None = None


@dataclass(frozen=True)
class Talk:
    n: int
    days: float  # the event's start, days from today (negative: in the past)
    organiser: str
    title: str
    topic: str
    speakers: tuple[tuple[str, str], ...] = ()
    venue: str = "Main hall"
    audience: str = "learners"
    size: int = 60
    hours: float = 1.5
    kind: str = RequestKind.SPEAKER_EVENT
    hirer: str = ""
    purpose: str = ""
    late_reason: str = ""
    open_to_public: bool = False
    recorded: bool = False
    # (kind, outcome, notes); None: the two minimum checks, both clear.
    checks: tuple[tuple[str, str, str], ...] | None = None
    decide: Decide | None = None
    outcome: Outcome | None = None


COORDINATOR = "speaker_coordinator"
LEADER = "senior_leader"
MINIMUM = (
    ("internet_search", "clear", CLEAR_SEARCH),
    ("materials_review", "clear", CLEAR_MATERIALS),
)

TALKS: tuple[Talk, ...] = (
    Talk(
        1,
        -75,
        "curriculum_lead",
        "Votes at 16: should the voting age drop?",
        "A debate for Public Services learners on lowering the voting age, with a councillor "
        "and a member of the Youth Parliament taking opposite sides.",
        (("Aisha Rahman", "Northbridge City Council"), ("Daniel Price", "UK Youth Parliament")),
        size=120,
        decide=Decide(
            COORDINATOR,
            "approved",
            "low",
            "Elected representatives on both sides of a mainstream question; materials balanced.",
        ),
        outcome=Outcome(
            True,
            112,
            "Learners prepared questions, heard both sides argued with "
            "evidence, and voted afterwards: 58% for, 42% against.",
            ("democracy", "individual_liberty"),
        ),
    ),
    Talk(
        2,
        -60,
        "staff",
        "Life after prison: one man's story",
        "A former offender talks to Construction learners about the choices that led to prison "
        "and how he rebuilt his life through a trade.",
        (("Mark Ellison", "Second Chances Trust"),),
        venue="Lecture theatre 2",
        size=45,
        decide=Decide(
            COORDINATOR,
            "approved_with_conditions",
            "medium",
            "Powerful, well-reviewed talk; some content about violence, so a member "
            "of staff stays throughout and the speaker signs the code of conduct.",
            ("staff_present", "code_of_conduct"),
            risk_reasons="Describes violent offending to 16 to 18 year olds.",
        ),
        outcome=Outcome(
            True,
            41,
            "Learners said it changed how they see the consequences of "
            "crime; two asked the tutor about support services.",
            ("rule_of_law",),
            conditions_met=True,
        ),
    ),
    Talk(
        3,
        -45,
        "curriculum_lead",
        "Faith and community: an interfaith panel",
        "Three local faith leaders answer learners' questions on belief, identity and living "
        "together in Northbridge.",
        (
            ("Revd Claire Morgan", "St Luke's Church"),
            ("Imam Yusuf Karim", "Northbridge Central Mosque"),
            ("Rabbi Naomi Stern", "Northbridge Synagogue"),
        ),
        size=90,
        recorded=True,
        checks=(
            *MINIMUM,
            (
                "police_prevent",
                "clear",
                "Police Prevent team: no concerns about any of the three speakers.",
            ),
        ),
        decide=Decide(
            LEADER,
            "approved_with_conditions",
            "high",
            "Valuable event; learners' questions may touch contested issues, so an "
            "independent chair moderates and the session is recorded.",
            ("independent_chair", "recording"),
            risk_reasons="Open questions on contested religious and political topics.",
        ),
        outcome=Outcome(
            True,
            86,
            "Learners asked thoughtful questions; the tutorial after it "
            "discussed respect for beliefs different from their own.",
            ("mutual_respect", "individual_liberty"),
            conditions_met=True,
        ),
    ),
    Talk(
        4,
        -40,
        "dsl",
        "Online radicalisation: spotting the signs",
        "A police Prevent officer briefs staff on how young people are drawn into extremism "
        "online, and what to do if they are worried.",
        (("PC Sarah Lloyd", "Northbridge Police Prevent team"),),
        venue="Staff room, Town Centre",
        audience="staff",
        size=80,
        decide=Decide(
            COORDINATOR,
            "approved",
            "low",
            "Statutory partner delivering Prevent training to staff.",
        ),
        outcome=Outcome(
            True,
            74,
            "Staff confidence in recognising online radicalisation rose "
            "from 2.9 to 4.1 out of 5 in the session survey.",
            ("rule_of_law",),
        ),
    ),
    Talk(
        5,
        -30,
        "staff",
        "Free speech and the right to offend",
        "A campaigner argues that colleges censor unpopular views.",
        (("Victor Hale", "Liberty Voices Network"),),
        size=150,
        open_to_public=True,
        checks=(
            (
                "internet_search",
                "concern",
                "Recent posts by the speaker mock named "
                "minority groups; several videos removed by the platform.",
            ),
            (
                "police_prevent",
                "consent_refused",
                "The speaker would not give the details "
                "needed for the check and objected to being vetted.",
            ),
        ),
        decide=Decide(
            COORDINATOR,
            "refused",
            "medium",
            "The speaker refused consent to the "
            "background checks our policy requires, and the internet search found "
            "concerning posts. A balanced event on free speech is being planned "
            "instead.",
        ),
    ),
    Talk(
        6,
        -21,
        "staff",
        "Careers in the armed forces",
        "A recruiting team talks about apprenticeships and careers in the Army.",
        (("Sgt Lewis Hart", "British Army Careers"),),
        venue="Sports hall",
        size=60,
        late_reason="The regiment offered a replacement date at short notice after a cancellation.",
        decide=Decide(
            LEADER,
            "approved",
            "low",
            "Known careers provider; late only because of "
            "the regiment's cancellation. Approved by a senior leader as the policy "
            "requires for late requests.",
        ),
        outcome=Outcome(
            True,
            38,
            "Six learners booked follow-up careers interviews.",
            ("rule_of_law", "democracy"),
        ),
    ),
    Talk(
        7,
        -14,
        "staff",
        "From market stall to business owner",
        "A local entrepreneur talks about starting a business.",
        (("Kieran Walsh", "Walsh & Daughters Builders"),),
        venue="Room C12",
        size=30,
        outcome=Outcome(
            True,
            27,
            "Learners heard how a trade business is run.",
            ("individual_liberty",),
            issues="The talk went ahead before the request was decided.",
        ),
    ),
    Talk(
        8,
        -16,
        "training_lead",
        "Mental health first aid in sport",
        "A sports psychologist on spotting and supporting teammates who are struggling.",
        (("Dr Hannah Cole", "Northbridge Sports Medicine"),),
        venue="Sports hall",
        size=70,
        decide=Decide(COORDINATOR, "approved", "low", "Health professional; materials clear."),
    ),
    Talk(
        9,
        -10,
        "estates",
        "Community choir rehearsals",
        "Weekly evening rehearsals for a community choir in the main hall.",
        kind=RequestKind.LETTING,
        hirer="Northbridge Community Choir",
        purpose="Rehearsals for the spring concert, Tuesday evenings.",
        audience="public",
        size=35,
        hours=2.5,
        open_to_public=True,
        decide=Decide(
            COORDINATOR,
            "approved_with_conditions",
            "low",
            "Long-standing local group; the standard lettings conditions apply.",
            ("staff_present",),
            "Caretaker on site; hall only, no access to teaching areas.",
        ),
        outcome=Outcome(
            True,
            34,
            "The choir's use raised funds for the student hardship fund.",
            ("mutual_respect",),
            conditions_met=True,
        ),
    ),
    Talk(
        10,
        -5,
        "curriculum_lead",
        "Engineering in Formula 1",
        "A race engineer talks about careers in motorsport engineering.",
        (("Tom Ashworth", "Apex Motorsport"),),
        venue="Eastgate workshop",
        size=50,
        decide=Decide(COORDINATOR, "approved", "low", "Industry speaker; materials clear."),
        outcome=Outcome(False, issues="The speaker was ill; the talk is being rearranged."),
    ),
    Talk(
        11,
        6,
        "curriculum_lead",
        "Debate: should the UK leave the European Convention on Human Rights?",
        "A structured debate for A level Law and Politics learners, with speakers for and "
        "against and questions from the floor.",
        (
            ("Oliver Grant", "Sovereignty Forum"),
            ("Dr Leila Haddad", "Northbridge University Law School"),
        ),
        venue="Lecture theatre 1",
        size=110,
        recorded=True,
        checks=(
            *MINIMUM,
            (
                "dfe_coordinator",
                "clear",
                "DfE regional Prevent coordinator: "
                "nothing known; advised a chair and a right of reply.",
            ),
        ),
        decide=Decide(
            LEADER,
            "approved_with_conditions",
            "high",
            "A legitimate political debate; one speaker's past statements are "
            "strongly worded, so the debate has an independent chair, a speaker "
            "for the other side and is recorded.",
            ("independent_chair", "balancing_speaker", "recording"),
            risk_reasons="One speaker has made inflammatory remarks online.",
        ),
    ),
    Talk(
        12,
        12,
        "deputy_dsl",
        "Volunteering fair with local charities",
        "Local charities explain how learners can volunteer.",
        (("Grace Obi", "Northbridge Food Bank"), ("Sam Patel", "Riverside Youth Club")),
        venue="Atrium",
        audience="learners_and_staff",
        size=200,
        checks=(("internet_search", "clear", CLEAR_SEARCH),),
    ),
    Talk(
        13,
        18,
        "curriculum_lead",
        "Holocaust Memorial Day: one family's story",
        "The grandchild of a survivor tells her family's story.",
        (("Ruth Adler", "Remembrance Education Trust"),),
        size=140,
        checks=(),
    ),
    Talk(
        14,
        25,
        "estates",
        "Weekend kickboxing club",
        "A kickboxing club hiring the sports hall on Saturday mornings.",
        kind=RequestKind.LETTING,
        hirer="Northbridge Kickboxing Academy",
        purpose="Junior and adult classes, Saturdays 9am to 12pm.",
        venue="Sports hall",
        audience="public",
        size=40,
        hours=3,
        open_to_public=True,
        checks=(
            ("internet_search", "clear", "Club website and social media: nothing of concern."),
        ),
    ),
    Talk(
        15,
        45,
        "training_lead",
        "Apprenticeships in the NHS",
        "The local NHS trust on health and care apprenticeships.",
        (("Priya Nair", "Northbridge NHS Foundation Trust"),),
        venue="Room B4",
        size=40,
        decide=Decide(COORDINATOR, "approved", "low", "Public body; materials clear."),
    ),
    Talk(
        16,
        8,
        "curriculum_lead",
        "Question time with our MP",
        "The local MP answers learners' questions on issues they choose.",
        (("Helen Marsh MP", "House of Commons"),),
        venue="Lecture theatre 1",
        size=150,
        late_reason="The MP's office offered this date on Monday; the next chance is in June.",
        checks=MINIMUM,
    ),
)


# --- the large demo's generated talks --------------------------------------------------------

SUBJECTS = (
    ("Careers in {field}", "A speaker from {org} talks about careers in {field}.", "low"),
    ("Staying safe online", "{org} on scams, grooming and extremist content online.", "low"),
    ("Debate: {motion}", "A debate on {motion}, with speakers for and against.", "medium"),
    ("Living with difference", "{org} on prejudice, hate crime and respect.", "medium"),
    ("Politics today", "A panel from {org} on how decisions are made.", "high"),
)
FIELDS = ("engineering", "nursing", "law", "digital media", "construction", "hospitality")
MOTIONS = ("banning phones in college", "a four-day week", "votes at 16", "nuclear power")
ORGS = (
    "Northbridge Chamber of Commerce", "the Fire and Rescue Service", "Citizens Advice",
    "Northbridge Hate Crime Partnership", "the Youth Parliament", "Riverside Rotary Club",
)  # fmt: skip
FIRST = ("Alex", "Sam", "Jordan", "Priya", "Tom", "Fatima", "Chris", "Megan", "Olu", "Zara")
LAST = ("Brooks", "Ahmed", "Clarke", "Doyle", "Evans", "Ford", "Gill", "Hughes", "Iqbal")
ORGANISERS = ("staff", "curriculum_lead", "training_lead", "deputy_dsl", "dsl")
BENEFITS = (
    "Learners asked good questions and said they understood the issue better.",
    "The tutor followed it up in the next tutorial.",
    "Learners' feedback: 4.3 out of 5.",
)


def generated_talk(n: int, rng: random.Random) -> Talk:
    title, topic, risk = rng.choice(SUBJECTS)
    words = {
        "field": rng.choice(FIELDS), "org": rng.choice(ORGS), "motion": rng.choice(MOTIONS),
    }  # fmt: skip
    days = rng.uniform(-700, 90)
    speaker = (f"{rng.choice(FIRST)} {rng.choice(LAST)}", words["org"].removeprefix("the "))
    by = LEADER if risk == "high" else COORDINATOR
    roll = rng.random()
    decide: Decide | None = None
    if days < 5 or roll < 0.8:
        if roll < 0.06:
            decide = Decide(
                by,
                "refused",
                risk,
                "The checks raised concerns we could not resolve before the date.",
            )
        elif risk != "low":
            decide = Decide(
                by,
                "approved_with_conditions",
                risk,
                "Approved with a chair so that questions stay balanced.",
                ("independent_chair",),
            )
        else:
            decide = Decide(by, "approved", risk, "Checks clear; a mainstream speaker.")
    outcome = None
    approved = decide is not None and decide.decision != "refused"
    if approved and days < -8 and rng.random() < 0.97:
        outcome = Outcome(True, rng.randint(15, 180), rng.choice(BENEFITS),
                          tuple(rng.sample(("democracy", "rule_of_law", "individual_liberty",
                                            "mutual_respect"), 2)))  # fmt: skip
    return Talk(
        n, days, rng.choice(ORGANISERS), title.format(**words), topic.format(**words),
        (speaker,), venue=rng.choice(("Main hall", "Lecture theatre 1", "Room B4", "Atrium")),
        size=rng.randint(20, 150), decide=decide, outcome=outcome,
        checks=MINIMUM if decide is not None else (),
    )  # fmt: skip


def plan(size: str, seed: int) -> list[Talk]:
    talks = list(TALKS)
    for n in range(GENERATED_FIRST_N, GENERATED_FIRST_N + GENERATED[size]):
        rng = random.Random(f"{seed}:speaker:{n}")  # noqa: S311  (demo data, not secrets)
        talks.append(generated_talk(n, rng))
    return talks


# --- telling a talk -----------------------------------------------------------------------------


def demo_key(n: int) -> str:
    return f"{KEY_PREFIX}{n:05d}"


def starts_at(now: datetime, days: float, n: int) -> datetime:
    """``days`` from now, on a weekday at a round time in college hours."""
    local = timezone.localtime(now + timedelta(days=days))
    moved = local.replace(hour=10 + n % 6, minute=30 if n % 2 else 0, second=0, microsecond=0)
    while moved.weekday() >= 5:
        moved -= timedelta(days=1)
    return moved


def tell(
    provider: Provider, talk: Talk, users: dict[str, User], sites: list[Site], now: datetime
) -> EventRequest | None:
    start = starts_at(now, talk.days, talk.n)
    lead = LATE_DAYS if talk.late_reason else ON_TIME_DAYS
    asked = min(now - timedelta(minutes=5), start - timedelta(days=lead))
    submitted = request_submit(
        actor=users[talk.organiser],
        provider=provider,
        kind=talk.kind,
        title=talk.title,
        topic=talk.topic,
        starts_at=start,
        ends_at=start + timedelta(hours=talk.hours),
        venue=talk.venue,
        audience=talk.audience,
        speakers=[SpeakerIn(name, org) for name, org in talk.speakers],
        site=sites[talk.n % len(sites)] if sites else None,
        expected_size=talk.size,
        open_to_public=talk.open_to_public,
        recorded_or_streamed=talk.recorded,
        hirer=talk.hirer,
        purpose=talk.purpose,
        late_reason=talk.late_reason,
        idempotency_key=demo_key(talk.n),
        now=asked,
    )
    if not submitted.created:
        return None
    request = submitted.request
    checker = users[COORDINATOR]
    checks = MINIMUM if talk.checks is None else talk.checks
    for kind, outcome, notes in checks:
        check_record(actor=checker, request=request, kind=kind, outcome=outcome, notes=notes)
    decided_at = None
    if talk.decide is not None:
        d = talk.decide
        request_decide(
            actor=users[d.by], request=request, decision=d.decision, risk_level=d.risk,
            rationale=d.rationale, conditions=list(d.conditions), conditions_detail=d.detail,
            risk_reasons=d.risk_reasons,
        )  # fmt: skip
        decided_at = min(asked + (start - asked) / 3, now - timedelta(minutes=2))
    if talk.outcome is not None:
        o = talk.outcome
        outcome_record(
            actor=users[talk.organiser], request=request, held=o.held, attendance=o.attendance,
            conditions_met=o.conditions_met, issues_raised=o.issues, benefit=o.benefit,
            values_addressed=list(o.values), now=request.ends_at + timedelta(hours=1),
        )  # fmt: skip
    settle(provider, request, asked=asked, decided_at=decided_at, now=now)
    return request


def settle(
    provider: Provider,
    request: EventRequest,
    *,
    asked: datetime,
    decided_at: datetime | None,
    now: datetime,
) -> None:
    """The request's own dates as the story has them; its reference in the year it was asked."""
    checked_at = min(asked + timedelta(days=1), decided_at or now - timedelta(minutes=3))
    changes: dict[str, Any] = {
        "created_at": asked,
        "updated_at": decided_at or checked_at,
        "reference": reference_for_year(provider, request, asked, now),
    }
    if decided_at is not None:
        changes["decided_at"] = decided_at
    recorded_at = min(request.ends_at + timedelta(days=1), now - timedelta(minutes=1))
    if request.status in ("held", "not_held"):
        changes["updated_at"] = recorded_at
    EventRequest.unscoped.filter(pk=request.pk).update(**changes)
    Check.unscoped.filter(request=request).update(created_at=checked_at, updated_at=checked_at)
    if decided_at is not None:
        RequestDecision.unscoped.filter(request=request).update(
            created_at=decided_at, updated_at=decided_at
        )
    EventOutcome.unscoped.filter(request=request).update(
        created_at=recorded_at, updated_at=recorded_at
    )
    url = reverse("speakers:detail", kwargs={"pk": request.pk})
    Notification.unscoped.filter(provider_id=provider.pk, url=url).update(
        created_at=asked, read_at=decided_at or (checked_at if request.checks.exists() else None)
    )


def reference_for_year(
    provider: Provider, request: EventRequest, asked: datetime, now: datetime
) -> str:
    """A request asked for in an earlier year is numbered in that year's sequence; the number
    it took this year is given back (the seed's transaction holds that counter's lock)."""
    if timezone.localtime(asked).year == timezone.localtime(now).year:
        return request.reference
    series, year, number = request.reference.split("-")
    ReferenceCounter.objects.filter(
        provider=provider, series=series, year=int(year), last_number=int(number)
    ).update(last_number=int(number) - 1)
    return next_reference(provider, request.kind, timezone.localtime(asked))


def seed_speakers(provider: Provider, *, size: str, seed: int) -> int:
    """Tell every talk not told before, oldest first; returns how many requests were created."""
    talks = plan(size, seed)
    done = set(
        EventRequest.objects.for_provider(provider)
        .filter(idempotency_key__startswith=KEY_PREFIX)
        .values_list("idempotency_key", flat=True)
    )
    todo = sorted((t for t in talks if demo_key(t.n) not in done), key=lambda t: t.days)
    if not todo:
        return 0
    names = {t.organiser for t in todo} | {COORDINATOR, LEADER}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    missing = names - set(users)
    if missing:
        raise ValueError(f"The demo users {', '.join(sorted(missing))} are missing.")
    sites = list(Site.objects.for_provider(provider).order_by("name"))
    now = timezone.now()
    return sum(tell(provider, t, users, sites, now) is not None for t in todo)
