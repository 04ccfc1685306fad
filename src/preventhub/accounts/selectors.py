"""Reads about users and their roles. Role look-ups are cached on the user for one request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Exists, Field, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from preventhub.accounts.models import ApiToken, GroupMembership, RoleAssignment, User
from preventhub.accounts.roles import Role
from preventhub.core.db import fetch_prepared
from preventhub.core.models import Provider, ProviderGroup

_CACHE_ATTR = "_preventhub_roles"
_PROVIDERS_ATTR = "_preventhub_providers"


def _role_map(user: Any) -> dict[int, frozenset[str]]:
    """provider id -> current roles, loaded with the providers in one query per request."""
    cached: dict[int, frozenset[str]] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    signed_in = user.is_authenticated and user.is_active
    return _remember_roles(user, _current_assignments(user.pk) if signed_in else [])


def _remember_roles(
    user: Any, assignments: list[tuple[str, Provider]]
) -> dict[int, frozenset[str]]:
    """Keep the user's current roles on the user object for the rest of the request."""
    roles: dict[int, set[str]] = {}
    providers: dict[int, Provider] = {}
    if user.is_authenticated and user.is_active:
        for role, provider in assignments:
            roles.setdefault(provider.pk, set()).add(role)
            providers[provider.pk] = provider
    frozen = {pid: frozenset(r) for pid, r in roles.items()}
    setattr(user, _CACHE_ATTR, frozen)
    setattr(user, _PROVIDERS_ATTR, sorted(providers.values(), key=lambda p: (p.name, p.pk)))
    return frozen


def _unexpired() -> Q:
    """Rows (role assignments, tokens) without an expiry, or whose expiry is still ahead."""
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


_PROVIDER_FIELDS = list(Provider._meta.concrete_fields)
_PROVIDER_COLUMNS = [f.column for f in _PROVIDER_FIELDS]
_PROVIDER_ATTNAMES = [f.attname for f in _PROVIDER_FIELDS]
_USER_FIELDS = list(User._meta.concrete_fields)
_USER_COLUMNS = [f.column for f in _USER_FIELDS]
_USER_ATTNAMES = [f.attname for f in _USER_FIELDS]
# Table and column names come from the models; the values are bound parameters.
_PROVIDER_SELECT = ", ".join(f'p."{c}"' for c in _PROVIDER_COLUMNS)
_UNEXPIRED_SQL = "(r.expires_at IS NULL OR r.expires_at > %s)"
_ASSIGNMENTS_SQL = (
    f"SELECT r.role, {_PROVIDER_SELECT} "  # noqa: S608
    f"FROM {RoleAssignment._meta.db_table} r JOIN {Provider._meta.db_table} p "
    "ON p.id = r.provider_id "
    f"WHERE r.user_id = %s AND {_UNEXPIRED_SQL}"
)
_USER_WITH_ROLES_SQL = (
    "SELECT "  # noqa: S608
    + ", ".join(f'u."{c}"' for c in _USER_COLUMNS)
    + f", r.role, {_PROVIDER_SELECT} "
    f"FROM {User._meta.db_table} u "
    f"LEFT JOIN {RoleAssignment._meta.db_table} r ON r.user_id = u.id AND {_UNEXPIRED_SQL} "
    f"LEFT JOIN {Provider._meta.db_table} p ON p.id = r.provider_id "
    "WHERE u.id = %s"
)


def _now_param() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _current_assignments(user_id: int) -> list[tuple[str, Provider]]:
    """(role, provider) for the user's unexpired roles.

    Hand-written SQL because this runs on every signed-in request and the ORM spent longer
    compiling the query than the database spent answering it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_ASSIGNMENTS_SQL, [user_id, _now_param()])
        rows = _converted(cursor.fetchall(), 1, _PROVIDER_FIELDS)
    return [(row[0], _provider_from(row[1:])) for row in rows]


def _provider_from(values: list[Any]) -> Provider:
    return Provider.from_db(connection.alias, _PROVIDER_ATTNAMES, values)


def user_with_roles(user_id: Any) -> User | None:
    """The user with this id and their current roles (kept for the request), in one query.

    What the authentication backend runs on every signed-in request: the user row is read
    afresh each time, so a disabled user or a revoked or expired role counts at once.
    """
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = fetch_prepared(_USER_WITH_ROLES_SQL, [_now_param(), pk])
    if not rows:
        return None
    n = len(_USER_FIELDS)
    (user_row,) = _converted(rows[:1], 0, _USER_FIELDS)
    user = User.from_db(connection.alias, _USER_ATTNAMES, user_row[:n])
    assignments = [
        (row[n], _provider_from(row[n + 1 :]))
        for row in _converted(rows, n + 1, _PROVIDER_FIELDS)
        if row[n]
    ]
    _remember_roles(user, assignments)
    return user


_Converter = Callable[[Any, Any, Any], Any]
_CONVERTERS: dict[tuple[str, int, int], list[tuple[int, list[_Converter], Any]]] = {}


def _converted(rows: list[Any], offset: int, fields: list[Field[Any, Any]]) -> list[list[Any]]:
    """Rows with the database converters the ORM would apply to ``fields`` (from ``offset``):
    e.g. SQLite returns naive date-times as text, and PostgreSQL needs nothing."""
    key = (connection.vendor, offset, id(fields))
    plan = _CONVERTERS.get(key)
    if plan is None:
        plan = []
        for i, field in enumerate(fields):
            col = field.get_col(field.model._meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                plan.append((offset + i, found, col))
        _CONVERTERS[key] = plan
    out = []
    for row in map(list, rows):
        for pos, converters, col in plan:
            for converter in converters:
                row[pos] = converter(row[pos], col, connection)
        out.append(row)
    return out


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
