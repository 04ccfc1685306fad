"""Home page per role, the provider switcher, the group overview and error pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import groups_for_user, roles_for, safeguarding_contacts
from preventhub.core.access import public, signed_in
from preventhub.core.home_panels import home_panels_for
from preventhub.core.middleware import SESSION_PROVIDER_KEY
from preventhub.core.selectors import group_aggregates


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    provider = request.provider  # type: ignore[attr-defined]
    groups = list(groups_for_user(request.user))  # type: ignore[arg-type]
    if provider is None:
        if len(groups) == 1:
            return redirect("core:group_overview", slug=groups[0].slug)
        return render(request, "core/no_provider.html", {"groups": groups})
    roles = roles_for(request.user, provider)
    leads, deputies = safeguarding_contacts(provider)
    context: dict[str, Any] = {
        "roles": [Role(r).label for r in sorted(roles)],
        "leads": leads,
        "deputies": deputies,
        "groups": groups,
        "panels": home_panels_for(request, provider),
    }
    return render(request, "core/home.html", context)


@require_POST
@signed_in
def switch_provider(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("provider", "")
    provider = next((p for p in request.user_providers if p.slug == wanted), None)  # type: ignore[attr-defined]
    if provider is None:
        raise Http404("No such provider for you.")
    request.session[SESSION_PROVIDER_KEY] = provider.pk
    messages.success(request, f"You are now working at {provider.name}.")
    return redirect("core:home")


@signed_in
def group_overview(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups_for_user(request.user).filter(slug=slug).first()  # type: ignore[arg-type]
    if group is None:
        raise Http404("No such group.")
    return render(
        request, "core/group_overview.html", {"group": group, "rows": group_aggregates(group)}
    )


_API_ERRORS = {
    400: "Bad request.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    500: "Server error; nothing was changed.",
}


def _error(request: HttpRequest, status: int) -> HttpResponse:
    """API paths always get JSON errors; pages get the GOV.UK-styled error page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _API_ERRORS[status]}, status=status)
    return render(request, f"{status}.html", status=status)


@public
def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400)


@public
def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403)


@public
def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404)


@public
def error_500(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)
