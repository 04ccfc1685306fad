"""Support needs are encrypted at rest: a canary written through the app never reaches the
database in plaintext, while the safeguarding team reads it back on the page."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from preventhub.people.models import Person


def _raw_sqlite_bytes() -> bytes:
    """The whole database as SQLite holds it (in memory or on disk), plus any files on disk."""
    raw: bytes = connection.connection.serialize()  # sqlite3.Connection.serialize (Python 3.11+)
    name = str(connection.settings_dict["NAME"])
    for path in (Path(name), Path(f"{name}-wal"), Path(f"{name}-journal")):
        if "memory" not in name and path.is_file():
            raw += path.read_bytes()
    return raw


def _raw_column(person_id: uuid.UUID) -> str:
    table = connection.ops.quote_name(Person._meta.db_table)
    key = Person._meta.pk.get_db_prep_value(person_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT support_needs FROM {table} WHERE id = %s", [key])  # noqa: S608
        return str(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_support_needs_canary_is_never_stored_in_plaintext(login, dsl, learner):
    canary = f"CANARY-{uuid.uuid4().hex}"
    client = login(dsl)
    response = client.post(
        reverse("people:support_needs", kwargs={"pk": learner.pk}),
        {"support_needs": f"Needs: {canary}"},
    )
    assert response.status_code == 302
    assert (
        canary in client.get(reverse("people:detail", kwargs={"pk": learner.pk})).content.decode()
    )

    stored = _raw_column(learner.pk)
    assert stored.startswith("fernet:")
    assert canary not in stored
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = _raw_sqlite_bytes()
        assert learner.mis_id.encode() in raw  # the check does see the table's data
        assert canary.encode() not in raw
