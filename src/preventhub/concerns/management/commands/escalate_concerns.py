"""Escalate concerns nobody has acknowledged in time. Run it every few minutes (cron/timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preventhub.concerns.services import escalate_unacknowledged


class Command(BaseCommand):
    help = (
        "Escalate every new concern that no one in the safeguarding team has acknowledged "
        "within its provider's configured time, to the on-call or out-of-hours contact."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_unacknowledged()
        self.stdout.write(f"{count} concern{'s' if count != 1 else ''} escalated.")
