"""The central register page and its CSV and XLSX exports, through HTTP."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.speakers.services import SpeakerIn
from preventhub.speakers.tests.register_stories import (
    SECRET_NOTE,
    decide,
    hold,
    submit,
    when,
)
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db
REGISTER = reverse("speakers:register")
CSV_URL = reverse("speakers:register_csv")
XLSX_URL = reverse("speakers:register_xlsx")


@pytest.fixture
def coordinator(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SPEAKER_COORDINATOR, Role.STAFF, first_name="Fiona")


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER)


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR)


@pytest.fixture
def inspector(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.INSPECTOR)


@pytest.fixture
def register(provider: Any, staff: Any, coordinator: Any, leader: Any) -> dict[str, Any]:
    """Five requests: approved and held, approved with conditions, refused, submitted, letting."""
    site = SiteFactory(provider=provider, name="North campus")
    held = decide(
        submit(provider, staff, title="Journalism talk", starts_at=when(-20)), coordinator
    )
    held = hold(held, staff)
    conditional = decide(
        submit(
            provider,
            staff,
            title="Debate on free speech",
            starts_at=when(20),
            speakers=[SpeakerIn("Alex Rivera", "Campaign Group"), SpeakerIn("Jo Balance", "")],
            site=site,
        ),
        leader,
        "approved_with_conditions",
        risk="high",
        conditions=["independent_chair", "balancing_speaker"],
    )
    refused = decide(
        submit(provider, staff, title="Recruitment talk", speakers=[SpeakerIn("Pat Refused")]),
        coordinator,
        "refused",
        risk="medium",
        rationale="Would not consent to checks.",
    )
    waiting = submit(provider, staff, title="Charity fair", starts_at=when(60))
    letting = submit(
        provider,
        staff,
        kind="letting",
        title="Weekend hall hire",
        speakers=[],
        hirer="Northbridge Community Choir",
        purpose="Rehearsals",
        starts_at=when(30),
    )
    return {
        "held": held,
        "conditional": conditional,
        "refused": refused,
        "waiting": waiting,
        "letting": letting,
        "site": site,
    }


def titles(response: Any) -> set[str]:
    body = response.content.decode()
    names = ("Journalism talk", "Debate on free speech", "Recruitment talk", "Charity fair")
    return {t for t in (*names, "Weekend hall hire") if t in body}


@pytest.mark.parametrize("role", ["speaker_coordinator", "governor", "inspector", "dsl"])
def test_register_readers_see_every_request_without_check_notes(
    role: str, register: dict[str, Any], make_user: Any, provider: Any, login: Any
) -> None:
    client = login(make_user(provider, role))
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert titles(response) == {
        "Journalism talk", "Debate on free speech", "Recruitment talk", "Charity fair",
        "Weekend hall hire",
    }  # fmt: skip
    body = response.content.decode()
    assert "Internet search: clear" in body  # the check's kind and outcome...
    assert SECRET_NOTE not in body  # ...never its notes
    assert "Independent chair; Balancing speaker or right of reply" in body
    assert "45 attended" in body
    assert "Democracy; The rule of law" in body


def test_managers_follow_a_reference_to_the_request_and_governors_to_the_register(
    register: dict[str, Any], coordinator: Any, governor: Any, login: Any, client: Any
) -> None:
    held = register["held"]
    detail = reverse("speakers:detail", kwargs={"pk": held.pk})
    assert detail in login(coordinator).get(REGISTER).content.decode()
    client.logout()
    body = login(governor).get(REGISTER).content.decode()
    assert detail not in body
    assert f"?reference={held.reference}" in body


def test_staff_and_admins_cannot_read_the_register(
    register: dict[str, Any], staff: Any, admin_user: Any, login: Any
) -> None:
    assert login(staff).get(REGISTER).status_code == 403
    assert login(admin_user).get(REGISTER).status_code == 403


def test_another_providers_requests_are_never_on_the_register(
    register: dict[str, Any], outsider: Any, other_provider: Any, login: Any
) -> None:
    submit(other_provider, outsider, title="Elsewhere only")
    response = login(outsider).get(REGISTER)
    assert "Elsewhere only" in response.content.decode()
    assert titles(response) == set()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "refused"}, {"Recruitment talk"}),
        ({"status": "held"}, {"Journalism talk"}),
        ({"risk_level": "high"}, {"Debate on free speech"}),
        ({"kind": "letting"}, {"Weekend hall hire"}),
        ({"speaker": "rivera"}, {"Debate on free speech"}),
        ({"speaker": "campaign group"}, {"Debate on free speech"}),
        ({"speaker": "choir"}, {"Weekend hall hire"}),
        ({"date_to": when(0).date().isoformat()}, {"Journalism talk"}),
        (
            {"date_from": when(19).date().isoformat(), "date_to": when(31).date().isoformat()},
            {"Debate on free speech", "Weekend hall hire"},
        ),
        ({"late": "yes"}, set()),
        ({"late": "no", "status": "submitted", "kind": "speaker_event"}, {"Charity fair"}),
    ],
)
def test_filters_narrow_the_register(
    query: dict[str, str], expected: set[str], register: dict[str, Any], coordinator: Any,
    login: Any,
) -> None:  # fmt: skip
    response = login(coordinator).get(REGISTER, query)
    assert response.status_code == 200
    assert titles(response) == expected


def test_filter_by_site_and_reference(
    register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    client = login(coordinator)
    assert titles(client.get(REGISTER, {"site": register["site"].pk})) == {"Debate on free speech"}
    reference = register["refused"].reference
    assert titles(client.get(REGISTER, {"reference": reference})) == {"Recruitment talk"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2026-02-30"}, "Enter a real date"),
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "must be the same as or after"),
        ({"status": "approved_by_magic"}, "Select a valid choice"),
        ({"site": "999999"}, "Choose a site from the list"),
        ({"speaker": "x" * 101}, "at most 100 characters"),
    ],
)
def test_bad_filters_show_an_error_and_no_rows(
    query: dict[str, str], message: str, register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    response = login(coordinator).get(REGISTER, query)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert titles(response) == set()
    assert "The filters need correcting" in body


def test_another_providers_site_cannot_be_chosen(
    register: dict[str, Any], coordinator: Any, other_provider: Any, login: Any
) -> None:
    elsewhere = SiteFactory(provider=other_provider, name="Their campus")
    response = login(coordinator).get(REGISTER, {"site": elsewhere.pk})
    assert "Choose a site from the list" in response.content.decode()
    assert "Their campus" not in response.content.decode()


def test_htmx_asks_for_the_table_only(
    register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    response = login(coordinator).get(REGISTER, {"status": "refused"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Recruitment talk" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_the_register_is_paginated_and_its_queries_do_not_grow_with_rows(
    provider: Any, staff: Any, coordinator: Any, login: Any
) -> None:
    client = login(coordinator)

    def queries() -> int:
        client.get(REGISTER)  # warm the user's role cache and the session
        with CaptureQueriesContext(connection) as captured:
            assert client.get(REGISTER).status_code == 200
        return len(captured)

    for n in range(3):
        decide(submit(provider, staff, title=f"Talk {n}", starts_at=when(40 + n)), coordinator)
    few = queries()
    for n in range(3, 28):
        request = submit(provider, staff, title=f"Talk {n}", starts_at=when(40 + n))
        if n % 2:
            decide(request, coordinator)
    assert queries() == few
    page_two = client.get(REGISTER, {"page": 2}).content.decode()
    assert "Page 2 of 2" in page_two
    assert "28 requests" in page_two


# --- exports --------------------------------------------------------------------------------


def read_csv(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_csv_export_holds_the_filtered_register_and_is_audited(
    register: dict[str, Any], governor: Any, login: Any
) -> None:
    response = login(governor).get(CSV_URL, {"status": "approved_with_conditions"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [r["Event title"] for r in rows] == ["Debate on free speech"]
    row = rows[0]
    assert row["Speakers (organisation)"] == "Alex Rivera (Campaign Group); Jo Balance"
    assert row["Risk level"] == "High"
    assert row["Conditions"] == "Independent chair; Balancing speaker or right of reply"
    assert "Internet and social media search: Clear" in row["Checks (outcome)"]
    assert row["Site"] == "North campus"
    event = AuditEvent.objects.filter(action="export").get()
    assert event.object_type == "speakers.eventrequest"
    assert event.detail == {
        "rows": 1, "format": "csv", "filters": {"status": "approved_with_conditions"},
    }  # fmt: skip
    assert event.actor_id == governor.pk


def test_exports_never_hold_check_notes(
    register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    client = login(coordinator)
    csv_text = b"".join(client.get(CSV_URL).streaming_content).decode()
    assert "Journalism talk" in csv_text
    assert SECRET_NOTE not in csv_text
    book = load_workbook(io.BytesIO(client.get(XLSX_URL).content), read_only=True)
    cells = [str(c) for row in book["Speaker register"].iter_rows(values_only=True) for c in row]
    assert "Journalism talk" in cells
    assert not any(SECRET_NOTE in c for c in cells)


def test_a_typed_speaker_name_is_not_copied_into_the_audit_trail(
    register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    login(coordinator).get(CSV_URL, {"speaker": "Rivera"})
    event = AuditEvent.objects.filter(action="export").get()
    assert event.detail["filters"] == {"speaker": "(given)"}
    assert "Rivera" not in str(event.detail)


HOSTILE = {
    "title": '=HYPERLINK("http://evil.example","Click")',
    "organisation": "+44 161 000 0000",
    "name": "@SUM(1+1)",
    "topic": "-2+3 reasons to vote",
}


@pytest.fixture
def hostile(provider: Any, staff: Any) -> Any:
    return submit(
        provider,
        staff,
        title=HOSTILE["title"],
        speakers=[SpeakerIn(HOSTILE["name"], HOSTILE["organisation"])],
        topic=HOSTILE["topic"],
    )


def test_csv_cells_cannot_run_as_formulas(hostile: Any, coordinator: Any, login: Any) -> None:
    row = read_csv(login(coordinator).get(CSV_URL))[0]
    assert row["Event title"] == "'" + HOSTILE["title"]
    assert row["Speakers (organisation)"] == f"'{HOSTILE['name']} ({HOSTILE['organisation']})"
    assert row["Topic"] == "'" + HOSTILE["topic"]


def test_xlsx_opens_and_its_cells_are_text_not_formulas(
    hostile: Any, register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    response = login(coordinator).get(XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Speaker register"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Reference", "Kind", "Event title"]
    by_title = {row[2].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(by_title) >= {"'" + HOSTILE["title"], "Journalism talk", "Weekend hall hire"}
    hostile_row = by_title["'" + HOSTILE["title"]]
    assert all(cell.data_type != "f" for cell in hostile_row)
    held = by_title["Journalism talk"]
    column = {name: i for i, name in enumerate(header)}
    assert held[column["Attendance"]].value == 45  # numbers stay numbers
    assert held[column["Starts (Europe/London)"]].is_date
    assert held[column["Held"]].value == "Yes"
    event = AuditEvent.objects.filter(action="export").get()
    assert event.detail["format"] == "xlsx"
    assert event.detail["rows"] == 6


def test_exporting_with_bad_filters_refuses_and_records_nothing(
    register: dict[str, Any], coordinator: Any, login: Any
) -> None:
    response = login(coordinator).get(XLSX_URL, {"date_from": "not-a-date"})
    assert response.status_code == 302
    assert response["Location"].startswith(REGISTER)
    assert not AuditEvent.objects.filter(action="export").exists()
