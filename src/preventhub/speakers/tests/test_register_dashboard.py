"""The module overview: counts for the academic year, what is waiting and coming up, late
requests, and the compliance signals (on the page, and in GET /api/v1/speakers/signals)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.speakers.register_dashboard import academic_year, dashboard
from preventhub.speakers.services import settings_update
from preventhub.speakers.tests.access_cases_register import SIGNALS_PATH, _api_mounted
from preventhub.speakers.tests.register_stories import decide, hold, submit, when

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("speakers:dashboard")


@pytest.fixture
def coordinator(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SPEAKER_COORDINATOR, Role.STAFF)


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER)


@pytest.fixture
def signals(provider: Any, staff: Any, coordinator: Any, leader: Any) -> dict[str, Any]:
    """One request for each signal, and one that raises none."""
    unapproved = hold(submit(provider, staff, title="Unapproved", starts_at=when(-3)), staff)
    missing = decide(submit(provider, staff, title="No outcome", starts_at=when(-12)), coordinator)
    wrong = decide(submit(provider, staff, title="Wrong approver", starts_at=when(30)), coordinator)
    fine = hold(
        decide(submit(provider, staff, title="All fine", starts_at=when(-9)), leader), staff
    )
    # Tightened after the approval: medium and low now need a senior leader.
    approvers = {level: ["senior_leader"] for level in ("low", "medium", "high")}
    settings_update(actor=leader, provider=provider, approvers=approvers)
    return {"unapproved": unapproved, "missing": missing, "wrong": wrong, "fine": fine}


def test_the_overview_names_each_signal_and_links_managers_to_the_request(
    signals: dict[str, Any], coordinator: Any, login: Any
) -> None:
    body = login(coordinator).get(OVERVIEW).content.decode()
    assert "Held without approval (1)" in body
    assert "Outcome not recorded after the event (1)" in body
    # "All fine" was approved by a senior leader, allowed still; "No outcome" too was approved
    # by the coordinator, so it is flagged twice over.
    assert "Approved by a role not allowed to approve it (2)" in body
    for key in ("unapproved", "missing", "wrong"):
        assert reverse("speakers:detail", kwargs={"pk": signals[key].pk}) in body
    assert "4 requests need attention" in body


def test_governors_and_inspectors_see_the_signals_linked_to_the_register(
    signals: dict[str, Any], make_user: Any, provider: Any, login: Any, client: Any
) -> None:
    for role in (Role.GOVERNOR, Role.INSPECTOR):
        client.logout()
        body = login(make_user(provider, role)).get(OVERVIEW).content.decode()
        assert "Held without approval (1)" in body
        assert reverse("speakers:detail", kwargs={"pk": signals["unapproved"].pk}) not in body
        assert f"?reference={signals['unapproved'].reference}" in body
        assert "Share an extract with partners" not in body


def test_no_signals_says_so(provider: Any, staff: Any, coordinator: Any, login: Any) -> None:
    decide(submit(provider, staff, title="Coming up"), coordinator)
    body = login(coordinator).get(OVERVIEW).content.decode()
    assert "None: no event was held without approval" in body
    assert "Coming up" in body


def test_the_overview_counts_this_academic_years_requests_by_status(
    provider: Any, staff: Any, coordinator: Any, leader: Any
) -> None:
    now = timezone.now()
    year = academic_year(timezone.localdate(now))
    waiting = submit(
        provider, staff, title="Waiting", starts_at=when(5), late_reason="Speaker offered late",
        now=now,
    )  # fmt: skip
    approved = decide(submit(provider, staff, title="Approved"), coordinator)
    refused = decide(submit(provider, staff, title="Refused"), coordinator, "refused")
    figures = dashboard(provider, now)
    counts = {c.status: c.count for c in figures.by_status}

    def in_year(request: Any) -> int:
        day = timezone.localtime(request.starts_at).date()
        return int(year.first_day <= day <= year.last_day)

    assert counts["submitted"] == in_year(waiting)
    assert counts["approved"] == in_year(approved)
    assert counts["refused"] == in_year(refused)
    assert counts["held"] == 0
    assert figures.total == sum(in_year(r) for r in (waiting, approved, refused))
    assert figures.awaiting_count == 1
    assert [r.title for r in figures.awaiting] == ["Waiting"]
    assert waiting.late
    assert figures.late_count == in_year(waiting)
    assert [r.title for r in figures.upcoming] == ["Approved"]


def test_the_academic_year_runs_from_september_to_august() -> None:
    assert academic_year(date(2026, 3, 1)).first_day == date(2025, 9, 1)
    assert academic_year(date(2026, 9, 1)).first_day == date(2026, 9, 1)
    assert academic_year(date(2026, 8, 31)).last_day == date(2026, 8, 31)
    assert academic_year(date(2026, 3, 1)).label == "2025 to 2026"


def test_the_overview_lists_late_requests_and_those_past_their_date_undecided(
    provider: Any, staff: Any, coordinator: Any, login: Any
) -> None:
    submit(
        provider, staff, title="Late one", starts_at=when(3), late_reason="Short notice",
        now=timezone.now(),
    )  # fmt: skip
    past = submit(provider, staff, title="Never decided", starts_at=when(-2))
    body = login(coordinator).get(OVERVIEW).content.decode()
    assert "Late one" in body
    assert "Late</strong>" in body
    assert "Date passed" in body
    assert past.reference in body


def test_an_event_ending_just_now_is_not_yet_missing_its_outcome(
    provider: Any, staff: Any, coordinator: Any
) -> None:
    decide(submit(provider, staff, title="Yesterday", starts_at=when(-1)), coordinator)
    codes = [s.code for g in dashboard(provider).signal_groups for s in g.signals]
    assert "outcome_missing" not in codes
    later = timezone.now() + timedelta(days=8)
    codes = [s.code for g in dashboard(provider, later).signal_groups for s in g.signals]
    assert "outcome_missing" in codes


@pytest.mark.skipif(not _api_mounted(), reason="register_api's router is not mounted yet")
def test_the_signals_api_lists_each_signal(
    signals: dict[str, Any], make_user: Any, provider: Any, api_client: Any
) -> None:
    response = api_client(make_user(provider, Role.INSPECTOR)).get(SIGNALS_PATH)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    codes = sorted(s["code"] for s in body["signals"])
    assert codes == [
        "approved_by_wrong_role", "approved_by_wrong_role", "held_without_approval",
        "outcome_missing",
    ]  # fmt: skip
    first = body["signals"][0]
    assert set(first) == {
        "code",
        "message",
        "request_id",
        "reference",
        "title",
        "starts_at",
        "status",
    }


@pytest.mark.skipif(not _api_mounted(), reason="register_api's router is not mounted yet")
def test_the_signals_api_refuses_staff(staff: Any, api_client: Any) -> None:
    assert api_client(staff).get(SIGNALS_PATH).status_code == 403
