"""Concern narratives and attachments are encrypted at rest: canaries written through the pages
never reach the database or the disk in plaintext, while the safeguarding team reads them."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from preventhub.concerns.models import Attachment, Concern
from preventhub.people.tests.test_encryption_canary import _raw_sqlite_bytes


def _raw_rows() -> str:
    """Every column of the concerns, audit and notification tables, as stored (undecrypted)."""
    from django.apps import apps

    dump: list[str] = []
    models = [
        model
        for label in ("concerns", "audit", "notifications")
        for model in apps.get_app_config(label).get_models()
    ]
    with connection.cursor() as cursor:
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            dump.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(dump)


@pytest.mark.django_db(transaction=True)
def test_concern_canaries_are_never_stored_in_plaintext(
    login: Any, staff: Any, dsl: Any, provider: Any, settings: Any
) -> None:
    canary = f"CANARY{uuid.uuid4().hex}"
    when = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    photo = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + canary.encode() * 4)
    response = login(staff).post(
        reverse("concerns:raise"),
        {
            "danger_answer": "no",
            "subject_type": "learner",
            "subject_name": f"Name {canary}",
            "description": f"Description {canary}",
            "occurred_at": when,
            "location": f"Location {canary}",
            "category": "prevent",
            "idempotency_key": "canary",
            "attachments": [photo],
        },
    )
    assert response.status_code == 302, response.content[:500]
    concern = Concern.objects.for_provider(provider).get()
    client = login(dsl)
    client.post(
        reverse("concerns:decide", args=[concern.pk]),
        {"decision": "monitor", "rationale": f"Rationale {canary}", "informed": f"Mum {canary}"},
    )
    page = client.get(reverse("concerns:detail", args=[concern.pk])).content.decode()
    assert f"Description {canary}" in page
    assert f"Rationale {canary}" in page

    raw = _raw_rows()
    assert concern.reference in raw  # the dump does see the rows
    assert canary not in raw
    stored = settings.MEDIA_ROOT / Attachment.objects.for_provider(provider).get().storage_name
    assert canary.encode() not in stored.read_bytes()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        assert canary.encode() not in _raw_sqlite_bytes()
