"""``preventhub send_governor_report``: make each provider's termly report for governors and
tell them (run daily from cron or a timer; see docs/deploy.md).

A term's report is made once, in the term's last three weeks (or later if a run was missed),
and governors are told once, by a notification holding a fixed phrase and a link. Running the
command more often, or again after a failure, never makes or sends a second report.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from preventhub.compliance.governor_report import (
    governor_report_due,
    governor_report_make,
    governor_report_send,
)
from preventhub.core.models import Provider


class Command(BaseCommand):
    help = "Make this term's Prevent report for governors (once per term) and tell governors."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--provider", default="", help="Only this provider (its slug).")
        parser.add_argument(
            "--now", action="store_true", help="Make it now, even before the last weeks of term."
        )
        parser.add_argument(
            "--date", dest="on", default="", help="Act as if today were this date (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = self._moment(options["on"]) if options["on"] else timezone.now()
        if not options["now"] and not governor_report_due(timezone.localdate(now)):
            self.stdout.write("No report is due: the term's last three weeks have not begun.")
            return
        providers = Provider.objects.order_by("slug")
        if options["provider"]:
            providers = providers.filter(slug=options["provider"])
            if not providers.exists():
                raise CommandError(f"No provider with the slug {options['provider']!r}.")
        made = told = 0
        for provider in providers:
            report = governor_report_make(actor=None, provider=provider, now=now)
            made += report.created
            told += governor_report_send(actor=None, report=report.report)
        self.stdout.write(f"Made {made} report(s); told {told} governor(s).")

    @staticmethod
    def _moment(value: str) -> datetime:
        try:
            day = datetime.fromisoformat(value).date()
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from exc
        return timezone.make_aware(datetime.combine(day, time(7, 0)))
