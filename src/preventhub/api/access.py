"""Per-operation permissions for the API: deny by default, like the pages' access gate."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja.errors import HttpError

from preventhub.core.access import ACCESS_ATTR

F = TypeVar("F", bound=Callable[..., Any])


def api_requires(perm: str) -> Callable[[F], F]:
    """The caller's token user must hold ``perm`` at the provider the call acts at (else 403)."""

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            provider = getattr(request, "provider", None)
            if provider is None:
                raise HttpError(403, "This user works at no provider.")
            if not request.user.has_perm(perm, provider):
                raise HttpError(403, f"You do not have permission: {perm}.")
            return func(request, *args, **kwargs)

        setattr(wrapper, ACCESS_ATTR, f"perm:{perm}")
        # Resolve the wrapped function's string annotations in *its* module, so django-ninja
        # sees the real schema types (it would otherwise look in this module's globals).
        wrapper.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def api_public[G: Callable[..., Any]](func: G) -> G:
    setattr(func, ACCESS_ATTR, "public")
    return func


def api_signed_in[G: Callable[..., Any]](func: G) -> G:
    """Any valid token; the operation must only return the caller's own data."""
    setattr(func, ACCESS_ATTR, "signed_in")
    return func
