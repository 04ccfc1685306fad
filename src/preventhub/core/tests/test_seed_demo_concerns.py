"""Concerns in the demo data set (raised and worked through the services) and the historical
concerns generator for benchmarks."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.audit.models import AuditEvent
from preventhub.audit.verify import verify_chain
from preventhub.concerns.choices import INDICATORS, Category, Decision, Status
from preventhub.concerns.models import (
    CaseAction,
    CaseReview,
    ChronologyEntry,
    Concern,
    LinkedPerson,
)
from preventhub.core.demo.concern_stories import DAY, STORIES
from preventhub.core.demo.concerns import (
    KEY_PREFIX,
    TOLD_WITHIN_DAYS,
    imported_in_bulk,
    plan,
    when_raised,
)
from preventhub.core.demo.historical import (
    explicit_timestamps,
    import_demo_concerns,
    seed_historical_concerns,
)
from preventhub.core.demo.seed import PROVIDER_SLUG, seed_demo
from preventhub.core.models import Provider
from preventhub.notifications.models import Notification
from preventhub.testing.factories import make_concern

TODAY = timezone.localdate()


@pytest.fixture
def college(db: Any) -> Provider:
    seed_demo(size="small", today=TODAY)
    return Provider.objects.get(slug=PROVIDER_SLUG)


def concerns(provider: Provider) -> Any:
    return Concern.objects.for_provider(provider)


# --- the stories themselves (no database) ---------------------------------------------------


def test_every_story_step_happens_after_raising_and_before_now() -> None:
    for story in plan("large", 2015):
        times = [step.at for step in story.steps]
        assert times == sorted(times), story.n
        assert all(0 < at < story.days_ago * DAY for at in times), story.n


def test_the_large_plan_adds_about_fifteen_hundred_generated_stories() -> None:
    stories = plan("large", 2015)
    assert 1400 <= len(stories) <= 1600
    assert len({s.n for s in stories}) == len(stories)
    assert {s.n for s in STORIES} <= {s.n for s in stories}
    categories = Counter(s.category for s in stories)
    assert categories[Category.PREVENT] < 0.2 * len(stories)
    assert categories.most_common(1)[0][0] == Category.MENTAL_HEALTH
    assert plan("large", 2015) == stories, "the same seed plans the same stories"
    told = [s for s in stories if not imported_in_bulk(s)]
    assert {s.n for s in STORIES} <= {s.n for s in told}, "the curated stories are all told"
    assert 300 <= len(told) <= 600
    assert all(s.days_ago > TOLD_WITHIN_DAYS for s in stories if imported_in_bulk(s))


@pytest.mark.parametrize("hours_from_monday", range(0, 7 * 24, 5))
def test_stories_are_raised_on_weekdays_in_college_hours_never_later_than_their_age(
    hours_from_monday: int,
) -> None:
    monday = timezone.make_aware(timezone.datetime(2026, 11, 16))
    now = monday + timedelta(hours=hours_from_monday, minutes=17)
    earlier = []
    for days_ago in (0.02, 0.15, 0.3, 0.8, 1.2, 3.0, 41, 200):
        rng = random.Random(days_ago)
        raised = timezone.localtime(when_raised(now, days_ago, rng))
        assert raised <= now - timedelta(days=days_ago)
        assert raised.weekday() < 5
        assert 7 <= raised.hour < 19
        earlier.append(raised)
    assert earlier[:4] == sorted(earlier[:4], reverse=True), "recent ones keep their order"


# --- the small demo --------------------------------------------------------------------------


def test_the_demo_has_a_realistic_mix_of_concerns(college: Provider) -> None:
    rows = list(concerns(college))
    assert 30 <= len(rows) <= 50
    prevent = [c for c in rows if c.category == Category.PREVENT]
    assert len(prevent) < len(rows) / 2, "most concerns are not Prevent"
    assert len({c.ideology for c in prevent}) >= 5
    assert len({c.category for c in rows}) >= 10
    assert all(set(c.indicators) <= set(INDICATORS) for c in rows)
    statuses = Counter(c.status for c in rows)
    assert all(statuses[s] >= 3 for s in Status.values), statuses
    waiting = [c for c in rows if c.status == Status.NEW]
    assert [c.immediate_risk for c in waiting].count(True) == 1
    open_decisions = {c.latest_decision for c in rows if c.status == Status.OPEN}
    wanted = {"monitor", "internal_support", "early_help", "police_prevent", "channel"}
    assert wanted <= open_decisions
    assert len({c.closure_reason for c in rows if c.status == Status.CLOSED}) >= 4


def test_demo_cases_have_chronology_actions_reviews_and_links(college: Provider) -> None:
    kinds = Counter(ChronologyEntry.objects.for_provider(college).values_list("kind", flat=True))
    for kind in ("raised", "acknowledged", "decision", "note", "contact", "action", "review"):
        assert kinds[kind] >= 3, kind
    assert kinds["closed"] >= 5
    assert kinds["reopened"] == 1
    actions = CaseAction.objects.for_provider(college)
    overdue = actions.filter(completed_at=None, due_on__lt=TODAY)
    assert overdue.count() >= 2
    assert actions.exclude(completed_at=None).count() >= 3
    assert CaseReview.objects.for_provider(college).count() >= 5
    links = LinkedPerson.objects.for_provider(college)
    assert links.filter(person__isnull=False).exists()
    assert links.filter(relationship="parent_carer").exists()


def test_learner_and_staff_subjects_are_people_from_the_register(college: Provider) -> None:
    about_people = concerns(college).filter(subject_type__in=["learner", "staff"])
    assert about_people.count() >= 30
    for concern in about_people.select_related("subject_person"):
        person = concern.subject_person
        assert person is not None
        assert person.kind == concern.subject_type
        assert concern.subject_name == person.full_name
        assert person.user_id is None, "never a demo user's own record"


def test_demo_concerns_went_through_the_services(college: Provider) -> None:
    rows = list(concerns(college))
    created = AuditEvent.objects.filter(action="create", object_type="concerns.concern")
    assert created.count() == len(rows)
    decided = [c for c in rows if c.latest_decision]
    entries = ChronologyEntry.objects.for_provider(college)
    assert entries.filter(kind="decision").count() >= len(decided)
    for concern in rows:
        assert entries.filter(concern=concern, kind="raised").count() == 1
    assert verify_chain().ok


def test_demo_history_is_in_the_past_and_in_order(college: Provider) -> None:
    now = timezone.now()
    rows = list(concerns(college).order_by("created_at"))
    assert rows[0].created_at < now - timedelta(days=150)
    for concern in rows:
        assert concern.created_at < now
        assert concern.reference.startswith(f"C-{concern.created_at.year}-")
        for when in (concern.acknowledged_at, concern.first_decision_at, concern.closed_at):
            assert when is None or concern.created_at <= when <= now, concern.reference
        if concern.closed_at and concern.first_decision_at:
            assert concern.first_decision_at <= concern.closed_at
        for entry in ChronologyEntry.objects.for_provider(college).filter(concern=concern):
            assert concern.created_at - timedelta(days=1) <= entry.occurred_at <= now
    numbers = [int(c.reference.rsplit("-", 1)[1]) for c in rows if c.created_at.year == now.year]
    assert numbers == sorted(numbers), "each year's references run in date order"
    raised_hours = {timezone.localtime(c.created_at).hour for c in rows}
    assert len(raised_hours) >= 5, "not every concern raised at the same time of day"


def test_reseeding_adds_no_concerns_or_audit_rows(college: Provider) -> None:
    def counts() -> dict[str, int]:
        return {
            "concerns": Concern.unscoped.count(),
            "entries": ChronologyEntry.unscoped.count(),
            "actions": CaseAction.unscoped.count(),
            "notifications": Notification.unscoped.count(),
            "audit": AuditEvent.objects.exclude(action="seed_demo").count(),
        }

    before = counts()
    report = seed_demo(size="small", today=TODAY + timedelta(days=30))
    assert counts() == before
    assert report.created["concerns"] == 0


def test_an_existing_real_concern_is_left_alone_and_numbering_continues(db: Any) -> None:
    seed_demo(size="small", today=TODAY)
    college = Provider.objects.get(slug=PROVIDER_SLUG)
    staff = User.objects.get(username="staff")
    real = make_concern(college, staff, idempotency_key="form-1")
    references = set(concerns(college).values_list("reference", flat=True))
    assert len(references) == concerns(college).count()
    seed_demo(size="small", today=TODAY)
    assert concerns(college).filter(idempotency_key="form-1").get() == real
    assert concerns(college).filter(idempotency_key__startswith=KEY_PREFIX).count() == len(STORIES)


@pytest.mark.django_db(transaction=True)
def test_the_seed_sends_no_email_but_tells_the_team_in_the_app() -> None:
    seed_demo(size="small", today=TODAY)
    assert mail.outbox == []
    dsl = User.objects.get(username="dsl")
    about_concerns = Notification.unscoped.filter(user=dsl, url__startswith="/concerns/")
    waiting = Concern.unscoped.filter(status=Status.NEW)
    assert about_concerns.filter(read_at=None).count() == waiting.count() == 4
    assert about_concerns.count() == Concern.unscoped.count()


# --- what a new user sees --------------------------------------------------------------------


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_staff_and_learner_see_the_concerns_they_raised(college: Provider) -> None:
    for username in ("staff", "learner"):
        page = signed_in(username).get("/concerns/mine/")
        assert page.status_code == 200
        own = concerns(college).filter(reporter__username=username)
        assert own.count() >= 2
        text = page.content.decode()
        assert all(c.reference in text for c in own[:25])
        assert "Stickers with a racist slogan" not in text, "never the content"


def test_the_dsl_inbox_puts_the_immediate_risk_first(college: Provider) -> None:
    page = signed_in("dsl").get("/concerns/")
    assert page.status_code == 200
    urgent = concerns(college).get(immediate_risk=True, status=Status.NEW)
    body = page.content.decode().split('<tbody class="govuk-table__body">', 1)[1]
    first_row = body[: body.index("</tr>")]
    assert urgent.reference in first_row
    assert "Immediate risk" in first_row


def test_the_richest_case_page_shows_its_chronology(college: Provider) -> None:
    case = concerns(college).get(idempotency_key=f"{KEY_PREFIX}00008")
    assert case.latest_decision == Decision.CHANNEL
    page = signed_in("dsl").get(f"/concerns/{case.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Refer to police Prevent" in text
    assert "Refer to Channel" in text
    assert "Channel intervention provider has met" in text


# --- historical concerns ---------------------------------------------------------------------


def raw_description(concern: Concern) -> str:
    """The column as stored, past the field's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT description FROM concerns_concern WHERE provider_id = %s AND reference = %s",
            [concern.provider_id, concern.reference],
        )
        row = cursor.fetchone()
    assert row is not None
    return str(row[0])


def test_historical_concerns_span_five_years_with_their_chronology(college: Provider) -> None:
    audit_before = AuditEvent.objects.count()
    added = seed_historical_concerns(provider=college, target=60, seed=1)
    assert added == 60
    history = concerns(college).filter(idempotency_key__startswith="hist-")
    assert history.count() == 60
    now = timezone.now()
    oldest, newest = history.order_by("created_at")[0], history.order_by("-created_at")[0]
    assert oldest.created_at < now - timedelta(days=365 * 4.5)
    assert newest.created_at <= now - timedelta(days=30)
    assert history.filter(status=Status.CLOSED).count() > 50
    assert not history.filter(status__in=[Status.NEW, Status.IN_TRIAGE]).exists()
    entries = ChronologyEntry.objects.for_provider(college).filter(concern__in=history)
    kinds = Counter(entries.values_list("kind", flat=True))
    assert kinds["raised"] == kinds["decision"] == 60
    assert kinds["closed"] > 20
    for entry in entries:
        assert entry.root_id == entry.pk
    for concern in history:
        assert concern.reference.startswith(f"C-{concern.created_at.year}-")
        assert concern.first_decision_at is not None
        assert concern.created_at <= concern.first_decision_at
    assert raw_description(oldest).startswith("fernet:")
    assert oldest.description
    assert not oldest.description.startswith("fernet:")
    # One audit row for the import, none per imported row.
    assert AuditEvent.objects.count() == audit_before + 1
    assert AuditEvent.objects.filter(action="seed_historical_concerns").count() == 1
    assert verify_chain().ok


def test_historical_concerns_top_up_and_new_concerns_continue_the_numbering(
    college: Provider,
) -> None:
    seed_historical_concerns(provider=college, target=30, seed=1)
    assert seed_historical_concerns(provider=college, target=30, seed=1) == 0
    assert seed_historical_concerns(provider=college, target=45, seed=1) == 15
    history = concerns(college).filter(idempotency_key__startswith="hist-")
    assert history.count() == 45
    references = list(concerns(college).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    fresh = make_concern(college, User.objects.get(username="staff"))
    assert fresh.reference not in references


def test_the_large_demos_older_concerns_are_imported_with_their_chronology(
    college: Provider,
) -> None:
    audit_before = AuditEvent.objects.count()
    now = timezone.now()
    raised = [(f"{KEY_PREFIX}0{n}", now - timedelta(days=200 + n * 40)) for n in range(1001, 1004)]
    assert import_demo_concerns(college, raised, seed=1, now=now) == 3
    imported = concerns(college).filter(idempotency_key__in=[key for key, _ in raised])
    assert imported.count() == 3
    for concern in imported:
        assert concern.reporter_id is None
        assert concern.reference.startswith(f"C-{concern.created_at.year}-")
        kinds = set(concern.entries.values_list("kind", flat=True))
        assert {"raised", "decision"} <= kinds
    assert AuditEvent.objects.count() == audit_before, "imported records have no audit rows"
    references = list(concerns(college).values_list("reference", flat=True))
    assert len(references) == len(set(references))
    before = concerns(college).count()
    seed_demo(size="small", today=TODAY)
    assert concerns(college).count() == before, "a re-run imports nothing again"


def test_a_negative_number_of_historical_concerns_is_refused(college: Provider) -> None:
    with pytest.raises(ValueError, match="negative"):
        seed_historical_concerns(provider=college, target=-1, seed=1)


def test_explicit_timestamps_restores_the_automatic_dates() -> None:
    field: Any = Concern._meta.get_field("created_at")
    seen = []

    def interrupted() -> None:
        with explicit_timestamps(Concern):
            seen.append(field.auto_now_add)
            raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        interrupted()
    assert seen == [False]
    assert field.auto_now_add


def test_the_command_adds_historical_concerns_and_says_so(db: Any, settings: Any) -> None:
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--historical-concerns", "25", stdout=out)
    assert "Historical concerns: added 25" in out.getvalue()
    again = StringIO()
    call_command("seed_demo", "--historical-concerns", "25", stdout=again)
    assert "added none" in again.getvalue()
    assert "Created: nothing" in again.getvalue()
    with pytest.raises(CommandError, match="negative"):
        call_command("seed_demo", "--historical-concerns", "-5", stdout=StringIO())
