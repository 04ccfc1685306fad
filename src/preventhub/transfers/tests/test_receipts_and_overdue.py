"""Receipts carry the receiver's status back; a file nobody received in 5 school days is flagged."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from preventhub.transfers.models import ProviderIdentity, Transfer
from preventhub.transfers.receiving import (
    receipt_bytes,
    transfer_accept,
    transfer_receipt,
    transfer_reject,
)
from preventhub.transfers.schooldays import add_school_days, receipt_due_on
from preventhub.transfers.services import is_overdue, overdue_transfers, transfer_record_receipt
from preventhub.transfers.tests.builders import full_case, learner, receive, sent_file

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def elsewhere(provider: Any, dsl: Any, other_provider: Any, other_dsl: Any) -> Any:
    """A file sent to an institution on another installation: its status does not follow."""
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, data, passphrase = sent_file(provider, dsl, person)
    ProviderIdentity.objects.filter(provider=provider).delete()
    held = receive(other_provider, other_dsl, data, passphrase)
    outgoing.refresh_from_db()
    assert outgoing.status == "sent"
    return outgoing, held.transfer


def _receipt(transfer: Any, actor: Any) -> bytes:
    return receipt_bytes(transfer_receipt(actor=actor, transfer=transfer))


def test_receipts_move_the_senders_status_forward(elsewhere: Any, dsl: Any, other_dsl: Any) -> None:
    outgoing, incoming = elsewhere
    received = _receipt(incoming, other_dsl)
    assert transfer_record_receipt(actor=dsl, transfer=outgoing, raw=received).status == "received"
    incoming = transfer_accept(actor=other_dsl, transfer=incoming)
    accepted = transfer_record_receipt(
        actor=dsl, transfer=outgoing, raw=_receipt(incoming, other_dsl)
    )
    assert accepted.status == "accepted"
    assert accepted.decided_at is not None
    # A late copy of the first receipt never moves the status back.
    with pytest.raises(ValidationError, match="already accepted"):
        transfer_record_receipt(actor=dsl, transfer=accepted, raw=received)


def test_a_rejection_receipt_carries_the_reason(elsewhere: Any, dsl: Any, other_dsl: Any) -> None:
    outgoing, incoming = elsewhere
    incoming = transfer_reject(actor=other_dsl, transfer=incoming, reason="Never enrolled here.")
    rejected = transfer_record_receipt(
        actor=dsl, transfer=outgoing, raw=_receipt(incoming, other_dsl)
    )
    assert rejected.status == "rejected"
    assert rejected.rejection_reason == "Never enrolled here."


def _tampered(raw: bytes, **changes: Any) -> bytes:
    body = json.loads(raw)
    body.update(changes)
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda raw: _tampered(raw, status="accepted"), "signature does not check out"),
        (lambda raw: _tampered(raw, mac="0" * 64), "signature does not check out"),
        (lambda raw: _tampered(raw, transfer_id="x"), "different transfer"),
        (lambda raw: _tampered(raw, package_sha256="0" * 64), "different copy"),
        (lambda raw: _tampered(raw, format="other"), "not a PreventHub transfer receipt"),
        (lambda raw: _tampered(raw, version=9), "version"),
        (lambda raw: b"\xff\xfe", "not a receipt"),
        (lambda raw: b"[1, 2]", "not a PreventHub transfer receipt"),
        (lambda raw: b" " * (70 * 1024), "too big"),
    ],
    ids=["status", "mac", "transfer", "sha", "format", "version", "binary", "list", "big"],
)
def test_a_bad_receipt_is_refused_and_changes_nothing(
    elsewhere: Any, dsl: Any, other_dsl: Any, make: Any, says: str
) -> None:
    outgoing, incoming = elsewhere
    with pytest.raises(ValidationError) as caught:
        transfer_record_receipt(
            actor=dsl, transfer=outgoing, raw=make(_receipt(incoming, other_dsl))
        )
    assert says in " ".join(caught.value.message_dict["receipt"])
    outgoing.refresh_from_db()
    assert outgoing.status == "sent"


def test_a_receipt_is_for_files_received_only(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    with pytest.raises(ValidationError, match="files you received"):
        transfer_receipt(actor=dsl, transfer=outgoing)


# --- five school days ------------------------------------------------------------------------


def test_school_days_skip_weekends_and_bank_holidays() -> None:
    # Thursday 21 May 2026; Monday 25 May is the spring bank holiday.
    assert add_school_days(date(2026, 5, 21), 1) == date(2026, 5, 22)
    assert add_school_days(date(2026, 5, 21), 2) == date(2026, 5, 26)
    assert receipt_due_on(date(2026, 5, 21)) == date(2026, 5, 29)
    # Without a holiday, five school days from a Thursday end on the next Thursday.
    assert receipt_due_on(date(2026, 6, 4)) == date(2026, 6, 11)
    # Christmas Day, the Boxing Day substitute on Monday 28 December and New Year's Day.
    assert receipt_due_on(date(2026, 12, 23)) == date(2027, 1, 4)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def test_a_sent_file_is_overdue_after_five_school_days_over_a_bank_holiday(
    provider: Any, dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    Transfer.unscoped.filter(pk=outgoing.pk).update(created_at=_at(date(2026, 5, 21), 16))
    outgoing.refresh_from_db()
    on_time = _at(date(2026, 5, 29), 17)  # the fifth school day, counting around 25 May
    late = _at(date(2026, 6, 1), 9)
    assert not is_overdue(outgoing, on_time)
    assert overdue_transfers(on_time) == []
    assert is_overdue(outgoing, late)
    assert overdue_transfers(late) == [outgoing]
    # Once the receiver says they have it, it is no longer overdue.
    Transfer.unscoped.filter(pk=outgoing.pk).update(status="received")
    assert overdue_transfers(late) == []


def test_received_files_are_never_flagged(elsewhere: Any) -> None:
    _, incoming = elsewhere
    assert not is_overdue(incoming, incoming.created_at + timedelta(days=60))
    assert incoming not in overdue_transfers(incoming.created_at + timedelta(days=60))


def test_the_reminders_job_tells_the_team_once_about_an_overdue_file(
    provider: Any, dsl: Any
) -> None:
    from preventhub.notifications.models import Notification
    from preventhub.referrals.reminders import send_due_reminders

    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    Transfer.unscoped.filter(pk=outgoing.pk).update(created_at=_at(date(2026, 5, 21), 16))
    assert send_due_reminders(today=date(2026, 5, 29))["transfer_overdue"] == 0
    assert send_due_reminders(today=date(2026, 6, 1))["transfer_overdue"] == 1
    assert send_due_reminders(today=date(2026, 6, 2))["transfer_overdue"] == 0
    note = Notification.objects.for_provider(provider).get(
        user=dsl, message__contains="has not been received"
    )
    assert str(outgoing.pk) in note.url
