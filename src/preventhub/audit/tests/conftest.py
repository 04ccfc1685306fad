"""Helpers for audit tests: build a chain, and tamper with it the way an attacker with SQL would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from preventhub.audit.models import AuditEvent
from preventhub.audit.services import audit_record

DISABLE_TRIGGER = "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"


@pytest.fixture
def chain(db: Any) -> Callable[..., list[AuditEvent]]:
    """chain(5) appends five events and returns them oldest first."""

    def make(count: int, **kwargs: Any) -> list[AuditEvent]:
        return [
            audit_record(
                actor=kwargs.get("actor"),
                action=kwargs.get("action", "update"),
                object_type=kwargs.get("object_type", "people.person"),
                object_id=f"obj-{i}",
                provider_id=kwargs.get("provider_id"),
                changed_fields=["last_name"],
                detail={"n": i},
            )
            for i in range(count)
        ]

    return make


@pytest.fixture
def raw_sql(db: Any) -> Callable[..., None]:
    """Run SQL directly against the audit table, past the application and (on PostgreSQL) past
    the append-only trigger, which the table's owner can disable. The test transaction rolls
    the change, and the trigger's state, back afterwards."""

    def run(sql: str, params: tuple[Any, ...] = ()) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(DISABLE_TRIGGER)
            cursor.execute(sql, params)

    return run
