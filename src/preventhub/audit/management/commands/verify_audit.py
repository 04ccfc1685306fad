from typing import Any

from django.core.management.base import BaseCommand, CommandError

from preventhub.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit non-zero naming the first bad row."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(f"Audit trail tampered: {result.message}.")
        self.stdout.write(self.style.SUCCESS(result.message))
