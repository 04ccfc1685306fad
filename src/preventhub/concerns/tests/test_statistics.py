"""Anonymised concern statistics: the figures, the small-number rule, periods, the page and API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.testing import TestClient

from preventhub.accounts.roles import Role
from preventhub.accounts.services import token_create
from preventhub.api.auth import TokenAuth
from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.concerns.services import concern_close, concern_decide
from preventhub.concerns.statistics import (
    FEWER_THAN,
    NOT_SHOWN,
    PercentileCont,
    Period,
    Tally,
    concern_counts,
    concern_statistics,
    describe_duration,
    local_midnight,
    open_by_age,
    percentile_by_offset,
    period_for,
    protect,
    protect_one,
    publish,
    raised_in,
    statistics_for,
    term_of,
    triage_times,
    volume_by_month,
)
from preventhub.concerns.statistics_api import router as statistics_router
from preventhub.core.models import Provider
from preventhub.testing.factories import make_concern

pytestmark = pytest.mark.django_db(transaction=False)

URL = "/concerns/statistics/"
LONDON = timezone.get_default_timezone()
# 2024-25 seen from mid-June 2025: the period every figure test below counts.
TODAY = date(2025, 6, 15)
YEAR = period_for("last_academic_year", today=date(2025, 9, 20))


def at(*args: int) -> datetime:
    """A moment in UK time (BST or GMT as it was then)."""
    return timezone.make_aware(datetime(*args), LONDON)  # noqa: DTZ001  (made aware here)


def raise_at(
    provider: Provider,
    reporter: Any,
    when: datetime,
    *,
    category: str = "prevent",
    ideology: str = "",
    decide: tuple[Any, str, timedelta] | None = None,
    close: str = "",
) -> Concern:
    """A concern raised through the services, then moved to ``when`` (and its first decision
    ``decide[2]`` after it), as if it had happened then."""
    concern = make_concern(
        provider,
        reporter,
        category=category,
        ideology=ideology if category == "prevent" else "",
    )
    first_decision = None
    if decide:
        dsl, decision, wait = decide
        concern_decide(actor=dsl, concern=concern, decision=decision, rationale="Considered.")
        if close:
            concern_close(actor=dsl, concern=concern, reason=close, outcome="Support worked.")
        first_decision = when + wait
    Concern.unscoped.filter(pk=concern.pk).update(created_at=when, first_decision_at=first_decision)
    return Concern.unscoped.get(pk=concern.pk)


@pytest.fixture
def year_2024(provider: Provider, other_provider: Provider, staff: Any, dsl: Any) -> None:
    """Six concerns raised in the academic year 2024-25, two just outside it, one elsewhere."""
    hour = timedelta(hours=1)
    raise_at(
        provider, staff, at(2024, 9, 10, 10), ideology="islamist", decide=(dsl, "monitor", hour)
    )
    raise_at(
        provider,
        staff,
        at(2024, 10, 5, 9),
        ideology="extreme_right_wing",
        decide=(dsl, "no_further_action", 2 * hour),
    )
    raise_at(
        provider,
        staff,
        at(2024, 10, 20, 14),
        ideology="extreme_right_wing",
        decide=(dsl, "channel", 3 * hour),
        close="resolved",
    )
    raise_at(
        provider,
        staff,
        at(2025, 1, 15, 8),
        category="neglect",
        decide=(dsl, "early_help", 10 * hour),
    )
    raise_at(provider, staff, at(2025, 3, 1, 12), category="neglect")
    # The last minute of the year (BST) counts; the first second of the next does not.
    raise_at(provider, staff, at(2025, 8, 31, 23, 59, 59), category="bullying")
    raise_at(provider, staff, at(2025, 9, 1, 0, 0), category="neglect")
    raise_at(provider, staff, at(2024, 8, 31, 23, 59, 59), category="neglect")
    other_staff = make_concern(other_provider, None)
    Concern.unscoped.filter(pk=other_staff.pk).update(created_at=at(2024, 11, 1, 9))


def by_key(tallies: list[Any]) -> dict[str, int]:
    return {t.key: t.count for t in tallies if t.count}


# --- periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2025, 8, 31), date(2024, 9, 1), date(2025, 8, 31)),
        (date(2025, 9, 1), date(2025, 9, 1), date(2026, 8, 31)),
        (date(2026, 1, 1), date(2025, 9, 1), date(2026, 8, 31)),
    ],
)
def test_the_academic_year_runs_from_1_september_to_31_august(
    today: date, first: date, last: date
) -> None:
    period = period_for("academic_year", today=today)
    assert (period.first_day, period.last_day, period.through) == (first, last, today)
    previous = period_for("last_academic_year", today=today)
    assert (previous.first_day, previous.last_day) == (
        first.replace(year=first.year - 1),
        last.replace(year=last.year - 1),
    )
    assert previous.through == previous.last_day


def test_period_edges_are_midnight_uk_time_and_the_end_is_exclusive() -> None:
    assert YEAR.start == at(2024, 9, 1)
    assert YEAR.end == at(2025, 9, 1)
    assert YEAR.start.utcoffset() == timedelta(hours=1)  # BST
    winter = period_for("term", today=date(2025, 12, 1))
    assert winter.end.utcoffset() == timedelta(0)  # 1 January: GMT


@pytest.mark.parametrize(
    ("day", "term", "first", "last"),
    [
        (date(2025, 9, 1), "Autumn term", date(2025, 9, 1), date(2025, 12, 31)),
        (date(2025, 12, 31), "Autumn term", date(2025, 9, 1), date(2025, 12, 31)),
        (date(2025, 1, 1), "Spring term", date(2025, 1, 1), date(2025, 4, 19)),
        # Easter Day 2025 was 20 April; in 2026 it is 5 April.
        (date(2025, 4, 19), "Spring term", date(2025, 1, 1), date(2025, 4, 19)),
        (date(2025, 4, 20), "Summer term", date(2025, 4, 20), date(2025, 8, 31)),
        (date(2026, 4, 5), "Summer term", date(2026, 4, 5), date(2026, 8, 31)),
    ],
)
def test_terms_are_autumn_spring_to_easter_and_summer(
    day: date, term: str, first: date, last: date
) -> None:
    assert term_of(day) == (term, first, last)
    period = period_for("term", today=day)
    assert (period.first_day, period.last_day, period.label) == (first, last, f"{term} {day.year}")


def test_the_last_12_months_are_whole_calendar_months_to_today() -> None:
    period = period_for("last_12_months", today=date(2026, 2, 10))
    assert (period.first_day, period.last_day) == (date(2025, 3, 1), date(2026, 2, 10))
    assert len(period.months) == 12
    assert period.months[0] == date(2025, 3, 1)
    assert period.months[-1] == date(2026, 2, 1)


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown period"):
        period_for("forever")


# --- the figures -----------------------------------------------------------------------------


@pytest.mark.usefixtures("year_2024")
def test_volumes_outcomes_and_closures_on_a_known_year(provider: Provider) -> None:
    counts = concern_counts(provider, YEAR)
    assert counts.total == 6
    assert by_key(counts.by_category) == {"prevent": 3, "neglect": 2, "bullying": 1}
    assert by_key(counts.by_ideology) == {"islamist": 1, "extreme_right_wing": 2}
    assert by_key(counts.by_outcome) == {
        "awaiting": 2,
        "monitor": 1,
        "no_further_action": 1,
        "channel": 1,
        "early_help": 1,
    }
    assert counts.closed == 2
    assert by_key(counts.closed_by_reason) == {"no_further_action": 1, "resolved": 1}
    # Every choice is listed, in the choices' order, zeros included.
    assert [t.key for t in counts.by_category][:2] == ["prevent", "neglect"]
    assert len(counts.by_category) == 12


@pytest.mark.usefixtures("year_2024")
def test_median_and_90th_percentile_time_to_first_decision(provider: Provider) -> None:
    times = triage_times(provider, YEAR)
    # Waits of 1, 2, 3 and 10 hours: the median interpolates 2 and 3; the 90th percentile is
    # 70% of the way from 3 to 10 hours (percentile_cont).
    assert times.decided == 4
    assert times.median == timedelta(hours=2, minutes=30)
    assert times.p90 == timedelta(hours=7, minutes=54)


@pytest.mark.usefixtures("year_2024")
def test_volume_by_month_counts_every_month_of_the_period(provider: Provider) -> None:
    months = volume_by_month(provider, YEAR)
    assert len(months) == 12
    assert [m.count for m in months] == [1, 2, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]
    assert (months[0].key, months[0].label) == ("2024-09-01", "September 2024")
    assert months[-1].label == "August 2025"


def test_no_concerns_no_times(provider: Provider) -> None:
    times = triage_times(provider, YEAR)
    assert (times.decided, times.median, times.p90) == (0, None, None)
    stats = publish(concern_statistics(provider, YEAR), exact=False)
    assert stats.total.display == "0"
    assert stats.median_wait.display == "no decisions yet"


def test_one_decision_is_its_own_median_and_90th_percentile(
    provider: Provider, staff: Any, dsl: Any
) -> None:
    raise_at(provider, staff, at(2025, 2, 3, 9), decide=(dsl, "monitor", timedelta(minutes=45)))
    times = triage_times(provider, YEAR)
    assert times.median == times.p90 == timedelta(minutes=45)


def test_percentile_by_offset_matches_the_definition(
    provider: Provider, staff: Any, dsl: Any
) -> None:
    for minutes in (30, 10, 20, 40, 50):
        raise_at(
            provider, staff, at(2025, 2, 3, 9), decide=(dsl, "monitor", timedelta(minutes=minutes))
        )
    decided = raised_in(provider, YEAR).filter(first_decision_at__isnull=False)
    assert percentile_by_offset(decided, 5, 0.5) == timedelta(minutes=30)
    assert percentile_by_offset(decided, 5, 0.9) == timedelta(minutes=46)
    assert percentile_by_offset(decided, 5, 0.0) == timedelta(minutes=10)
    assert percentile_by_offset(decided, 5, 1.0) == timedelta(minutes=50)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's")
def test_postgresql_percentile_cont_agrees_with_the_offset_method(
    provider: Provider, staff: Any, dsl: Any
) -> None:
    for minutes in (7, 95, 13, 240, 61, 1440, 2):
        raise_at(
            provider, staff, at(2025, 2, 3, 9), decide=(dsl, "monitor", timedelta(minutes=minutes))
        )
    decided = raised_in(provider, YEAR).filter(first_decision_at__isnull=False)
    from preventhub.concerns.statistics import WAIT

    for fraction in (0.1, 0.5, 0.9):
        in_sql = decided.aggregate(p=PercentileCont(WAIT, fraction))["p"]
        assert in_sql == percentile_by_offset(decided, 7, fraction)


def test_a_percentile_outside_0_to_1_is_refused() -> None:
    from preventhub.concerns.statistics import WAIT

    with pytest.raises(ValueError, match="fraction"):
        PercentileCont(WAIT, 1.5)


def test_open_concerns_by_age(provider: Provider, staff: Any, dsl: Any) -> None:
    now = at(2025, 6, 15, 12)
    for days in (1, 7, 27, 28, 40, 100, 200):
        raise_at(provider, staff, now - timedelta(days=days), category="neglect")
    raise_at(
        provider,
        staff,
        now - timedelta(days=2),
        category="neglect",
        decide=(dsl, "no_further_action", timedelta(hours=1)),
    )
    ages = open_by_age(provider, now)
    # Exactly 7 days is "1 to 4 weeks"; exactly 28 days is "1 to 3 months"; closed ones are out.
    assert [(t.key, t.count) for t in ages] == [
        ("under_1_week", 1),
        ("1_to_4_weeks", 2),
        ("1_to_3_months", 2),
        ("3_to_6_months", 1),
        ("over_6_months", 1),
    ]


def test_durations_in_words() -> None:
    assert describe_duration(timedelta(seconds=20)) == "under a minute"
    assert describe_duration(timedelta(minutes=1)) == "1 minute"
    assert describe_duration(timedelta(hours=2, minutes=30)) == "2 hours 30 minutes"
    assert describe_duration(timedelta(hours=3)) == "3 hours"
    assert describe_duration(timedelta(days=1, hours=1, minutes=40)) == "1 day 2 hours"
    assert describe_duration(timedelta(days=3)) == "3 days"


# --- the small-number rule -----------------------------------------------------------------


def tallies(**counts: int) -> list[Tally]:
    return [Tally(key, key, n) for key, n in counts.items()]


def shown(figures: list[Any]) -> dict[str, str]:
    return {f.key: f.display for f in figures}


def test_counts_of_1_to_4_are_fewer_than_5_outside_the_team() -> None:
    assert shown(protect(tallies(a=0, b=1, c=4, d=5, e=12, f=3), exact=False)) == {
        "a": "0",
        "b": FEWER_THAN,
        "c": FEWER_THAN,
        "d": "5",
        "e": "12",
        "f": FEWER_THAN,
    }
    figure = protect_one(Tally("t", "t", 3), exact=False)
    assert (figure.value, figure.display, figure.short) == (None, "fewer than 5", "<5")
    assert protect_one(Tally("t", "t", 1234), exact=False).display == "1,234"


def test_the_team_sees_exact_figures() -> None:
    assert shown(protect(tallies(a=1, b=4, c=9), exact=True)) == {"a": "1", "b": "4", "c": "9"}
    assert protect_one(Tally("t", "t", 2), exact=True).value == 2


def test_a_lone_small_figure_is_not_left_to_subtraction_from_the_total() -> None:
    # Total 20 is shown: hiding only "b" (3) would leave it as 20 - 9 - 8.
    figures = protect(tallies(a=9, b=3, c=8), exact=False)
    assert shown(figures) == {"a": "9", "b": FEWER_THAN, "c": NOT_SHOWN}
    assert [f.value for f in figures] == [9, None, None]


def test_the_secondary_figure_is_not_a_5_beside_a_hidden_1() -> None:
    # Hiding 1 and 5 of a total 18 leaves 6, which only 1 + 5 makes; 1 and 12 leave 13.
    figures = protect(tallies(a=1, b=5, c=12), exact=False)
    assert shown(figures) == {"a": FEWER_THAN, "b": "5", "c": NOT_SHOWN}


def test_the_secondary_figure_avoids_a_figure_that_totals_another_breakdown() -> None:
    figures = protect(tallies(prevent=6, neglect=2, bullying=7), exact=False, avoid=["prevent"])
    assert shown(figures) == {"prevent": "6", "neglect": FEWER_THAN, "bullying": NOT_SHOWN}


def test_two_small_figures_need_no_secondary_suppression() -> None:
    assert shown(protect(tallies(a=9, b=3, c=2), exact=False)) == {
        "a": "9",
        "b": FEWER_THAN,
        "c": FEWER_THAN,
    }


@pytest.mark.parametrize("small", [1, 4])
def test_small_figures_that_must_all_be_1_or_all_4_are_not_left_to_subtraction(
    small: int,
) -> None:
    # Total 9 + 3 * small is shown: three hidden figures adding to 3 (or 12) are 1 (or 4) each.
    figures = protect(tallies(a=9, b=small, c=small, d=small, e=6), exact=False)
    assert shown(figures) == {
        "a": "9",
        "b": FEWER_THAN,
        "c": FEWER_THAN,
        "d": FEWER_THAN,
        "e": NOT_SHOWN,
    }


def test_a_breakdown_of_a_hidden_total_does_not_reveal_it() -> None:
    figures = protect(tallies(a=6, b=0, c=9), exact=False, total_shown=False)
    assert shown(figures) == {"a": NOT_SHOWN, "b": "0", "c": "9"}


@pytest.mark.usefixtures("year_2024")
def test_published_figures_by_role(provider: Provider, make_user: Callable[..., Any]) -> None:
    for role in (Role.GOVERNOR, Role.SENIOR_LEADER, Role.INSPECTOR):
        stats = statistics_for(make_user(provider, role), provider, YEAR)
        assert not stats.exact
        assert stats.total.display == "6"
        assert stats.prevent.display == FEWER_THAN
        assert {f.display for f in stats.by_category if f.key != "other"} <= {FEWER_THAN, "0"}
        assert stats.awaiting.display == FEWER_THAN
        # Fewer than 5 Prevent or closed concerns: not broken down at all.
        assert (stats.by_ideology, stats.closed_by_reason) == ([], [])
        # Four decisions: too few for a median that is not someone's own wait.
        assert stats.median_wait.value is None
        assert "fewer than 5 decisions" in stats.median_wait.display
    for role in (Role.DSL, Role.DEPUTY_DSL):
        stats = statistics_for(make_user(provider, role), provider, YEAR)
        assert stats.exact
        assert (stats.prevent.display, stats.awaiting.display) == ("3", "2")
        assert stats.median_wait.display == "2 hours 30 minutes"
    # A senior leader who is also the dsl sees what the dsl sees.
    both = make_user(provider, Role.SENIOR_LEADER, Role.DSL)
    assert statistics_for(both, provider, YEAR).exact


def test_a_withheld_prevent_figure_is_not_revealed_by_its_ideologies(provider: Provider) -> None:
    stats = concern_statistics(provider, YEAR)
    counts = stats.counts
    # 8 Prevent (all one ideology) and 2 neglect: neglect is small, so the Prevent figure is
    # withheld as the only other non-zero one, and its single ideology would give it away.
    forged = type(counts)(
        total=10,
        by_category=[Tally("prevent", "Prevent", 8), Tally("neglect", "Neglect", 2)],
        by_ideology=[Tally("islamist", "Islamist", 8), Tally("other", "Other", 0)],
        by_outcome=[Tally("awaiting", "Awaiting", 10)],
        closed=0,
        closed_by_reason=[],
    )
    published = publish(type(stats)(**{**stats.__dict__, "counts": forged}), exact=False)
    assert published.prevent.display == NOT_SHOWN
    assert shown(published.by_ideology) == {"islamist": NOT_SHOWN, "other": "0"}


def test_fewer_than_5_concerns_are_not_broken_down(
    provider: Provider, staff: Any, make_user: Callable[..., Any]
) -> None:
    for category in ("neglect", "bullying", "other"):
        raise_at(provider, staff, at(2025, 2, 3, 9), category=category)
    governor = statistics_for(make_user(provider, Role.GOVERNOR), provider, YEAR)
    assert (governor.total.display, governor.prevent.display) == (FEWER_THAN, "0")
    assert governor.awaiting.display == FEWER_THAN
    assert governor.by_category == governor.by_month == governor.by_outcome == []
    dsl = statistics_for(make_user(provider, Role.DSL), provider, YEAR)
    assert {f.key: f.value for f in dsl.by_category if f.value} == {
        "neglect": 1,
        "bullying": 1,
        "other": 1,
    }


# --- the page ------------------------------------------------------------------------------


def page(client: Client, **query: str) -> Any:
    return client.get(URL, query)


@pytest.fixture
def nine_now(provider: Provider, staff: Any) -> None:
    """Three Prevent and six neglect concerns, raised just now."""
    for _ in range(3):
        make_concern(provider, staff, subject_name="Alex Example", description="CANARY-text")
    for _ in range(6):
        make_concern(provider, staff, category="neglect", ideology="")


@pytest.mark.usefixtures("nine_now")
def test_a_governor_sees_small_numbers_as_fewer_than_5(
    provider: Provider, make_user: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    response = page(login(make_user(provider, Role.GOVERNOR)))
    assert response.status_code == 200
    html = response.content.decode()
    stats = response.context["stats"]
    figures = {f.key: f for f in stats.by_category}
    assert (figures["prevent"].display, figures["neglect"].display) == (FEWER_THAN, NOT_SHOWN)
    assert figures["prevent"].value is None
    assert figures["neglect"].value is None
    assert "fewer than 5" in html
    assert "To protect the people concerned" in html
    assert '<dd class="ph-stats__value">9</dd>' in html


@pytest.mark.usefixtures("nine_now")
def test_the_dsl_sees_exact_figures_and_charts(dsl: Any, login: Callable[[Any], Client]) -> None:
    response = page(login(dsl))
    html = response.content.decode()
    figures = {f.key: f.display for f in response.context["stats"].by_category}
    assert (figures["prevent"], figures["neglect"]) == ("3", "6")
    assert "To protect the people concerned" not in html
    # Charts: inline SVG with classes (no inline style), each with a table of its figures.
    assert html.count('class="ph-chart__fill"') >= 4
    assert "style=" not in html.split("<main", 1)[1]
    assert ">Concerns by category</caption>" in html
    assert '<th scope="row" class="govuk-table__header">Neglect</th>' in html


@pytest.mark.usefixtures("nine_now")
def test_the_page_holds_no_names_references_or_narrative(
    provider: Provider, dsl: Any, login: Callable[[Any], Client]
) -> None:
    html = page(login(dsl)).content.decode()
    assert "Alex" not in html
    assert "CANARY" not in html
    assert "Room B12" not in html
    for reference in Concern.objects.for_provider(provider).values_list("reference", flat=True):
        assert reference not in html


def test_a_governor_is_told_why_a_small_year_is_not_broken_down(
    provider: Provider,
    staff: Any,
    make_user: Callable[..., Any],
    login: Callable[[Any], Client],
) -> None:
    make_concern(provider, staff)
    make_concern(provider, staff, category="neglect", ideology="")
    html = page(login(make_user(provider, Role.GOVERNOR))).content.decode()
    assert "Fewer than 5 concerns: too few to break down" in html
    assert "ph-chart__fill" not in html
    assert "<svg" not in html.split("<main", 1)[1]


def test_month_columns_carry_the_year_without_two_side_by_side() -> None:
    from preventhub.concerns.statistics_views import month_rows

    autumn = month_rows(
        [protect_one(Tally(m.isoformat(), f"{m:%B %Y}", 1), exact=True) for m in YEAR.months]
    )
    assert [(r.axis, r.axis_note) for r in autumn[3:6]] == [
        ("Dec", ""),
        ("Jan", "2025"),
        ("Feb", ""),
    ]
    assert (autumn[0].axis, autumn[0].axis_note) == ("Sep", "2024")
    december_first = month_rows(
        [protect_one(Tally("d", "December 2025", 1), exact=True)]
        + [protect_one(Tally("j", "January 2026", 1), exact=True)]
    )
    assert [r.axis_note for r in december_first] == ["", "2026"]


def test_choosing_a_period(provider: Provider, dsl: Any, login: Callable[[Any], Client]) -> None:
    response = page(login(dsl), period="last_academic_year")
    expected = period_for("last_academic_year")
    assert response.context["period"] == expected
    html = response.content.decode()
    assert expected.label in html
    assert '<option value="last_academic_year" selected>' in html


def test_an_unknown_period_is_an_error_and_shows_the_default(
    dsl: Any, login: Callable[[Any], Client]
) -> None:
    response = page(login(dsl), period="forever")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Concern statistics" in html
    assert 'class="govuk-error-summary"' in html
    assert "Choose a period from the list." in html
    assert response.context["period"] == period_for("academic_year")


def test_every_view_is_audited(
    provider: Provider, make_user: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    governor = make_user(provider, Role.GOVERNOR)
    page(login(governor), period="term")
    event = AuditEvent.objects.get(object_type="concerns.statistics")
    assert (event.action, event.actor_id, event.provider_id) == ("view", governor.pk, provider.pk)
    assert event.detail == {"period": "term", "exact": False, "via": "page"}
    page(login(governor))
    assert AuditEvent.objects.filter(object_type="concerns.statistics").count() == 2


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DSL, 200),
        (Role.DEPUTY_DSL, 200),
        (Role.SENIOR_LEADER, 200),
        (Role.GOVERNOR, 200),
        (Role.INSPECTOR, 200),
        (Role.STAFF, 403),
        (Role.LEARNER, 403),
        (Role.ADMIN, 403),
        (Role.HR, 403),
        (Role.IT_MANAGER, 403),
        (Role.TRAINING_LEAD, 403),
    ],
)
def test_who_may_see_the_statistics(
    provider: Provider,
    make_user: Callable[..., Any],
    login: Callable[[Any], Client],
    role: str,
    status: int,
) -> None:
    response = page(login(make_user(provider, role)))
    assert response.status_code == status
    if status != 200:
        assert not AuditEvent.objects.filter(object_type="concerns.statistics").exists()


@pytest.mark.usefixtures("nine_now")
def test_an_outsider_sees_only_their_own_providers_figures(
    outsider: Any, login: Callable[[Any], Client]
) -> None:
    stats = page(login(outsider)).context["stats"]
    assert stats.total.value == 0
    assert stats.open_total.value == 0


def test_the_navigation_offers_the_page_to_those_who_may_see_it(
    provider: Provider, make_user: Callable[..., Any], login: Callable[[Any], Client]
) -> None:
    home = reverse("core:home")
    assert URL in login(make_user(provider, Role.GOVERNOR)).get(home).content.decode()
    assert URL not in login(make_user(provider, Role.STAFF)).get(home).content.decode()


def test_the_page_costs_the_same_queries_for_few_or_many_concerns(
    provider: Provider, staff: Any, dsl: Any, login: Callable[[Any], Client]
) -> None:
    client = login(dsl)
    make_concern(provider, staff)
    page(client)  # warm the caches (roles, navigation)
    with CaptureQueriesContext(connection) as few:
        page(client)
    for category in ("neglect", "bullying", "other") * 4:
        make_concern(provider, staff, category=category, ideology="")
    with CaptureQueriesContext(connection) as many:
        page(client)
    assert len(many) == len(few)


# --- the API (statistics_api.router, mounted here as api/api.py will mount it) -------------

STATS_API = NinjaAPI(urls_namespace="statistics-test", auth=TokenAuth())
STATS_API.add_router("/concerns/statistics", statistics_router)


def api_get(user: Any, query: str = "") -> Any:
    token = token_create(actor=None, user=user)
    client = TestClient(STATS_API)
    return client.get(f"/concerns/statistics{query}", headers={"Authorization": f"Bearer {token}"})


@pytest.mark.usefixtures("nine_now")
def test_the_api_protects_small_numbers_like_the_page(
    provider: Provider, make_user: Callable[..., Any]
) -> None:
    response = api_get(make_user(provider, Role.GOVERNOR))
    assert response.status_code == 200
    body = response.json()
    assert body["exact"] is False
    assert body["period"]["key"] == "academic_year"
    assert body["total"] == {"key": "total", "label": "Concerns raised", "count": 9, "display": "9"}
    category = {row["key"]: row for row in body["by_category"]}
    assert category["prevent"]["count"] is None
    assert category["prevent"]["display"] == FEWER_THAN
    assert category["neglect"]["display"] == NOT_SHOWN
    assert body["median_time_to_first_decision"] == {"seconds": None, "display": "no decisions yet"}
    event = AuditEvent.objects.get(object_type="concerns.statistics")
    assert event.detail["via"] == "api"


@pytest.mark.usefixtures("nine_now")
def test_the_api_gives_the_team_exact_figures_for_a_chosen_period(dsl: Any) -> None:
    body = api_get(dsl, "?period=last_12_months").json()
    assert body["exact"] is True
    assert body["period"]["key"] == "last_12_months"
    assert len(body["by_month"]) == 12
    assert {r["key"]: r["count"] for r in body["by_category"]}["prevent"] == 3


def test_the_api_refuses_other_roles_and_unknown_periods(
    provider: Provider, make_user: Callable[..., Any], dsl: Any
) -> None:
    assert api_get(make_user(provider, Role.STAFF)).status_code == 403
    assert api_get(make_user(provider, Role.ADMIN)).status_code == 403
    assert api_get(dsl, "?period=forever").status_code == 422
    assert not AuditEvent.objects.filter(object_type="concerns.statistics").exists()


def test_a_period_is_a_span_of_whole_days() -> None:
    period = Period("x", "x", date(2025, 3, 30), date(2025, 3, 30), date(2025, 3, 30))
    # The clocks went forward on 30 March 2025: that day had 23 hours.
    assert period.end.astimezone(UTC) - period.start.astimezone(UTC) == timedelta(hours=23)
    assert period.start == local_midnight(date(2025, 3, 30))
