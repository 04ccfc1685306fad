"""The referral and Channel pages through the test client: who may reach them, what they do,
and that every view, print and export is audited."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.services import concern_decide
from preventhub.referrals.models import ChannelCase, PreventReferral
from preventhub.referrals.services import referral_update
from preventhub.referrals.tests.helpers import (
    channel_in,
    concern_for,
    draft_referral,
    sent_referral,
)
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(name: str, concern_pk: Any, **kwargs: Any) -> str:
    return reverse(f"referrals:{name}", kwargs={"concern_pk": concern_pk, **kwargs})


def views_of(obj: Any, action: str = "view") -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(obj.pk), action=action))


# --- the case panel ---------------------------------------------------------------------------


def test_the_case_page_offers_the_referral_after_a_police_prevent_decision(
    provider: Any, dsl: Any, login: Any
) -> None:
    concern = concern_for(provider)
    concern_decide(actor=dsl, concern=concern, decision="police_prevent", rationale="Refer.")
    page = login(dsl).get(reverse("concerns:detail", kwargs={"pk": concern.pk})).content.decode()
    assert "Prevent referral and Channel" in page
    assert "Decision: Refer to police Prevent. Record here what you send" in page
    assert url("start", concern.pk) in page
    assert url("channel_start", concern.pk) in page


def test_the_case_panel_shows_the_referral_status_and_links(
    provider: Any, dsl: Any, login: Any
) -> None:
    referral = sent_referral(provider, dsl)
    page = (
        login(dsl)
        .get(reverse("concerns:detail", kwargs={"pk": referral.concern_id}))
        .content.decode()
    )
    assert "Sent" in page
    assert "to Local police Prevent team" in page
    for name in ("detail", "print", "pdf"):
        assert url(name, referral.concern_id) in page


def test_hr_sees_a_staff_concern_without_the_referral_panel(
    provider: Any, dsl: Any, make_user: Any, login: Any
) -> None:
    hr = make_user(provider, Role.HR)
    concern = concern_for(provider, subject_type="staff")
    response = login(hr).get(reverse("concerns:detail", kwargs={"pk": concern.pk}))
    assert response.status_code == 200
    assert "Prevent referral and Channel" not in response.content.decode()


# --- starting and editing ---------------------------------------------------------------------


def test_starting_a_referral_opens_the_prefilled_draft(provider: Any, dsl: Any, login: Any) -> None:
    concern = concern_for(provider, description="Shared a livestream clip of an attack.")
    client = login(dsl)
    response = client.post(url("start", concern.pk))
    assert response.status_code == 302
    assert response["Location"] == url("edit", concern.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Shared a livestream clip of an attack." in page
    assert "Using extremist language" in page
    assert [a.detail for a in views_of(PreventReferral.unscoped.get(concern=concern))] == [
        {"part": "edit"}
    ]
    # Starting again (a double click) changes nothing and shows the referral.
    again = client.post(url("start", concern.pk))
    assert again["Location"] == url("detail", concern.pk)
    assert PreventReferral.unscoped.filter(concern=concern).count() == 1


def test_saving_the_draft(provider: Any, dsl: Any, login: Any) -> None:
    referral = draft_referral(provider, dsl)
    data = {"how_arose": "Tutor noticed it.", "online_use": "Uses Telegram.", "person_aware": "no"}
    response = login(dsl).post(url("edit", referral.concern_id), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.how_arose, referral.online_use, referral.person_aware) == (
        "Tutor noticed it.",
        "Uses Telegram.",
        "no",
    )
    assert referral.warning_signs == ""  # an emptied box is saved empty


def test_a_bad_answer_shows_an_error_summary_and_saves_nothing(
    provider: Any, dsl: Any, login: Any
) -> None:
    referral = draft_referral(provider, dsl)
    response = login(dsl).post(
        url("edit", referral.concern_id), {"how_arose": "Changed", "person_aware": "perhaps"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#id_person_aware_0"' in page
    referral.refresh_from_db()
    assert referral.how_arose != "Changed"


def test_a_sent_referral_cannot_be_edited_from_the_page(
    provider: Any, dsl: Any, login: Any
) -> None:
    referral = sent_referral(provider, dsl)
    client = login(dsl)
    response = client.post(url("edit", referral.concern_id), {"how_arose": "Rewritten"})
    assert response["Location"] == url("detail", referral.concern_id)
    referral.refresh_from_db()
    assert referral.how_arose != "Rewritten"
    assert (
        "what was sent is not changed"
        in client.get(url("detail", referral.concern_id)).content.decode()
    )


# --- sending, follow-ups, outcome -------------------------------------------------------------


def test_recording_the_referral_as_sent(provider: Any, dsl: Any, login: Any) -> None:
    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, person_aware="yes")
    data = {
        "sent_on": timezone.localdate().isoformat(),
        "sent_to": "Thames Valley Police Prevent team",
        "sent_by": str(dsl.pk),
        "external_reference": "TVP-0042",
    }
    response = login(dsl).post(url("send", referral.concern_id), data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "sent"
    assert referral.external_reference == "TVP-0042"


def test_sending_an_incomplete_referral_says_what_is_missing(
    provider: Any, dsl: Any, login: Any
) -> None:
    referral = draft_referral(provider, dsl)
    data = {
        "sent_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "sent_to": "Police",
        "sent_by": str(dsl.pk),
    }
    page = login(dsl).post(url("send", referral.concern_id), data).content.decode()
    assert "Say whether the person knows about the referral" in page
    assert "cannot be in the future" in page
    assert url("edit", referral.concern_id) in page  # the way to fix the draft
    referral.refresh_from_db()
    assert referral.status == "draft"


def test_only_team_members_are_offered_as_the_sender(
    provider: Any, dsl: Any, staff: Any, login: Any
) -> None:
    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, person_aware="yes")
    data = {"sent_on": timezone.localdate().isoformat(), "sent_to": "P", "sent_by": str(staff.pk)}
    page = login(dsl).post(url("send", referral.concern_id), data).content.decode()
    assert "Choose a member of the safeguarding team." in page
    referral.refresh_from_db()
    assert referral.status == "draft"


def test_follow_ups_and_outcome_from_the_pages(provider: Any, dsl: Any, login: Any) -> None:
    referral = sent_referral(provider, dsl)
    client = login(dsl)
    today = timezone.localdate().isoformat()
    response = client.post(
        url("follow_up", referral.concern_id),
        {"happened_on": today, "what": "Officer visited.", "by_whom": "PC Jones"},
    )
    assert response.status_code == 302
    response = client.post(
        url("outcome", referral.concern_id),
        {"external_reference": "REF-9", "outcome": "Taken to Channel."},
    )
    assert response.status_code == 302
    page = client.get(url("detail", referral.concern_id)).content.decode()
    assert "Officer visited." in page
    assert "PC Jones" in page
    assert "Taken to Channel." in page
    assert "<caption" in page


def test_an_empty_follow_up_says_what_is_missing(provider: Any, dsl: Any, login: Any) -> None:
    referral = sent_referral(provider, dsl)
    page = login(dsl).post(url("follow_up", referral.concern_id), {}).content.decode()
    assert "Enter the date of the follow-up." in page
    assert "Say what the follow-up was." in page
    assert 'href="#id_happened_on"' in page
    assert referral.follow_ups.count() == 0


def test_follow_ups_wait_for_the_referral_to_be_sent(provider: Any, dsl: Any, login: Any) -> None:
    referral = draft_referral(provider, dsl)
    response = login(dsl).get(url("follow_up", referral.concern_id))
    assert response["Location"] == url("detail", referral.concern_id)


# --- viewing, printing, exporting -------------------------------------------------------------


def test_viewing_is_audited_without_content(provider: Any, dsl: Any, login: Any) -> None:
    referral = draft_referral(provider, dsl, description="CANARY-description")
    response = login(dsl).get(url("detail", referral.concern_id))
    assert response.status_code == 200
    assert "CANARY-description" in response.content.decode()
    [audit] = views_of(referral)
    assert audit.detail == {"part": "record"}
    assert audit.actor_id == dsl.pk


def test_the_printable_page_has_no_navigation_when_printed(
    provider: Any, dsl: Any, login: Any
) -> None:
    referral = sent_referral(provider, dsl)
    page = login(dsl).get(url("print", referral.concern_id)).content.decode()
    assert "OFFICIAL-SENSITIVE" in page
    assert "referrals/referral-print.css" in page
    assert "Printed " in page
    assert [a.detail for a in views_of(referral)] == [{"part": "print"}]


def test_the_pdf_export_is_a_pdf_and_is_audited(provider: Any, dsl: Any, login: Any) -> None:
    referral = sent_referral(provider, dsl)
    response = login(dsl).get(url("pdf", referral.concern_id))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert referral.concern.reference in response["Content-Disposition"]
    [audit] = views_of(referral, "export")
    assert audit.detail == {"format": "pdf"}


def test_the_pdf_holds_the_referral_text(provider: Any, dsl: Any) -> None:
    from preventhub.referrals.export import referral_pdf, render_referral_document
    from preventhub.referrals.views import document_context

    referral = draft_referral(provider, dsl)
    referral.concern = referral.concern  # loaded as the views do
    html = render_referral_document(document_context(referral, printing=True))
    assert "How the concern arose" in html
    assert "<nav" not in html
    assert "<script" not in html
    assert "http" not in html  # nothing the renderer could fetch
    assert referral_pdf(html).startswith(b"%PDF")


# --- who may reach the pages ------------------------------------------------------------------


@pytest.mark.parametrize("roles", [(Role.DEPUTY_DSL,), (Role.SENIOR_LEADER, Role.DSL)])
def test_the_safeguarding_team_may_open_the_referral(
    provider: Any, make_user: Any, login: Any, roles: tuple[str, ...]
) -> None:
    referral = draft_referral(provider)
    assert (
        login(make_user(provider, *roles)).get(url("detail", referral.concern_id)).status_code
        == 200
    )


@pytest.mark.parametrize(
    "roles", [(Role.STAFF,), (Role.ADMIN,), (Role.SENIOR_LEADER,), (Role.HR,), (Role.INSPECTOR,)]
)
def test_others_at_the_provider_may_not(
    provider: Any, make_user: Any, login: Any, roles: tuple[str, ...]
) -> None:
    referral = draft_referral(provider, subject_type="staff")
    client = login(make_user(provider, *roles))
    for name in ("detail", "print", "pdf", "edit"):
        assert client.get(url(name, referral.concern_id)).status_code in (403, 404)
    assert views_of(referral) == []
    assert views_of(referral, "export") == []


def test_another_providers_team_gets_404(provider: Any, outsider: Any, login: Any) -> None:
    referral = sent_referral(provider)
    channel = channel_in(provider)
    client = login(outsider)
    for name in ("detail", "print", "pdf", "edit", "send", "outcome", "follow_up"):
        assert client.get(url(name, referral.concern_id)).status_code == 404, name
    assert client.get(url("channel", channel.concern_id)).status_code == 404
    assert client.post(url("start", referral.concern_id)).status_code == 404


def test_a_concern_without_a_referral_answers_404(provider: Any, dsl: Any, login: Any) -> None:
    concern = concern_for(provider)
    client = login(dsl)
    assert client.get(url("detail", concern.pk)).status_code == 404
    assert client.get(url("channel", concern.pk)).status_code == 404


# --- Channel pages -----------------------------------------------------------------------------


def test_channel_from_the_case_page_to_adoption(provider: Any, dsl: Any, login: Any) -> None:
    concern = concern_for(provider)
    client = login(dsl)
    response = client.post(url("channel_start", concern.pk))
    assert response["Location"] == url("channel", concern.pk)
    today = timezone.localdate().isoformat()
    screening = {"screened_on": today, "outcome": "to_panel"}
    assert (
        client.post(url("channel_step", concern.pk, step="screening"), screening).status_code == 302
    )
    panel = {"panel_on": today, "outcome": "adopted"}
    assert client.post(url("channel_step", concern.pk, step="panel"), panel).status_code == 302
    channel = ChannelCase.unscoped.get(concern=concern)
    assert channel.status == "adopted"
    page = client.get(url("channel", concern.pk)).content.decode()
    assert "Record a review" in page
    assert "Record exit" in page
    assert views_of(channel)[0].detail == {"part": "record"}


def test_a_step_that_is_not_possible_now_sends_you_back(
    provider: Any, dsl: Any, login: Any
) -> None:
    channel = channel_in(provider, "awaiting_screening", dsl)
    client = login(dsl)
    response = client.get(url("channel_step", channel.concern_id, step="exit"))
    assert response["Location"] == url("channel", channel.concern_id)
    page = client.get(response["Location"]).content.decode()
    assert "not possible now" in page
    assert client.get(url("channel_step", channel.concern_id, step="dance")).status_code == 404


def test_bad_channel_input_shows_errors(provider: Any, dsl: Any, login: Any) -> None:
    channel = channel_in(provider, "awaiting_screening", dsl)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = login(dsl).post(
        url("channel_step", channel.concern_id, step="screening"),
        {"screened_on": tomorrow, "outcome": "to_panel"},
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    channel.refresh_from_db()
    assert channel.status == "awaiting_screening"


def test_the_consent_form_asks_about_parents_only_when_the_register_cannot_say(
    provider: Any, dsl: Any, login: Any
) -> None:
    client = login(dsl)
    unknown = channel_in(provider, "awaiting_panel", dsl)
    page = client.get(url("channel_step", unknown.concern_id, step="consent")).content.decode()
    assert 'name="parental"' in page
    child = PersonFactory(
        provider=provider, date_of_birth=timezone.localdate() - timedelta(days=5000)
    )
    concern = concern_for(provider, subject_person=child)
    client.post(url("channel_start", concern.pk))
    page = client.get(url("channel_step", concern.pk, step="consent")).content.decode()
    assert 'name="parental"' not in page
