"""Reads about users and their roles. Role look-ups are cached on the user for one request."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from preventhub.accounts.models import ApiToken, GroupMembership, RoleAssignment, User
from preventhub.accounts.roles import Role
from preventhub.core.models import Provider, ProviderGroup

_CACHE_ATTR = "_preventhub_roles"
_PROVIDERS_ATTR = "_preventhub_providers"


def _role_map(user: Any) -> dict[int, frozenset[str]]:
    """provider id -> current roles, loaded with the providers in one query per request."""
    cached: dict[int, frozenset[str]] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    providers: dict[int, Provider] = {}
    if user.is_authenticated and user.is_active:
        for role, provider in _current_assignments(user.pk):
            roles.setdefault(provider.pk, set()).add(role)
            providers[provider.pk] = provider
    frozen = {pid: frozenset(r) for pid, r in roles.items()}
    setattr(user, _CACHE_ATTR, frozen)
    setattr(user, _PROVIDERS_ATTR, sorted(providers.values(), key=lambda p: (p.name, p.pk)))
    return frozen


def _unexpired() -> Q:
    """Rows (role assignments, tokens) without an expiry, or whose expiry is still ahead."""
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


_PROVIDER_COLUMNS = [f.column for f in Provider._meta.concrete_fields]
_PROVIDER_ATTNAMES = [f.attname for f in Provider._meta.concrete_fields]


def _current_assignments(user_id: int) -> list[tuple[str, Provider]]:
    """(role, provider) for the user's unexpired roles.

    Hand-written SQL because this runs on every signed-in request and the ORM spent longer
    compiling the query than the database spent answering it.
    """
    provider_columns = ", ".join(f'p."{c}"' for c in _PROVIDER_COLUMNS)
    # Table and column names come from the models; the values are bound parameters.
    sql = (
        f"SELECT r.role, {provider_columns} "  # noqa: S608
        f"FROM {RoleAssignment._meta.db_table} r JOIN {Provider._meta.db_table} p "
        "ON p.id = r.provider_id "
        "WHERE r.user_id = %s AND (r.expires_at IS NULL OR r.expires_at > %s)"
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, now])
        rows = cursor.fetchall()
    return [
        (row[0], Provider.from_db(connection.alias, _PROVIDER_ATTNAMES, list(row[1:])))
        for row in rows
    ]


def forget_roles(user: Any) -> None:
    for attr in (_CACHE_ATTR, _PROVIDERS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def roles_for(user: Any, provider: Provider | int | None) -> frozenset[str]:
    """The user's current roles at one provider (empty if none or not signed in)."""
    if provider is None:
        return frozenset()
    provider_id = provider if isinstance(provider, int) else provider.pk
    return _role_map(user).get(provider_id, frozenset())


def all_roles(user: Any) -> frozenset[str]:
    return frozenset().union(*_role_map(user).values()) if _role_map(user) else frozenset()


def providers_for_user(user: Any) -> list[Provider]:
    """The providers where the user currently holds a role, by name."""
    _role_map(user)
    return list(getattr(user, _PROVIDERS_ATTR, []))


def groups_for_user(user: User) -> QuerySet[ProviderGroup]:
    ids = GroupMembership.objects.filter(user=user).values("group_id")
    return ProviderGroup.objects.filter(pk__in=ids)


def safeguarding_contacts(provider: Provider) -> tuple[list[User], list[User]]:
    """The active dsl(s) and deputies at ``provider``, in one query: who every page names."""
    rows = (
        RoleAssignment.objects.for_provider(provider)
        .filter(role__in=[Role.DSL, Role.DEPUTY_DSL], user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    leads: list[User] = []
    deputies: list[User] = []
    for row in rows:
        (leads if row.role == Role.DSL else deputies).append(row.user)
    return leads, deputies


def role_assignments_for_provider(provider: Provider) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.for_provider(provider)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )


def users_for_provider(provider: Provider) -> QuerySet[User]:
    ids = RoleAssignment.objects.for_provider(provider).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")


def get_user_for_admin(provider: Provider, pk: int) -> User | None:
    """A user is manageable from a provider only if they hold a role there."""
    return users_for_provider(provider).filter(pk=pk).first()


def user_list_for_provider(
    provider: Provider, *, search: str = "", role: str = "", status: str = ""
) -> QuerySet[User]:
    """People who hold a role at ``provider``, each with ``provider_roles`` and ``has_totp``."""
    users = users_for_provider(provider).annotate(has_totp=_has_totp())
    users = users.prefetch_related(_provider_roles(provider))
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
        )
    if role:
        holders = RoleAssignment.objects.for_provider(provider).filter(role=role)
        users = users.filter(pk__in=holders.values("user_id"))
    if status in {"active", "disabled"}:
        users = users.filter(is_active=status == "active")
    return users


def _has_totp() -> Exists:
    from allauth.mfa.models import Authenticator

    return Exists(
        Authenticator.objects.filter(user_id=OuterRef("pk"), type=Authenticator.Type.TOTP)
    )


def _provider_roles(provider: Provider) -> Prefetch[Any]:
    queryset = RoleAssignment.objects.for_provider(provider).select_related("granted_by")
    return Prefetch("role_assignments", queryset=queryset, to_attr="provider_roles")


def get_user_detail_for_admin(provider: Provider, pk: int) -> User | None:
    """One user as seen from ``provider``'s user pages (None if they hold no role there)."""
    return user_list_for_provider(provider).filter(pk=pk).first()


def role_assignments_for_user(provider: Provider, user: User) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.for_provider(provider)
        .filter(user=user)
        .select_related("granted_by")
        .order_by("role")
    )


def active_tokens_for_user(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).filter(_unexpired())


def get_own_token(user: User, pk: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=pk).first()


def sessions_for_user(user: User) -> list[Any]:
    from allauth.usersessions.models import UserSession

    return list(UserSession.objects.filter(user=user).order_by("-created_at"))


def current_role_assignments_of(user: User) -> QuerySet[RoleAssignment]:
    """The user's own current roles at every provider (for their account page)."""
    return (
        RoleAssignment.unscoped.filter(user=user)
        .filter(_unexpired())
        .select_related("provider")
        .order_by("provider__name", "role")
    )
