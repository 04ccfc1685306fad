"""``preventhub demo_totp USERNAME``: print a demo user's current authenticator code."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.core.demo.totp import NotADemoUserError, demo_totp_code


class Command(BaseCommand):
    help = (
        "Print the current 6-digit TOTP code of a demo user (seeded by seed_demo), so the demo "
        "can be tried without a phone. Refuses unless DEBUG is on and the user's authenticator "
        "uses the published demo secret. A code is accepted once per 30-second window."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_totp only runs with DEBUG on (the local demo settings).")
        try:
            code, valid_for = demo_totp_code(options["username"])
        except NotADemoUserError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(f"Valid for {valid_for} more seconds.")
        self.stdout.write(code)
