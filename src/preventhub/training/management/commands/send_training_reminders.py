"""``preventhub send_training_reminders``: tell staff their Prevent training is due, and that a
training questionnaire is waiting for them.

Run daily from cron or a timer. Each due date (and each questionnaire) is reminded once, so
running it more often is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from preventhub.training.reminders import send_training_reminders


class Command(BaseCommand):
    help = "Remind staff of training due or overdue, and of questionnaires to answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="on",
            default="",
            help="Act as if today were this date (YYYY-MM-DD, not in the future); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._date(options["on"]) if options["on"] else None
        sent = send_training_reminders(today=today)

        def plural(n: int) -> str:
            return "" if n == 1 else "s"

        self.stdout.write(
            f"Sent {sent.staff} training reminder{plural(sent.staff)}, "
            f"{sent.questionnaires} questionnaire reminder{plural(sent.questionnaires)} "
            f"and {sent.leads} note{plural(sent.leads)} to training leads."
        )

    @staticmethod
    def _date(value: str) -> date:
        try:
            found = date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from exc
        if found > timezone.localdate():
            raise CommandError("--date cannot be in the future.")
        return found
