"""The extract for partners: preview, record the share, download or print it; bad input."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.speakers.models import PartnerShare
from preventhub.speakers.register_partners import share_rows, summary
from preventhub.speakers.register_services import partner_share_record
from preventhub.speakers.services import SpeakerIn, request_decide, request_reopen
from preventhub.speakers.tests.register_stories import SECRET_NOTE, decide, submit, when

pytestmark = pytest.mark.django_db
EXTRACT = reverse("speakers:partner_extract")


@pytest.fixture
def coordinator(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SPEAKER_COORDINATOR, Role.STAFF)


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER)


@pytest.fixture
def decided(provider: Any, staff: Any, coordinator: Any, leader: Any) -> dict[str, Any]:
    refused = decide(
        submit(
            provider, staff, title="Recruitment talk", starts_at=when(20),
            speakers=[SpeakerIn("Pat Refused", "Movement X")],
        ),
        coordinator, "refused", risk="medium",
        rationale="Refused consent to background checks. " + "More detail follows. " * 20,
    )  # fmt: skip
    conditional = decide(
        submit(
            provider, staff, title="Debate", starts_at=when(25),
            speakers=[SpeakerIn("Alex Rivera", "Campaign Group"), SpeakerIn("Jo Balance")],
        ),
        leader, "approved_with_conditions", risk="high",
        conditions=["independent_chair", "balancing_speaker"], rationale="Contested views.",
    )  # fmt: skip
    approved = decide(submit(provider, staff, title="Plain talk", starts_at=when(22)), coordinator)
    later = decide(
        submit(provider, staff, title="Far future refusal", starts_at=when(200)),
        coordinator, "refused", rationale="No.",
    )  # fmt: skip
    return {"refused": refused, "conditional": conditional, "approved": approved, "later": later}


def period(**extra: str) -> dict[str, str]:
    return {
        "period_start": when(0).date().isoformat(),
        "period_end": when(60).date().isoformat(),
        "partner": "Regional FE/HE Prevent forum",
        **extra,
    }


def share_post(**extra: str) -> dict[str, str]:
    return {f"share-{k}": v for k, v in period(**extra).items()}


def test_the_preview_lists_refused_and_conditional_speakers_of_the_period(
    decided: dict[str, Any], coordinator: Any, login: Any
) -> None:
    response = login(coordinator).get(EXTRACT, period())
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("Pat Refused", "Movement X", "Alex Rivera", "Jo Balance"):
        assert name in body
    assert "Independent chair; Balancing speaker or right of reply" in body
    assert "Refused consent to background checks." in body
    assert "Plain talk" not in body
    assert "Far future refusal" not in body
    assert SECRET_NOTE not in body
    assert not PartnerShare.objects.for_provider(decided["refused"].provider).exists()


def test_recording_a_share_keeps_what_was_shared_with_whom(
    decided: dict[str, Any], coordinator: Any, provider: Any, login: Any
) -> None:
    client = login(coordinator)
    response = client.post(EXTRACT, share_post(note="Sent by secure email"))
    share = PartnerShare.objects.for_provider(provider).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("speakers:partner_share", kwargs={"pk": share.pk})
    assert share.partner == "Regional FE/HE Prevent forum"
    assert share.shared_by == coordinator
    assert sorted(share.request_ids) == sorted(
        str(decided[k].pk) for k in ("refused", "conditional")
    )
    event = AuditEvent.objects.get(action="create", object_type="speakers.partnershare")
    assert event.detail == {"requests": 2}
    page = client.get(response["Location"]).content.decode()
    assert decided["refused"].reference in page
    assert "Sent by secure email" in page
    listing = client.get(EXTRACT).content.decode()
    assert "Regional FE/HE Prevent forum" in listing


def test_a_double_submission_records_one_share(
    decided: dict[str, Any], coordinator: Any, provider: Any, login: Any
) -> None:
    client = login(coordinator)
    first = client.post(EXTRACT, share_post())
    second = client.post(EXTRACT, share_post())
    assert first["Location"] == second["Location"]
    assert PartnerShare.objects.for_provider(provider).count() == 1


def test_the_share_downloads_as_csv_and_prints_and_each_copy_is_audited(
    decided: dict[str, Any], coordinator: Any, provider: Any, login: Any
) -> None:
    client = login(coordinator)
    client.post(EXTRACT, share_post())
    share = PartnerShare.objects.for_provider(provider).get()
    response = client.get(reverse("speakers:partner_share_csv", kwargs={"pk": share.pk}))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Speaker"], r["Decision"]) for r in rows] == [
        ("Pat Refused", "Refused"),
        ("Alex Rivera", "Approved with conditions"),
        ("Jo Balance", "Approved with conditions"),
    ]
    assert rows[0]["Rationale (summary)"].endswith("…")
    assert rows[0]["Conditions"] == ""
    assert SECRET_NOTE not in text
    printed = client.get(reverse("speakers:partner_share_print", kwargs={"pk": share.pk}))
    assert "Pat Refused" in printed.content.decode()
    formats = sorted(
        e.detail["format"] for e in AuditEvent.objects.filter(action="export", object_id=share.pk)
    )
    assert formats == ["csv", "print"]


def test_a_share_shows_the_decision_in_force_when_it_was_shared(
    decided: dict[str, Any], coordinator: Any, provider: Any, login: Any
) -> None:
    login(coordinator).post(EXTRACT, share_post())
    share = PartnerShare.objects.for_provider(provider).get()
    refused = decided["refused"]
    request_reopen(actor=coordinator, request=refused, reason="New information.")
    request_decide(
        actor=coordinator, request=refused, decision="approved", risk_level="low",
        rationale="Consent now given.",
    )  # fmt: skip
    decisions = {r.speaker: r.decision for r in share_rows(share)}
    assert decisions["Pat Refused"] == "refused"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (period(partner=""), "Enter who the extract is shared with."),
        (period(partner="x" * 201), "Keep this under 200 characters."),
        (period(period_start=""), "Enter the first day of the period."),
        (period(period_end="2026-02-31"), "Enter a real date"),
        (
            period(period_start="2026-03-10", period_end="2026-03-01"),
            "The last day must be on or after the first day.",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_records_nothing(
    data: dict[str, str], message: str, decided: dict[str, Any], coordinator: Any,
    provider: Any, login: Any,
) -> None:  # fmt: skip
    client = login(coordinator)
    preview = client.get(EXTRACT, data).content.decode()
    assert message in preview
    assert "There is a problem" in preview
    posted = client.post(EXTRACT, {f"share-{k}": v for k, v in data.items()})
    assert posted.status_code == 200
    assert message in posted.content.decode()
    assert not PartnerShare.objects.for_provider(provider).exists()


def test_a_period_with_nothing_to_share_records_nothing(
    decided: dict[str, Any], coordinator: Any, provider: Any, login: Any
) -> None:
    empty = {"period_start": "2020-01-01", "period_end": "2020-12-31"}
    client = login(coordinator)
    assert "nothing to share" in client.get(EXTRACT, period(**empty)).content.decode()
    response = client.post(EXTRACT, share_post(**empty))
    assert "No refused or conditionally approved speakers in this period" in (
        response.content.decode()
    )
    assert not PartnerShare.objects.for_provider(provider).exists()


def test_the_service_refuses_a_period_over_three_years(
    decided: dict[str, Any], coordinator: Any, provider: Any
) -> None:
    with pytest.raises(ValidationError, match="three years"):
        partner_share_record(
            actor=coordinator, provider=provider, partner="Police Prevent team",
            period_start=when(-2000).date(), period_end=when(0).date(),
        )  # fmt: skip


def test_governors_cannot_share_and_others_shares_are_not_found(
    decided: dict[str, Any], coordinator: Any, make_user: Any, provider: Any,
    other_provider: Any, login: Any, client: Any,
) -> None:  # fmt: skip
    assert login(make_user(provider, Role.GOVERNOR)).get(EXTRACT).status_code == 403
    client.logout()
    login(coordinator).post(EXTRACT, share_post())
    share = PartnerShare.objects.for_provider(provider).get()
    client.logout()
    manager_elsewhere = make_user(other_provider, Role.SPEAKER_COORDINATOR)
    url = reverse("speakers:partner_share_csv", kwargs={"pk": share.pk})
    assert login(manager_elsewhere).get(url).status_code == 404


def test_a_long_rationale_is_summarised_at_a_word() -> None:
    assert summary("short") == "short"
    text = "word " * 100
    cut = summary(text, limit=30)
    assert cut.endswith("…")
    assert len(cut) <= 31
    assert "wor…" not in cut
