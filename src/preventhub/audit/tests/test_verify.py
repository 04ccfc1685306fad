"""``preventhub verify_audit`` passes an intact chain and names the first row tampered with."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from preventhub.audit.chain import row_hash
from preventhub.audit.models import AuditEvent
from preventhub.audit.verify import verify_chain

UNIQUE_SHIFT = 1_000_000


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _fails_naming(pattern: str) -> None:
    with pytest.raises(CommandError, match=pattern):
        _verify()


def test_intact_chain_verifies(chain):
    chain(5)
    assert "5 audit rows verified; the chain is intact" in _verify()


def test_empty_trail_verifies(db):
    assert "0 audit rows verified" in _verify()


ALTERATIONS = {
    "action": "UPDATE audit_auditevent SET action = 'view' WHERE seq = %s",
    "actor": "UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE seq = %s",
    "object": "UPDATE audit_auditevent SET object_id = 'obj-9' WHERE seq = %s",
}


@pytest.mark.parametrize("alteration", sorted(ALTERATIONS))
def test_altered_row_is_named(chain, raw_sql, alteration):
    events = chain(5)
    raw_sql(ALTERATIONS[alteration], (events[2].seq,))
    _fails_naming(rf"row #{events[2].seq} was altered")


def test_altered_hash_is_caught_by_the_next_row(chain, raw_sql):
    events = chain(5)
    forged = row_hash({**AuditEvent.objects.values().get(seq=events[2].seq), "action": "view"})
    raw_sql(
        "UPDATE audit_auditevent SET action = 'view', hash = %s WHERE seq = %s",
        (forged, events[2].seq),
    )
    _fails_naming(rf"row #{events[3].seq} does not follow row #{events[2].seq}")


def test_deleted_middle_row_is_named(chain, raw_sql):
    events = chain(5)
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", (events[2].seq,))
    _fails_naming(rf"row #{events[2].seq} is missing")


def test_deleted_last_row_is_named(chain, raw_sql):
    events = chain(5)
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", (events[-1].seq,))
    _fails_naming(rf"row #{events[-1].seq} is missing")


def test_reordered_rows_are_named(chain, raw_sql):
    events = chain(5)
    a, b = events[1].seq, events[2].seq
    raw_sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", (-a, a))
    raw_sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", (a, b))
    raw_sql("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", (b, -a))
    _fails_naming(rf"row #{a} does not follow row #{events[0].seq}")


def _forge(seq: int, prev_hash: str) -> None:
    """Insert a well-formed event, hashed and linked correctly, as a forger would."""
    template: dict[str, Any] = dict(
        AuditEvent.objects.values().filter(seq__lt=seq).order_by("-seq")[0]
    )
    row = {**template, "seq": seq, "action": "view", "prev_hash": prev_hash}
    row.pop("id")
    row["hash"] = row_hash(row)
    AuditEvent.objects.create(**row)


def test_row_inserted_in_the_middle_is_found(chain, raw_sql):
    events = chain(5)
    at = events[2].seq
    raw_sql("UPDATE audit_auditevent SET seq = seq + %s WHERE seq >= %s", (UNIQUE_SHIFT, at))
    raw_sql(
        "UPDATE audit_auditevent SET seq = seq - %s WHERE seq >= %s",
        (UNIQUE_SHIFT - 1, UNIQUE_SHIFT),
    )
    _forge(at, prev_hash=events[1].hash)
    _fails_naming(rf"row #{at + 1} does not follow row #{at}")


def test_row_appended_behind_the_head_is_named(chain):
    events = chain(3)
    _forge(events[-1].seq + 1, prev_hash=events[-1].hash)
    _fails_naming(rf"row #{events[-1].seq + 1} was added after the last row written")


def test_row_inserted_with_a_wrong_link_is_named(chain):
    events = chain(3)
    _forge(events[-1].seq + 1, prev_hash="f" * 64)
    _fails_naming(rf"row #{events[-1].seq + 1} does not follow row #{events[-1].seq}")


def test_result_names_the_first_bad_seq(chain, raw_sql):
    events = chain(4)
    raw_sql("DELETE FROM audit_auditevent WHERE seq = %s", (events[1].seq,))
    raw_sql("UPDATE audit_auditevent SET action = 'view' WHERE seq = %s", (events[3].seq,))
    result = verify_chain()
    assert not result.ok
    assert result.first_bad_seq == events[1].seq
    assert result.checked == events[0].seq
