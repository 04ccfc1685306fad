"""Static files: whitenoise's compressed, hashed storage, with each URL worked out once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

_MAX_REMEMBERED = 512


class StaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """``{% static %}`` runs five times in the layout of every page, and each call looks the
    name up in the manifest and builds the URL again (~40 µs). The manifest is read once when
    the process starts and never changes while it runs, so neither does the URL."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[tuple[str, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if settings.DEBUG or name is None:
            return str(super().url(name, force))
        key = (name, force)
        found = self._urls.get(key)
        if found is None:
            found = str(super().url(name, force))
            if len(self._urls) < _MAX_REMEMBERED:
                self._urls[key] = found
        return found
