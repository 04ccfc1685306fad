from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.core.choices import ProviderType
from preventhub.core.services import provider_create


class Command(BaseCommand):
    help = "Create a provider (institution): create_provider SLUG --name N --type T"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", required=True, choices=ProviderType.values)
        parser.add_argument("--local-authority", default="")
        parser.add_argument("--region", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            provider = provider_create(
                actor=None,
                slug=options["slug"],
                name=options["name"],
                type=options["type"],
                local_authority=options["local_authority"],
                region=options["region"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Created provider {provider.slug} ({provider.name}).")
