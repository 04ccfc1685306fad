"""``preventhub send_speaker_reminders``: remind organisers to record their events' outcomes.

Run daily from cron or a timer. Each event that has ended with no outcome is reminded at most
once a day, so running it more often is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from preventhub.speakers.reminders import send_outcome_reminders


class Command(BaseCommand):
    help = "Remind organisers to record the outcome of events that have ended."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="on",
            default="",
            help="Act as if today were this date (YYYY-MM-DD, not in the future); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._date(options["on"]) if options["on"] else None
        sent = send_outcome_reminders(today=today)
        self.stdout.write(f"Sent {sent} outcome reminder{'' if sent == 1 else 's'}.")

    @staticmethod
    def _date(value: str) -> date:
        try:
            found = date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from exc
        if found > timezone.localdate():
            raise CommandError(
                "--date cannot be in the future: reminders are for events that have ended."
            )
        return found
