"""``preventhub purge_weblogs``: delete raw normalised logs (the columnar store's days) older
than each provider's ``raw_retention_days`` (90 by default). Flagged events, alerts and daily
counts stay in the database. Audited per provider; run daily from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from preventhub.online_safety.retention import purge_raw_logs


class Command(BaseCommand):
    help = "Delete raw web-filter logs past each provider's retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted; delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = purge_raw_logs(dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        for slug, days in report.items():
            listed = ", ".join(d.isoformat() for d in days) or "nothing"
            self.stdout.write(f"{slug}: {verb} {len(days)} day(s) of raw logs: {listed}")
        if not report:
            self.stdout.write("No raw logs are stored.")
