"""Historical concerns for benchmarks: five years of a large college's safeguarding file.

``preventhub seed_demo --size large --historical-concerns 200000`` adds them to the demo college.
They model the records a college imports from its old system when it goes live: concerns raised
over the last five years (up to a month ago) with their chronology — raised, the decision, and
the closure for those closed since — nearly all closed, some still open cases from the last year.

Rows are bulk-inserted in batches (``bulk_create``), one transaction per batch; narratives are
encrypted by the model fields exactly as a save would. They have **no audit rows of their own**:
imported records were never created, viewed or changed in PreventHub — their history lives in
the old system — and an audit row per imported row would make the trail say otherwise. The
import itself is audited: one row (action ``seed_historical_concerns``) saying how many were
added. Reference numbers are drawn from each year's counter as the service draws them, so
concerns raised afterwards continue the sequence and never collide.

Idempotent by count: each row carries the idempotency key ``hist-NNNNNNN``; a run tops the
provider up to the number asked for, so a re-run (or a run after an interruption) adds only what
is missing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.audit.services import audit_record
from preventhub.concerns.choices import (
    INDICATORS,
    ClosureReason,
    Decision,
    EntryKind,
    Status,
)
from preventhub.concerns.models import ChronologyEntry, Concern, ReferenceCounter
from preventhub.core.demo.concern_stories import (
    CATEGORY_WEIGHTS,
    IDEOLOGY_WEIGHTS,
    OUTCOMES,
    RATIONALES,
    STORIES,
    Story,
)
from preventhub.core.demo.data import FIRST_NAMES, LAST_NAMES
from preventhub.core.models import Provider, Site
from preventhub.people.models import Person

KEY_PREFIX = "hist-"
YEARS = 5
NEWEST_DAYS_AGO = 30
BATCH = 2000
SUBJECT_WEIGHTS = {"learner": 82, "staff": 6, "visitor": 4, "other": 8}
# (weight, decision, closure reason; "" = the decision itself closes the case)
CLOSED_PATHS = (
    (35, Decision.NO_FURTHER_ACTION, ""),
    (20, Decision.MONITOR, ClosureReason.RESOLVED),
    (22, Decision.INTERNAL_SUPPORT, ClosureReason.RESOLVED),
    (8, Decision.EARLY_HELP, ClosureReason.REFERRED_ON),
    (7, Decision.SOCIAL_CARE, ClosureReason.REFERRED_ON),
    (4, Decision.MONITOR, ClosureReason.NOT_SAFEGUARDING),
    (4, Decision.INTERNAL_SUPPORT, ClosureReason.LEFT_PROVIDER),
)
PREVENT_REFERRALS = ((70, Decision.POLICE_PREVENT), (30, Decision.CHANNEL))
OPEN_SHARE_LAST_YEAR = 0.08
ROOMS = ("classroom", "workshop", "canteen", "library", "corridor", "car park", "online")
# What was seen, for subjects the curated learner stories do not fit.
OTHER_SUBJECT_TEXTS = {
    "staff": (
        "A learner said {name} made remarks in class that left them feeling unsafe.",
        "A parent reported messages {name} sent to a learner outside college systems.",
        "A colleague saw {name} share extremist material on a college screen.",
    ),
    "visitor": (
        "A visitor was filming learners near the entrance and left when challenged.",
        "A contractor on site was overheard making extremist remarks to a learner.",
        "A visiting speaker said things that breached the external speakers policy.",
    ),
    "other": (
        "A member of the public saw a learner being approached by older adults at the bus "
        "station, more than once.",
        "An anonymous message said a young person close to our learners is at risk at home.",
        "A partner agency shared information about a risk to learners in the area.",
    ),
}
VISITOR_NAMES = ("", "Contractor", "Delivery driver", "Parent of a learner", "Visiting speaker")
CLOSURE_OUTCOMES = OUTCOMES | {
    ClosureReason.NOT_SAFEGUARDING: "Not a safeguarding matter; handled by the right team.",
    ClosureReason.LEFT_PROVIDER: "Left the college; the file went to the new provider.",
}


def historical_key(n: int) -> str:
    return f"{KEY_PREFIX}{n:07d}"


@dataclass(frozen=True)
class Pools:
    """What the generated rows draw on: the register, the safeguarding team, sites, wording."""

    learners: list[tuple[Any, str]]  # (person id, full name)
    staff: list[tuple[Any, str]]
    leads: list[tuple[Any, str]]  # (user id, name): who decided
    locations: list[str]
    stories: dict[str, list[Story]]


def load_pools(provider: Provider) -> Pools:
    people = Person.objects.for_provider(provider).values_list(
        "kind", "pk", "first_name", "last_name"
    )
    learners = [(pk, f"{f} {last}") for kind, pk, f, last in people if kind == "learner"]
    staff = [(pk, f"{f} {last}") for kind, pk, f, last in people if kind == "staff"]
    leads = [
        (u.pk, u.get_full_name() or u.username)
        for u in User.objects.filter(username__in=["dsl", "deputy_dsl"])
    ]
    sites = list(Site.objects.for_provider(provider).values_list("name", flat=True))
    locations = [f"{site}, {room}" for site in sites or ["Main site"] for room in ROOMS]
    stories: dict[str, list[Story]] = {}
    for story in STORIES:
        if story.subject == "learner" and story.reporter != "learner":
            stories.setdefault(story.category, []).append(story)
    return Pools(learners, staff, leads or [(None, "Safeguarding team")], locations, stories)


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let ``created_at``/``updated_at`` be written as given (historical dates), not as now.

    ``auto_now``/``auto_now_add`` are switched off on these models' fields for the duration and
    restored after; a management command is single-threaded, so nothing else sees the change.
    """
    fields = [
        f
        for model in model_classes
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[attr-defined]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f, now_, add in saved:
            f.auto_now, f.auto_now_add = now_, add  # type: ignore[attr-defined]


# --- one historical concern -----------------------------------------------------------------


@dataclass
class Made:
    concern: Concern
    entries: list[ChronologyEntry]


def make_one(
    provider: Provider, pools: Pools, rng: random.Random, key: str, raised: datetime, now: datetime
) -> Made:
    """One imported concern raised at ``raised``, with its chronology (not saved)."""
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    ideology = (
        rng.choices(list(IDEOLOGY_WEIGHTS), list(IDEOLOGY_WEIGHTS.values()))[0]
        if category == "prevent"
        else ""
    )
    subject_type = rng.choices(list(SUBJECT_WEIGHTS), list(SUBJECT_WEIGHTS.values()))[0]
    person_id, name = subject_of(pools, rng, subject_type)
    first = name.split(" ", 1)[0] if person_id or subject_type == "learner" else "the person"
    description = (
        rng.choice(pools.stories[category]).description
        if subject_type == "learner"
        else rng.choice(OTHER_SUBJECT_TEXTS[subject_type])
    ).format(first=first, last="", name=name or "the person", course="")
    lead_id, lead_name = rng.choice(pools.leads)
    reporter = rng.choice(pools.staff)[1] if pools.staff else "A member of staff"
    decided = raised + timedelta(hours=rng.uniform(1, 72))
    decision, reason = path_of(rng, category, raised, now)
    closes = reason != "open"
    closed_at = None
    if closes:
        closed_at = decided if not reason else decided + timedelta(days=rng.uniform(5, 90))
        closed_at = min(closed_at, now - timedelta(hours=1))
    concern = Concern(
        provider=provider,
        reference="",  # numbered per year by the batch
        reporter=None,
        reporter_name=reporter,
        idempotency_key=key,
        subject_type=subject_type,
        subject_person_id=person_id,
        subject_name=name,
        description=description,
        occurred_at=raised - timedelta(hours=rng.uniform(0.5, 30)),
        location=rng.choice(pools.locations),
        indicators=indicators_for(rng, category),
        category=category,
        ideology=ideology,
        immediate_risk=rng.random() < 0.02,
        status=Status.CLOSED if closes else Status.OPEN,
        lead_id=lead_id,
        acknowledged_at=raised + timedelta(hours=rng.uniform(0.1, 8)),
        acknowledged_by_id=lead_id,
        first_decision_at=decided,
        latest_decision=decision,
        outcome=CLOSURE_OUTCOMES.get(reason, "") if reason else "",
        closed_at=closed_at,
        closure_reason=(reason or ClosureReason.NO_FURTHER_ACTION) if closes else "",
        created_at=raised,
        updated_at=closed_at or decided,
    )
    return Made(concern, entries_for(concern, first, (lead_id, lead_name), decided))


def subject_of(pools: Pools, rng: random.Random, subject_type: str) -> tuple[Any, str]:
    pool = {"learner": pools.learners, "staff": pools.staff}.get(subject_type)
    if pool and rng.random() < 0.8:
        return rng.choice(pool)
    if subject_type in ("learner", "staff"):
        return None, f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if subject_type == "visitor":
        return None, rng.choice(VISITOR_NAMES)
    return None, ""


def path_of(rng: random.Random, category: str, raised: datetime, now: datetime) -> tuple[str, str]:
    """The decision and how the case ended ("" = closed by the decision, "open" = still open)."""
    last_year = now - raised < timedelta(days=365)
    if category == "prevent" and rng.random() < 0.15:
        referral = rng.choices(
            [d for _, d in PREVENT_REFERRALS], [w for w, _ in PREVENT_REFERRALS]
        )[0]
        still_open = last_year and rng.random() < 0.3
        return str(referral), "open" if still_open else str(ClosureReason.RESOLVED)
    _, decision, reason = rng.choices(CLOSED_PATHS, [p[0] for p in CLOSED_PATHS])[0]
    # Closing cases (not the no-further-action ones) from the last year are sometimes open.
    if reason and last_year and rng.random() < OPEN_SHARE_LAST_YEAR / 0.65:
        return str(decision), "open"
    return str(decision), str(reason)


def indicators_for(rng: random.Random, category: str) -> list[str]:
    keys = list(INDICATORS)
    if category == "prevent":
        return rng.sample(keys, rng.randint(1, 3))
    return rng.sample(keys[11:], 1) if rng.random() < 0.3 else []


def entries_for(
    concern: Concern, first: str, lead: tuple[Any, str], decided: datetime
) -> list[ChronologyEntry]:
    """Raised, the decision, and (unless the decision closed it, or it is open) the closure."""

    def entry(kind: str, at: datetime, text: str, author: tuple[Any, str], **extra: Any) -> Any:
        made = ChronologyEntry(
            provider=concern.provider,
            concern=concern,
            kind=kind,
            occurred_at=at,
            author_id=author[0],
            author_name=author[1],
            text=text,
            created_at=at,
            updated_at=at,
            **extra,
        )
        made.root_id = made.pk  # every historical entry is the first (and only) version
        return made

    rationale = RATIONALES[Decision(concern.latest_decision)].format(first=first)
    rows = [
        entry(
            EntryKind.RAISED, concern.created_at, "Concern raised.", (None, concern.reporter_name)
        ),
        entry(EntryKind.DECISION, decided, rationale, lead, decision=concern.latest_decision),
    ]
    if concern.closed_at is not None and concern.outcome:
        label = ClosureReason(concern.closure_reason).label
        rows.append(
            entry(
                EntryKind.CLOSED,
                concern.closed_at,
                f"Closed: {label}. Outcome: {concern.outcome}",
                lead,
            )
        )
    return rows


# --- batches --------------------------------------------------------------------------------


def raised_times(count: int, first_n: int, target: int, now: datetime, seed: int) -> list[datetime]:
    """Evenly spread over the five years (with jitter), so rows are made in date order."""
    start = now - timedelta(days=365 * YEARS)
    span = (now - timedelta(days=NEWEST_DAYS_AGO) - start).total_seconds()
    rng = random.Random(f"{seed}:historical-times:{first_n}")  # noqa: S311  (demo data)
    step = span / max(target, 1)
    return [
        start + timedelta(seconds=(first_n - 1 + i) * step + rng.uniform(0, step))
        for i in range(count)
    ]


def number_by_year(provider: Provider, concerns: list[Concern]) -> None:
    """Give each concern the next references of its year, reserving them in the counter."""
    by_year: dict[int, list[Concern]] = {}
    for concern in concerns:
        by_year.setdefault(concern.created_at.year, []).append(concern)
    for year, rows in sorted(by_year.items()):
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            provider=provider, year=year
        )
        ReferenceCounter.objects.filter(pk=counter.pk).update(
            last_number=F("last_number") + len(rows)
        )
        for offset, concern in enumerate(sorted(rows, key=lambda c: c.created_at), start=1):
            concern.reference = f"C-{year}-{counter.last_number + offset:05d}"


def insert_batch(
    provider: Provider,
    pools: Pools,
    first_n: int,
    count: int,
    target: int,
    seed: int,
    now: datetime,
) -> int:
    rng = random.Random(f"{seed}:historical:{first_n}")  # noqa: S311  (demo data)
    times = raised_times(count, first_n, target, now, seed)
    made = [
        make_one(provider, pools, rng, historical_key(first_n + i), at, now)
        for i, at in enumerate(times)
    ]
    with transaction.atomic():
        insert_made(provider, made)
    return len(made)


def insert_made(provider: Provider, made: list[Made]) -> None:
    """Number the concerns in their years' sequences and bulk-insert them with their entries."""
    concerns = [m.concern for m in made]
    with transaction.atomic(), explicit_timestamps(Concern, ChronologyEntry):
        number_by_year(provider, concerns)
        # A system job that names the provider on every row: the unscoped manager is safe.
        Concern.unscoped.bulk_create(concerns, batch_size=1000)
        ChronologyEntry.unscoped.bulk_create([e for m in made for e in m.entries], batch_size=2000)


def import_demo_concerns(
    provider: Provider, raised: list[tuple[str, datetime]], seed: int, now: datetime
) -> int:
    """The large demo's older concerns, as records imported at go-live: (key, raised at)."""
    if not raised:
        return 0
    pools = load_pools(provider)
    made = []
    for key, at in raised:
        rng = random.Random(f"{seed}:imported:{key}")  # noqa: S311  (demo data)
        made.append(make_one(provider, pools, rng, key, at, now))
    insert_made(provider, made)
    analyze(Concern, ChronologyEntry)
    return len(made)


def seed_historical_concerns(
    *,
    provider: Provider,
    target: int,
    seed: int,
    progress: Callable[[int, int, int], None] | None = None,
) -> int:
    """Top the provider up to ``target`` historical concerns; returns how many were added.

    ``progress(added, have, target)`` is called after each batch.
    """
    if target < 0:
        raise ValueError("The number of historical concerns cannot be negative.")
    have = (
        Concern.objects.for_provider(provider)
        .filter(idempotency_key__startswith=KEY_PREFIX)
        .count()
    )
    if have >= target:
        return 0
    pools = load_pools(provider)
    now = timezone.now()
    added = 0
    for first_n in range(have + 1, target + 1, BATCH):
        count = min(BATCH, target + 1 - first_n)
        added += insert_batch(provider, pools, first_n, count, target, seed, now)
        if progress is not None:
            progress(added, have + added, target)
    with transaction.atomic():
        analyze(Concern, ChronologyEntry)
        audit_record(
            actor=None,
            action="seed_historical_concerns",
            obj=provider,
            provider_id=provider.pk,
            detail={"added": added, "total": target},
        )
    return added


def analyze(*model_classes: type[models.Model]) -> None:
    """Fresh planner statistics after a bulk load (the inbox's plans depend on them)."""
    with connection.cursor() as cursor:
        for model in model_classes:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
