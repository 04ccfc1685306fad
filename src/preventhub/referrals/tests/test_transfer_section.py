"""Referral and Channel records travel with a person's safeguarding file (record transfer)."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.selectors import chronology
from preventhub.referrals.channel import (
    channel_add_review,
    channel_record_consent,
    channel_record_panel,
    channel_record_screening,
    channel_start,
    channel_update_support_plan,
)
from preventhub.referrals.models import ChannelCase, PreventReferral
from preventhub.referrals.services import (
    follow_up_add,
    referral_send,
    referral_start,
    referral_update,
)
from preventhub.referrals.transfer_section import (
    describe_referrals,
    export_referrals,
    validate_referrals,
)
from preventhub.testing.factories import PersonFactory, make_concern
from preventhub.transfers.package import open_package
from preventhub.transfers.receiving import transfer_accept, transfer_receive
from preventhub.transfers.services import transfer_package, transfer_send

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _cheap_key_derivation(settings: Any) -> None:
    settings.TRANSFER_SCRYPT_LOG2_N = 14


@pytest.fixture
def other_dsl(make_user: Any, other_provider: Any) -> Any:
    return make_user(other_provider, Role.DSL, Role.STAFF, username="other-dsl")


def referred_case(provider: Any, dsl: Any, person: Any) -> Any:
    """A concern about ``person`` with a sent referral and an adopted, reviewed Channel case."""
    concern = make_concern(
        provider, dsl, subject_person=person, occurred_at=timezone.now() - timedelta(days=60)
    )
    referral = referral_start(actor=dsl, concern=concern).record
    referral_update(actor=dsl, referral=referral, person_aware="yes", online_use="CANARY-online")
    referral_send(
        actor=dsl,
        referral=referral,
        sent_on=TODAY() - timedelta(days=40),
        sent_to="County police Prevent team",
        external_reference="CP-991",
    )
    follow_up_add(
        actor=dsl, referral=referral, happened_on=TODAY() - timedelta(days=35), what="Called back."
    )
    channel = channel_start(actor=dsl, concern=concern).record
    channel_record_screening(
        actor=dsl, channel=channel, screened_on=TODAY() - timedelta(days=30), outcome="to_panel"
    )
    channel_record_panel(
        actor=dsl, channel=channel, panel_on=TODAY() - timedelta(days=20), outcome="adopted"
    )
    channel_record_consent(actor=dsl, channel=channel, consent="given")
    channel_update_support_plan(actor=dsl, channel=channel, support_plan="Weekly mentor.")
    channel_add_review(
        actor=dsl,
        channel=channel,
        held_on=TODAY() - timedelta(days=5),
        notes="Going well.",
        next_review_on=TODAY() + timedelta(days=20),
    )
    return concern


def send(provider: Any, dsl: Any, person: Any) -> tuple[bytes, str]:
    sent = transfer_send(actor=dsl, provider=provider, person=person, recipient_name="Other")
    return transfer_package(actor=dsl, transfer=sent.transfer), sent.passphrase


def test_the_records_travel_and_are_kept_as_they_were(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = PersonFactory(provider=provider, date_of_birth=TODAY() - timedelta(days=16 * 365))
    referred_case(provider, dsl, person)
    data, passphrase = send(provider, dsl, person)
    section = open_package(data, passphrase).manifest["sections"]["referrals"]
    assert describe_referrals(section) == [
        "1 Prevent referral (1 sent, 0 draft)",
        "Channel: adopted by the panel",
    ]
    held = transfer_receive(
        actor=other_dsl, provider=other_provider, data=data, passphrase=passphrase
    )
    transfer_accept(actor=other_dsl, transfer=held.transfer)

    referral = PreventReferral.objects.for_provider(other_provider).get()
    assert referral.concern.provider_id == other_provider.pk
    assert (referral.status, referral.sent_to, referral.external_reference) == (
        "sent",
        "County police Prevent team",
        "CP-991",
    )
    assert referral.online_use == "CANARY-online"
    assert referral.sent_by_name == dsl.get_full_name()
    assert [f.what for f in referral.follow_ups.all()] == ["Called back."]
    channel = ChannelCase.objects.for_provider(other_provider).get()
    assert (channel.status, channel.consent, channel.consent_parental) == ("adopted", "given", True)
    assert channel.support_plan == "Weekly mentor."
    assert channel.next_review_on == TODAY() + timedelta(days=20)
    assert [r.notes for r in channel.reviews.all()] == ["Going well."]
    texts = [e.text for e in chronology(referral.concern)]
    assert any(t.startswith("Prevent referral record transferred in") for t in texts)
    created = AuditEvent.objects.filter(action="create", detail__source="transfer")
    assert {a.object_id for a in created} == {str(referral.pk), str(channel.pk)}
    assert all("CANARY" not in str(a.detail) for a in created)


def test_a_second_file_with_the_same_concern_adds_nothing(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = PersonFactory(provider=provider)
    referred_case(provider, dsl, person)
    for _ in range(2):
        data, passphrase = send(provider, dsl, person)
        held = transfer_receive(
            actor=other_dsl, provider=other_provider, data=data, passphrase=passphrase
        )
        transfer_accept(actor=other_dsl, transfer=held.transfer)
    assert PreventReferral.objects.for_provider(other_provider).count() == 1
    assert ChannelCase.objects.for_provider(other_provider).count() == 1


def test_a_file_without_referrals_has_no_section(provider: Any, dsl: Any) -> None:
    person = PersonFactory(provider=provider)
    concern = make_concern(provider, dsl, subject_person=person)
    assert export_referrals(person, [concern]) == {}
    assert export_referrals(person, []) == {}


def _valid_section(provider: Any, dsl: Any) -> dict[str, Any]:
    person = PersonFactory(provider=provider)
    concern = referred_case(provider, dsl, person)
    return export_referrals(person, [concern])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(version=2), "Only version 1"),
        (lambda d: d["referrals"][0].update(status="posted"), "Prevent referral 1: status"),
        (lambda d: d["referrals"][0].update(sent_on="last week"), "is not a date"),
        (lambda d: d["referrals"][0].update(sent_to=""), "sent_to is empty"),
        (lambda d: d["referrals"][0].update(how_arose=42), "how_arose must be text"),
        (lambda d: d["referrals"][0].update(concern_id="x"), "is not an id"),
        (lambda d: d["referrals"][0]["follow_ups"][0].update(what=""), "follow-up 1: what"),
        (lambda d: d["channel"][0].update(status="paused"), "Channel record 1: status"),
        (lambda d: d["channel"][0].update(panel_on=None), "panel_on is missing"),
        (lambda d: d["channel"][0].update(consent_parental="yes"), "true or false"),
        (lambda d: d["channel"][0].update(status="awaiting_panel"), "only an adopted case"),
        (lambda d: d["channel"].append(copy.deepcopy(d["channel"][0])), "more than one"),
        (lambda d: d.update(referrals="none"), "must be a list"),
    ],
)
def test_a_malformed_section_is_refused_with_a_clear_reason(
    provider: Any, dsl: Any, change: Any, message: str
) -> None:
    data = _valid_section(provider, dsl)
    validate_referrals(data)
    broken = copy.deepcopy(data)
    change(broken)
    with pytest.raises(ValidationError, match=message):
        validate_referrals(broken)
