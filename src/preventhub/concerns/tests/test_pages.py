"""The referral pathway's pages: raise (danger first), acknowledgement, lists, case, decisions."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Attachment, Concern
from preventhub.notifications.models import Notification
from preventhub.testing.factories import make_concern

pytestmark = pytest.mark.django_db
RAISE = reverse("concerns:raise")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "danger_answer": "no",
        "subject_type": "learner",
        "subject_name": "Kim Lee",
        "description": "Drew a symbol associated with a banned group on their folder.",
        "occurred_at": (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "location": "Workshop 3",
        "indicators": ["appearance_change"],
        "vulnerabilities": ["bullied"],
        "category": "prevent",
        "ideology": "extreme_right_wing",
        "idempotency_key": "form-key-1",
    }
    data.update(overrides)
    return data


def test_the_first_question_is_immediate_danger(login: Any, staff: Any) -> None:
    page = login(staff).get(RAISE).content.decode()
    assert "Is anyone in immediate danger right now?" in page
    assert 'name="description"' not in page


def test_yes_shows_call_999_before_the_form(login: Any, staff: Any) -> None:
    page = login(staff).get(RAISE, {"danger": "yes"}).content.decode()
    assert page.index("Call 999 now") < page.index('name="description"')


def test_no_answer_asks_again(login: Any, staff: Any) -> None:
    page = login(staff).get(RAISE, {"danger": ""}).content.decode()
    assert "Select yes or no" in page


def test_raising_a_concern_gives_a_reference_and_names_the_lead(
    login: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    dsl.first_name, dsl.last_name = "Dana", "Lead"
    dsl.save()
    response = login(staff).post(RAISE, form(), follow=True)
    concern = Concern.objects.for_provider(provider).get()
    page = response.content.decode()
    assert concern.reference in page
    assert "Dana Lead" in page
    assert sorted(concern.indicators) == ["appearance_change", "bullied"]
    assert Notification.objects.for_provider(provider).filter(user=dsl).count() == 1


def test_a_double_submission_makes_one_concern(login: Any, staff: Any, provider: Any) -> None:
    client = login(staff)
    first = client.post(RAISE, form())
    second = client.post(RAISE, form())
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Concern.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"description": ""}, "This field is required."),
        ({"occurred_at": "not a date"}, "Enter a valid date/time."),
        (
            {"occurred_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")},
            "cannot be in the future",
        ),
        ({"category": "weather"}, "Select a valid choice"),
        ({"indicators": ["telepathy"]}, "Select a valid choice"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_saves_nothing(
    login: Any, staff: Any, provider: Any, override: dict[str, Any], message: str
) -> None:
    response = login(staff).post(RAISE, form(**override))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Concern.objects.for_provider(provider).exists()


def test_a_stale_ideology_answer_is_dropped_when_the_category_is_not_prevent(
    login: Any, staff: Any, provider: Any
) -> None:
    assert login(staff).post(RAISE, form(category="neglect")).status_code == 302
    concern = Concern.objects.for_provider(provider).get()
    assert (concern.category, concern.ideology) == ("neglect", "")


def test_an_exe_renamed_pdf_is_refused(login: Any, staff: Any, provider: Any) -> None:
    exe = SimpleUploadedFile("notes.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200)
    response = login(staff).post(RAISE, {**form(), "attachments": [exe]})
    assert response.status_code == 200
    assert "is not really a .pdf file" in response.content.decode()
    assert not Concern.objects.for_provider(provider).exists()


def test_attachments_are_stored_encrypted(
    login: Any, staff: Any, provider: Any, settings: Any
) -> None:
    photo = SimpleUploadedFile("folder.png", PNG + b"CANARY-PIXELS")
    login(staff).post(RAISE, {**form(), "attachments": [photo]})
    attachment = Attachment.objects.for_provider(provider).get()
    stored = (settings.MEDIA_ROOT / attachment.storage_name).read_bytes()
    assert b"CANARY-PIXELS" not in stored
    assert attachment.content_type == "image/png"


def test_the_reporter_sees_status_but_not_the_case(login: Any, staff: Any, provider: Any) -> None:
    concern = make_concern(provider, staff, description="CANARY narrative")
    client = login(staff)
    mine = client.get(reverse("concerns:mine")).content.decode()
    assert concern.reference in mine
    assert "CANARY" not in mine
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code in (403, 404)


def test_a_reporter_never_sees_other_peoples_concerns(
    login: Any, staff: Any, make_user: Any, provider: Any
) -> None:
    other = make_concern(provider, make_user(provider, Role.STAFF))
    client = login(staff)
    assert other.reference not in client.get(reverse("concerns:mine")).content.decode()
    assert client.get(reverse("concerns:raised", args=[other.pk])).status_code == 404


def test_the_dsl_reads_the_case_and_the_view_is_audited(
    login: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff, description="CANARY narrative")
    response = login(dsl).get(reverse("concerns:detail", args=[concern.pk]))
    assert "CANARY narrative" in response.content.decode()
    assert (
        response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    )
    assert AuditEvent.objects.filter(action="view", object_id=str(concern.pk)).exists()


def test_hr_sees_concerns_about_staff_only(
    login: Any, staff: Any, make_user: Any, provider: Any
) -> None:
    about_staff = make_concern(provider, staff, subject_type="staff", category="other", ideology="")
    about_learner = make_concern(provider, staff)
    client = login(make_user(provider, Role.HR))
    inbox = client.get(reverse("concerns:inbox"), {"view": "all"}).content.decode()
    assert about_staff.reference in inbox
    assert about_learner.reference not in inbox
    assert client.get(reverse("concerns:detail", args=[about_staff.pk])).status_code == 200
    assert client.get(reverse("concerns:detail", args=[about_learner.pk])).status_code == 404


def test_admin_cannot_read_narratives(
    login: Any, staff: Any, admin_user: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    client = login(admin_user)
    assert client.get(reverse("concerns:detail", args=[concern.pk])).status_code in (403, 404)
    assert client.get(reverse("concerns:inbox")).status_code == 403


def test_triage_then_decision_through_the_pages(
    login: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    client = login(dsl)
    client.post(reverse("concerns:acknowledge", args=[concern.pk]))
    concern.refresh_from_db()
    assert concern.status == "in_triage"
    assert concern.lead == dsl
    url = reverse("concerns:decide", args=[concern.pk])
    missing = client.post(url, {"decision": "monitor", "rationale": ""})
    assert "This field is required." in missing.content.decode()
    done = client.post(
        url, {"decision": "early_help", "rationale": "Family asked for support.", "informed": "Mum"}
    )
    assert done.status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.latest_decision) == ("open", "early_help")
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert "Family asked for support." in page
    assert "Informed: Mum" in page


def test_a_closed_case_takes_no_decision_from_the_page(
    login: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff)
    client = login(dsl)
    url = reverse("concerns:decide", args=[concern.pk])
    client.post(url, {"decision": "no_further_action", "rationale": "Not a concern."})
    response = client.post(url, {"decision": "channel", "rationale": "x"}, follow=True)
    assert "is closed" in response.content.decode()
    concern.refresh_from_db()
    assert concern.latest_decision == "no_further_action"


def test_the_home_page_differs_by_role(
    login: Any, staff: Any, dsl: Any, provider: Any, client: Any
) -> None:
    make_concern(provider, staff)
    assert "Raise a concern" in login(staff).get("/").content.decode()
    client.logout()
    assert "1</strong> concern to triage" in login(dsl).get("/").content.decode()


def test_every_page_has_the_raise_a_concern_button(login: Any, staff: Any) -> None:
    page = login(staff).get(reverse("accounts:account")).content.decode()
    assert f'class="ph-header__action" href="{RAISE}"' in page


def test_escalation_settings_and_the_command(
    login: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    client = login(dsl)
    response = client.post(
        reverse("concerns:settings"),
        {
            "form": "settings",
            "escalate_after_minutes": "15",
            "out_of_hours_name": "On-call manager",
            "out_of_hours_email": "oncall@example.org",
            "out_of_hours_phone": "01234 567890",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        reverse("concerns:settings"), {"form": "settings", "escalate_after_minutes": "0"}
    )
    assert "greater than or equal to 5" in bad.content.decode()
    concern = make_concern(provider, staff)
    Concern.unscoped.filter(pk=concern.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    out = io.StringIO()
    call_command("escalate_concerns", stdout=out)
    assert "1 concern escalated." in out.getvalue()
    concern.refresh_from_db()
    assert concern.escalated_at is not None
