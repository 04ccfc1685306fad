"""Mandatory two-factor authentication for dsl, deputy_dsl, senior_leader and admin."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.accounts.tests.conftest import sign_in, totp_code, totp_secret_of

SETUP = "/accounts/2fa/totp/activate/"
WHY = "Your role gives you access to sensitive safeguarding records"


@pytest.fixture
def new_dsl(make_user, provider):
    return make_user(provider, Role.DSL, username="newdsl", totp=False)


@pytest.mark.parametrize("path", ["/", "/people/", "/account/", "/users/", "/audit/"])
def test_dsl_without_totp_is_sent_to_set_up_from_every_page(login, new_dsl, path):
    response = login(new_dsl).get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP


@pytest.mark.parametrize("role", [Role.DEPUTY_DSL, Role.SENIOR_LEADER, Role.ADMIN])
def test_every_two_factor_role_is_sent_to_set_up(make_user, provider, client_for, role):
    user = make_user(provider, role, totp=False)
    assert client_for(user).get("/")["Location"] == SETUP


def test_password_change_is_out_of_reach_until_2fa_is_set_up(login, new_dsl):
    assert login(new_dsl).get(reverse("account_change_password"))["Location"] == SETUP


def test_dsl_without_totp_can_reach_set_up_and_sign_out(client, new_dsl):
    sign_in(client, "newdsl")
    response = client.get(SETUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert WHY in html
    assert 'class="ph-nav"' not in html  # no module menu they cannot use yet
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_staff_member_is_not_asked_for_2fa(login, staff):
    client = login(staff)
    assert client.get("/").status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 200


def test_setting_up_totp_shows_recovery_codes_then_lets_the_dsl_in(client, new_dsl):
    sign_in(client, "newdsl")
    client.get(SETUP)
    secret = client.session["mfa.totp.secret"]
    response = client.post(SETUP, {"code": totp_code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response["Location"]).content.decode()
    assert "Save your recovery codes" in codes_page
    assert codes_page.count('class="ph-codes__code"') == 10
    assert 'href="/">I have saved my codes' in codes_page
    assert client.get("/").status_code == 200


def test_wrong_code_does_not_activate(client, new_dsl):
    sign_in(client, "newdsl")
    client.get(SETUP)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Authenticator.objects.filter(user=new_dsl).exists()


def test_setting_up_long_after_sign_in_asks_for_the_password_again(login, new_dsl):
    response = login(new_dsl).get(SETUP)  # force_login leaves no fresh sign-in record
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_totp_sign_in_goes_through_the_code_step(client, dsl):
    response = sign_in(client, "dsl")
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/")["Location"].startswith(reverse("account_login"))  # not in yet
    step = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Enter your security code" in step
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret_of(dsl))})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_totp_code_keeps_the_user_out(client, dsl):
    sign_in(client, "dsl")
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_a_recovery_code_works_instead_of_totp(client, dsl):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(dsl).generate_codes()[0]
    sign_in(client, "dsl")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get("/").status_code == 200


def test_dsl_cannot_switch_2fa_off(settings, client, dsl):
    settings.MFA_ADAPTER = "preventhub.accounts.adapters.MFAAdapter"
    sign_in(client, "dsl")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret_of(dsl))})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert "cannot be switched off" in response.content.decode()
    assert Authenticator.objects.filter(user=dsl, type=Authenticator.Type.TOTP).exists()


def test_2fa_pages_render_in_the_govuk_layout(client, dsl):
    sign_in(client, "dsl")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret_of(dsl))})
    index = client.get(reverse("mfa_index")).content.decode()
    assert "govuk-summary-list" in index
    assert "Switch off" not in index  # required for the role
    generate = client.get(reverse("mfa_generate_recovery_codes")).content.decode()
    assert "Make new recovery codes" in generate


def test_staff_can_switch_optional_2fa_off(client, make_user, provider):
    user = make_user(provider, Role.STAFF, username="keen", totp=True)
    sign_in(client, "keen")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret_of(user))})
    assert "Switch off" in client.get(reverse("mfa_index")).content.decode()


def test_anonymous_users_cannot_reach_2fa_set_up(db):
    assert Client().get(SETUP).status_code == 302


def test_invited_dsl_can_set_up_2fa_after_choosing_a_password(
    client, admin_user, provider, django_capture_on_commit_callbacks
):
    from django.core import mail

    from preventhub.accounts.services import user_create, user_invite

    new, _ = user_create(
        actor=admin_user,
        username="invited",
        email="invited@example.org",
        provider=provider,
        roles=[Role.DSL],
        invite=True,
    )
    request = client.get("/").wsgi_request
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(actor=admin_user, user=new, provider=provider, request=request)
    link = next(w for w in mail.outbox[-1].body.split() if "/password/reset/key/" in w)
    form_url = client.get(link[link.index("/accounts/") :])["Location"]
    chosen = "a perfectly long pass phrase 9"
    client.post(form_url, {"password1": chosen, "password2": chosen})
    sign_in(client, "invited", chosen)
    assert client.get("/")["Location"] == SETUP
    client.get(SETUP)
    response = client.post(SETUP, {"code": totp_code(client.session["mfa.totp.secret"])})
    assert response["Location"] == reverse("mfa_view_recovery_codes")


def test_a_reset_request_does_not_block_2fa_set_up_for_people_we_created(client, provider):
    from preventhub.accounts.services import user_create

    user_create(
        actor=None,
        username="forgetful",
        email="forgetful@example.org",
        provider=provider,
        roles=[Role.DSL],
        password="a perfectly long pass phrase 9",
    )
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    sign_in(client, "forgetful", "a perfectly long pass phrase 9")
    assert client.get(SETUP).status_code == 200
