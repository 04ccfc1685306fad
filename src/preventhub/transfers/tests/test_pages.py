"""The record-transfer pages, used as a safeguarding lead would, through the test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.transfers.models import ProviderIdentity, Transfer
from preventhub.transfers.tests.builders import full_case, learner, receive, sent_file

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, mis_id: str, key: str = "key-1") -> Any:
    return client.post(
        reverse("transfers:new"),
        {"mis_id": mis_id, "recipient_name": "Other College", "idempotency_key": key},
    )


def test_a_lead_sends_a_file_and_sees_the_passphrase_once(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    client = _client(dsl)
    response = _send(client, person.mis_id)
    assert response.status_code == 200
    page = response.content.decode()
    shown = re.search(r'id="passphrase">(.*?)</span></p>', page)
    assert shown is not None
    passphrase = re.fullmatch(
        r"[0-9A-Z]{4}(-[0-9A-Z]{4}){5}", re.sub(r"<[^>]+>", "", shown.group(1))
    )
    assert passphrase is not None
    transfer = Transfer.objects.for_provider(provider).get()
    assert transfer.status == "sent"
    # Not stored anywhere, and not shown again on a repeated submission or the transfer page.
    assert passphrase.group(0) not in str(Transfer.objects.for_provider(provider).values().get())
    again = _send(client, person.mis_id)
    assert again.status_code == 302
    assert Transfer.objects.for_provider(provider).count() == 1
    detail = client.get(reverse("transfers:detail", kwargs={"pk": transfer.pk})).content.decode()
    assert passphrase.group(0) not in detail


def test_the_case_page_offers_to_send_the_persons_file(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    concern = full_case(provider, dsl, person)
    page = _client(dsl).get(reverse("concerns:detail", kwargs={"pk": concern.pk}))
    assert f"{reverse('transfers:new')}?person={person.pk}" in page.content.decode()
    form = _client(dsl).get(reverse("transfers:new"), {"person": str(person.pk)})
    assert f'value="{person.mis_id}"' in form.content.decode()


@pytest.mark.parametrize(
    ("mis_id", "says"),
    [("NOBODY-1", "Nobody in your register has the MIS id NOBODY-1"), (None, "no concerns")],
)
def test_sending_shows_what_is_wrong(provider: Any, dsl: Any, mis_id: Any, says: str) -> None:
    person = learner(provider)
    response = _send(_client(dsl), mis_id or person.mis_id)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Transfer.objects.for_provider(provider).exists()


def test_the_download_is_the_encrypted_package_and_is_audited(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, data, _ = sent_file(provider, dsl, person)
    response = _client(dsl).get(reverse("transfers:download", kwargs={"pk": outgoing.pk}))
    assert response.status_code == 200
    assert response.content == data
    assert response.content.startswith(b"PHSGFILE")
    assert "attachment;" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export", object_id=str(outgoing.pk)).count() == 2


def _upload(client: Client, data: bytes, passphrase: str) -> Any:
    package = SimpleUploadedFile("file.phsg", data, content_type="application/octet-stream")
    return client.post(reverse("transfers:receive"), {"package": package, "passphrase": passphrase})


def test_a_lead_receives_reviews_and_accepts_a_file(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, data, passphrase = sent_file(provider, dsl, person)
    client = _client(other_dsl)
    response = _upload(client, data, passphrase)
    transfer = Transfer.objects.for_provider(other_provider).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfers:accept", kwargs={"pk": transfer.pk})
    review = client.get(response["Location"]).content.decode()
    assert person.last_name in review
    assert "1 concern" in review
    assert "CANARY" not in review, "the review page shows counts, not narrative"
    accepted = client.post(response["Location"], {"mis_id": ""})
    assert accepted.status_code == 302
    imported = Concern.objects.for_provider(other_provider).get()
    case = client.get(reverse("concerns:detail", kwargs={"pk": imported.pk})).content.decode()
    assert f"Transferred in from {provider.name}" in case
    listing = _client(dsl).get(reverse("transfers:list")).content.decode()
    assert "Accepted" in listing
    outgoing.refresh_from_db()
    assert outgoing.status == "accepted"


def test_a_wrong_passphrase_shows_an_error_against_the_passphrase(
    provider: Any, dsl: Any, other_dsl: Any, other_provider: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    _, data, _ = sent_file(provider, dsl, person)
    response = _upload(_client(other_dsl), data, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_passphrase">The passphrase is wrong' in page
    assert not Transfer.objects.for_provider(other_provider).exists()


def test_an_oversized_upload_is_refused_before_it_is_read(
    provider: Any, dsl: Any, other_dsl: Any, settings: Any
) -> None:
    settings.TRANSFER_PACKAGE_MAX_BYTES = 10
    response = _upload(_client(other_dsl), b"PHSGFILE" + b"\x00" * 100, "AAAA")
    assert response.status_code == 200
    assert "larger than" in response.content.decode()


def test_a_lead_rejects_a_file_and_the_receipt_tells_the_sender(
    provider: Any, dsl: Any, other_provider: Any, other_dsl: Any
) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, data, passphrase = sent_file(provider, dsl, person)
    ProviderIdentity.objects.filter(provider=provider).delete()  # as if on another installation
    held = receive(other_provider, other_dsl, data, passphrase).transfer
    client = _client(other_dsl)
    empty = client.post(reverse("transfers:reject", kwargs={"pk": held.pk}), {"reason": ""})
    assert empty.status_code == 200
    assert "govuk-error-summary" in empty.content.decode()
    held.refresh_from_db()
    assert held.status == "received"
    client.post(reverse("transfers:reject", kwargs={"pk": held.pk}), {"reason": "Not ours."})
    held.refresh_from_db()
    assert held.status == "rejected"
    receipt = client.get(reverse("transfers:receipt", kwargs={"pk": held.pk}))
    assert receipt["Content-Type"] == "application/json"
    assert b"Sam" not in receipt.content, "the receipt holds no personal data"
    upload = SimpleUploadedFile("receipt.json", receipt.content, content_type="application/json")
    response = _client(dsl).post(
        reverse("transfers:receipt_upload", kwargs={"pk": outgoing.pk}), {"receipt": upload}
    )
    assert response.status_code == 302
    outgoing.refresh_from_db()
    assert outgoing.status == "rejected"
    assert outgoing.rejection_reason == "Not ours."


def test_a_bad_receipt_upload_shows_the_error(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    upload = SimpleUploadedFile("receipt.json", b"not json", content_type="application/json")
    response = _client(dsl).post(
        reverse("transfers:receipt_upload", kwargs={"pk": outgoing.pk}), {"receipt": upload}
    )
    assert response.status_code == 200
    assert "not a receipt" in response.content.decode()


def test_the_list_flags_overdue_files(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    from datetime import timedelta

    from django.utils import timezone

    Transfer.unscoped.filter(pk=outgoing.pk).update(created_at=timezone.now() - timedelta(days=21))
    page = _client(dsl).get(reverse("transfers:list")).content.decode()
    assert "not received within five school days" in page
    assert "Overdue" in page


def test_viewing_a_transfer_is_audited(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    _client(dsl).get(reverse("transfers:detail", kwargs={"pk": outgoing.pk}))
    assert AuditEvent.objects.filter(action="view", object_id=str(outgoing.pk)).exists()


def test_an_administrator_cannot_see_transfers(provider: Any, dsl: Any, admin_user: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    client = _client(admin_user)
    assert client.get(reverse("transfers:list")).status_code == 403
    detail = client.get(reverse("transfers:detail", kwargs={"pk": outgoing.pk}))
    assert detail.status_code in (403, 404)
    assert "Record transfers" not in client.get(reverse("core:home")).content.decode()


def test_another_providers_lead_gets_404(provider: Any, dsl: Any, outsider: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    outgoing, _, _ = sent_file(provider, dsl, person)
    response = _client(outsider).get(reverse("transfers:detail", kwargs={"pk": outgoing.pk}))
    assert response.status_code == 404
