"""Bearer-token authentication and provider resolution for the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import HttpBearer

from preventhub.accounts.models import ApiToken, hash_token
from preventhub.accounts.selectors import providers_for_user
from preventhub.core.models import Provider

_LAST_USED_RESOLUTION_SECONDS = 300


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if row is None or not row.is_usable():
            return None
        now = timezone.now()
        if (
            row.last_used_at is None
            or (now - row.last_used_at).total_seconds() > _LAST_USED_RESOLUTION_SECONDS
        ):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.provider = resolve_provider(request, row.user)  # type: ignore[attr-defined]
        return row.user


def resolve_provider(request: HttpRequest, user: Any) -> Provider | None:
    """The provider a call acts at: the only one the user works at, or the X-Provider header."""
    providers = list(providers_for_user(user))
    wanted = request.headers.get("X-Provider")
    if wanted:
        chosen = next((p for p in providers if p.slug == wanted), None)
        if chosen is None:
            raise HttpError(404, f"No provider {wanted!r} for this user.")
        return chosen
    if len(providers) > 1:
        raise HttpError(400, "You work at several providers: name one in the X-Provider header.")
    return providers[0] if providers else None
