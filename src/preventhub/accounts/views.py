"""Account pages: the signed-in user's own security settings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from preventhub.accounts.selectors import roles_for
from preventhub.accounts.two_factor import has_totp, requires_two_factor
from preventhub.core.access import signed_in


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    provider = request.provider  # type: ignore[attr-defined]
    context = {
        "has_totp": has_totp(request.user),
        "requires_two_factor": requires_two_factor(request.user),
        "roles": sorted(roles_for(request.user, provider)),
        "tokens": request.user.api_tokens.filter(revoked_at__isnull=True),  # type: ignore[union-attr]
    }
    return render(request, "accounts/account.html", context)
