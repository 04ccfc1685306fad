import datetime as dt
import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.accounts.forms import end_of_day
from preventhub.accounts.roles import Role
from preventhub.accounts.services import user_create
from preventhub.core.models import Provider


class Command(BaseCommand):
    help = (
        "Create a user: create_user USERNAME --email E --provider SLUG --role ROLE [--role ROLE]. "
        "The password is read from standard input, or generated and printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--provider", required=True, help="Provider slug.")
        parser.add_argument(
            "--role", action="append", default=[], choices=Role.values, dest="roles"
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--expires",
            type=dt.date.fromisoformat,
            help="YYYY-MM-DD: the roles end after this day (required for --role inspector).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        provider = Provider.objects.filter(slug=options["provider"]).first()
        if provider is None:
            raise CommandError(f"No provider with the slug {options['provider']!r}.")
        if not options["roles"]:
            raise CommandError("Give at least one --role.")
        password = (
            None
            if sys.stdin is None or sys.stdin.isatty()
            else sys.stdin.readline().strip() or None
        )
        try:
            user, generated = user_create(
                actor=None,
                username=options["username"],
                email=options["email"],
                provider=provider,
                roles=options["roles"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
                role_expiry=_expiry(options["roles"], options["expires"]),
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        roles = ", ".join(options["roles"])
        self.stdout.write(f"Created user {user.username} at {provider.slug} with roles: {roles}.")
        if generated:
            self.stdout.write(f"Generated password: {generated}")


def _expiry(roles: list[str], expires: dt.date | None) -> dict[str, dt.datetime]:
    return {role: end_of_day(expires) for role in roles} if expires else {}
