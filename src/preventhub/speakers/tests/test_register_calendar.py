"""The personal calendar feed: made, shown once, read by a calendar without signing in,
revoked; RFC 5545 text (CRLF, folding at 75 octets, escaping); only approved events."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from preventhub.accounts.models import RoleAssignment
from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.speakers.models import CalendarFeed
from preventhub.speakers.register_calendar import escape_text, fold
from preventhub.speakers.services import SpeakerIn, request_reopen
from preventhub.speakers.tests.register_stories import SECRET_NOTE, decide, hold, submit, when

pytestmark = pytest.mark.django_db
FEED = reverse("speakers:calendar_feed")
PAGE = reverse("speakers:calendar")
CREATE = reverse("speakers:calendar_create")
REVOKE = reverse("speakers:calendar_revoke")


@pytest.fixture
def coordinator(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SPEAKER_COORDINATOR, Role.STAFF)


@pytest.fixture
def events(provider: Any, staff: Any, coordinator: Any, make_user: Any) -> dict[str, Any]:
    leader = make_user(provider, Role.SENIOR_LEADER)
    approved = decide(
        submit(provider, staff, title="Careers; law, and order", starts_at=when(10)), coordinator
    )
    conditional = decide(
        submit(provider, staff, title="Panel debate", starts_at=when(12)),
        leader,
        "approved_with_conditions",
        risk="high",
        conditions=["independent_chair"],
    )
    held = hold(
        decide(submit(provider, staff, title="Past talk", starts_at=when(-5)), coordinator), staff
    )
    unapproved = hold(
        submit(provider, staff, title="Held without approval", starts_at=when(-3)), staff
    )
    refused = decide(submit(provider, staff, title="Refused talk"), coordinator, "refused")
    submit(provider, staff, title="Waiting talk")
    reopened = decide(submit(provider, staff, title="Reopened talk"), coordinator)
    request_reopen(actor=coordinator, request=reopened, reason="New posts found.")
    letting = decide(
        submit(
            provider, staff, kind="letting", title="Hall hire", speakers=[], hirer="Choir",
            purpose="Rehearsals", starts_at=when(15),
        ),
        coordinator,
    )  # fmt: skip
    return {
        "approved": approved, "conditional": conditional, "held": held,
        "unapproved": unapproved, "refused": refused, "letting": letting,
    }  # fmt: skip


def new_feed_url(client: Client) -> str:
    response = client.post(CREATE)
    assert response.status_code == 200
    found = re.search(
        r'value="(http://testserver/speakers/calendar\.ics\?token=[^"]+)"',
        response.content.decode(),
    )
    assert found, "the new URL is shown"
    return found.group(1).replace("http://testserver", "")


def summaries(text: str) -> list[str]:
    unfolded = text.replace("\r\n ", "")
    return [
        line[len("SUMMARY:") :] for line in unfolded.split("\r\n") if line.startswith("SUMMARY:")
    ]


def test_a_calendar_reads_approved_events_with_the_secret_url_and_no_session(
    events: dict[str, Any], coordinator: Any, login: Any
) -> None:
    url = new_feed_url(login(coordinator))
    response = Client().get(url)  # a calendar program: no cookies, no sign-in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert summaries(text) == [
        r"Past talk", r"Careers\; law\, and order", r"Panel debate", r"Letting: Hall hire (Choir)",
    ]  # fmt: skip
    assert "Held without approval" not in text
    assert "Refused talk" not in text
    assert "Waiting talk" not in text
    assert "Reopened talk" not in text
    assert "Reporting on conflict" not in text  # no topic
    assert SECRET_NOTE not in text
    assert "Sam Writer" in text  # the speakers' names
    assert "The Daily Example" not in text  # but nothing else about them
    assert events["approved"].reference in text


def test_the_feed_follows_rfc_5545(events: dict[str, Any], coordinator: Any, login: Any) -> None:
    text = Client().get(new_feed_url(login(coordinator))).content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == 4
    approved = events["approved"]
    assert f"UID:{approved.pk}@preventhub.speakers" in text
    start = approved.starts_at.astimezone().strftime("%Y%m%d")
    assert re.search(rf"DTSTART:{start}T\d{{6}}Z", text)


def test_the_url_is_shown_once_and_only_its_hash_is_kept(
    coordinator: Any, provider: Any, login: Any
) -> None:
    client = login(coordinator)
    url = new_feed_url(client)
    token = url.split("token=")[1]
    feed = CalendarFeed.objects.for_provider(provider).get()
    assert token not in feed.token_hash
    assert token not in client.get(PAGE).content.decode()
    assert feed.hint == token[:6]
    event = AuditEvent.objects.get(action="create", object_type="speakers.calendarfeed")
    assert token not in str(event.detail)


def test_a_wrong_or_revoked_token_answers_404(
    events: dict[str, Any], coordinator: Any, login: Any
) -> None:
    client = login(coordinator)
    first = new_feed_url(client)
    assert Client().get(FEED, {"token": "not-a-token"}).status_code == 404
    assert Client().get(FEED, {"token": ""}).status_code == 404
    second = new_feed_url(client)  # a new URL stops the old one
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    response = client.post(REVOKE)
    assert response.status_code == 302
    assert Client().get(second).status_code == 404
    assert AuditEvent.objects.filter(
        action="update", object_type="speakers.calendarfeed", changed_fields=["revoked_at"]
    ).exists()


def test_a_feed_stops_when_its_user_loses_the_role_or_is_disabled(
    events: dict[str, Any], coordinator: Any, provider: Any, login: Any
) -> None:
    url = new_feed_url(login(coordinator))
    RoleAssignment.objects.for_provider(provider).filter(
        user=coordinator, role=Role.SPEAKER_COORDINATOR
    ).delete()
    assert Client().get(url).status_code == 404
    RoleAssignment.unscoped.create(
        provider=provider, user=coordinator, role=Role.SPEAKER_COORDINATOR
    )
    assert Client().get(url).status_code == 200
    coordinator.is_active = False
    coordinator.save()
    assert Client().get(url).status_code == 404


def test_another_providers_feed_sees_nothing_of_this_provider(
    events: dict[str, Any], make_user: Any, other_provider: Any, staff: Any, login: Any
) -> None:
    theirs = make_user(other_provider, Role.SPEAKER_COORDINATOR)
    decide(submit(other_provider, theirs, title="Their own talk"), theirs)
    text = Client().get(new_feed_url(login(theirs))).content.decode()
    assert summaries(text) == ["Their own talk"]


def test_signed_in_managers_download_their_calendar_file(
    events: dict[str, Any], coordinator: Any, login: Any
) -> None:
    response = login(coordinator).get(FEED)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Panel debate" in response.content.decode()


def test_governors_and_staff_have_no_feed(
    make_user: Any, provider: Any, staff: Any, login: Any, client: Any
) -> None:
    governor = make_user(provider, Role.GOVERNOR)
    assert login(governor).post(CREATE).status_code == 403
    client.logout()
    assert login(staff).get(PAGE).status_code == 403
    assert not CalendarFeed.objects.for_provider(provider).exists()


def test_revoking_without_a_feed_says_so(coordinator: Any, login: Any) -> None:
    response = login(coordinator).post(REVOKE, follow=True)
    assert "You had no calendar feed URL to stop" in response.content.decode()


# --- the iCalendar text itself ----------------------------------------------------------------


def test_text_values_are_escaped() -> None:
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"
    assert escape_text("bell\x07gone") == "bellgone"


@pytest.mark.parametrize("text", ["x" * 200, "é" * 120, "Talk: 🙂" * 30, "a" * 74 + "€" * 3])
def test_long_lines_fold_at_75_octets_without_splitting_a_character(text: str) -> None:
    line = f"SUMMARY:{text}"
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line  # unfolding gives the line back


def test_speakers_names_appear_once_each(
    provider: Any, staff: Any, coordinator: Any, login: Any
) -> None:
    decide(
        submit(
            provider, staff, title="Two voices",
            speakers=[SpeakerIn("Ann One", "Org A"), SpeakerIn("Bea Two", "Org B")],
        ),
        coordinator,
    )  # fmt: skip
    text = Client().get(new_feed_url(login(coordinator))).content.decode().replace("\r\n ", "")
    assert r"Speakers: Ann One\, Bea Two" in text
