"""Curriculum, employer communications and learner voice in the demo, through the services.

- **Activities** over this term and the two before: for each course a whole-course induction
  or tutorial, and for most groups a lesson or review of their own, each naming the British
  values and Prevent topics it taught. About one group in seven is left without any this term
  and others miss a value or two, so the coverage page has gaps to show and the compliance
  view has its finding. Held external speaker events for learners are attributed to a course.
- **Employers**: about two in three employers with apprentices were told about the duty in
  the last year (a meeting, a letter, a progress review); the rest are the finding.
- **Learner voice**: two surveys of earlier terms (closed) and one open now, answered through
  anonymous links counted under courses, including one small course whose figures the results
  must withhold. The services take today's date; afterwards the seed moves each past survey's
  dates (close date, opened and closed, answer days) back to its term. The audit trail keeps
  the true time of seeding.

Idempotent: activities and communications carry the idempotency keys ``demo-curriculum-N`` and
``demo-employer-N``, surveys are found by title, and attributed speaker events are skipped; a
re-run adds nothing. ``--size large`` keeps the number of activities in proportion to courses
(one service call each, about 10 ms).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.statistics import local_midnight
from preventhub.core.models import Provider
from preventhub.curriculum.choices import BritishValue, PreventTopic
from preventhub.curriculum.models import (
    Activity,
    EmployerCommunication,
    Survey,
    SurveyResponse,
)
from preventhub.curriculum.selectors import (
    course_groups,
    employer_rows,
    events_to_attribute,
    learners,
)
from preventhub.curriculum.services import (
    GroupRef,
    activity_log,
    communication_record,
    event_attendance_record,
)
from preventhub.curriculum.surveys import (
    SurveyIn,
    answer_submit,
    links_anonymous,
    questions,
    questions_ensure_defaults,
    survey_close,
    survey_create,
    survey_open,
    survey_questions,
)
from preventhub.curriculum.terms import Term, current_term

ACTIVITY_KEY = "demo-curriculum-"
EMPLOYER_KEY = "demo-employer-"
LEAD = "curriculum_lead"
TEACHER = "staff"
VALUES = BritishValue.values
TOPICS = PreventTopic.values
# Groups with their own session, at most, per course and term (keeps --size large quick).
GROUPS_PER_COURSE = 3

INDUCTION = ("induction", "Induction: staying safe, British values and who to tell")
SESSIONS = (
    ("tutorial", "Tutorial: what democracy means at college and at work"),
    ("lesson", "Spotting fake news and propaganda online"),
    ("tutorial", "Hate crime: what it is and how to report it"),
    ("enrichment", "Debate club: should the voting age be 16?"),
    ("lesson", "The rule of law in the workplace"),
    ("tutorial", "Conspiracy theories and how they spread"),
    ("enrichment", "Faith and belief: a visit and discussion"),
    ("apprentice_review", "Progress review: British values in your workplace"),
)
SESSION_VALUES = {
    "Tutorial: what democracy means at college and at work": ["democracy", "individual_liberty"],
    "Spotting fake news and propaganda online": ["democracy"],
    "Hate crime: what it is and how to report it": ["rule_of_law", "mutual_respect"],
    "Debate club: should the voting age be 16?": ["democracy", "individual_liberty"],
    "The rule of law in the workplace": ["rule_of_law"],
    "Conspiracy theories and how they spread": [],
    "Faith and belief: a visit and discussion": ["mutual_respect"],
    "Progress review: British values in your workplace": list(VALUES),
}
SESSION_TOPICS = {
    "Spotting fake news and propaganda online": ["critical_media", "online_extremism"],
    "Hate crime: what it is and how to report it": ["hate_crime", "getting_help"],
    "Debate club: should the voting age be 16?": ["debate"],
    "Conspiracy theories and how they spread": ["conspiracy", "critical_media", "recruitment"],
    "Progress review: British values in your workplace": ["getting_help"],
}
SUMMARY = (
    "Learners discussed real examples in small groups and fed back; most could say where to "
    "report a worry by the end."
)


@dataclass
class Counter:
    n: int = 0
    created: int = 0

    def key(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n:05d}"


def seed_curriculum(provider: Provider, *, size: str, seed: int, today: date | None = None) -> int:
    """Create what is missing; returns how many records were created."""
    today = today or timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=[LEAD, TEACHER])}
    lead, teacher = users.get(LEAD), users.get(TEACHER)
    if lead is None or teacher is None:
        raise ValueError("The demo users curriculum_lead and staff are missing.")
    rng = random.Random(f"{seed}:curriculum:{provider.slug}")  # noqa: S311  (demo data)
    created = seed_activities(provider, rng, lead, teacher, today)
    created += seed_events(provider, f"{seed}:{provider.slug}", lead, today)
    created += seed_employers(provider, rng, lead, today)
    created += seed_surveys(provider, rng, lead, today)
    return created


# --- activities ----------------------------------------------------------------------------


def seed_activities(
    provider: Provider, rng: random.Random, lead: User, teacher: User, today: date
) -> int:
    done = set(
        Activity.objects.for_provider(provider)
        .filter(idempotency_key__startswith=ACTIVITY_KEY)
        .values_list("idempotency_key", flat=True)
    )
    courses = course_groups(provider, on=today)
    counter = Counter()
    term = current_term(today)
    for _ in range(3):
        for course, groups in courses.items():
            _course_sessions(
                provider, rng, course, groups, term, today, lead, teacher, counter, done
            )
        term = term.previous
    return counter.created


def _course_sessions(
    provider: Provider,
    rng: random.Random,
    course: str,
    groups: list[str],
    term: Term,
    today: date,
    lead: User,
    teacher: User,
    counter: Counter,
    done: set[str],
) -> None:
    last = min(term.last_day, today)
    if last < term.first_day + timedelta(days=3):
        return
    # One whole-course session most terms (an induction in the autumn), then a few groups.
    if rng.random() < 0.8:
        kind, title = INDUCTION if term.key.endswith("autumn") else rng.choice(SESSIONS)
        values = SESSION_VALUES.get(title, [])[:2] or rng.sample(VALUES, 1)
        _log(provider, counter, done, lead, kind, title, _day(rng, term, last), values,
             SESSION_TOPICS.get(title, ["getting_help"]), [GroupRef(course)])  # fmt: skip
    chosen = rng.sample(groups, min(len(groups), GROUPS_PER_COURSE))
    for group in chosen:
        if rng.random() < 0.25:  # this group gets nothing of its own this term
            continue
        kind, title = rng.choice(SESSIONS)
        values = SESSION_VALUES[title] or rng.sample(VALUES, 1)
        actor = teacher if rng.random() < 0.5 else lead
        _log(provider, counter, done, actor, kind, title, _day(rng, term, last), values,
             SESSION_TOPICS.get(title, []), [GroupRef(course, group)])  # fmt: skip


def _day(rng: random.Random, term: Term, last: date) -> date:
    return term.first_day + timedelta(days=rng.randint(2, (last - term.first_day).days))


def _log(
    provider: Provider,
    counter: Counter,
    done: set[str],
    actor: User,
    kind: str,
    title: str,
    held_on: date,
    values: list[str],
    topics: list[str],
    groups: list[GroupRef],
) -> None:
    key = counter.key(ACTIVITY_KEY)
    if key in done:
        return
    activity_log(
        actor=actor,
        provider=provider,
        kind=kind,
        title=title,
        held_on=held_on,
        values=values,
        topics=topics,
        summary=SUMMARY,
        groups=groups,
        idempotency_key=key,
    )
    counter.created += 1


def seed_events(provider: Provider, rng_seed: str, lead: User, today: date) -> int:
    """Held speaker events for learners, attributed to one course each (most of them)."""
    courses = list(course_groups(provider, on=today))
    if not courses:
        return 0
    created, term = 0, current_term(today)
    for _ in range(3):
        for event in events_to_attribute(provider, term):
            # Decided per event, so that a re-run leaves the same ones unattributed.
            pick = random.Random(f"{rng_seed}:{event.reference}")  # noqa: S311  (demo data)
            if pick.random() < 0.75:
                event_attendance_record(
                    actor=lead,
                    provider=provider,
                    event=event,
                    groups=[GroupRef(pick.choice(courses))],
                    topics=pick.sample(TOPICS, 2),
                )
                created += 1
        term = term.previous
    return created


# --- employers ---------------------------------------------------------------------------


METHODS = ("meeting", "letter", "email", "progress_review", "briefing")


def seed_employers(provider: Provider, rng: random.Random, lead: User, today: date) -> int:
    done = set(
        EmployerCommunication.objects.for_provider(provider)
        .filter(idempotency_key__startswith=EMPLOYER_KEY)
        .values_list("idempotency_key", flat=True)
    )
    counter = Counter()
    for row in employer_rows(provider, today):
        if not row.apprentices:
            continue
        # Every draw is made before deciding to skip, so a re-run draws the same sequence.
        told, never = rng.random() < 0.65, rng.random() < 0.5
        days_ago = rng.randint(10, 330) if told else rng.randint(420, 700)
        extra = rng.sample(
            ["british_values", "online_safety", "policy_shared", "training_offer"], 2
        )
        method = rng.choice(METHODS)
        key = counter.key(EMPLOYER_KEY)
        if key in done or (not told and never):
            continue  # half the untold ones were never told at all; the others, too long ago
        communication_record(
            actor=lead,
            provider=provider,
            employer=row.name,
            communicated_on=today - timedelta(days=days_ago),
            method=method,
            topics=["prevent_duty", "referral_route", *extra],
            notes="Spoke to the apprentices' supervisor; sent the safeguarding leaflet.",
            idempotency_key=key,
        )
        counter.created += 1
    return counter.created


# --- learner voice -----------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyPlan:
    title: str
    terms_ago: int  # 0: open now
    questions: tuple[str, ...]  # default question keys
    agree: float  # the share agreeing, roughly
    per_course: int  # responses from each course answering


PLANS = (
    SurveyPlan(
        "Feeling safe and heard", 2,
        ("tell_someone", "feel_safe", "safe_online", "understand_values", "views_heard"), 0.62, 9,
    ),
    SurveyPlan(
        "Feeling safe and heard: follow-up", 1,
        ("tell_someone", "feel_safe", "safe_online", "understand_values", "views_heard",
         "spot_propaganda"), 0.74, 11,
    ),
    SurveyPlan(
        "Staying safe online and British values", 0,
        ("safe_online", "report_online", "spot_propaganda", "understand_values",
         "respect_beliefs"), 0.79, 7,
    ),
)  # fmt: skip
COURSES_ASKED = 4


def seed_surveys(provider: Provider, rng: random.Random, lead: User, today: date) -> int:
    questions_ensure_defaults(actor=lead, provider=provider)
    by_key = dict(questions(provider).exclude(key="").values_list("key", "pk"))
    existing = set(Survey.objects.for_provider(provider).values_list("title", flat=True))
    courses = _courses_by_size(provider, today)[:COURSES_ASKED]
    created = 0
    for plan in PLANS:
        if plan.title in existing or not courses:
            continue
        survey = survey_create(
            actor=lead,
            provider=provider,
            data=SurveyIn(
                title=plan.title,
                introduction="Five short statements: say how far you agree. It is anonymous.",
                closes_on=today + timedelta(days=21),
                question_ids=[by_key[k] for k in plan.questions if k in by_key],
            ),
        )
        survey = survey_open(actor=lead, survey=survey)
        _answers(survey, plan, courses, rng)
        if plan.terms_ago:
            _move_back(survey, survey_close(actor=lead, survey=survey), plan, today)
        created += 1
    return created


def _courses_by_size(provider: Provider, today: date) -> list[tuple[str, Any]]:
    """(course, site id) of the courses with most learners first."""
    rows = (
        learners(provider)
        .exclude(course="")
        .filter(end_date__gte=today)
        .values("course", "site_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "course")
    )
    seen: dict[str, Any] = {}
    for row in rows:
        seen.setdefault(row["course"], row["site_id"])
    return list(seen.items())


def _answers(
    survey: Survey, plan: SurveyPlan, courses: list[tuple[str, Any]], rng: random.Random
) -> None:
    from preventhub.core.models import Site

    items = survey_questions(survey)
    sites = {s.pk: s for s in Site.objects.for_provider(survey.provider_id)}
    for index, (course, site_id) in enumerate(courses):
        # The last course answers in small numbers: its figures must be withheld.
        count = 3 if index == len(courses) - 1 else plan.per_course + rng.randint(0, 4)
        issued = links_anonymous(
            actor=None, survey=survey, count=count, course=course, site=sites.get(site_id)
        )
        for link in issued.links:
            answer_submit(
                code=link.code, answers={str(q.pk): _value(rng, plan.agree) for q in items}
            )
    # A few links are never used, as in life.
    links_anonymous(actor=None, survey=survey, count=5)


def _value(rng: random.Random, agree: float) -> int:
    roll = rng.random()
    if roll < agree:
        return 5 if rng.random() < 0.4 else 4
    return 3 if roll < agree + (1 - agree) / 2 else rng.choice((1, 2))


def _move_back(survey: Survey, closed: Survey, plan: SurveyPlan, today: date) -> None:
    """Put a past survey back in its term: close date, opening and closing, answer days."""
    term = current_term(today)
    for _ in range(plan.terms_ago):
        term = term.previous
    closes = term.last_day - timedelta(days=14)
    opened = local_midnight(closes - timedelta(days=21)) + timedelta(hours=9)
    Survey.objects.for_provider(survey.provider_id).filter(pk=closed.pk).update(
        closes_on=closes, opened_at=opened, closed_at=opened + timedelta(days=21, hours=8)
    )
    responses = SurveyResponse.objects.for_provider(survey.provider_id).filter(survey=survey)
    by_day: dict[date, list[Any]] = defaultdict(list)
    for index, pk in enumerate(responses.values_list("pk", flat=True)):
        by_day[closes - timedelta(days=index % 18)].append(pk)
    for day, pks in by_day.items():
        responses.filter(pk__in=pks).update(answered_on=day)
