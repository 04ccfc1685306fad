"""The users and roles pages: who may see and change what, at the current provider only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment, User
from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.testing.factories import ProviderFactory, UserFactory, add_totp, grant

LISTERS = {Role.ADMIN, Role.DSL}
GRANTERS = {Role.ADMIN, Role.DSL}
MANAGERS = {Role.ADMIN}


def _with_role(provider, role):
    user = UserFactory()
    grant(user, provider, role)
    add_totp(user)
    return user


def _roles_here(user, provider):
    return set(
        RoleAssignment.objects.for_provider(provider)
        .filter(user=user)
        .values_list("role", flat=True)
    )


def _routes(member):
    """Every users-and-roles route, as (name, method, url, roles allowed)."""
    pk = member.pk
    return [
        ("user_list", "get", reverse("accounts:user_list"), LISTERS),
        ("user_detail", "get", reverse("accounts:user_detail", args=[pk]), LISTERS),
        ("user_create", "get", reverse("accounts:user_create"), MANAGERS),
        ("role_grant", "get", reverse("accounts:role_grant", args=[pk]), GRANTERS),
        ("role_revoke", "get", reverse("accounts:role_revoke", args=[pk, Role.STAFF]), GRANTERS),
        ("user_disable", "get", reverse("accounts:user_disable", args=[pk]), MANAGERS),
        ("user_enable", "get", reverse("accounts:user_enable", args=[pk]), MANAGERS),
        ("user_invite", "post", reverse("accounts:user_invite", args=[pk]), MANAGERS),
    ]


@pytest.mark.parametrize("role", sorted(Role.values))
def test_each_role_reaches_only_its_users_pages(provider, staff, role):
    client = Client()
    client.force_login(_with_role(provider, role))
    for name, method, url, allowed in _routes(staff):
        status = getattr(client, method)(url).status_code
        if role in allowed:
            assert status in (200, 302), f"{role} should reach {name}: {status}"
        else:
            assert status == 403, f"{role} must not reach {name}: {status}"


def test_every_users_route_is_in_the_table(staff):
    from preventhub.testing.routes import project_page_routes

    names = {r.name for r in project_page_routes() if r.name.startswith("accounts:")}
    tested = {f"accounts:{name}" for name, *_ in _routes(staff)}
    assert names - tested == {"accounts:account", "accounts:token_revoke"}  # own-account pages


def test_outsider_gets_404_on_every_page_about_this_providers_users(outsider, staff):
    client = Client()
    client.force_login(outsider)  # a dsl, but at another provider
    for name, method, url, allowed in _routes(staff):
        if name in {"user_list", "user_create"}:
            continue
        # Where their role would allow the page, the person is simply not found there.
        expected = 404 if Role.DSL in allowed else 403
        assert getattr(client, method)(url).status_code == expected, name


def test_outsiders_list_shows_only_their_own_people(outsider, staff):
    client = Client()
    client.force_login(outsider)
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "outsider" in html
    assert ">staff<" not in html


def test_anonymous_user_is_sent_to_sign_in(db):
    response = Client().get(reverse("accounts:user_list"))
    assert response["Location"].startswith(reverse("account_login"))


def test_list_shows_roles_and_2fa_status_without_n_plus_one(
    login, dsl, staff, provider, django_assert_max_num_queries
):
    for _ in range(5):
        _with_role(provider, Role.STAFF)
    client = login(dsl)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("accounts:user_list")).content.decode()
    assert "Designated safeguarding lead" in html
    assert "7 people" in html


def test_list_filters_by_role_and_text(login, dsl, staff):
    client = login(dsl)
    html = client.get(reverse("accounts:user_list"), {"role": Role.DSL}).content.decode()
    assert "1 person" in html
    html = client.get(reverse("accounts:user_list"), {"q": "staff@"}).content.decode()
    assert "1 person" in html


def test_nav_shows_users_and_roles_to_dsl_but_not_to_staff(login, dsl, staff, client_for):
    assert "Users and roles" in client_for(dsl).get("/").content.decode()
    assert "Users and roles" not in client_for(staff).get("/").content.decode()


# --- granting and removing roles --------------------------------------------------------


def test_dsl_grants_a_role(login, dsl, staff, provider):
    response = login(dsl).post(reverse("accounts:role_grant", args=[staff.pk]), {"role": Role.HR})
    assert response["Location"] == reverse("accounts:user_detail", args=[staff.pk])
    assert Role.HR in _roles_here(staff, provider)
    assert AuditEvent.objects.filter(action="grant_role", actor_id=dsl.pk).exists()


def test_dsl_cannot_grant_the_admin_role(login, dsl, staff, provider):
    client = login(dsl)
    page = client.get(reverse("accounts:role_grant", args=[staff.pk])).content.decode()
    assert 'value="admin"' not in page
    response = client.post(reverse("accounts:role_grant", args=[staff.pk]), {"role": Role.ADMIN})
    assert response.status_code == 200
    assert Role.ADMIN not in _roles_here(staff, provider)


def test_dsl_cannot_remove_the_admin_role(login, dsl, admin_user):
    url = reverse("accounts:role_revoke", args=[admin_user.pk, Role.ADMIN])
    assert login(dsl).post(url).status_code == 403


def test_admin_can_grant_admin(login, admin_user, staff, provider):
    login(admin_user).post(reverse("accounts:role_grant", args=[staff.pk]), {"role": Role.ADMIN})
    assert Role.ADMIN in _roles_here(staff, provider)


def test_deputy_cannot_change_role_assignments(deputy, staff, provider, client_for):
    client = client_for(deputy)
    assert (
        client.post(reverse("accounts:role_grant", args=[staff.pk]), {"role": Role.HR}).status_code
        == 403
    )
    url = reverse("accounts:role_revoke", args=[staff.pk, Role.STAFF])
    assert client.post(url).status_code == 403
    assert _roles_here(staff, provider) == {Role.STAFF}


def test_inspector_grant_needs_an_end_date(login, admin_user, staff, provider):
    client = login(admin_user)
    url = reverse("accounts:role_grant", args=[staff.pk])
    html = client.post(url, {"role": Role.INSPECTOR}).content.decode()
    assert "Enter the date the inspector&#x27;s access ends" in html
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    html = client.post(url, {"role": Role.INSPECTOR, "expires_on": yesterday}).content.decode()
    assert "must be today or in the future" in html
    assert Role.INSPECTOR not in _roles_here(staff, provider)


def test_inspector_access_ends_after_the_chosen_day(login, admin_user, staff, provider):
    day = timezone.localdate() + dt.timedelta(days=30)
    login(admin_user).post(
        reverse("accounts:role_grant", args=[staff.pk]),
        {"role": Role.INSPECTOR, "expires_on": day.isoformat()},
    )
    grant = RoleAssignment.objects.for_provider(provider).get(user=staff, role=Role.INSPECTOR)
    assert timezone.localtime(grant.expires_at).date() == day + dt.timedelta(days=1)
    assert timezone.localtime(grant.expires_at).time() == dt.time.min


def test_end_date_is_ignored_for_other_roles(login, admin_user, staff, provider):
    day = timezone.localdate() + dt.timedelta(days=3)
    login(admin_user).post(
        reverse("accounts:role_grant", args=[staff.pk]), {"role": Role.HR, "expires_on": day}
    )
    grant = RoleAssignment.objects.for_provider(provider).get(user=staff, role=Role.HR)
    assert grant.expires_at is None


def test_removing_a_role_asks_first_then_removes(login, dsl, staff, provider):
    grant(staff, provider, Role.HR)
    client = login(dsl)
    url = reverse("accounts:role_revoke", args=[staff.pk, Role.HR])
    assert "Remove the role HR?" in client.get(url).content.decode()
    assert Role.HR in _roles_here(staff, provider)
    client.post(url)
    assert Role.HR not in _roles_here(staff, provider)


def test_last_dsl_cannot_be_removed(login, admin_user, dsl, provider):
    url = reverse("accounts:role_revoke", args=[dsl.pk, Role.DSL])
    html = login(admin_user).post(url).content.decode()
    assert "must keep at least one designated safeguarding lead" in html
    assert Role.DSL in _roles_here(dsl, provider)


def test_removing_a_role_the_user_does_not_hold_is_404(login, dsl, staff):
    url = reverse("accounts:role_revoke", args=[staff.pk, Role.HR])
    assert login(dsl).get(url).status_code == 404


def test_forged_csrf_on_role_grant_is_refused(dsl, staff, provider):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dsl)
    url = reverse("accounts:role_grant", args=[staff.pk])
    assert client.post(url, {"role": Role.HR}).status_code == 403
    client.cookies["csrftoken"] = "a" * 32
    forged = {"role": Role.HR, "csrfmiddlewaretoken": "b" * 32}
    assert client.post(url, forged).status_code == 403
    assert Role.HR not in _roles_here(staff, provider)


# --- creating, inviting, disabling ------------------------------------------------------


def _new_user(**extra):
    return {
        "first_name": "Nia",
        "last_name": "New",
        "email": "nia@example.org",
        "username": "nia.new",
        "roles": [Role.STAFF],
        "setup": "password",
        **extra,
    }


def test_admin_creates_a_user_and_sees_the_password_once(login, admin_user, provider):
    response = login(admin_user).post(reverse("accounts:user_create"), _new_user())
    html = response.content.decode()
    user = User.objects.get(username="nia.new")
    password = html.split('id="new-password">')[1].split("<")[0]
    assert user.check_password(password)
    assert _roles_here(user, provider) == {Role.STAFF}
    assert response["Cache-Control"] == "no-store"


def test_invited_user_gets_an_email_with_a_working_link(
    login, admin_user, provider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(admin_user).post(reverse("accounts:user_create"), _new_user(setup="invite"))
    user = User.objects.get(username="nia.new")
    assert not user.has_usable_password()
    message = mail.outbox[-1]
    assert message.to == ["nia@example.org"]
    assert "Home College" in message.subject
    link = next(w for w in message.body.split() if "/password/reset/key/" in w)
    fresh = Client()
    page = fresh.get(link[link.index("/accounts/") :], follow=True).content.decode()
    assert "Choose a new password" in page


def test_create_form_errors_are_summarised(login, admin_user):
    html = login(admin_user).post(reverse("accounts:user_create"), {}).content.decode()
    assert "govuk-error-summary" in html
    assert "Enter their first name" in html
    assert "Select at least one role" in html


def test_taken_username_is_refused(login, admin_user, staff):
    html = (
        login(admin_user)
        .post(reverse("accounts:user_create"), _new_user(username="STAFF"))
        .content.decode()
    )
    assert "That username is taken" in html


def test_dsl_cannot_create_users(login, dsl):
    assert login(dsl).post(reverse("accounts:user_create"), _new_user()).status_code == 403
    assert not User.objects.filter(username="nia.new").exists()


def test_admin_disables_and_enables_a_user(login, admin_user, staff):
    client = login(admin_user)
    client.post(reverse("accounts:user_disable", args=[staff.pk]))
    staff.refresh_from_db()
    assert not staff.is_active
    client.post(reverse("accounts:user_enable", args=[staff.pk]))
    staff.refresh_from_db()
    assert staff.is_active


def test_admin_cannot_disable_themselves(login, admin_user):
    html = (
        login(admin_user)
        .post(reverse("accounts:user_disable", args=[admin_user.pk]))
        .content.decode()
    )
    assert "You cannot disable your own account" in html
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_a_person_used_at_another_provider_cannot_be_disabled_from_here(login, admin_user, staff):
    grant(staff, ProviderFactory(), Role.STAFF)
    html = (
        login(admin_user).post(reverse("accounts:user_disable", args=[staff.pk])).content.decode()
    )
    assert "also used at another organisation" in html
    staff.refresh_from_db()
    assert staff.is_active


def test_resend_invitation(login, admin_user, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(admin_user).post(reverse("accounts:user_invite", args=[staff.pk]))
    assert response.status_code == 302
    assert mail.outbox[-1].to == [staff.email]
