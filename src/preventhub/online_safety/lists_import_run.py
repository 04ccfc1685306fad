"""Running a list import: unpack an upload safely, read it in its format, and write it all or
nothing. A file with any error writes nothing and returns the per-line report; a dry run
reports the same (and what would be added) without writing. The page, the command and the
tests all come through ``run_import``.
"""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from preventhub.core.models import Provider
from preventhub.online_safety.lists_import import (
    ListFileError,
    ListFormat,
    ParsedList,
    parse_e2guardian,
    parse_hosts,
    parse_plain,
    parse_ut1,
)
from preventhub.online_safety.lists_services import (
    category_for_key,
    clean_key,
    clean_severity,
    domains_store,
    terms_store,
)
from preventhub.online_safety.models import Category, CategoryDomain, Keyword

ARCHIVES = (".zip", ".tar.gz", ".tgz", ".tar")
MAX_MEMBERS = 10_000
ENCODINGS = {"utf-8": "UTF-8", "windows-1252": "Windows-1252 (Western European)"}
CHUNK = 1 << 20


def upload_limit() -> int:
    return int(getattr(settings, "WEBLIST_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))


def unpacked_limit() -> int:
    return int(getattr(settings, "WEBLIST_UNPACKED_MAX_BYTES", 1024 * 1024 * 1024))


@dataclass
class ImportOutcome:
    parsed: ParsedList
    dry_run: bool
    written: bool = False
    added: int = 0
    duplicates: int = 0
    category: Category | None = None
    category_created: bool = False

    @property
    def refused(self) -> bool:
        return self.parsed.errors.count > 0


# --- unpacking uploads --------------------------------------------------------------------------


def save_upload(chunks: Iterable[bytes], name: str, workdir: Path) -> Path:
    """Write an uploaded file into ``workdir`` (refusing one over the limit) and unpack it if
    it is an archive. Returns the file, or the folder an archive was unpacked into."""
    safe = PurePosixPath(name.replace("\\", "/")).name or "upload.txt"
    target = workdir / safe
    size = 0
    with target.open("wb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > upload_limit():
                raise ValidationError(
                    f"{safe} is larger than {upload_limit() // (1024 * 1024)} MB: "
                    "split it, or import it with the import_weblist command."
                )
            out.write(chunk)
    if not safe.lower().endswith(ARCHIVES):
        return target
    folder = workdir / "unpacked"
    folder.mkdir()
    unpack(target, folder)
    target.unlink()
    return folder


def unpack(archive: Path, folder: Path) -> None:
    """Unpack a .zip or .tar(.gz) of list files, refusing links, paths outside the folder,
    too many members and too many bytes (an archive bomb)."""
    try:
        if archive.name.lower().endswith(".zip"):
            _unzip(archive, folder)
        else:
            _untar(archive, folder)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ValidationError(f"{archive.name} is not a readable archive ({exc}).") from exc


def _member_path(folder: Path, name: str) -> Path:
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts:
        raise ValidationError(f"The archive holds a path outside its folder: {name}.")
    return folder.joinpath(*relative.parts)


def _unzip(archive: Path, folder: Path) -> None:
    with zipfile.ZipFile(archive) as opened:
        members = [m for m in opened.infolist() if not m.is_dir()]
        _refuse_size(len(members), sum(m.file_size for m in members))
        for member in members:
            target = _member_path(folder, member.filename)
            target.parent.mkdir(parents=True, exist_ok=True)
            with opened.open(member) as src, target.open("wb") as out:
                _copy_limited(src, out)


def _untar(archive: Path, folder: Path) -> None:
    with tarfile.open(archive) as opened:
        members = opened.getmembers()
        if any(not (m.isfile() or m.isdir()) for m in members):
            raise ValidationError("The archive holds links or devices: only files are read.")
        files = [m for m in members if m.isfile()]
        _refuse_size(len(files), sum(m.size for m in files))
        for member in files:
            target = _member_path(folder, member.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            src = opened.extractfile(member)
            if src is None:
                continue
            with src, target.open("wb") as out:
                _copy_limited(src, out)


def _refuse_size(members: int, size: int) -> None:
    if members > MAX_MEMBERS:
        raise ValidationError(f"The archive holds {members:,} files: the limit is {MAX_MEMBERS:,}.")
    if size > unpacked_limit():
        raise ValidationError(
            f"The archive unpacks to {size // (1024 * 1024):,} MB: "
            f"the limit is {unpacked_limit() // (1024 * 1024):,} MB."
        )


def _copy_limited(src: Any, out: Any) -> None:
    written = 0
    while chunk := src.read(CHUNK):
        written += len(chunk)
        if written > unpacked_limit():
            raise ValidationError("The archive unpacks to more than its stated size.")
        out.write(chunk)


# --- choosing what to read ----------------------------------------------------------------------


def ut1_folder(path: Path, wanted: str = "") -> Path:
    """The UT1 category folder at ``path``: itself, the subfolder named ``wanted``, or its only
    category subfolder (an archive of a whole UT1 collection needs ``wanted``)."""
    if not path.is_dir():
        raise ListFileError(f"{path.name} is not a folder: give a UT1 category folder or archive.")
    if (path / "domains").is_file() or (path / "urls").is_file():
        return path
    found = sorted(
        {p.parent for name in ("domains", "urls") for p in path.rglob(name) if p.is_file()}
    )
    if wanted:
        chosen = [p for p in found if p.name == wanted]
        if chosen:
            return chosen[0]
        raise ListFileError(f"No category folder {wanted} here; found: {_names(found)}.")
    if len(found) == 1:
        return found[0]
    if not found:
        raise ListFileError(f"{path.name} holds no UT1 category folder (with a domains file).")
    raise ListFileError(f"Several category folders here ({_names(found)}): name the one to use.")


def _names(folders: list[Path]) -> str:
    shown = ", ".join(p.name for p in folders[:20])
    return shown + (f" and {len(folders) - 20} more" if len(folders) > 20 else "")


def single_file(path: Path, wanted: str = "") -> Path:
    """A list file: ``path`` itself, or in an unpacked archive the file named ``wanted`` or
    the only file at its top level."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise ListFileError(f"{path} was not found.")
    if wanted:
        chosen = path / wanted
        if chosen.resolve().is_relative_to(path.resolve()) and chosen.is_file():
            return chosen
        raise ListFileError(f"No file {wanted} in the archive.")
    top = [p for p in sorted(path.iterdir()) if p.is_file()]
    if len(top) == 1:
        return top[0]
    raise ListFileError(
        "The archive holds several files at its top level: name the main list to read."
    )


def parse(
    fmt: str,
    path: Path,
    *,
    encoding: str = "utf-8",
    theme: str = "keywords",
    severity: str | None = None,
    entry: str = "",
    confined: bool = False,
) -> ParsedList:
    """Read ``path`` in format ``fmt``. ``entry`` names the folder (UT1) or the main file
    (others) inside an unpacked archive; ``confined`` keeps includes inside ``path``."""
    if fmt == ListFormat.UT1:
        return parse_ut1(ut1_folder(path, entry), encoding)
    file = single_file(path, entry)
    if fmt == ListFormat.HOSTS:
        return parse_hosts(file, encoding)
    if fmt == ListFormat.PLAIN:
        return parse_plain(file, encoding)
    if fmt == ListFormat.E2GUARDIAN:
        root = path if confined and path.is_dir() else (file.parent if confined else None)
        return parse_e2guardian(file, encoding, theme=theme, severity=severity, root=root)
    raise ListFileError(f"Unknown list format {fmt}: use one of {', '.join(ListFormat.values)}.")


# --- writing ------------------------------------------------------------------------------------


def run_import(
    *,
    actor: Any,
    provider: Provider,
    fmt: str,
    path: Path,
    category_key: str,
    severity: str | None = None,
    encoding: str = "utf-8",
    entry: str = "",
    dry_run: bool = False,
    confined: bool = False,
    source: str = "",
) -> ImportOutcome:
    """Import one list into the category ``category_key`` (domains; created when missing
    with ``severity``) or, for phrase lists, the keyword library with that key as theme."""
    key = clean_key(category_key)
    if severity is not None:
        severity = clean_severity(severity)
    if encoding not in ENCODINGS:
        raise ValidationError(
            {"encoding": f"Unknown encoding {encoding}: use utf-8 or windows-1252."}
        )
    parsed = parse(
        fmt, path, encoding=encoding, theme=key, severity=severity, entry=entry, confined=confined
    )
    outcome = ImportOutcome(parsed=parsed, dry_run=dry_run)
    if not parsed.entries and not parsed.errors.count:
        parsed.errors.add(parsed.files[0] if parsed.files else path.name, 0, "", _nothing(fmt))
    label = (source or f"{fmt} import {path.name}")[:120]
    if fmt == ListFormat.E2GUARDIAN:
        _terms(outcome, actor, provider, label)
    else:
        _domains(outcome, actor, provider, key, severity, label)
    return outcome


def _nothing(fmt: str) -> str:
    what = "phrases" if fmt == ListFormat.E2GUARDIAN else "domains"
    return f"the file holds no {what} that can be used"


def _domains(
    outcome: ImportOutcome, actor: Any, provider: Provider, key: str, severity: Any, label: str
) -> None:
    parsed = outcome.parsed
    category = Category.objects.for_provider(provider).filter(key=key).first()
    domains = list(parsed.domains)
    if outcome.refused or outcome.dry_run:
        existing = _already_there(category, domains) if category else 0
        outcome.category = category
        outcome.added = len(domains) - existing
        outcome.duplicates = existing + parsed.repeats
        return
    if category is None:
        category, outcome.category_created = category_for_key(
            actor=actor, provider=provider, key=key, severity=severity
        )
    detail = {"format": parsed.format, "lines": parsed.lines, "skipped": parsed.skipped.count}
    added, existing = domains_store(
        actor=actor, category=category, domains=domains, source=label, audit_detail=detail
    )
    outcome.category, outcome.written = category, True
    outcome.added, outcome.duplicates = added, existing + parsed.repeats


def _already_there(category: Category, domains: list[str]) -> int:
    step = 2_000  # under SQLite's bound-parameter limit
    return sum(
        CategoryDomain.objects.filter(category=category, domain__in=domains[i : i + step]).count()
        for i in range(0, len(domains), step)
    )


def _terms(outcome: ImportOutcome, actor: Any, provider: Provider, label: str) -> None:
    parsed = outcome.parsed
    entries = list(parsed.terms.values())
    if outcome.refused or outcome.dry_run:
        terms = [e.term for e in entries]
        step = 2_000
        existing = sum(
            Keyword.objects.for_provider(provider).filter(term__in=terms[i : i + step]).count()
            for i in range(0, len(terms), step)
        )
        outcome.added, outcome.duplicates = len(entries) - existing, existing + parsed.repeats
        return
    added, existing = terms_store(actor=actor, provider=provider, entries=entries, source=label)
    outcome.written = True
    outcome.added, outcome.duplicates = added, existing + parsed.repeats
