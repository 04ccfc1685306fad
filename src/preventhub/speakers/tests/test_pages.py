"""The speakers pages: request (with its bad input), your requests, checks, consent, decision,
re-open, withdraw, outcome, materials and settings, through the Django test client."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.notifications.models import Notification
from preventhub.speakers.models import Check, EventOutcome, EventRequest, Material
from preventhub.speakers.services import first_on_time_date
from preventhub.speakers.tests.helpers import (
    PDF,
    approved,
    make_request,
    minimum_checks,
)
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db
NEW = reverse("speakers:new")
LETTING = reverse("speakers:letting_new")
MINE = reverse("speakers:mine")


def when(days: int, hour: int = 14) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


def form(rows: int = 3, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "action": "send",
        "idempotency_key": "page-key-1",
        "title": "Life as a war reporter",
        "topic": "Reporting from conflict zones, and checking sources.",
        "starts_at": when(30),
        "ends_at": when(30, hour=15),
        "venue": "Main hall",
        "audience": "learners",
        "expected_size": "80",
        "open_to_public": "no",
        "recorded_or_streamed": "yes",
        "speakers-TOTAL_FORMS": str(rows),
        "speakers-INITIAL_FORMS": str(rows),
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "5",
        "speakers-0-name": "Sam Writer",
        "speakers-0-organisation": "The Daily Example",
        "speakers-0-online_presence": "https://example.org/sam",
    }
    data.update(overrides)
    return data


def requests_of(provider: Any) -> Any:
    return EventRequest.objects.for_provider(provider)


def errors_of(response: Any) -> str:
    page: str = response.content.decode()
    assert "There is a problem" in page, page[:2000]
    return page


# --- the request form ------------------------------------------------------------------------


def test_the_form_offers_three_speaker_rows_and_says_when_notice_runs_out(
    login: Any, staff: Any, provider: Any
) -> None:
    page = login(staff).get(NEW).content.decode()
    assert page.count('name="speakers-') >= 9 + 4  # 3 rows of 3 fields and the management form
    assert 'name="speakers-3-name"' not in page
    assert f"{first_on_time_date(provider):%-d %B %Y}" in page
    assert 'type="hidden" name="idempotency_key"' in page
    assert 'name="late_reason"' not in page  # shown only when the date is late


def test_a_request_is_sent_checked_by_the_coordinator_and_audited(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    site = SiteFactory(provider=provider, name="North campus")
    response = login(staff).post(NEW, form(site=site.pk))
    made = requests_of(provider).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("speakers:detail", kwargs={"pk": made.pk})
    assert (made.organiser, made.site, made.expected_size, made.late) == (staff, site, 80, False)
    assert made.recorded_or_streamed
    assert not made.open_to_public
    assert [str(link.speaker) for link in made.speakers.all()] == ["Sam Writer (The Daily Example)"]
    note = Notification.objects.for_provider(provider).get(user=coordinator)
    assert note.message == "A new speaker or event request needs checks"
    assert "Sam" not in note.message
    assert "war" not in note.message
    assert AuditEvent.objects.filter(object_id=str(made.pk), action="create").exists()
    page = login(staff).get(response["Location"]).content.decode()
    assert f"{made.reference} is sent" in page


def test_add_another_speaker_shows_a_fourth_row_and_keeps_what_was_typed(
    login: Any, staff: Any, provider: Any
) -> None:
    response = login(staff).post(NEW, form(action="add_speaker", title="Kept title"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="speakers-3-name"' in page
    assert 'value="Sam Writer"' in page
    assert 'value="Kept title"' in page
    assert "There is a problem" not in page
    assert not requests_of(provider).exists()


def test_five_speakers_at_most(login: Any, staff: Any, provider: Any) -> None:
    client = login(staff)
    page = client.post(NEW, form(rows=5, action="add_speaker")).content.decode()
    assert 'name="speakers-4-name"' in page
    assert 'name="speakers-5-name"' not in page
    assert "Add another speaker" not in page
    rows = {f"speakers-{i}-name": f"Speaker {i}" for i in range(7)}
    tampered = form(rows=7, **rows)
    assert "at most 5 speakers" in errors_of(client.post(NEW, tampered))
    assert not requests_of(provider).exists()


def test_several_speakers_in_one_request(login: Any, staff: Any, provider: Any) -> None:
    data = form(rows=4, **{"speakers-1-name": "Ali Khan", "speakers-3-name": "Jo Bloggs"})
    login(staff).post(NEW, data)
    names = [link.speaker.name for link in requests_of(provider).get().speakers.all()]
    assert sorted(names) == ["Ali Khan", "Jo Bloggs", "Sam Writer"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"starts_at": when(-2), "ends_at": when(-2, 15)}, "The event must be in the future."),
        ({"ends_at": when(30, hour=13)}, "The end must be after the start."),
        ({"audience": "aliens"}, "Select a valid choice"),
        ({"starts_at": "next Tuesday"}, "Enter start date and time as a date and time"),
        ({"title": ""}, "Enter event title."),
        ({"expected_size": "-4"}, "Enter an expected size of at least 1."),
        ({"open_to_public": "maybe"}, "Select a valid choice"),
        ({"speakers-0-name": ""}, "Enter the speaker&#x27;s name, or clear this row."),
        (
            {
                "speakers-0-name": "",
                "speakers-0-organisation": "",
                "speakers-0-online_presence": "",
            },
            "Name at least one speaker.",
        ),
        (
            {"speakers-1-name": "sam writer", "speakers-1-organisation": "The Daily Example"},
            "named twice",
        ),
    ],
)
def test_bad_requests_say_what_is_wrong_and_change_nothing(
    login: Any, staff: Any, provider: Any, overrides: dict[str, Any], message: str
) -> None:
    response = login(staff).post(NEW, form(**overrides))
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not requests_of(provider).exists()
    assert not Notification.objects.for_provider(provider).exists()


def test_a_late_request_asks_for_its_reason_and_goes_to_a_senior_leader(
    login: Any, staff: Any, provider: Any, coordinator: Any, leader: Any
) -> None:
    client = login(staff)
    late = {"starts_at": when(2), "ends_at": when(2, 15)}
    page = errors_of(client.post(NEW, form(**late)))
    assert 'name="late_reason"' in page
    assert "less than 10 working days away: give the reason it is late" in page
    assert not requests_of(provider).exists()
    client.post(NEW, form(**late, late_reason="The speaker offered a cancelled slot."))
    made = requests_of(provider).get()
    assert made.late
    assert made.late_reason == "The speaker offered a cancelled slot."
    assert (
        Notification.objects.for_provider(provider)
        .get(user=leader)
        .message.endswith("(late: a senior leader decides it)")
    )


def test_a_double_submission_makes_one_request(login: Any, staff: Any, provider: Any) -> None:
    client = login(staff)
    first = client.post(NEW, form())
    second = client.post(NEW, form())
    assert requests_of(provider).count() == 1
    assert first["Location"] == second["Location"]
    assert "was already sent" in client.get(second["Location"]).content.decode()


def test_materials_are_checked_encrypted_and_downloaded_with_an_audit_row(
    login: Any, staff: Any, provider: Any, coordinator: Any, settings: Any
) -> None:
    slides = SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf")
    login(staff).post(NEW, {**form(), "materials": [slides]})
    material = Material.objects.for_provider(provider).get()
    stored = (settings.MEDIA_ROOT / material.storage_name).read_bytes()
    assert PDF not in stored  # encrypted at rest
    url = reverse(
        "speakers:material_download", kwargs={"pk": material.request_id, "material_pk": material.pk}
    )
    response = login(coordinator).get(url)
    assert response.status_code == 200
    assert b"".join(response) == PDF
    assert "slides.pdf" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(object_id=str(material.pk), action="view").exists()


def test_a_100_mb_upload_gets_a_clear_error_and_nothing_is_made(
    login: Any, staff: Any, provider: Any, settings: Any
) -> None:
    huge = SimpleUploadedFile("talk.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    response = login(staff).post(NEW, {**form(), "materials": [huge]})
    assert "talk.pdf is larger than 20 MB" in errors_of(response)
    assert not requests_of(provider).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_renamed_program_is_refused(login: Any, staff: Any, provider: Any) -> None:
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = login(staff).post(NEW, {**form(), "materials": [fake]})
    assert "is not really a .pdf file" in errors_of(response)
    assert not requests_of(provider).exists()


def test_materials_added_later_and_the_size_limit_there(
    login: Any, staff: Any, provider: Any
) -> None:
    request = make_request(provider, staff)
    url = reverse("speakers:material_add", kwargs={"pk": request.pk})
    client = login(staff)
    big = SimpleUploadedFile("film.pdf", b"%PDF-1.4\n" + bytes(21 * 1024 * 1024))
    assert "film.pdf is larger than 20 MB" in errors_of(client.post(url, {"file": big}))
    assert "Choose a file to upload." in errors_of(client.post(url, {}))
    ok = SimpleUploadedFile("notes.txt", b"Agenda: welcome, talk, questions.")
    assert client.post(url, {"file": ok}).status_code == 302
    assert [m.original_name for m in request.materials.all()] == ["notes.txt"]


# --- lettings --------------------------------------------------------------------------------


def test_estates_book_premises_for_an_external_organisation(
    login: Any, estates: Any, provider: Any
) -> None:
    data = form(
        hirer="Riverside Community Association",
        hirer_contact="bookings@example.org",
        purpose="Monthly residents' meeting",
        title="Residents' meeting",
        **{"speakers-0-name": "", "speakers-0-organisation": "", "speakers-0-online_presence": ""},
    )
    client = login(estates)
    assert "Enter organisation hiring the premises." in errors_of(
        client.post(LETTING, {**data, "hirer": ""})
    )
    client.post(LETTING, data)
    letting = requests_of(provider).get()
    assert (letting.kind, letting.hirer) == ("letting", "Riverside Community Association")
    assert letting.reference.startswith("L-")


def test_staff_cannot_book_premises(login: Any, staff: Any) -> None:
    assert login(staff).get(LETTING).status_code == 403


# --- your requests, the request page ----------------------------------------------------------


def test_your_requests_show_decisions_conditions_and_the_outcome_button(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    from preventhub.speakers.services import request_decide

    mine = make_request(provider, staff, title="Mine")
    make_request(provider, title="Somebody else's")
    minimum_checks(mine, coordinator)
    request_decide(
        actor=coordinator,
        request=mine,
        decision="approved_with_conditions",
        risk_level="medium",
        rationale="Balanced panel.",
        conditions=["staff_present"],
        conditions_detail="Head of year chairs.",
    )
    page = login(staff).get(MINE).content.decode()
    assert "Mine" in page
    assert "Somebody else" not in page
    assert "Conditions you must meet" in page
    assert "Staff present throughout" in page
    assert "Head of year chairs." in page
    assert "Record the outcome" not in page
    EventRequest.unscoped.filter(pk=mine.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    assert "Record the outcome" in login(staff).get(MINE).content.decode()


def test_organisers_see_their_request_without_checks_and_managers_see_the_notes(
    login: Any, staff: Any, provider: Any, coordinator: Any, governor: Any, make_user: Any
) -> None:
    request = make_request(provider, staff)
    minimum_checks(request, coordinator)
    Check.objects.for_provider(provider).filter(kind="internet_search").update(
        notes="Blog posts reviewed"
    )
    url = reverse("speakers:detail", kwargs={"pk": request.pk})
    organiser_page = login(staff).get(url).content.decode()
    assert request.title in organiser_page
    assert "Blog posts reviewed" not in organiser_page
    assert "Record a check" not in organiser_page
    manager_page = login(coordinator).get(url).content.decode()
    assert "Blog posts reviewed" in manager_page
    assert "Record a check" in manager_page
    assert AuditEvent.objects.filter(object_id=str(request.pk), action="view").count() == 2
    colleague = make_user(provider, "staff")
    assert login(colleague).get(url).status_code == 404
    assert login(governor).get(url).status_code == 403


def test_an_admin_cannot_open_someone_elses_request(
    login: Any, admin_user: Any, provider: Any
) -> None:
    request = make_request(provider)
    assert (
        login(admin_user).get(reverse("speakers:detail", kwargs={"pk": request.pk})).status_code
        == 404
    )


def test_previous_appearances_are_shown_to_managers(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    first = make_request(provider, staff, title="First visit")
    second = make_request(provider, staff, title="Second visit")
    page = (
        login(coordinator)
        .get(reverse("speakers:detail", kwargs={"pk": second.pk}))
        .content.decode()
    )
    assert f"First visit ({first.reference}" in page


def test_another_providers_request_answers_404(login: Any, outsider: Any, provider: Any) -> None:
    request = make_request(provider)
    assert (
        login(outsider).get(reverse("speakers:detail", kwargs={"pk": request.pk})).status_code
        == 404
    )


# --- checks, consent, decision ---------------------------------------------------------------


def test_checks_and_consent_are_recorded_and_consent_refused_blocks_approval(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    request = make_request(provider, staff)
    client = login(coordinator)
    add = reverse("speakers:check_add", kwargs={"pk": request.pk})
    assert "Select which check you made." in errors_of(client.post(add, {"outcome": "clear"}))
    client.post(add, {"kind": "internet_search", "outcome": "clear", "notes": "Nothing found."})
    client.post(add, {"kind": "materials_review", "outcome": "clear"})
    assert request.checks.count() == 2
    link = request.speakers.get()
    consent = reverse("speakers:consent", kwargs={"pk": request.pk, "link_pk": link.pk})
    client.post(consent, {"consent": "refused"})
    link.refresh_from_db()
    assert link.consent == "refused"
    decide = reverse("speakers:decide", kwargs={"pk": request.pk})
    page = errors_of(
        client.post(decide, {"decision": "approved", "risk_level": "low", "rationale": "Fine."})
    )
    assert "refused consent to checks: the request cannot be approved" in page
    request.refresh_from_db()
    assert request.status == "submitted"
    client.post(decide, {"decision": "refused", "risk_level": "low", "rationale": "No consent."})
    request.refresh_from_db()
    assert request.status == "refused"


def test_approving_without_the_minimum_checks_says_which_are_missing(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    request = make_request(provider, staff)
    decide = reverse("speakers:decide", kwargs={"pk": request.pk})
    page = login(coordinator).get(decide).content.decode()
    assert "cannot be approved until these checks are recorded" in page
    response = login(coordinator).post(
        decide, {"decision": "approved", "risk_level": "low", "rationale": "Known to us."}
    )
    assert "Approval needs these checks first: internet and social media search" in errors_of(
        response
    )
    assert not request.decisions.exists()


def test_high_risk_by_a_coordinator_is_a_403_naming_the_rule(
    login: Any, staff: Any, provider: Any, coordinator: Any, leader: Any
) -> None:
    request = make_request(provider, staff)
    minimum_checks(request, coordinator)
    decide = reverse("speakers:decide", kwargs={"pk": request.pk})
    data = {
        "decision": "approved_with_conditions",
        "risk_level": "high",
        "rationale": "Contested views; balanced panel.",
        "conditions": ["independent_chair", "balancing_speaker"],
    }
    response = login(coordinator).post(decide, data)
    assert response.status_code == 403
    assert "A high-risk request is decided by a senior leader." in response.content.decode()
    assert not request.decisions.exists()
    assert login(leader).post(decide, data).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved_with_conditions"
    note = Notification.objects.for_provider(provider).get(user=staff)
    assert note.message == "Your request has a decision"


def test_approved_with_conditions_needs_the_conditions(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    request = make_request(provider, staff)
    minimum_checks(request, coordinator)
    decide = reverse("speakers:decide", kwargs={"pk": request.pk})
    data = {"decision": "approved_with_conditions", "risk_level": "low", "rationale": "Fine."}
    assert "Name the conditions of the approval." in errors_of(
        login(coordinator).post(decide, data)
    )
    assert "Select a valid choice" in errors_of(
        login(coordinator).post(decide, {**data, "conditions": ["a_bouncy_castle"]})
    )


def test_reopen_then_decide_again_and_withdraw(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    request = approved(provider, staff)
    client = login(coordinator)
    reopen = reverse("speakers:reopen", kwargs={"pk": request.pk})
    assert "Enter the reason." in errors_of(client.post(reopen, {"reason": ""}))
    client.post(reopen, {"reason": "New posts by the speaker."})
    request.refresh_from_db()
    assert request.status == "submitted"
    assert (
        "Earlier decisions (1)"
        in client.get(reverse("speakers:detail", kwargs={"pk": request.pk})).content.decode()
    )
    assert "has no decision to review" in errors_of(client.post(reopen, {"reason": "Again."}))
    withdraw = reverse("speakers:withdraw", kwargs={"pk": request.pk})
    login(staff).post(withdraw, {"reason": "Speaker unwell."})
    request.refresh_from_db()
    assert request.status == "withdrawn"
    assert "is withdrawn: you cannot withdraw it" in errors_of(
        login(staff).post(withdraw, {"reason": "Twice."})
    )


# --- after the event -------------------------------------------------------------------------


def test_the_outcome_comes_after_the_event(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    request = approved(provider, staff)
    url = reverse("speakers:outcome", kwargs={"pk": request.pk})
    client = login(staff)
    assert "The event has not happened yet" in client.get(url).content.decode()
    data = {
        "held": "yes",
        "attendance": "45",
        "benefit": "Debate skills.",
        "values_addressed": ["democracy", "rule_of_law"],
    }
    assert "has not happened yet: record the outcome after" in errors_of(client.post(url, data))
    assert not EventOutcome.objects.for_provider(provider).exists()
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    assert "Enter how many attended." in errors_of(client.post(url, {**data, "attendance": ""}))
    assert "Select a valid choice" in errors_of(
        client.post(url, {**data, "values_addressed": ["free_pizza"]})
    )
    assert client.post(url, data).status_code == 302
    outcome = EventOutcome.objects.for_provider(provider).get()
    assert (outcome.held, outcome.attendance) == (True, 45)
    assert outcome.values_addressed == ["democracy", "rule_of_law"]
    request.refresh_from_db()
    assert request.status == "held"
    page = client.get(reverse("speakers:detail", kwargs={"pk": request.pk})).content.decode()
    assert "Democracy; The rule of law" in page


def test_an_event_that_did_not_happen_needs_no_attendance(
    login: Any, staff: Any, provider: Any
) -> None:
    request = make_request(provider, staff)
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    url = reverse("speakers:outcome", kwargs={"pk": request.pk})
    page = login(staff).get(url).content.decode()
    assert "This request was not approved" in page
    login(staff).post(url, {"held": "no"})
    request.refresh_from_db()
    assert request.status == "not_held"


# --- the work queue and settings ----------------------------------------------------------------


def test_the_queue_lists_requests_to_decide_soonest_first(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    later = make_request(
        provider, staff, title="Later", starts_at=timezone.now() + timedelta(days=50)
    )
    sooner = make_request(provider, staff, title="Sooner")
    approved(provider, staff, title="Approved one")
    page = login(coordinator).get(reverse("speakers:queue")).content.decode()
    assert page.index(sooner.reference) < page.index(later.reference)
    assert "Approved one" not in page
    upcoming = login(coordinator).get(reverse("speakers:queue"), {"view": "upcoming"})
    assert "Approved one" in upcoming.content.decode()
    assert login(staff).get(reverse("speakers:queue")).status_code == 403


def test_settings_change_the_rules(login: Any, coordinator: Any, provider: Any) -> None:
    url = reverse("speakers:settings")
    data = {
        "minimum_notice_working_days": "5",
        "required_checks": ["internet_search", "police_prevent"],
        "approvers_low": ["speaker_coordinator"],
        "approvers_medium": ["speaker_coordinator", "senior_leader"],
        "approvers_high": ["senior_leader", "dsl"],
        "outcome_overdue_days": "14",
    }
    client = login(coordinator)
    assert "Choose at least one check." in errors_of(
        client.post(url, {**data, "required_checks": []})
    )
    assert "Select a valid choice" in errors_of(
        client.post(url, {**data, "approvers_high": ["learner"]})
    )
    assert client.post(url, data).status_code == 302
    current = provider.speaker_settings
    current.refresh_from_db()
    assert current.minimum_notice_working_days == 5
    assert current.required_checks == ["internet_search", "police_prevent"]
    assert current.approvers["high"] == ["senior_leader", "dsl"]
    assert AuditEvent.objects.filter(
        object_type="speakers.speakersettings", action="update"
    ).exists()


def test_the_home_page_offers_a_speaker_request(
    login: Any, staff: Any, coordinator: Any, provider: Any
) -> None:
    make_request(provider, staff)
    assert "Request a speaker or event" in login(staff).get("/").content.decode()
    assert "1</strong> request to check and decide" in login(coordinator).get("/").content.decode()


def test_a_coordinator_is_not_offered_the_decision_on_a_late_request(
    login: Any, staff: Any, provider: Any, coordinator: Any, leader: Any
) -> None:
    request = make_request(
        provider, staff, starts_at=timezone.now() + timedelta(days=2), late_reason="Short notice"
    )
    url = reverse("speakers:detail", kwargs={"pk": request.pk})
    page = login(coordinator).get(url).content.decode()
    assert "You cannot decide this request" in page
    assert "Record the decision" not in page
    assert "Record the decision" in login(leader).get(url).content.decode()


def test_an_event_held_without_approval_is_flagged(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    from preventhub.speakers.services import outcome_record

    request = make_request(provider, staff)
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    outcome_record(actor=staff, request=request, held=True, attendance=20, benefit="Some.")
    page = login(coordinator).get(reverse("speakers:detail", kwargs={"pk": request.pk}))
    assert "This event took place without approval." in page.content.decode()


def test_a_refused_event_is_not_chased_for_an_outcome_but_can_record_one(
    login: Any, staff: Any, provider: Any, coordinator: Any
) -> None:
    from preventhub.speakers.services import request_decide

    request = make_request(provider, staff)
    request_decide(
        actor=coordinator, request=request, decision="refused", risk_level="low", rationale="No."
    )
    EventRequest.unscoped.filter(pk=request.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    assert "Record the outcome" not in login(staff).get(MINE).content.decode()
    page = login(staff).get(reverse("speakers:detail", kwargs={"pk": request.pk})).content.decode()
    assert "If it went ahead anyway" in page
    assert "Withdraw the request" not in page


def test_previous_appearances_at_another_provider_of_the_group_when_both_share(
    login: Any, staff: Any, provider: Any, other_provider: Any, coordinator: Any, make_user: Any
) -> None:
    from preventhub.speakers.services import settings_update
    from preventhub.testing.factories import ProviderGroupFactory

    group = ProviderGroupFactory()
    for member in (provider, other_provider):
        member.group = group
        member.save()
    elsewhere = make_request(
        other_provider, make_user(other_provider, "staff"), title="Their visit"
    )
    here = make_request(provider, staff, title="Our visit")
    url = reverse("speakers:detail", kwargs={"pk": here.pk})
    assert "Their visit" not in login(coordinator).get(url).content.decode()
    settings_update(actor=coordinator, provider=provider, share_register_with_group=True)
    assert "Their visit" not in login(coordinator).get(url).content.decode()  # they do not share
    other_lead = make_user(other_provider, "speaker_coordinator")
    settings_update(actor=other_lead, provider=other_provider, share_register_with_group=True)
    page = login(coordinator).get(url).content.decode()
    assert f"Their visit ({elsewhere.reference}, Other College)" in page
