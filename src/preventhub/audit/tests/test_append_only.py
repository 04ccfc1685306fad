"""Audit rows are never changed or removed: by the application, nor (on PostgreSQL) in SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from preventhub.audit.models import AppendOnlyError, AuditChainHead, AuditEvent

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only triggers exist on PostgreSQL"
)


def test_saving_an_existing_event_is_refused(chain):
    event = chain(1)[0]
    event.action = "view"
    with pytest.raises(AppendOnlyError):
        event.save()


def test_deleting_an_event_is_refused(chain):
    with pytest.raises(AppendOnlyError):
        chain(1)[0].delete()


def test_queryset_update_and_delete_are_refused(chain):
    chain(2)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(action="view")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(action="update").delete()
    assert AuditEvent.objects.filter(action="update").count() == 2


def test_bulk_update_is_refused(chain):
    events = chain(2)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(events, ["action"])


def _refused(sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only|chain head"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


@postgres_only
def test_raw_update_is_refused_by_the_database(chain):
    chain(2)
    _refused("UPDATE audit_auditevent SET action = 'view'")
    assert AuditEvent.objects.filter(action="view").count() == 0


@postgres_only
def test_raw_delete_is_refused_by_the_database(chain):
    chain(2)
    _refused("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.count() >= 2


@postgres_only
def test_chain_head_cannot_be_wound_back_or_deleted(chain):
    chain(2)
    _refused("UPDATE audit_auditchainhead SET last_seq = last_seq - 1")
    _refused("UPDATE audit_auditchainhead SET last_hash = repeat('0', 64)")
    _refused("DELETE FROM audit_auditchainhead")
    assert AuditChainHead.objects.filter(pk=1).exists()
