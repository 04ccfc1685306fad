"""Concerns in the demo, raised and worked through the services of the referral pathway.

Each story (``concern_stories``) is raised by a demo user and then triaged, decided, noted,
reviewed and closed by the services a dsl's clicks call, so chronology, in-app notifications and
audit rows are exactly those of real use. The services stamp everything "now"; afterwards the
seed moves the concern's own dates (raised, acknowledged, decided, closed, chronology times) to
when the story says they happened, so the inbox looks like a term's work rather than one second
of it. The audit trail keeps the true time of seeding: it is append-only and hash-chained.

Idempotent: every demo concern carries the idempotency key ``demo-concern-NNNNN``; a story whose
key exists is skipped, so a re-run adds nothing, and ``--size large`` after ``small`` adds only
the generated stories. The seed sends no email (see ``no_notification_email``).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, F, Value, When
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.choices import Category, Decision
from preventhub.concerns.models import (
    CaseAction,
    ChronologyEntry,
    Concern,
    ReferenceCounter,
)
from preventhub.concerns.services import (
    action_add,
    action_complete,
    chronology_add,
    concern_acknowledge,
    concern_close,
    concern_decide,
    concern_raise,
    concern_reopen,
    link_add,
    next_reference,
    review_record,
)
from preventhub.core.demo.concern_stories import (
    CATEGORY_WEIGHTS,
    DAY,
    IDEOLOGY_WEIGHTS,
    OUTCOMES,
    RATIONALES,
    STORIES,
    Step,
    Story,
    ack,
    action,
    decide,
    note,
)
from preventhub.core.demo.concern_stories import close as close_step
from preventhub.core.demo.historical import import_demo_concerns
from preventhub.core.models import Department, Provider
from preventhub.notifications.models import Notification
from preventhub.people.models import Person

KEY_PREFIX = "demo-concern-"
# The large demo: the curated stories plus this many generated ones (~1,500 in all), raised
# over the last two years by the same demo users.
GENERATED = {"small": 0, "large": 1460}
GENERATED_FIRST_N = 1001
GENERATED_MAX_DAYS = 730
# Generated stories older than this are imported in bulk, not told through the services.
TOLD_WITHIN_DAYS = 180
OPENS, CLOSES = 7, 19  # local hours in which the demo's concerns are raised


def demo_key(n: int) -> str:
    return f"{KEY_PREFIX}{n:05d}"


@contextmanager
def no_notification_email() -> Iterator[None]:
    """Queue no real email while seeding; the in-app notifications are still written.

    The demo addresses are invented (``.example``), the console backend would print hundreds of
    messages, and a benchmark database has no mail server. Tasks go to Django's dummy backend
    (kept in memory, never run) — also those queued on commit, so wrap the whole transaction.
    """
    from django.test.utils import override_settings

    dummy = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        yield


# --- who the stories are about --------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    """The provider's demo users and the register people the stories draw on."""

    provider: Provider
    users: dict[str, User]
    departments: dict[str, Any]  # curriculum code -> department id
    learners_by_dept: dict[Any, list[Person]]
    learners: list[Person]
    staff: list[Person]

    def subject(self, story: Story, rng: random.Random) -> Person | None:
        if story.subject == "staff":
            return rng.choice(self.staff) if self.staff else None
        if story.subject != "learner":
            return None
        pool = self.learners_by_dept.get(self.departments.get(story.dept)) or self.learners
        return rng.choice(pool) if pool else None

    def peer(self, subject: Person | None, rng: random.Random) -> Person | None:
        """Another learner, from the subject's department when there is one."""
        dept = subject.department_id if subject is not None else None
        pool = [
            p for p in self.learners_by_dept.get(dept, []) if p.pk != getattr(subject, "pk", None)
        ]
        pool = pool or self.learners
        return rng.choice(pool) if pool else None


def load_cast(provider: Provider, usernames: set[str]) -> Cast:
    users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    departments = dict(Department.objects.for_provider(provider).values_list("code", "pk"))
    people = (
        Person.objects.for_provider(provider)
        .filter(user__isnull=True)  # never the demo users' own records
        .only(
            "id", "provider_id", "kind", "first_name", "last_name", "preferred_name",
            "department_id", "course", "job_category",
        )
        .order_by("mis_id")
    )  # fmt: skip
    learners: list[Person] = []
    staff: list[Person] = []
    by_dept: dict[Any, list[Person]] = {}
    for person in people:
        if person.kind == "learner":
            learners.append(person)
            by_dept.setdefault(person.department_id, []).append(person)
        elif person.job_category in ("teaching", "support"):
            staff.append(person)
    return Cast(provider, users, departments, by_dept, learners, staff)


# --- running a story ------------------------------------------------------------------------


@dataclass
class Run:
    """One story being told: the concern, when each thing happened, and the latest action."""

    cast: Cast
    story: Story
    rng: random.Random
    raised_at: datetime
    concern: Concern
    words: dict[str, str]
    subject: Person | None
    times: dict[str, datetime | None] = field(default_factory=dict)
    # (real time before a step, the step's time in the story), oldest first.
    marks: list[tuple[datetime, datetime]] = field(default_factory=list)
    last_action: CaseAction | None = None

    def text(self, template: str) -> str:
        return template.format(**self.words)

    def user(self, username: str) -> User:
        return self.cast.users[username]


def tell(
    cast: Cast, story: Story, *, raised_at: datetime, rng: random.Random, now: datetime
) -> Concern | None:
    """Raise the story's concern and play its steps; None if it was seeded before."""
    subject = cast.subject(story, rng)
    words = wording(subject, story)
    mark = timezone.now()
    raised = concern_raise(
        actor=cast.users[story.reporter],
        provider=cast.provider,
        subject_type=story.subject,
        subject_person=subject,
        subject_name=story.subject_name,
        description=story.description.format(**words),
        occurred_at=raised_at - timedelta(hours=story.noticed_hours_before),
        location=story.location,
        indicators=story.indicators,
        category=story.category,
        ideology=story.ideology,
        immediate_risk=story.immediate_risk,
        idempotency_key=demo_key(story.n),
    )
    if not raised.created:
        return None
    run = Run(cast, story, rng, raised_at, raised.concern, words, subject)
    run.marks.append((mark, raised_at))
    for step in story.steps:
        at = raised_at + timedelta(hours=step.at)
        run.marks.append((timezone.now(), at))
        play(run, step, at)
        run.times["last"] = at
    stamp_entries(run)
    settle(run, now)
    return run.concern


def when_raised(now: datetime, days_ago: float, rng: random.Random) -> datetime:
    """When a story's concern was raised: always on a weekday in college hours, never later
    than ``days_ago`` before ``now``, so the inbox does not show concerns raised at 3 a.m.

    A story a day old or more gets a random time on its day (or the weekday before). A story of
    the last day is its age before now counted in college hours only (so at least its age in
    real time), and the most recent stories keep their order whenever the seed runs.
    """
    if days_ago < 1:
        return college_time_before(timezone.localtime(now), timedelta(days=days_ago))
    local = timezone.localtime(now - timedelta(days=days_ago))
    moved = local.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))
    if moved > local:
        moved -= timedelta(days=1)
    while moved.weekday() >= 5:  # Saturday or Sunday: the Friday before
        moved -= timedelta(days=1)
    return moved


def college_time_before(moment: datetime, span: timedelta) -> datetime:
    """``span`` of college hours (weekdays, OPENS to CLOSES) before ``moment``."""
    at = last_college_moment(moment)
    while True:
        opened = at.replace(hour=OPENS, minute=0, second=0, microsecond=0)
        if span <= at - opened:
            return at - span
        span -= at - opened
        at = last_college_moment(opened - timedelta(seconds=1))


def last_college_moment(moment: datetime) -> datetime:
    """``moment`` if the college is open then, else when it last closed."""
    while True:
        if moment.weekday() < 5 and OPENS <= moment.hour < CLOSES:
            return moment
        if moment.weekday() < 5 and moment.hour >= CLOSES:
            return moment.replace(hour=CLOSES, minute=0, second=0, microsecond=0)
        moment = (moment - timedelta(days=1)).replace(
            hour=CLOSES, minute=0, second=0, microsecond=0
        )


def wording(subject: Person | None, story: Story) -> dict[str, str]:
    if subject is None:
        name = story.subject_name or "the person"
        return {"first": name, "last": "", "name": name, "course": ""}
    return {
        "first": subject.first_name,
        "last": subject.last_name,
        "name": f"{subject.first_name} {subject.last_name}",
        "course": subject.course,
    }


def play(run: Run, step: Step, at: datetime) -> None:
    actor = run.user(step.by)
    concern = run.concern
    if step.kind == "ack":
        run.concern = concern_acknowledge(actor=actor, concern=concern)
        run.times.setdefault("acknowledged", at)
    elif step.kind == "decide":
        entry = concern_decide(
            actor=actor,
            concern=concern,
            decision=step.decision,
            rationale=run.text(step.text),
            informed=run.text(step.informed),
            informed_at=at if step.informed else None,
        )
        run.concern = entry.concern  # the service's re-read, under its lock
        run.times.setdefault("acknowledged", at)
        run.times.setdefault("first_decision", at)
        if step.decision == Decision.NO_FURTHER_ACTION:
            run.times["closed"] = at
    elif step.kind in ("note", "contact"):
        chronology_add(
            actor=actor, concern=concern, kind=step.kind, text=run.text(step.text), occurred_at=at
        )
    else:
        play_case_work(run, step, actor, at)


def play_case_work(run: Run, step: Step, actor: User, at: datetime) -> None:
    concern = run.concern
    if step.kind == "action":
        run.last_action = action_add(
            actor=actor,
            concern=concern,
            description=run.text(step.text),
            owner=run.user(step.owner),
            due_on=(at + timedelta(days=step.due_days)).date(),
        )
        CaseAction.unscoped.filter(pk=run.last_action.pk).update(created_at=at, updated_at=at)
    elif step.kind == "done" and run.last_action is not None:
        action_complete(actor=actor, action=run.last_action)
        CaseAction.unscoped.filter(pk=run.last_action.pk).update(completed_at=at, updated_at=at)
    elif step.kind == "link":
        peer = None if step.name else run.cast.peer(run.subject, run.rng)
        link_add(
            actor=actor,
            concern=concern,
            relationship=step.relationship,
            person=peer,
            name=run.text(step.name),
            notes=run.text(step.text),
        )
    elif step.kind == "review":
        held = timezone.localdate(at)
        later = held + timedelta(days=step.next_review_days) if step.next_review_days else None
        review_record(
            actor=actor, concern=concern, held_on=held, summary=run.text(step.text),
            next_review_on=later,
        )  # fmt: skip
    elif step.kind == "close":
        run.concern = concern_close(
            actor=actor, concern=concern, reason=step.reason, outcome=run.text(step.text)
        )
        run.times["closed"] = at
    elif step.kind == "reopen":
        run.concern = concern_reopen(actor=actor, concern=concern, reason=run.text(step.text))
        run.times["closed"] = None
    else:
        raise ValueError(f"Unknown demo step {step.kind!r}.")


def stamp_entries(run: Run) -> None:
    """Each chronology entry happened when the step that wrote it happened in the story.

    One UPDATE for the whole story: an entry belongs to the latest step that began (in real
    time) before it was written. An entry whose time was given explicitly (a contact last week,
    a review's date) keeps it.
    """
    first_mark = run.marks[0][0]

    def step_time() -> Case:
        steps = [When(created_at__gte=mark, then=Value(at)) for mark, at in reversed(run.marks)]
        return Case(*steps, default=F("created_at"))

    ChronologyEntry.unscoped.filter(concern_id=run.concern.pk, created_at__gte=first_mark).update(
        created_at=step_time(),
        updated_at=step_time(),
        occurred_at=Case(
            When(occurred_at__gte=first_mark, then=step_time()), default=F("occurred_at")
        ),
    )


def settle(run: Run, now: datetime) -> None:
    """Give the concern the dates of its story, its reference the year it was raised in, and
    mark the team's notifications read once someone acknowledged it."""
    concern = run.concern  # kept current from what each service returned
    times = run.times
    changes: dict[str, Any] = {
        "created_at": run.raised_at,
        "updated_at": times.get("last") or run.raised_at,
        "reference": reference_for_year(run.cast.provider, concern, run.raised_at, now),
    }
    if concern.acknowledged_at is not None:
        changes["acknowledged_at"] = times.get("acknowledged") or run.raised_at
    if concern.first_decision_at is not None:
        changes["first_decision_at"] = times.get("first_decision")
    if concern.closed_at is not None:
        changes["closed_at"] = times.get("closed")
    Concern.unscoped.filter(pk=concern.pk).update(**changes)
    url = reverse("concerns:detail", kwargs={"pk": concern.pk})
    Notification.unscoped.filter(provider_id=concern.provider_id, url=url).update(
        created_at=run.raised_at, read_at=changes.get("acknowledged_at")
    )


def reference_for_year(
    provider: Provider, concern: Concern, raised_at: datetime, now: datetime
) -> str:
    """A concern moved into an earlier year is numbered in that year's sequence.

    The raise took this year's last number under a row lock the seed's transaction still
    holds, so that number is given back rather than left as a gap.
    """
    if raised_at.year == now.year:
        return concern.reference
    number = int(concern.reference.rsplit("-", 1)[1])
    ReferenceCounter.objects.filter(
        provider_id=concern.provider_id, year=now.year, last_number=number
    ).update(last_number=number - 1)
    return next_reference(provider, raised_at)


# --- the large demo's generated stories ----------------------------------------------------

# (weight, decisions in order, closure reason or "" when the last decision closes or it stays open)
PATHS = {
    "prevent": (
        (30, (Decision.NO_FURTHER_ACTION,), ""),
        (30, (Decision.MONITOR,), "resolved"),
        (20, (Decision.INTERNAL_SUPPORT,), "resolved"),
        (12, (Decision.POLICE_PREVENT, Decision.INTERNAL_SUPPORT), "resolved"),
        (8, (Decision.POLICE_PREVENT, Decision.CHANNEL), "resolved"),
    ),
    "other": (
        (35, (Decision.NO_FURTHER_ACTION,), ""),
        (25, (Decision.INTERNAL_SUPPORT,), "resolved"),
        (20, (Decision.MONITOR,), "resolved"),
        (12, (Decision.EARLY_HELP,), "referred_on"),
        (8, (Decision.SOCIAL_CARE,), "referred_on"),
    ),
}
STILL_OPEN_WITHIN_DAYS = 30


def templates() -> dict[str, list[Story]]:
    """Curated learner stories, by category, whose words suit any staff reporter."""
    found: dict[str, list[Story]] = {}
    for story in STORIES:
        if story.subject == "learner" and story.reporter != "learner" and not story.immediate_risk:
            found.setdefault(story.category, []).append(story)
    return found


def generated_story(n: int, rng: random.Random, by_category: dict[str, list[Story]]) -> Story:
    category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
    template = rng.choice(by_category[category])
    ideology = ""
    if category == Category.PREVENT:
        ideology = rng.choices(list(IDEOLOGY_WEIGHTS), list(IDEOLOGY_WEIGHTS.values()))[0]
    days_ago = rng.uniform(2, GENERATED_MAX_DAYS)
    return replace(
        template,
        n=n,
        days_ago=days_ago,
        ideology=ideology,
        steps=generated_steps(rng, category, days_ago),
    )


def generated_steps(rng: random.Random, category: str, days_ago: float) -> tuple[Step, ...]:
    paths = PATHS["prevent" if category == Category.PREVENT else "other"]
    _, decisions, reason = rng.choices(paths, [p[0] for p in paths])[0]
    lead = rng.choice(("dsl", "dsl", "deputy_dsl"))
    at = rng.uniform(0.2, 6)
    # Most decisions are recorded without a separate acknowledgement (deciding acknowledges).
    steps: list[Step] = [ack(at, by=lead)] if rng.random() < 0.2 else []
    for decision in decisions:
        at += rng.uniform(2, 48) if decision != Decision.CHANNEL else 14 * DAY
        steps.append(decide(at, decision, RATIONALES[decision], informed="{first}", by=lead))
    if decisions == (Decision.NO_FURTHER_ACTION,):
        pass
    elif days_ago > STILL_OPEN_WITHIN_DAYS:
        at += rng.uniform(2, 10) * DAY
        if rng.random() < 0.3:
            steps.append(note(at, "Checked in with {first} and the tutor: going well.", by=lead))
        at += rng.uniform(7, 40) * DAY
        steps.append(close_step(at, reason, OUTCOMES[reason], by=lead))
    else:
        steps.append(action(at + 1, "Weekly check-in with {first}", lead, 7, by=lead))
    return within(steps, days_ago)


def within(steps: list[Step], days_ago: float) -> tuple[Step, ...]:
    """The steps squeezed in proportion so the last one happened before now."""
    limit = (days_ago - 0.1) * DAY
    if not steps or steps[-1].at <= limit:
        return tuple(steps)
    factor = limit / steps[-1].at
    return tuple(replace(step, at=step.at * factor) for step in steps)


def plan(size: str, seed: int) -> list[Story]:
    """The stories for ``size``: the curated ones, then (large) the generated ones."""
    stories = list(STORIES)
    by_category = templates()
    for n in range(GENERATED_FIRST_N, GENERATED_FIRST_N + GENERATED[size]):
        rng = random.Random(f"{seed}:generated:{n}")  # noqa: S311  (demo data, not secrets)
        stories.append(generated_story(n, rng, by_category))
    return stories


def seed_concerns(provider: Provider, *, size: str, seed: int) -> int:
    """Tell every story not told before; returns how many concerns were created.

    The large demo's generated stories older than ``TOLD_WITHIN_DAYS`` are imported in bulk
    instead (``historical.import_demo_concerns``), as a college's records from before it went
    live would be: telling 1,500 stories through the services takes PostgreSQL ~45 statements
    each, and the large demo must build in under two minutes on two cores.
    """
    stories = plan(size, seed)
    done = set(
        Concern.objects.for_provider(provider)
        .filter(idempotency_key__startswith=KEY_PREFIX)
        .values_list("idempotency_key", flat=True)
    )
    todo = [s for s in stories if demo_key(s.n) not in done]
    if not todo:
        return 0
    now = timezone.now()
    timed = []
    for story in todo:
        rng = random.Random(f"{seed}:concern:{story.n}")  # noqa: S311  (demo data, not secrets)
        timed.append((when_raised(now, story.days_ago, rng), story, rng))
    # Oldest first, so each year's references run in date order.
    timed.sort(key=lambda told: told[0])
    imported = [(demo_key(s.n), at) for at, s, _ in timed if imported_in_bulk(s)]
    told = [(at, s, rng) for at, s, rng in timed if not imported_in_bulk(s)]
    created = import_demo_concerns(provider, imported, seed, now)
    usernames = {s.reporter for _, s, _ in told} | {
        name for _, s, _ in told for step in s.steps for name in (step.by, step.owner) if name
    }
    cast = load_cast(provider, usernames)
    return created + sum(
        tell(cast, story, raised_at=at, rng=rng, now=now) is not None for at, story, rng in told
    )


def imported_in_bulk(story: Story) -> bool:
    return story.n >= GENERATED_FIRST_N and story.days_ago > TOLD_WITHIN_DAYS
