"""Who is acting and from where, for the audit trail, without threading ``request`` everywhere."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest


@dataclass(frozen=True)
class RequestMeta:
    ip: str | None
    user_agent: str
    path: str


_current: ContextVar[RequestMeta | None] = ContextVar("preventhub_request_meta", default=None)


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def set_request_meta(request: HttpRequest) -> object:
    meta = RequestMeta(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
        path=request.path[:300],
    )
    return _current.set(meta)


def reset_request_meta(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def current_request_meta() -> RequestMeta | None:
    return _current.get()
