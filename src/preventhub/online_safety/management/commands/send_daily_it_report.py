"""``preventhub send_daily_it_report [--date YYYY-MM-DD]``: tell each provider's senior leaders
and designated safeguarding lead that the daily online-safety report is ready (run each
morning from cron or a timer).

The message is a fixed phrase and a link to the report (no figure, site or pseudonym). Each
reader is told once per day's report, so running it twice sends nothing more.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from preventhub.online_safety.reports_services import send_daily_reports


class Command(BaseCommand):
    help = "Send each provider's leaders a link to the daily online-safety report (yesterday's)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="day",
            default="",
            help="The day the report covers (YYYY-MM-DD); default: yesterday.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = self._date(options["day"]) if options["day"] else None
        day = day or timezone.localdate() - timedelta(days=1)
        sent = send_daily_reports(day)
        told = sum(sent.values())
        providers = sum(1 for n in sent.values() if n)
        self.stdout.write(
            f"Daily online-safety report for {day.isoformat()}: told {told} reader"
            f"{'s' if told != 1 else ''} at {providers} provider{'s' if providers != 1 else ''}."
        )

    @staticmethod
    def _date(value: str) -> date:
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from exc
        if day > timezone.localdate():
            raise CommandError("--date cannot be in the future: the day has not happened yet.")
        return day
