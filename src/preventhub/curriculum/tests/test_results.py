"""Results with small-number suppression. The rule: no figure for a cell (a survey, or a course
or site within it) of fewer than 5 responses; and where one cell alone of a breakdown would be
hidden, its smallest neighbour is withheld too, so that it cannot be worked out by subtraction.
Everyone, the curriculum lead included, sees the same protected figures: pages and API."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from preventhub.curriculum.results import (
    FEWER_THAN,
    SMALL_NUMBER,
    WITHHELD,
    Segment,
    _isolates_hidden,
    hidden_cells,
    linked_hidden,
    survey_results,
    trends,
)
from preventhub.curriculum.tests.helpers import make_survey, responses_from
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db


@given(st.dictionaries(st.integers(0, 20), st.integers(min_value=1, max_value=40), max_size=8))
def test_no_shown_cell_is_small_and_no_hidden_cell_stands_alone(counts):
    hidden = hidden_cells(counts)
    shown = {k: n for k, n in counts.items() if k not in hidden}
    assert all(n >= SMALL_NUMBER for n in shown.values())
    # One hidden cell beside shown ones could be found from the total by subtraction.
    assert len(hidden) != 1 or not shown


def test_a_site_that_would_give_away_part_of_a_hidden_course_is_withheld():
    # B (3 responses) is hidden, A withheld beside it. North holds C whole and 2 of B's 3:
    # North less C would be those 2 answers, so North is withheld (and South beside it).
    cross = {("A", "south"): 6, ("B", "north"): 2, ("B", "south"): 1, ("C", "north"): 20,
             ("D", "south"): 7}  # fmt: skip
    hidden = linked_hidden(cross)
    assert hidden["course"] == {"A", "B"}
    assert hidden["site"] == {"north", "south"}


def test_all_the_hidden_cells_together_give_nothing_away():
    cross = {("A", "north"): 6, ("B", "north"): 3, ("C", "south"): 20, ("D", "south"): 7}
    assert linked_hidden(cross) == {"course": {"A", "B"}, "site": set()}


def test_a_site_that_would_give_away_the_withheld_course_is_withheld():
    # North is A alone: showing it shows A, and the total less C, D and A is B's 3.
    cross = {("A", "north"): 6, ("B", "south"): 3, ("C", "south"): 20, ("D", "south"): 7}
    assert linked_hidden(cross) == {"course": {"A", "B"}, "site": {"north", "south"}}


@given(
    st.dictionaries(
        st.tuples(st.sampled_from("ABCDE"), st.sampled_from(["n", "s", "e", None])),
        st.integers(min_value=1, max_value=12),
        max_size=12,
    )
)
def test_linked_breakdowns_never_show_a_small_or_isolated_cell(cross):
    hidden = linked_hidden(cross)
    for by, index, other in (("course", 0, "site"), ("site", 1, "course")):
        totals: dict = {}
        for key, n in cross.items():
            totals[key[index]] = totals.get(key[index], 0) + n
        other_totals: dict = {}
        for key, n in cross.items():
            other_totals[key[1 - index]] = other_totals.get(key[1 - index], 0) + n
        shown = [k for k in totals if k not in hidden[by]]
        assert all(totals[k] >= SMALL_NUMBER for k in shown)
        assert len(hidden[by]) != 1 or not shown
        from collections import Counter

        for key in shown:
            assert not _isolates_hidden(cross, by, key, other, Counter(other_totals), hidden[other])


def test_hidden_cells_by_example():
    assert hidden_cells({"a": 6, "b": 3}) == {"a", "b"}
    assert hidden_cells({"a": 6, "b": 7, "c": 2}) == {"a", "c"}
    assert hidden_cells({"a": 6, "b": 2, "c": 1}) == {"b", "c"}
    assert hidden_cells({"a": 6, "b": 9}) == set()


def test_fewer_than_five_responses_show_nothing(provider, curriculum_lead, governor, login):
    survey = make_survey(provider)
    responses_from(survey, 4, value=5)
    results = survey_results(survey)
    assert not results.shown
    assert results.total.note == FEWER_THAN
    assert all(r.overall.agree is None and not r.distribution for r in results.results)
    assert results.breakdowns == []
    for user in (curriculum_lead, governor):
        page = login(user).get(reverse("curriculum:survey_results", args=[survey.pk]))
        text = page.content.decode()
        assert "Fewer than 5 responses" in text
        assert not re.search(r"\d+%", text)


def test_five_responses_are_shown(provider):
    survey = make_survey(provider)
    responses_from(survey, 3, value=5)
    responses_from(survey, 2, value=1)
    results = survey_results(survey)
    assert results.total.responses == 5
    assert {r.overall.agree for r in results.results} == {60}
    assert dict(results.results[0].distribution)["Strongly agree"] == 60


def test_a_small_course_is_hidden_and_its_neighbour_withheld(provider):
    survey = make_survey(provider)
    responses_from(survey, 6, value=5, course="Level 3 Health and Social Care")
    responses_from(survey, 3, value=1, course="Level 2 Plumbing")
    results = survey_results(survey)
    assert results.total.responses == 9
    by_course = next(b for b in results.breakdowns if b.by == "course")
    notes = {total.label: total.note for total, _cells in by_course.rows}
    assert notes == {"Level 2 Plumbing": FEWER_THAN, "Level 3 Health and Social Care": WITHHELD}
    for total, cells in by_course.rows:
        assert total.responses is None
        assert all(c.agree is None for c in cells)


def test_sites_are_protected_on_their_own(provider):
    north, south = SiteFactory(provider=provider), SiteFactory(provider=provider)
    survey = make_survey(provider)
    responses_from(survey, 5, site=north)
    responses_from(survey, 7, site=south)
    by_site = next(b for b in survey_results(survey).breakdowns if b.by == "site")
    assert sorted(t.responses or 0 for t, _c in by_site.rows) == [5, 7]


def test_the_api_applies_the_same_rule(provider, curriculum_lead, api_client):
    survey = make_survey(provider)
    responses_from(survey, 6, course="A course")
    responses_from(survey, 2, course="B course")
    data = api_client(curriculum_lead).get(f"/api/v1/curriculum/surveys/{survey.pk}/results").json()
    assert data["total"]["responses"] == 8
    rows = data["breakdowns"][0]["rows"]
    assert all(
        cell["responses"] is None and cell["agree_percent"] is None for cell in sum(rows, [])
    )
    listed = api_client(curriculum_lead).get("/api/v1/curriculum/surveys").json()
    assert listed[0]["responses"] == 8


def test_the_trend_uses_the_same_protected_cells(provider, curriculum_lead, login):
    first = make_survey(provider, title="Autumn")
    responses_from(first, 6, value=5, course="A course")
    responses_from(first, 3, value=1, course="B course")
    second = make_survey(provider, title="Spring")
    responses_from(second, 8, value=4, course="A course")
    everyone = trends(provider, Segment())
    assert [p.cell.agree for p in everyone[0].points] == [67, 100]
    course_a = trends(provider, Segment("course", "A course", "Course: A course"))
    assert [p.cell.note for p in course_a[0].points] == [WITHHELD, ""]
    page = login(curriculum_lead).get(
        reverse("curriculum:survey_trends"), {"segment": "course:A course"}
    )
    assert page.status_code == 200
    bad = login(curriculum_lead).get(reverse("curriculum:survey_trends"), {"segment": "course:Z"})
    assert "Choose learners from the list" in bad.content.decode()
