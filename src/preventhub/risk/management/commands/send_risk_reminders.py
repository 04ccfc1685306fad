"""``preventhub send_risk_reminders``: remind owners of overdue Prevent action-plan actions.

Run daily from cron or a timer. Each overdue action is reminded once per due date, so running
it more often is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from preventhub.risk.reminders import send_action_reminders


class Command(BaseCommand):
    help = "Remind the owners of overdue actions of the Prevent risk assessment's action plan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="on",
            default="",
            help="Act as if today were this date (YYYY-MM-DD, not in the future); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._date(options["on"]) if options["on"] else None
        sent = send_action_reminders(today=today)
        self.stdout.write(f"Sent {sent} overdue action reminder{'' if sent == 1 else 's'}.")

    @staticmethod
    def _date(value: str) -> date:
        try:
            found = date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from exc
        if found > timezone.localdate():
            raise CommandError("--date cannot be in the future.")
        return found
