"""A certificate file waiting between the check (dry run) and the import.

Kept under ``MEDIA_ROOT/imports/`` (never served) with a random name held only in the uploader's
session, and deleted when the import is done or cancelled; files of abandoned sessions are
swept after a day, like the people import's (``people.staging``).
"""

from __future__ import annotations

import re
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from preventhub.people.importing import load_table
from preventhub.people.importing.reading import ImportSource, read_bytes
from preventhub.people.staging import STALE_AFTER_SECONDS, staging_dir
from preventhub.training.importing import max_bytes

SESSION_KEY = "training_import"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
PREFIX = "training-"


@dataclass(frozen=True)
class StagedCertificates:
    path: Path
    name: str
    course_id: uuid.UUID | None

    def read(self) -> bytes:
        return self.path.read_bytes()


def stage(
    session: Any, source: ImportSource, *, name: str, course_id: uuid.UUID | None
) -> StagedCertificates:
    """Check the file as a whole (raises ImportFileError: too large, not CSV, not UTF-8, no
    rows) and keep it for the next step."""
    data = read_bytes(source, max_bytes=max_bytes())
    load_table(data, max_bytes=max_bytes())
    discard(session)
    sweep_stale()
    token = secrets.token_urlsafe(24)
    path = staging_dir() / f"{PREFIX}{token}.csv"
    path.write_bytes(data)
    path.chmod(0o600)
    session[SESSION_KEY] = {
        "token": token,
        "name": name[:200],
        "course": str(course_id) if course_id else "",
    }
    return StagedCertificates(path, name, course_id)


def staged(session: Any) -> StagedCertificates | None:
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict) or not _TOKEN.fullmatch(str(entry.get("token", ""))):
        return None
    path = staging_dir() / f"{PREFIX}{entry['token']}.csv"
    if not path.is_file():
        session.pop(SESSION_KEY, None)
        return None
    try:
        course_id = uuid.UUID(entry["course"]) if entry.get("course") else None
    except ValueError:
        course_id = None
    return StagedCertificates(path, str(entry.get("name", "")), course_id)


def discard(session: Any) -> None:
    found = staged(session)
    if found is not None:
        found.path.unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)


def sweep_stale(now: float | None = None) -> int:
    cutoff = (now if now is not None else time.time()) - STALE_AFTER_SECONDS
    removed = 0
    for path in staging_dir().glob(f"{PREFIX}*.csv"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
