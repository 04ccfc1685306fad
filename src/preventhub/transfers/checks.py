"""Checking a received file before anything is held: schema, consistency, documents, sections.

Each check raises PackageError with a message the receiving dsl can act on. The schema says
what each field may hold; these checks add what a schema cannot: that every document's content
is in the package with the right checksum and a permitted type, that chronology versions hang
together, that an ideology only goes with a Prevent concern, and that every section is one this
installation can import.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError

from preventhub.concerns.attachments import check_bytes
from preventhub.concerns.choices import Category
from preventhub.transfers.package import Opened, PackageError, sha256_hex
from preventhub.transfers.schema import FORMAT, SCHEMA_VERSION, schema_errors
from preventhub.transfers.sections import get_section


def check_opened(opened: Opened, *, own_id: uuid.UUID) -> None:
    manifest = opened.manifest
    check_format(manifest)
    errors = schema_errors(manifest)
    if errors:
        raise PackageError(
            "The file's manifest.json does not follow the published schema: " + "; ".join(errors)
        )
    if manifest["sender"]["id"] == str(own_id):
        raise PackageError(
            "This file was sent by your own institution: it cannot be received here. "
            "Give it to the institution the learner is moving to."
        )
    check_dates(manifest)
    ids = [c["id"] for c in manifest["concerns"]]
    if len(set(ids)) != len(ids):
        raise PackageError("The file lists one concern twice.")
    for concern in manifest["concerns"]:
        check_concern(concern)
    check_files(manifest, opened.files)
    check_sections(manifest.get("sections", {}))


def check_format(manifest: dict[str, Any]) -> None:
    if manifest.get("format") != FORMAT:
        raise PackageError(f'This is not a safeguarding file: its format is not "{FORMAT}".')
    version = manifest.get("schema_version")
    if version != SCHEMA_VERSION:
        raise PackageError(
            f"The file uses schema version {str(version)[:20]}; this PreventHub reads version "
            f"{SCHEMA_VERSION}. Ask the sender which version of PreventHub made it, or upgrade."
        )


def check_dates(manifest: dict[str, Any]) -> None:
    """The patterns let through impossible dates (2026-02-30); parsing refuses them."""
    for path, value, kind in _dated(manifest):
        try:
            if kind == "date":
                date.fromisoformat(value)
            else:
                datetime.fromisoformat(value)
        except ValueError as exc:
            raise PackageError(f"{path} is not a real {kind}: {value}.") from exc


DATE_FIELDS = {"date_of_birth", "due_on", "held_on", "next_review_on"}
DATETIME_SUFFIXES = ("_at",)


def _dated(value: Any, path: str = "manifest") -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "sections":
                continue
            where = f"{path}.{key}"
            if isinstance(inner, str) and key in DATE_FIELDS:
                found.append((where, inner, "date"))
            elif isinstance(inner, str) and key.endswith(DATETIME_SUFFIXES):
                found.append((where, inner, "date and time"))
            else:
                found.extend(_dated(inner, where))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(_dated(inner, f"{path}[{index}]"))
    return found


def check_concern(concern: dict[str, Any]) -> None:
    ref = concern["reference"]
    if concern["ideology"] and concern["category"] != Category.PREVENT:
        raise PackageError(f"{ref}: an ideology is given for a concern that is not Prevent.")
    ids = [e["id"] for e in concern["chronology"]]
    if len(set(ids)) != len(ids):
        raise PackageError(f"{ref}: two chronology entries share one id.")
    by_id = {e["id"]: e for e in concern["chronology"]}
    versions = Counter((e["root_id"], e["version"]) for e in concern["chronology"])
    if any(n > 1 for n in versions.values()):
        raise PackageError(f"{ref}: two versions of one chronology entry share a number.")
    for entry in concern["chronology"]:
        root = by_id.get(entry["root_id"])
        if (
            root is None
            or root["version"] != 1
            or (entry["version"] == 1 and entry["root_id"] != entry["id"])
        ):
            raise PackageError(f"{ref}: a chronology entry's earlier version is missing.")


def check_files(manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    index = {a["sha256"]: a["size"] for a in manifest["attachments"]}
    for digest, content in files.items():
        if sha256_hex(content) != digest:
            raise PackageError(
                f"A document in the file (attachments/{digest[:12]}...) does not match its "
                "checksum: it was changed or damaged. Ask the sender for the file again."
            )
        if digest not in index:
            raise PackageError("The file holds a document its manifest does not list.")
    missing = sorted(set(index) - set(files))
    if missing:
        raise PackageError(
            f"{len(missing)} document(s) listed in the manifest are missing from the file."
        )
    checked: set[str] = set()
    for concern in manifest["concerns"]:
        for doc in concern["documents"]:
            _check_document(concern["reference"], doc, index, files, checked)


def _check_document(
    ref: str, doc: dict[str, Any], index: dict[str, int], files: dict[str, bytes], checked: set[str]
) -> None:
    digest = doc["sha256"]
    if digest not in index:
        raise PackageError(f"{ref}: the document {doc['name']} is not in the file.")
    if len(files[digest]) != doc["size"] or index[digest] != doc["size"]:
        raise PackageError(f"{ref}: the document {doc['name']} is not the size listed.")
    if digest in checked:
        return
    try:
        check_bytes(doc["name"], files[digest])
    except ValidationError as exc:
        raise PackageError(f"{ref}: {' '.join(exc.messages)}") from exc
    checked.add(digest)


def check_sections(sections: dict[str, Any]) -> None:
    for name, data in sections.items():
        section = get_section(name)
        if section is None:
            raise PackageError(
                f'The file holds "{name}" records that this PreventHub cannot import; '
                "accepting it would lose them. Upgrade PreventHub, or ask the sender."
            )
        try:
            section.validate(data)
        except ValidationError as exc:
            raise PackageError(f"{section.label}: {' '.join(exc.messages)}") from exc


def summarise(manifest: dict[str, Any]) -> dict[str, Any]:
    """Counts and non-sensitive facts for the review page (no narrative text)."""
    concerns = manifest["concerns"]
    person = manifest["person"]
    lines: list[str] = []
    for name, data in manifest.get("sections", {}).items():
        section = get_section(name)
        if section is not None:
            lines.extend(section.describe(data))
    return {
        "kind": person["kind"],
        "date_of_birth": person["date_of_birth"],
        "sent_by": manifest["sender"]["sent_by"],
        "created_at": manifest["created_at"],
        "recipient_name": manifest["recipient"]["name"],
        "concerns": len(concerns),
        "references": [c["reference"] for c in concerns],
        "entries": sum(len(c["chronology"]) for c in concerns),
        "decisions": sum(1 for c in concerns for e in c["chronology"] if e["decision"]),
        "actions": sum(len(c["actions"]) for c in concerns),
        "linked_people": sum(len(c["linked_people"]) for c in concerns),
        "reviews": sum(len(c["reviews"]) for c in concerns),
        "documents": sum(len(c["documents"]) for c in concerns),
        "open_cases": sum(1 for c in concerns if c["status"] != "closed"),
        "sections": lines,
    }
