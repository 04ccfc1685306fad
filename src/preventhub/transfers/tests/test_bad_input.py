"""Every bad package is refused with a clear error, and refusing it changes nothing."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.people.models import Person
from preventhub.transfers.models import Transfer
from preventhub.transfers.package import HEADER, open_package, seal
from preventhub.transfers.receiving import transfer_accept
from preventhub.transfers.tests.builders import full_case, learner, receive, sent_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(provider: Any, dsl: Any) -> tuple[bytes, str]:
    person = learner(provider)
    full_case(provider, dsl, person)
    _, data, passphrase = sent_file(provider, dsl, person)
    return data, passphrase


def _resealed(
    data: bytes, passphrase: str, change: Callable[[dict[str, Any], dict[str, bytes]], None]
) -> bytes:
    """The same file after ``change`` to its manifest and documents, sealed again."""
    opened = open_package(data, passphrase)
    manifest, files = copy.deepcopy(opened.manifest), dict(opened.files)
    change(manifest, files)
    return seal(manifest, files, passphrase, log2_n=14).data


def _refused(provider: Any, user: Any, data: bytes, passphrase: str, field: str, says: str) -> None:
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        receive(provider, user, data, passphrase)
    messages = caught.value.message_dict
    assert field in messages, messages
    assert says in " ".join(messages[field]), messages
    assert not Transfer.objects.for_provider(provider).exists()
    assert AuditEvent.objects.count() == audits


def _nothing_stored(settings: Any, provider: Any) -> None:
    folder = Path(settings.MEDIA_ROOT) / "transfers" / str(provider.pk)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_wrong_passphrase_is_refused(package: Any, other_provider: Any, other_dsl: Any) -> None:
    data, _ = package
    _refused(
        other_provider, other_dsl, data, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", "passphrase", "wrong"
    )


def test_the_passphrase_may_be_typed_in_lower_case_without_dashes(
    package: Any, other_provider: Any, other_dsl: Any
) -> None:
    data, passphrase = package
    typed = passphrase.lower().replace("-", " ").replace("0", "o")
    assert receive(other_provider, other_dsl, data, typed).created


@pytest.mark.parametrize(
    ("damage", "field", "says"),
    [
        (lambda d: d[:-1], "passphrase", "damaged or cut short"),
        (lambda d: d[:30], "package", "cut short"),
        (lambda d: d[:60] + bytes([d[60] ^ 1]) + d[61:], "passphrase", "damaged"),
        (lambda d: b"PK\x03\x04" + d[4:], "package", "not a PreventHub safeguarding file"),
        (lambda d: b"", "package", "empty"),
        (lambda d: d[:8] + b"\x02" + d[9:], "package", "package version 2"),
        (lambda d: d[:10] + b"\x1e" + d[11:], "package", "key settings"),
        # The header is authenticated: a changed salt or nonce fails like a wrong passphrase.
        (lambda d: d[: HEADER.size - 1] + b"\x00" + d[HEADER.size :], "passphrase", "damaged"),
    ],
    ids=["truncated", "cut-short", "bit-flip", "magic", "empty", "version", "kdf", "header"],
)
def test_a_damaged_or_foreign_file_is_refused(
    package: Any,
    other_provider: Any,
    other_dsl: Any,
    settings: Any,
    damage: Callable[[bytes], bytes],
    field: str,
    says: str,
) -> None:
    data, passphrase = package
    _refused(other_provider, other_dsl, damage(data), passphrase, field, says)
    _nothing_stored(settings, other_provider)


def _schema_version(m: dict[str, Any], f: dict[str, bytes]) -> None:
    m["schema_version"] = 2


def _bad_category(m: dict[str, Any], f: dict[str, bytes]) -> None:
    m["concerns"][0]["category"] = "weather"


def _missing_field(m: dict[str, Any], f: dict[str, bytes]) -> None:
    del m["person"]["last_name"]


def _impossible_date(m: dict[str, Any], f: dict[str, bytes]) -> None:
    m["person"]["date_of_birth"] = "2009-02-30"


def _hash_mismatch(m: dict[str, Any], f: dict[str, bytes]) -> None:
    digest = next(iter(f))
    f[digest] = f[digest] + b"tampered"


def _missing_document(m: dict[str, Any], f: dict[str, bytes]) -> None:
    f.pop(next(iter(f)))


def _unlisted_document(m: dict[str, Any], f: dict[str, bytes]) -> None:
    extra = b"extra"
    f[hashlib.sha256(extra).hexdigest()] = extra


def _disguised_document(m: dict[str, Any], f: dict[str, bytes]) -> None:
    """An executable renamed .txt: its bytes are not text."""
    content = b"MZ\x90\x00\x03\x00\x00\x00"
    digest = hashlib.sha256(content).hexdigest()
    old = m["concerns"][0]["documents"][0]
    f.pop(old["sha256"])
    f[digest] = content
    m["attachments"] = [a for a in m["attachments"] if a["sha256"] != old["sha256"]]
    m["attachments"].append({"sha256": digest, "size": len(content)})
    old.update(sha256=digest, size=len(content))


def _unknown_section(m: dict[str, Any], f: dict[str, bytes]) -> None:
    m["sections"]["telepathy"] = {"records": []}


def _ideology_not_prevent(m: dict[str, Any], f: dict[str, bytes]) -> None:
    m["concerns"][0]["category"] = "neglect"


def _broken_versions(m: dict[str, Any], f: dict[str, bytes]) -> None:
    entry = next(e for e in m["concerns"][0]["chronology"] if e["version"] == 2)
    entry["root_id"] = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (_schema_version, "schema version 2"),
        (_bad_category, "manifest.concerns[0].category"),
        (_missing_field, "'last_name' is a required property"),
        (_impossible_date, "manifest.person.date_of_birth is not a real date"),
        (_hash_mismatch, "does not match its checksum"),
        (_missing_document, "missing from the file"),
        (_unlisted_document, "does not list"),
        (_disguised_document, "not a plain text file"),
        (_unknown_section, '"telepathy" records that this PreventHub cannot import'),
        (_ideology_not_prevent, "an ideology is given for a concern that is not Prevent"),
        (_broken_versions, "earlier version is missing"),
    ],
    ids=lambda v: getattr(v, "__name__", "")[1:] if callable(v) else "",
)
def test_a_manifest_or_document_that_breaks_the_rules_is_refused(
    package: Any,
    other_provider: Any,
    other_dsl: Any,
    change: Callable[[dict[str, Any], dict[str, bytes]], None],
    says: str,
) -> None:
    data, passphrase = package
    _refused(
        other_provider, other_dsl, _resealed(data, passphrase, change), passphrase, "package", says
    )


def test_a_file_sent_to_yourself_is_refused(package: Any, provider: Any, dsl: Any) -> None:
    data, passphrase = package
    before = Transfer.objects.for_provider(provider).count()
    with pytest.raises(ValidationError, match="sent by your own institution"):
        receive(provider, dsl, data, passphrase)
    assert Transfer.objects.for_provider(provider).count() == before


def test_an_oversized_upload_is_refused(
    package: Any, other_provider: Any, other_dsl: Any, settings: Any
) -> None:
    data, passphrase = package
    settings.TRANSFER_PACKAGE_MAX_BYTES = len(data) - 1
    _refused(other_provider, other_dsl, data, passphrase, "package", "larger than")


def test_a_zip_bomb_is_refused(package: Any, other_provider: Any, other_dsl: Any) -> None:
    data, passphrase = package

    def bomb(m: dict[str, Any], f: dict[str, bytes]) -> None:
        content = b"\x00" * (40 * 1024 * 1024)
        f[hashlib.sha256(content).hexdigest()] = content

    _refused(
        other_provider,
        other_dsl,
        _resealed(data, passphrase, bomb),
        passphrase,
        "package",
        "unpacks",
    )


def test_re_importing_an_accepted_package_is_refused_and_changes_nothing(
    package: Any, other_provider: Any, other_dsl: Any
) -> None:
    data, passphrase = package
    held = receive(other_provider, other_dsl, data, passphrase)
    transfer_accept(actor=other_dsl, transfer=held.transfer)
    counts = (
        Concern.objects.for_provider(other_provider).count(),
        Person.objects.for_provider(other_provider).count(),
    )
    with pytest.raises(ValidationError, match="You accepted this file"):
        receive(other_provider, other_dsl, data, passphrase)
    with pytest.raises(ValidationError, match="already accepted"):
        transfer_accept(actor=other_dsl, transfer=held.transfer)
    assert counts == (
        Concern.objects.for_provider(other_provider).count(),
        Person.objects.for_provider(other_provider).count(),
    )


def test_a_rejected_package_cannot_be_received_again(
    package: Any, other_provider: Any, other_dsl: Any
) -> None:
    from preventhub.transfers.receiving import transfer_reject

    data, passphrase = package
    held = receive(other_provider, other_dsl, data, passphrase)
    transfer_reject(actor=other_dsl, transfer=held.transfer, reason="Not a learner here.")
    with pytest.raises(ValidationError, match="You rejected this file"):
        receive(other_provider, other_dsl, data, passphrase)
    with pytest.raises(ValidationError, match="already rejected"):
        transfer_accept(actor=other_dsl, transfer=held.transfer)


def test_a_mis_id_held_by_someone_else_is_refused_and_changes_nothing(
    package: Any, other_provider: Any, other_dsl: Any
) -> None:
    data, passphrase = package
    learner(other_provider, mis_id="TAKEN-1", last_name="Different")
    held = receive(other_provider, other_dsl, data, passphrase)
    with pytest.raises(ValidationError) as caught:
        transfer_accept(actor=other_dsl, transfer=held.transfer, mis_id="TAKEN-1")
    assert "MIS id TAKEN-1 in your register is" in caught.value.message_dict["mis_id"][0]
    assert not Concern.objects.for_provider(other_provider).exists()
    assert Person.objects.for_provider(other_provider).count() == 1
    held.transfer.refresh_from_db()
    assert held.transfer.status == "received"


def test_sending_refuses_a_person_without_concerns_or_a_blank_recipient(
    provider: Any, dsl: Any
) -> None:
    from preventhub.transfers.services import transfer_send

    person = learner(provider)
    with pytest.raises(ValidationError, match="no concerns on record"):
        transfer_send(actor=dsl, provider=provider, person=person, recipient_name="X College")
    full_case(provider, dsl, person)
    with pytest.raises(ValidationError, match="Enter the institution"):
        transfer_send(actor=dsl, provider=provider, person=person, recipient_name="  ")
    assert not Transfer.objects.for_provider(provider).exists()


def test_sending_refuses_another_providers_person(
    provider: Any, dsl: Any, other_provider: Any
) -> None:
    from preventhub.transfers.services import transfer_send

    with pytest.raises(ValidationError, match="No such person"):
        transfer_send(
            actor=dsl, provider=provider, person=learner(other_provider), recipient_name="X"
        )


def test_accepting_when_the_held_copy_is_gone_says_so_and_changes_nothing(
    package: Any, other_provider: Any, other_dsl: Any
) -> None:
    from django.core.files.storage import default_storage

    data, passphrase = package
    held = receive(other_provider, other_dsl, data, passphrase).transfer
    default_storage.delete(held.storage_name)
    with pytest.raises(ValidationError, match="cannot be read"):
        transfer_accept(actor=other_dsl, transfer=held)
    assert not Concern.objects.for_provider(other_provider).exists()
    held.refresh_from_db()
    assert held.status == "received"


def test_accepting_a_stale_copy_of_an_accepted_transfer_is_refused(
    package: Any, other_provider: Any, other_dsl: Any
) -> None:
    data, passphrase = package
    held = receive(other_provider, other_dsl, data, passphrase).transfer
    stale = Transfer.objects.for_provider(other_provider).get(pk=held.pk)
    transfer_accept(actor=other_dsl, transfer=held)
    with pytest.raises(ValidationError, match="already accepted"):
        transfer_accept(actor=other_dsl, transfer=stale)
    assert Concern.objects.for_provider(other_provider).count() == 1
