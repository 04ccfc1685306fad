"""The signed-in user and their roles are read in one query on every request, never cached
across requests: changes made straight in the database count from the next request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.backends import AuthenticationBackend
from preventhub.accounts.models import RoleAssignment, User
from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import providers_for_user, roles_for, user_with_roles
from preventhub.accounts.tests.conftest import sign_in


def test_sign_in_records_the_project_backend(client, staff):
    sign_in(client, "staff")
    backend = "preventhub.accounts.backends.AuthenticationBackend"
    assert client.session[BACKEND_SESSION_KEY] == backend
    assert settings.AUTHENTICATION_BACKENDS[-1] == backend


def test_user_and_current_roles_come_in_one_query(
    django_assert_num_queries, staff, provider, other_provider
):
    RoleAssignment.unscoped.create(
        user=staff, provider=other_provider, role=Role.GOVERNOR,
        expires_at=timezone.now() - timedelta(minutes=1),
    )  # fmt: skip
    RoleAssignment.unscoped.create(
        user=staff, provider=other_provider, role=Role.INSPECTOR,
        expires_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    with django_assert_num_queries(1):
        user = user_with_roles(str(staff.pk))
        assert user == staff
        assert roles_for(user, provider) == {Role.STAFF}
        assert roles_for(user, other_provider) == {Role.INSPECTOR}
        assert providers_for_user(user) == [provider, other_provider]
    assert timezone.is_aware(user.date_joined)
    assert user.password == staff.password


def test_user_without_roles_still_loads(make_user, provider):
    user = make_user(provider, username="roleless")
    RoleAssignment.unscoped.filter(user=user).delete()
    loaded = user_with_roles(user.pk)
    assert loaded == user
    assert providers_for_user(loaded) == []


def test_unknown_or_malformed_ids_load_nobody(db):
    assert user_with_roles(987654) is None
    assert user_with_roles("not-a-number") is None


def test_backend_refuses_a_disabled_user(staff):
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert AuthenticationBackend().get_user(staff.pk) is None


def test_user_disabled_in_the_database_is_refused_on_the_next_request(login, staff):
    client = login(staff)
    assert client.get("/").status_code == 200
    User.objects.filter(pk=staff.pk).update(is_active=False)  # no service, no signal
    assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_role_revoked_in_the_database_counts_on_the_next_request(login, dsl):
    client = login(dsl)
    assert client.get(reverse("people:list")).status_code == 200
    RoleAssignment.unscoped.filter(user=dsl, role=Role.DSL).delete()
    assert client.get(reverse("people:list")).status_code == 403


def test_role_expiring_counts_on_the_next_request(login, dsl):
    client = login(dsl)
    assert client.get(reverse("people:list")).status_code == 200
    RoleAssignment.unscoped.filter(user=dsl, role=Role.DSL).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("people:list")).status_code == 403


def test_changed_password_ends_other_sessions(login, staff):
    client = login(staff)
    assert client.get("/").status_code == 200
    staff.set_password("a-new-long-password-123")
    staff.save()
    assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_request_user_is_the_user_itself_not_a_lazy_proxy(login, staff):
    response = login(staff).get("/")
    assert type(response.wsgi_request.user) is User
    assert response.wsgi_request.user == staff


def test_anonymous_request_user_is_anonymous(client, db):
    response = client.get(reverse("account_login"))
    assert response.wsgi_request.user.is_anonymous


def test_one_backend_answers_rules_and_model_permissions(dsl, staff, outsider, provider):
    from django.contrib.auth.models import Permission

    assert dsl.has_perm("people.view_register", provider)
    assert not outsider.has_perm("people.view_register", provider)
    assert not staff.has_perm("accounts.manage_users", provider)
    # Django's model permissions still count (without an object), as before.
    assert not staff.has_perm("people.view_person")
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    staff = User.objects.get(pk=staff.pk)
    assert staff.has_perm("people.view_person")
    assert staff.has_module_perms("people")
