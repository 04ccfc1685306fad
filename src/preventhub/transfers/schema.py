"""The JSON Schema of manifest.json (format "preventhub-safeguarding-file", schema version 1).

The schema is built here from the same vocabularies the code uses, and published as
docs/schemas/safeguarding-file-v1.schema.json (a test fails when the two differ; regenerate it
with ``python -m preventhub.transfers.schema > docs/schemas/safeguarding-file-v1.schema.json``).
Every received manifest is validated against it before anything else is read.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from preventhub.concerns.choices import (
    INDICATORS,
    Category,
    ClosureReason,
    Decision,
    EntryKind,
    Ideology,
    LinkRelationship,
    Status,
    SubjectType,
)
from preventhub.people.choices import PersonKind

FORMAT = "preventhub-safeguarding-file"
SCHEMA_VERSION = 1
SCHEMA_ID = "urn:preventhub:safeguarding-file:v1"
MAX_TEXT = 20_000
MAX_ITEMS = 5_000


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def _text(max_length: int = MAX_TEXT, min_length: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    return schema


def _enum(values: list[str], *, blank: bool = False) -> dict[str, Any]:
    return {"type": "string", "enum": [*([""] if blank else []), *values]}


def _nullable(name: str) -> dict[str, Any]:
    return {"anyOf": [_ref(name), {"type": "null"}]}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }
    if description:
        schema = {"description": description, **schema}
    return schema


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "maxItems": MAX_ITEMS, "items": item}


DEFS: dict[str, Any] = {
    "uuid": {
        "type": "string",
        "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    },
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "datetime": {
        "type": "string",
        "format": "date-time",
        "description": "ISO 8601 with a UTC offset, e.g. 2026-03-27T09:15:00+00:00",
        "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$",
    },
    "name": _text(200),
}

ENTRY = _object(
    {
        "id": _ref("uuid"),
        "root_id": _ref("uuid"),
        "version": {"type": "integer", "minimum": 1, "maximum": 1000},
        "superseded": {"type": "boolean"},
        "kind": _enum(EntryKind.values),
        "occurred_at": _ref("datetime"),
        "written_at": _ref("datetime"),
        "author_name": _ref("name"),
        "text": _text(),
        "decision": _enum(Decision.values, blank=True),
        "informed": _text(500),
        "informed_at": _nullable("datetime"),
    },
    "One version of a chronology entry. An edit is a new version with the same root_id; "
    "earlier versions are superseded.",
)
ACTION = _object(
    {
        "id": _ref("uuid"),
        "description": _text(1000, 1),
        "owner_name": _ref("name"),
        "due_on": _ref("date"),
        "completed_at": _nullable("datetime"),
        "completed_by_name": _ref("name"),
        "created_at": _ref("datetime"),
    }
)
LINK = _object(
    {
        "name": _text(200, 1),
        "relationship": _enum(LinkRelationship.values),
        "notes": _text(1000),
    }
)
REVIEW = _object(
    {
        "held_on": _ref("date"),
        "reviewer_name": _ref("name"),
        "summary": _text(MAX_TEXT, 1),
        "next_review_on": _nullable("date"),
    }
)
DOCUMENT = _object(
    {
        "sha256": _ref("sha256"),
        "name": _text(255, 1),
        "content_type": _text(100, 1),
        "size": {"type": "integer", "minimum": 1},
        "added_at": _ref("datetime"),
        "added_by_name": _ref("name"),
    },
    "A document of the case; its content is attachments/<sha256> in the package.",
)
CONCERN = _object(
    {
        "id": _ref("uuid"),
        "reference": _text(20, 1),
        "raised_at": _ref("datetime"),
        "reporter_name": _ref("name"),
        "subject_type": _enum(SubjectType.values),
        "subject_name": _text(200),
        "description": _text(MAX_TEXT, 1),
        "occurred_at": _ref("datetime"),
        "location": _text(500),
        "indicators": {"type": "array", "uniqueItems": True, "items": _enum(list(INDICATORS))},
        "category": _enum(Category.values),
        "ideology": _enum(Ideology.values, blank=True),
        "immediate_risk": {"type": "boolean"},
        "status": _enum(Status.values),
        "lead_name": _ref("name"),
        "acknowledged_at": _nullable("datetime"),
        "first_decision_at": _nullable("datetime"),
        "latest_decision": _enum(Decision.values, blank=True),
        "next_review_on": _nullable("date"),
        "outcome": _text(),
        "closed_at": _nullable("datetime"),
        "closure_reason": _enum(ClosureReason.values, blank=True),
        "chronology": _list(_ref("entry")),
        "actions": _list(_ref("action")),
        "linked_people": _list(_ref("link")),
        "reviews": _list(_ref("review")),
        "documents": _list(_ref("document")),
    },
    "A concern and the case it became, with its whole chronology (decisions are entries of "
    "kind 'decision').",
)
PERSON = _object(
    {
        "kind": _enum(PersonKind.values),
        "mis_id": _text(64, 1),
        "first_name": _text(100, 1),
        "last_name": _text(100, 1),
        "preferred_name": _text(100),
        "date_of_birth": _nullable("date"),
    },
    "The person the file is about, as the sender's register holds them.",
)


def build_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "PreventHub safeguarding file, manifest.json (schema version 1)",
        "description": "One person's safeguarding file, transferred between institutions. "
        "See docs/record-transfer.md for the package around it.",
        **_object(
            {
                "format": {"const": FORMAT},
                "schema_version": {"const": SCHEMA_VERSION},
                "transfer_id": _ref("uuid"),
                "created_at": _ref("datetime"),
                "sender": _object(
                    {"id": _ref("uuid"), "name": _text(200, 1), "sent_by": _ref("name")}
                ),
                "recipient": _object({"name": _text(200, 1)}),
                "person": _ref("person"),
                "concerns": _list(_ref("concern")),
                "attachments": _list(
                    _object({"sha256": _ref("sha256"), "size": {"type": "integer", "minimum": 1}})
                ),
                "sections": {
                    "type": "object",
                    "description": "Records other modules add (e.g. Prevent referrals), by "
                    "module name; each module documents its own section.",
                    "propertyNames": {"pattern": "^[a-z][a-z0-9_]{0,39}$"},
                    "additionalProperties": {"type": "object"},
                },
            }
        ),
        "$defs": {
            **DEFS,
            "person": PERSON,
            "concern": CONCERN,
            "entry": ENTRY,
            "action": ACTION,
            "link": LINK,
            "review": REVIEW,
            "document": DOCUMENT,
        },
    }


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(build_schema())


def schema_errors(manifest: dict[str, Any], limit: int = 5) -> list[str]:
    """The first few ways ``manifest`` breaks the schema, each naming where (empty: valid)."""
    errors = sorted(_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))
    return [f"{_where(list(e.absolute_path))}: {_short(e.message)}" for e in errors[:limit]]


def _where(path: list[Any]) -> str:
    out = "manifest"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _short(message: str) -> str:
    return message if len(message) <= 200 else message[:197] + "..."


def schema_json() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - regenerates the published schema
    import sys

    sys.stdout.write(schema_json())
