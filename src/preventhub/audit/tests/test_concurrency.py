"""Many writers at once still make one contiguous chain (PostgreSQL: row lock on the head)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from preventhub.audit.models import AuditEvent
from preventhub.audit.services import audit_record
from preventhub.audit.verify import verify_chain

WRITERS = 8
EVENTS_EACH = 15


def _writer(number: int, start: threading.Barrier, errors: list[BaseException]) -> None:
    """One thread, so one database connection of its own, appending as fast as it can."""
    try:
        start.wait(timeout=30)
        for i in range(EVENTS_EACH):
            audit_record(actor=None, action="concurrent", object_id=f"{number}-{i}")
    except BaseException as exc:  # any failure is reported to the test thread below
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_make_one_contiguous_verifiable_chain():
    start = threading.Barrier(WRITERS)
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_writer, args=(n, start, errors)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == WRITERS * EVENTS_EACH
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert AuditEvent.objects.filter(action="concurrent").count() == WRITERS * EVENTS_EACH
    result = verify_chain()
    assert result.ok, result.message
