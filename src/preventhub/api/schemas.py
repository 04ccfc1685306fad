from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: Any


class HealthOut(Schema):
    status: str


class ProviderOut(Schema):
    slug: str
    name: str
    type: str


class MeOut(Schema):
    username: str
    provider: ProviderOut | None
    roles: list[str]
