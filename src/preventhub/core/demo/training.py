"""Staff training in the demo, told through the training services.

The college starts from the suggested catalogue and matrix. The training lead imports the
Prevent awareness e-learning certificates (one CSV export through the import service): most
staff completed it over the last three years, some let it lapse, some never did — estates staff
least of all, so the compliance view has a front-line group below its threshold to show. WRAP-
style workshops for teachers and leaders run every few months, each with its attendance list
and questionnaires before, after and (for the older ones) three months later; the safeguarding
team went on face-to-face DSL training last spring and the governors had their board session.
A workshop ten days from now has the demo ``staff`` user booked, so their home page asks them
the "before" questionnaire; last month's workshop, which they attended, waits for their
"after" answers.

Idempotent, part by part: the dates are counted back from the day of seeding, so each part is
seeded once — the certificates if none has been imported, the workshops if there are none, the
DSL and governor sessions if there are none of their course.
``--size large`` (3,000 staff) imports ~2,500 certificates and runs ~50 workshops.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.models import Provider
from preventhub.people.choices import JobCategory, PersonKind
from preventhub.people.models import Person
from preventhub.training.choices import RecordSource
from preventhub.training.importing import certificates_import
from preventhub.training.models import Course, TrainingRecord, TrainingSession
from preventhub.training.questionnaires import FOLLOW_UP_DAYS, questionnaire_answer
from preventhub.training.records import attendance_record, session_book, session_create
from preventhub.training.services import settings_for

WRAP_TRAINERS = ("Nadia Karim (accredited WRAP trainer)", "PC Steve Doyle, police Prevent team")
# People per workshop: a small college runs smaller ones.
SESSION_SIZES = {"small": 8, "large": 24}
# The share of those booked who answer the questionnaires (fewer in the large demo, which is
# for benchmarks: its impact report still has hundreds of answers).
ANSWER_SHARES = {"small": 0.8, "large": 0.3}
# The share of each staff group with the awareness e-learning on record.
AWARENESS_SHARE = {
    JobCategory.TEACHING: 0.93, JobCategory.SUPPORT: 0.9, JobCategory.LEADERSHIP: 1.0,
    JobCategory.ESTATES: 0.55, JobCategory.GOVERNOR: 0.8, JobCategory.VOLUNTEER: 0.7,
    JobCategory.SUBCONTRACTOR: 0.75,
}  # fmt: skip
WORKSHOP_GROUPS = (JobCategory.TEACHING, JobCategory.LEADERSHIP)
# Questionnaires are answered for the sessions of the last year (the impact report's default).
ANSWERED_FOR_DAYS = 365


@dataclass
class Cast:
    provider: Provider
    lead: User | None
    staff: list[Person]
    by_username: dict[str, Person]
    today: date
    answer_share: float = 0.8

    def group(self, *categories: str) -> list[Person]:
        return [p for p in self.staff if p.job_category in categories]


def seed_training(
    provider: Provider, *, size: str, seed: int = 2015, today: date | None = None
) -> int:
    """Seed what is missing; returns how many training records were created."""
    today = today or timezone.localdate()
    settings_for(provider)
    cast = load_cast(provider, today)
    cast.answer_share = ANSWER_SHARES.get(size, 0.8)
    rng = random.Random(f"{seed}:training")  # noqa: S311  (demo data, not secrets)
    created = import_certificates(cast, rng)
    created += run_workshops(cast, rng, SESSION_SIZES.get(size, 24))
    created += run_leadership_sessions(cast)
    return created


def load_cast(provider: Provider, today: date) -> Cast:
    staff = list(
        Person.objects.for_provider(provider)
        .filter(kind=PersonKind.STAFF)
        .select_related("user")
        .order_by("mis_id")
    )
    by_username = {p.user.username: p for p in staff if p.user is not None}
    lead = by_username["training_lead"].user if "training_lead" in by_username else None
    return Cast(provider, lead, staff, by_username, today)


def _course(provider: Provider, key: str) -> Course:
    found: Course = Course.objects.for_provider(provider).get(default_key=key)
    return found


# --- the e-learning export ---------------------------------------------------------------------


def awareness_date(person: Person, rng: random.Random, today: date) -> date | None:
    """When ``person`` did the e-learning, or None if they never did."""
    share = (
        AWARENESS_SHARE.get(JobCategory(person.job_category), 0.8) if person.job_category else 0.8
    )
    if rng.random() > share:
        return None
    start = person.start_date or today - timedelta(days=3650)
    # Most within the last three years; some about to lapse, about one in ten lapsed.
    roll = rng.random()
    back = (
        rng.randint(1100, 1500) if roll < 0.1 else rng.randint(1040, 1090) if roll < 0.16
        else rng.randint(30, 1000)
    )  # fmt: skip
    done = today - timedelta(days=back)
    if done < start:
        done = min(today - timedelta(days=1), start + timedelta(days=rng.randint(3, 25)))
    return done


def import_certificates(cast: Cast, rng: random.Random) -> int:
    course = _course(cast.provider, "prevent_awareness")
    imported = TrainingRecord.objects.for_provider(cast.provider).filter(source=RecordSource.IMPORT)
    if imported.exists():
        return 0
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Full name", "Email", "Completion date", "Certificate number"])
    for person in cast.staff:
        person_rng = random.Random(f"{rng.random()}:{person.mis_id}")  # noqa: S311
        done = awareness_date(person, person_rng, cast.today)
        if done is not None and person.email:
            writer.writerow(
                [person.full_name, person.email, done.strftime("%d/%m/%Y"), f"HO-{person.mis_id}"]
            )
    report = certificates_import(
        actor=cast.lead, provider=cast.provider, source=out.getvalue().encode(),
        fixed_course=course, dry_run=False, today=cast.today,
    )  # fmt: skip
    return len(report.planned) if report.imported else 0


# --- workshops with questionnaires -------------------------------------------------------------


def find_or_create_session(
    cast: Cast, course: Course, held_on: date, trainer: str
) -> tuple[TrainingSession, bool]:
    existing = (
        TrainingSession.objects.for_provider(cast.provider)
        .filter(course=course, held_on=held_on, trainer=trainer)
        .first()
    )
    if existing is not None:
        return existing, False
    session = session_create(
        actor=cast.lead, provider=cast.provider, course=course, held_on=held_on, trainer=trainer,
        venue="Conference room", today=held_on - timedelta(days=21),
    )  # fmt: skip
    return session, True


def run_session(
    cast: Cast, rng: random.Random, course: Course, held_on: date, trainer: str,
    people: list[Person], *, keen: Person | None = None,
) -> int:  # fmt: skip
    """Book, (if past) record attendance, and answer the questionnaires; records created.
    ``keen`` attends but has not answered yet (the demo ``staff`` user)."""
    session, created = find_or_create_session(cast, course, held_on, trainer)
    if not created or not people:
        return 0
    session_book(
        actor=cast.lead, session=session, people=people, today=held_on - timedelta(days=14)
    )
    if held_on > cast.today:
        return 0
    present = [p for p in people if p == keen or rng.random() < 0.92] or people[:1]
    skip_answers = frozenset({keen.pk}) if keen is not None else frozenset()
    result = attendance_record(actor=cast.lead, session=session, present=present, today=cast.today)
    answer_questionnaires(cast, rng, session, people, present, skip_answers)
    return result.created


def answer_questionnaires(
    cast: Cast, rng: random.Random, session: TrainingSession, booked: list[Person],
    present: list[Person], skip: frozenset[Any],
) -> None:  # fmt: skip
    if cast.today - session.held_on > timedelta(days=ANSWERED_FOR_DAYS):
        return
    questions = list(session.questions.order_by("created_at", "text"))
    attended = {p.pk for p in present}
    for person in booked:
        if person.pk in skip or rng.random() > cast.answer_share:
            continue
        _answer(
            cast, session, person, "before", rng, questions, session.held_on - timedelta(days=2)
        )
        if person.pk not in attended:
            continue
        _answer(cast, session, person, "after", rng, questions, session.held_on)
        follow_up = session.held_on + timedelta(days=FOLLOW_UP_DAYS + rng.randint(0, 10))
        if follow_up <= cast.today and rng.random() < 0.6:
            _answer(cast, session, person, "follow_up", rng, questions, follow_up)


# How each phase tends to answer: (lowest and highest rating, chance of a right answer).
PHASES = {"before": (1, 3, 0.45), "after": (3, 5, 0.85), "follow_up": (3, 5, 0.75)}


def _answer(
    cast: Cast, session: TrainingSession, person: Person, phase: str, rng: random.Random,
    questions: list[Any], on: date,
) -> None:  # fmt: skip
    low, high, right = PHASES[phase]
    ratings = {key: rng.randint(low, high) for key in ("recognise", "refer", "discuss")}
    chosen = {
        str(q.pk): q.correct if rng.random() < right else (q.correct + 1) % len(q.options)
        for q in questions
    }
    questionnaire_answer(
        actor=person.user, session=session, person=person, phase=phase, ratings=ratings,
        chosen=chosen, today=on,
    )  # fmt: skip


def run_workshops(cast: Cast, rng: random.Random, size: int) -> int:
    """Workshops every few weeks over two and a half years for teachers and leaders, plus one
    ten days ahead; the demo ``staff`` user attended last month's and is booked on the next."""
    course = _course(cast.provider, "wrap")
    if TrainingSession.objects.for_provider(cast.provider).filter(course=course).exists():
        return 0
    staff_user = cast.by_username.get("staff")
    audience = [p for p in cast.group(*WORKSHOP_GROUPS) if p != staff_user]
    rng.shuffle(audience)
    trained = audience[: int(len(audience) * 0.78)]
    batches = [trained[i : i + size] for i in range(0, len(trained), size)]
    count = len(batches)
    created = 0
    for index, batch in enumerate(batches):
        # Oldest first, spread back over about 30 months; the newest is last month's.
        days_back = 35 + int((count - 1 - index) * (900 / max(count, 1)))
        held_on = _weekday(cast.today - timedelta(days=days_back))
        keen = staff_user if index == count - 1 else None
        people = batch + ([keen] if keen is not None else [])
        created += run_session(
            cast, rng, course, held_on, WRAP_TRAINERS[index % 2], people, keen=keen
        )
    upcoming = list(audience[len(trained) :][: size - 1])
    if staff_user is not None:
        upcoming.append(staff_user)
    run_session(
        cast, rng, course, _weekday(cast.today + timedelta(days=10)), WRAP_TRAINERS[0], upcoming
    )
    return created


def run_leadership_sessions(cast: Cast) -> int:
    """Face-to-face DSL training for the safeguarding team; the governors' board session."""
    rng = random.Random(f"{cast.provider.slug}:leadership")  # noqa: S311
    team = [cast.by_username[u] for u in ("dsl", "deputy_dsl") if u in cast.by_username]
    governors = cast.group(JobCategory.GOVERNOR)
    sessions = TrainingSession.objects.for_provider(cast.provider)
    if sessions.filter(course__default_key__in=["dsl_prevent", "governor"]).exists():
        return 0
    created = run_session(
        cast, rng, _course(cast.provider, "dsl_prevent"),
        _weekday(cast.today - timedelta(days=230)),
        "Northbridge City Council Prevent coordinator", team,
    )  # fmt: skip
    created += run_session(
        cast, rng, _course(cast.provider, "governor"), _weekday(cast.today - timedelta(days=120)),
        "Clerk to the governors with the local Prevent coordinator", governors,
    )  # fmt: skip
    return created


def _weekday(day: date) -> date:
    """The day, or the Monday after if it falls at a weekend."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day
