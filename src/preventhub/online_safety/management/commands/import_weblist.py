"""preventhub import_weblist --provider SLUG --category KEY --format ut1|hosts|plain|e2guardian
PATH [--severity S] [--encoding E] [--entry NAME] [--dry-run]"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.core.models import Provider
from preventhub.online_safety.choices import Severity
from preventhub.online_safety.lists_import import ListFileError, ListFormat
from preventhub.online_safety.lists_import_run import (
    ARCHIVES,
    ENCODINGS,
    ImportOutcome,
    run_import,
    unpack,
)


class Command(BaseCommand):
    help = (
        "Import a category list (UT1/squidGuard folder or archive, hosts file, plain list) into a "
        "category, or an E2Guardian phrase list into the keyword library (theme = the category "
        "key). All or nothing per file: any error line writes nothing. Re-running adds nothing. "
        "Exit status 1 when the file has errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a file, a UT1 category folder, or an archive")
        parser.add_argument("--provider", required=True, help="provider slug")
        parser.add_argument("--category", required=True, help="category key (created if missing)")
        parser.add_argument("--format", required=True, choices=ListFormat.values)
        parser.add_argument(
            "--severity",
            choices=Severity.values,
            help="severity of a new category; for phrase lists, instead of the weights",
        )
        parser.add_argument("--encoding", default="utf-8", choices=list(ENCODINGS))
        parser.add_argument(
            "--entry", default="", help="the UT1 folder or main file to read inside PATH"
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        provider = Provider.objects.filter(slug=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No provider {options['provider']!r}.")
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        with tempfile.TemporaryDirectory(prefix="weblist-") as work:
            try:
                if path.is_file() and path.name.lower().endswith(ARCHIVES):
                    unpack(path, Path(work))
                    path = Path(work)
                outcome = run_import(
                    actor=None,
                    provider=provider,
                    fmt=options["format"],
                    path=path,
                    category_key=options["category"],
                    severity=options["severity"],
                    encoding=options["encoding"],
                    entry=options["entry"],
                    dry_run=options["dry_run"],
                    source=f"{options['format']} {options['path'].name}",
                )
            except (ValidationError, ListFileError) as exc:
                raise CommandError(" ".join(_messages(exc))) from exc
        self._print(outcome)

    def _print(self, outcome: ImportOutcome) -> None:
        parsed = outcome.parsed
        for issue in parsed.errors.kept:
            self.stderr.write(f"error {issue.file}:{issue.line}: {issue.reason}: {issue.text}")
        for issue in parsed.skipped.kept:
            self.stdout.write(f"skipped {issue.file}:{issue.line}: {issue.reason}: {issue.text}")
        summary = summary_line(outcome)
        if outcome.refused:
            raise CommandError(summary)
        self.stdout.write(summary)


def summary_line(outcome: ImportOutcome) -> str:
    parsed = outcome.parsed
    what = "phrases" if parsed.format == ListFormat.E2GUARDIAN else "domains"
    counts = (
        f"{parsed.lines:,} lines in {len(parsed.files)} file(s); {parsed.entries:,} {what}; "
        f"{outcome.duplicates:,} duplicates; {parsed.skipped.count:,} skipped; "
        f"{parsed.errors.count:,} errors"
    )
    if outcome.refused:
        return f"Nothing imported: {counts}. Correct the lines listed and run it again."
    if outcome.dry_run:
        return f"Dry run, nothing written: {counts}; {outcome.added:,} would be added."
    created = " (category created)" if outcome.category_created else ""
    return f"Imported{created}: {counts}; {outcome.added:,} added."


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc)]
