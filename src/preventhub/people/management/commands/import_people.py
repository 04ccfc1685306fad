"""preventhub import_people FILE --provider SLUG --kind staff|learner [--dry-run] [--map f=H]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.core.models import Provider
from preventhub.people.choices import PersonKind
from preventhub.people.importing import ImportReport
from preventhub.people.services import people_import


class Command(BaseCommand):
    help = (
        "Import staff or learners from an MIS CSV export (e.g. nightly). All rows or none; "
        "re-running never duplicates. Exit status 1 when the file has errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--provider", required=True, help="provider slug")
        parser.add_argument("--kind", required=True, choices=PersonKind.values)
        parser.add_argument("--dry-run", action="store_true", help="check only; save nothing")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=HEADER",
            help='column for a field, e.g. --map "mis_id=Learner Ref" (repeatable)',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        provider = Provider.objects.filter(slug=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No provider {options['provider']!r}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as source:
            report = people_import(
                actor=None,
                provider=provider,
                source=source,
                kind=options["kind"],
                mapping=_mapping(options["map"]),
                dry_run=options["dry_run"],
            )
        self._print(report)

    def _print(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stderr.write(f"row {error.row}, {error.column or '(row)'}: {error.reason}")
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep:
            raise CommandError(f"--map takes FIELD=HEADER, not {pair!r}.")
        mapping[field.strip()] = header.strip()
    return mapping or None
