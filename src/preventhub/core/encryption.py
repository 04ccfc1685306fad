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
def _fernets(keys: tuple[str, ...]) -> tuple[Fernet, ...]:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: narrative fields cannot be encrypted."
        )
    try:
        return tuple(Fernet(k.encode()) for k in keys)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"A FIELD_ENCRYPTION_KEYS entry is not a valid Fernet key: {exc}"
        ) from exc


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet(list(_fernets(keys)))


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def fernet() -> MultiFernet:
    return _fernet(_keys())


def newest_fernet() -> Fernet:
    """The key that encrypts: the first in FIELD_ENCRYPTION_KEYS."""
    return _fernets(_keys())[0]


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def _token(stored: str) -> bytes:
    return stored.removeprefix(PREFIX).encode()


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(stored: str) -> str:
    if not is_encrypted(stored):
        raise ValueError("Stored value is not an encrypted token.")
    try:
        return fernet().decrypt(_token(stored)).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted field cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from exc


def is_under_newest_key(stored: str) -> bool:
    """True if ``stored`` is a token the first key made (so rotation can leave it alone)."""
    if not is_encrypted(stored):
        return False
    try:
        newest_fernet().decrypt(_token(stored))
    except InvalidToken:
        return False
    return True


def rotate(stored: str) -> str:
    """Re-encrypt ``stored`` under the first (newest) key, keeping Fernet's original timestamp.

    A value stored before the field was encrypted (no prefix) is encrypted as it is.
    """
    if not is_encrypted(stored):
        return encrypt(stored)
    try:
        return PREFIX + fernet().rotate(_token(stored)).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with any key in FIELD_ENCRYPTION_KEYS, "
            "so it cannot be rotated: add the key it was written with."
        ) from exc


def generate_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A TextField stored encrypted; it cannot be searched or ordered on in the database."""

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        try:
            return decrypt(value)
        except ImproperlyConfigured as exc:
            raise ImproperlyConfigured(f"{self.label_for_errors()}: {exc}") from exc

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def label_for_errors(self) -> str:
        model = getattr(self, "model", None)
        return f"{model._meta.label}.{self.name}" if model is not None else self.name

    def deconstruct(self) -> Any:
        return super().deconstruct()


def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) pair in the project that is encrypted, once per table column.

    Proxy models and inherited multi-table fields are skipped: they name a column another
    model already owns, and rotating it twice would double-count.
    """
    from django.apps import apps

    return [
        (model, field.name)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.local_concrete_fields
        if isinstance(field, EncryptedTextField)
    ]
