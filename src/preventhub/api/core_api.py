"""Health and identity endpoints."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest
from ninja import Router

from preventhub.accounts.selectors import roles_for
from preventhub.api.access import api_public, api_signed_in
from preventhub.api.schemas import HealthOut, MeOut

router = Router(tags=["system"])


@router.get("/health", auth=None, response=HealthOut, summary="Liveness and database check")
@api_public
def health(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


@router.get("/me", response=MeOut, summary="Who the token belongs to, and their roles")
@api_signed_in
def me(request: HttpRequest) -> dict[str, Any]:
    provider = getattr(request, "provider", None)
    return {
        "username": request.user.get_username(),
        "provider": provider,
        "roles": sorted(roles_for(request.user, provider)),
    }
