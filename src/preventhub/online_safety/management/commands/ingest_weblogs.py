"""``preventhub ingest_weblogs --source NAME --provider SLUG PATH...``: ingest log files for
scheduled pickup. Each PATH is a file (plain or .gz) or a folder (its files, sorted, not
recursing). Files already ingested are reported and skipped, so a cron job can point at the
proxy's log folder every night. Exit status 1 when any file was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.core.models import Provider
from preventhub.online_safety.choices import IngestVia, LogFormat
from preventhub.online_safety.ingest import IngestError, IngestResult, ingest_path
from preventhub.online_safety.ingest_selectors import find_source


class Command(BaseCommand):
    help = "Ingest web-filter log files (or folders of them, .gz too) from a log source."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--provider", required=True, help="The provider's slug.")
        parser.add_argument("--source", required=True, help="The log source's name.")
        parser.add_argument(
            "--format",
            dest="log_format",
            default="",
            choices=["", *LogFormat.values],
            help="Override the source's format for these files.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        provider = Provider.objects.filter(slug=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No provider with the slug {options['provider']!r}.")
        source = find_source(provider, options["source"])
        if source is None:
            raise CommandError(
                f"No active log source called {options['source']!r} at {provider.name}."
            )
        files = self._files([Path(p) for p in options["paths"]])
        refused = 0
        for path in files:
            try:
                result = ingest_path(
                    actor=None, source=source, path=path, via=IngestVia.COMMAND,
                    log_format=options["log_format"] or None,
                )  # fmt: skip
            except (IngestError, OSError) as exc:
                refused += 1
                self.stderr.write(f"{path}: refused, nothing written: {exc}")
                continue
            self.stdout.write(f"{path}: {_summary(result)}")
        if refused:
            raise CommandError(f"{refused} of {len(files)} file(s) could not be ingested.")

    @staticmethod
    def _files(paths: list[Path]) -> list[Path]:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files += sorted(
                    p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                )
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"{path} is neither a file nor a folder.")
        if not files:
            raise CommandError("No files to ingest.")
        return files


def _summary(result: IngestResult) -> str:
    if result.already_ingested:
        return "already ingested, nothing added."
    data = result.as_dict()
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(data["rejects_by_reason"].items()))
    text = (
        f"{data['lines']} lines, {data['parsed']} parsed, {data['rejected']} rejected"
        f"{f' ({reasons})' if reasons else ''}, {data['flagged']} flagged, "
        f"{data['alerts']} new alerts"
    )
    return text + (" (completed an earlier run)" if result.resumed else "") + "."
