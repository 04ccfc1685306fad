"""Field-level encryption for narrative fields, over ``cryptography``'s Fernet.

Fernet gives authenticated encryption (AES-128-CBC + HMAC-SHA256) with a timestamp; MultiFernet
decrypts with any listed key and encrypts with the first, which is what key rotation needs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: narrative fields cannot be encrypted.")
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"A FIELD_ENCRYPTION_KEYS entry is not a valid Fernet key: {exc}") from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise ValueError("Stored value is not an encrypted token.")
    try:
        return fernet().decrypt(stored[len(PREFIX):].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted field cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from exc


def rotate(stored: str) -> str:
    """Re-encrypt ``stored`` under the first (newest) key."""
    return PREFIX + fernet().rotate(stored[len(PREFIX):].encode()).decode()


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A TextField stored encrypted; it cannot be searched or ordered on in the database."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def deconstruct(self) -> Any:
        return super().deconstruct()


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) pair in the project that is encrypted."""
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedTextField)
    ]
