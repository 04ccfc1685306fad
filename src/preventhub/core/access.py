"""The access gate for pages: deny by default, and declare who may reach each view.

Every view the project serves is wrapped in ``requires(perm)``, ``signed_in`` or ``public``.
AccessGateMiddleware refuses any view that carries none of them, so a route added without an
access decision fails closed (and the route-walking test names it).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])
ACCESS_ATTR = "preventhub_access"


def _mark(view: Any, policy: str) -> None:
    setattr(view, ACCESS_ATTR, policy)


def public[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Reachable without signing in (health checks, error pages)."""
    _mark(view, "public")
    return view


def signed_in[V: Callable[..., HttpResponseBase]](view: V) -> V:
    """Any signed-in user; the view itself must only show the user's own data."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    _mark(wrapper, "signed_in")
    return wrapper  # type: ignore[return-value]


def requires(perm: str) -> Callable[[ViewFunc], ViewFunc]:
    """Signed in, working at a provider, and holding ``perm`` there (checked with rules)."""

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            provider = getattr(request, "provider", None)
            if provider is None:
                raise Http404("No provider selected.")
            if not request.user.has_perm(perm, provider):
                raise PermissionDenied(f"You do not have permission: {perm}.")
            return view(request, *args, **kwargs)

        _mark(wrapper, f"perm:{perm}")
        return wrapper  # type: ignore[return-value]

    return decorate


def policy_of(view: Any) -> str | None:
    return getattr(view, ACCESS_ATTR, None)
