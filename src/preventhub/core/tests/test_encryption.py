"""Narrative fields are encrypted at rest, readable through key changes, and rotatable."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection, models

from preventhub.audit.models import AuditEvent
from preventhub.core.encryption import encrypted_fields
from preventhub.people.models import Person
from preventhub.testing.factories import PersonFactory

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
NEEDS = "Needs a reader in exams; anxiety plan agreed with the family"


@pytest.fixture
def keys(settings):
    """keys("A", "B") sets FIELD_ENCRYPTION_KEYS to those keys, newest first."""
    named = {"A": KEY_A, "B": KEY_B}

    def use(*names: str) -> None:
        settings.FIELD_ENCRYPTION_KEYS = [named[n] for n in names]

    use("A")
    return use


def _raw(person: Person) -> str:
    table = connection.ops.quote_name(Person._meta.db_table)
    column = connection.ops.quote_name("support_needs")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608  # names from model meta
        values = [row[0] for row in cursor.fetchall()]
    assert len(values) == 1, "these tests expect a single person"
    return str(values[0])


def _reload(person: Person) -> str:
    return str(Person.unscoped.get(pk=person.pk).support_needs)


def _rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_keys", *args, stdout=out)
    return out.getvalue()


def test_round_trip(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    assert _reload(person) == NEEDS


def test_stored_value_is_not_plaintext(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    raw = _raw(person)
    assert raw.startswith("fernet:")
    assert "reader" not in raw
    assert NEEDS not in raw


def test_empty_values_stay_empty(keys, db):
    person = PersonFactory(support_needs="")
    assert _raw(person) == ""
    assert _reload(person) == ""


def test_value_written_under_an_old_key_reads_after_a_new_key_is_added(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    keys("B", "A")
    assert _reload(person) == NEEDS


def test_new_writes_use_the_first_key(keys, db):
    keys("B", "A")
    person = PersonFactory(support_needs=NEEDS)
    keys("B")
    assert _reload(person) == NEEDS


def test_rotate_keys_re_encrypts_so_the_old_key_can_be_removed(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    before = _raw(person)
    keys("B", "A")
    output = _rotate()
    assert "people.Person.support_needs: 1 values, 1 not under the newest key, 1 re-encrypted" in (
        output
    )
    assert _raw(person) != before
    keys("B")
    assert _reload(person) == NEEDS


def test_rotate_keys_is_idempotent(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    keys("B", "A")
    _rotate()
    after_first = _raw(person)
    assert "0 values re-encrypted" in _rotate()
    assert _raw(person) == after_first


def test_rotate_keys_records_one_audit_row_with_counts_only(keys, db):
    PersonFactory(support_needs=NEEDS)
    keys("B", "A")
    _rotate()
    event = AuditEvent.objects.get(action="rotate_keys")
    counts = event.detail["fields"]["people.Person.support_needs"]
    assert counts == {"values": 1, "not_newest": 1, "rotated": 1}
    assert event.detail["completed"] is True
    assert NEEDS not in str(event.detail)


def test_dry_run_counts_and_changes_nothing(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    before = _raw(person)
    keys("B", "A")
    output = _rotate("--dry-run")
    assert "1 not under the newest key" in output
    assert "Dry run: 1 values would be re-encrypted" in output
    assert _raw(person) == before
    assert not AuditEvent.objects.filter(action="rotate_keys").exists()


def test_rotation_walks_every_batch(keys, db):
    people = [PersonFactory(support_needs=f"{NEEDS} #{i}") for i in range(5)]
    keys("B", "A")
    assert "5 re-encrypted" in _rotate("--batch-size", "2")
    keys("B")
    assert [_reload(p) for p in people] == [f"{NEEDS} #{i}" for i in range(5)]


def test_a_value_stored_before_encryption_is_encrypted_by_rotation(keys, db):
    person = PersonFactory(support_needs="")
    Person.unscoped.filter(pk=person.pk).update(
        support_needs=models.Value(NEEDS, output_field=models.TextField())
    )
    assert _raw(person) == NEEDS
    _rotate()
    assert _raw(person).startswith("fernet:")
    assert _reload(person) == NEEDS


def test_rotation_with_the_old_key_missing_fails_clearly_and_is_audited(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    keys("B")
    with pytest.raises(CommandError, match=rf"people.Person.support_needs of row {person.pk}"):
        _rotate()
    assert AuditEvent.objects.get(action="rotate_keys").detail["completed"] is False


def test_a_wrong_key_only_gives_a_clear_configuration_error(keys, db):
    person = PersonFactory(support_needs=NEEDS)
    keys("B")
    with pytest.raises(ImproperlyConfigured, match="people.Person.support_needs") as info:
        _reload(person)
    assert "FIELD_ENCRYPTION_KEYS" in str(info.value)


def test_no_keys_is_a_configuration_error(settings, db):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="empty"):
        PersonFactory(support_needs=NEEDS)


def test_a_malformed_key_is_a_configuration_error(settings, db):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="not a valid Fernet key"):
        PersonFactory(support_needs=NEEDS)


def test_rotate_keys_refuses_to_run_without_keys(settings, db):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(CommandError, match="empty"):
        _rotate()


def test_generate_field_key_prints_a_new_usable_key():
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("generate_field_key", stdout=out)
        outputs.append(out.getvalue().strip())
    assert outputs[0] != outputs[1]
    token = Fernet(outputs[0].encode()).encrypt(b"x")
    assert Fernet(outputs[0].encode()).decrypt(token) == b"x"


def test_support_needs_is_among_the_encrypted_fields():
    assert (Person, "support_needs") in encrypted_fields()
