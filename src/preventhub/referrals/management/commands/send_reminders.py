"""``preventhub send_reminders``: tell case leads what is due (run daily from cron or a timer).

Channel reviews and case reviews due within two days or overdue, overdue case actions, and
safeguarding files sent to another institution with no receipt after five school days.
Each reminder is sent once per due date, so running it more often than daily is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.referrals.choices import ReminderKind
from preventhub.referrals.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send reminders of Channel reviews, case reviews and case actions falling due, and of "
        "record transfers not received."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            dest="on",
            default="",
            help="Act as if today were this date (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = self._date(options["on"]) if options["on"] else None
        sent = send_due_reminders(today=today)
        parts = [f"{ReminderKind(kind).label.lower()}: {sent[kind]}" for kind in ReminderKind]
        self.stdout.write(f"Sent {sum(sent.values())} reminders ({', '.join(parts)}).")

    @staticmethod
    def _date(value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from exc
