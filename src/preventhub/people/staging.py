"""Uploaded import files waiting for the mapping and confirmation steps.

The file is kept under ``MEDIA_ROOT/imports/`` with a random name held only in the uploader's
session, and deleted when the import is done or cancelled; files left by abandoned sessions
are swept after a day. MEDIA_ROOT is never served directly.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from preventhub.people.importing import CsvTable, load_table
from preventhub.people.importing.reading import ImportSource, read_bytes

SESSION_KEY = "people_import"
STALE_AFTER_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass(frozen=True)
class StagedImport:
    """An uploaded file waiting for its mapping: where it is, its kind and original name."""

    path: Path
    kind: str
    name: str

    def read(self) -> bytes:
        return self.path.read_bytes()

    def table(self) -> CsvTable:
        return load_table(self.read(), max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES)


def staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def stage_upload(session: Any, source: ImportSource, *, kind: str, name: str) -> StagedImport:
    """Check the file as a whole (raises ImportFileError) and keep it for the next step."""
    data = read_bytes(source, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES)
    load_table(data, max_bytes=settings.PEOPLE_IMPORT_MAX_BYTES)
    discard_staged(session)
    sweep_stale()
    token = secrets.token_urlsafe(24)
    path = staging_dir() / f"{token}.csv"
    path.write_bytes(data)
    path.chmod(0o600)
    session[SESSION_KEY] = {"token": token, "kind": kind, "name": name[:200]}
    return StagedImport(path, kind, name)


def staged_import(session: Any) -> StagedImport | None:
    """The file this session uploaded, if it is still there."""
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict) or not _TOKEN.fullmatch(str(entry.get("token", ""))):
        return None
    path = staging_dir() / f"{entry['token']}.csv"
    if not path.is_file():
        session.pop(SESSION_KEY, None)
        return None
    return StagedImport(path, str(entry.get("kind", "")), str(entry.get("name", "")))


def discard_staged(session: Any) -> None:
    staged = staged_import(session)
    if staged is not None:
        staged.path.unlink(missing_ok=True)
    session.pop(SESSION_KEY, None)


def sweep_stale(now: float | None = None) -> int:
    """Delete staged files older than a day (their sessions have long expired)."""
    cutoff = (now if now is not None else time.time()) - STALE_AFTER_SECONDS
    removed = 0
    for path in staging_dir().glob("*.csv"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
