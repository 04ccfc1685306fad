"""Print a new key for FIELD_ENCRYPTION_KEYS (the key alone, so scripts can capture it)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from preventhub.core.encryption import generate_key


class Command(BaseCommand):
    help = (
        "Print a new Fernet key. To rotate: put it first in FIELD_ENCRYPTION_KEYS, keep the old "
        "keys after it, run rotate_keys, then remove the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(generate_key())
