"""Account pages (the signed-in user's own security) and the users and roles pages.

Views stay thin: selectors read (always through the current provider), services write and
audit. A user who holds no role at the current provider answers 404 on every user page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from preventhub.accounts import services
from preventhub.accounts.forms import (
    RoleGrantForm,
    UserCreateForm,
    UserFilterForm,
    grantable_roles,
)
from preventhub.accounts.models import User
from preventhub.accounts.role_help import role_label
from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import (
    active_tokens_for_user,
    current_role_assignments_of,
    get_own_token,
    get_user_detail_for_admin,
    role_assignments_for_user,
    sessions_for_user,
    user_list_for_provider,
)
from preventhub.accounts.two_factor import has_totp, requires_two_factor
from preventhub.core.access import requires, signed_in
from preventhub.core.models import Provider

USERS_PER_PAGE = 50


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)  # signed_in / requires guarantee a signed-in User


def _provider(request: HttpRequest) -> Provider:
    return cast(Provider, request.provider)  # type: ignore[attr-defined]  # set by requires()


def _managed_user(request: HttpRequest, pk: int) -> User:
    person = get_user_detail_for_admin(_provider(request), pk)
    if person is None:
        raise Http404("No such user here.")
    return person


def _posted(request: HttpRequest) -> Any:
    """The POST data of a POST (even an empty one, which must show errors), else None."""
    return request.POST if request.method == "POST" else None


def _capabilities(request: HttpRequest) -> dict[str, bool]:
    provider = _provider(request)
    return {
        "manage": request.user.has_perm("accounts.manage_users", provider),
        "grant": request.user.has_perm("accounts.grant_roles", provider),
    }


def _run(form: BaseForm, write: Callable[[], Any]) -> Any | None:
    """Call a service; a ValidationError becomes a form error instead of a crash."""
    try:
        return write()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


# --- the signed-in user's own account ---------------------------------------------------


@signed_in
def account(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    context = {
        "has_totp": has_totp(me),
        "requires_two_factor": requires_two_factor(me),
        "assignments": current_role_assignments_of(me),
        "sessions": sessions_for_user(me),
        "tokens": active_tokens_for_user(me),
    }
    return render(request, "accounts/account.html", context)


@require_POST
@signed_in
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_own_token(_me(request), pk)
    if token is None:
        raise Http404("No such token.")
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token {token.hint}… is revoked. Anything using it stops working.")
    return redirect("accounts:account")


# --- users and roles at the current provider --------------------------------------------


@requires("accounts.list_users")
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    users = user_list_for_provider(_provider(request), **form.filters())
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can": _capabilities(request),
    }
    return render(request, "accounts/user_list.html", context)


@requires("accounts.list_users")
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    person = _managed_user(request, pk)
    can = _capabilities(request)
    context = {
        "person": person,
        "assignments": role_assignments_for_user(provider, person),
        "revocable": set(grantable_roles(request.user, provider)) if can["grant"] else set(),
        "can": can,
        "is_me": person.pk == request.user.pk,
    }
    return render(request, "accounts/user_detail.html", context)


@requires("accounts.manage_users")
def user_create(request: HttpRequest) -> HttpResponse:
    provider = _provider(request)
    form = UserCreateForm(_posted(request), roles=grantable_roles(request.user, provider))
    if request.method == "POST" and form.is_valid():
        created = _run(form, lambda: _create_user(request, form))
        if created is not None:
            person, password = created
            if password:
                context = {"person": person, "password": password}
                return render(request, "accounts/user_created.html", context)
            messages.success(request, f"Account created. We sent an invitation to {person.email}.")
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/user_create.html", {"form": form})


def _create_user(request: HttpRequest, form: UserCreateForm) -> tuple[User, str | None]:
    data = form.cleaned_data
    invite = data["setup"] == "invite"
    person, password = services.user_create(
        actor=request.user,
        username=data["username"],
        email=data["email"],
        provider=_provider(request),
        roles=list(data["roles"]),
        first_name=data["first_name"],
        last_name=data["last_name"],
        role_expiry=form.role_expiry(),
        invite=invite,
    )
    if invite:
        services.user_invite(
            actor=request.user, user=person, provider=_provider(request), request=request
        )
    return person, password


@require_POST
@requires("accounts.manage_users")
def user_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = _managed_user(request, pk)
    try:
        services.user_invite(
            actor=request.user, user=person, provider=_provider(request), request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"We sent {person.email} a link to set a password.")
    return redirect("accounts:user_detail", pk=person.pk)


@requires("accounts.grant_roles")
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    provider = _provider(request)
    person = _managed_user(request, pk)
    held = {a.role for a in role_assignments_for_user(provider, person) if a.is_current()}
    roles = grantable_roles(request.user, provider, exclude=held)
    form = RoleGrantForm(_posted(request), roles=roles)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        granted = _run(
            form,
            lambda: services.role_grant(
                actor=request.user,
                user=person,
                provider=provider,
                role=role,
                expires_at=form.expires_at,
            ),
        )
        if granted is not None:
            messages.success(request, f"{person.display_name} now has the role {role_label(role)}.")
            return redirect("accounts:user_detail", pk=person.pk)
    return render(request, "accounts/role_grant.html", {"person": person, "form": form})


@requires("accounts.grant_roles")
def role_revoke(request: HttpRequest, pk: int, role: str) -> HttpResponse:
    provider = _provider(request)
    person = _managed_user(request, pk)
    assignment = role_assignments_for_user(provider, person).filter(role=role).first()
    if role not in Role.values or assignment is None:
        raise Http404("They do not hold that role here.")
    if not services.user_can_grant(request.user, provider, role):
        raise PermissionDenied("You cannot remove this role.")
    error = None
    if request.method == "POST":
        try:
            services.role_revoke(actor=request.user, user=person, provider=provider, role=role)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, f"{person.display_name} no longer has the role {role_label(role)}."
            )
            return redirect("accounts:user_detail", pk=person.pk)
    context = {"person": person, "assignment": assignment, "error": error}
    return render(request, "accounts/role_revoke.html", context)


@requires("accounts.manage_users")
def user_disable(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=False)


@requires("accounts.manage_users")
def user_enable(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True)


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    person = _managed_user(request, pk)
    error = None
    if request.method == "POST":
        try:
            services.user_set_active(
                actor=request.user, user=person, active=active, provider=_provider(request)
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            done = "enabled" if active else "disabled and signed out everywhere"
            messages.success(request, f"{person.display_name}'s account is {done}.")
            return redirect("accounts:user_detail", pk=person.pk)
    context = {"person": person, "active": active, "error": error}
    return render(request, "accounts/user_set_active.html", context)
