"""Signing in: username or email, no hint whether an account exists, throttling, hashing."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from preventhub.accounts.adapters import WRONG_CREDENTIALS, lockout_message
from preventhub.accounts.roles import Role
from preventhub.accounts.services import user_set_active
from preventhub.accounts.tests.conftest import normalised, sign_in
from preventhub.testing.factories import TEST_PASSWORD

LIMIT = 5  # settings.ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 15 minutes per username


def test_base_settings_hash_passwords_with_argon2_first():
    from preventhub.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_rate_limit_setting_is_what_these_tests_assume():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"].startswith(f"{LIMIT}/15m/key")


@pytest.mark.parametrize("login", ["staff", "staff@example.org", "STAFF@EXAMPLE.ORG"])
def test_staff_can_sign_in_with_username_or_email(client, staff, login):
    response = sign_in(client, login)
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_sign_in_page_uses_the_govuk_layout(client, db):
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-input' in html
    assert "govuk-password-input" in html
    assert "ph-header" in html
    assert "Sign in with" not in html  # no SSO providers configured


def test_wrong_password_shows_an_error_summary(client, staff):
    html = sign_in(client, "staff", "not-the-password").content.decode()
    assert "govuk-error-summary" in html
    assert WRONG_CREDENTIALS in html
    assert "<title>Error: " in html


@pytest.mark.parametrize("typed", ["casey", "casey@example.org"])
def test_unknown_and_known_accounts_get_the_identical_response(client, make_user, provider, typed):
    unknown = sign_in(client, typed, "wrong-password-1")
    make_user(provider, Role.STAFF, username="casey", email="casey@example.org")
    known = sign_in(Client(), typed, "wrong-password-1")
    assert unknown.status_code == known.status_code == 200
    assert normalised(unknown.content.decode()) == normalised(known.content.decode())


def test_username_and_email_mistakes_read_the_same(client, staff):
    by_name = sign_in(client, "staff", "nope-nope-nope")
    by_email = sign_in(client, "staff@example.org", "nope-nope-nope")
    assert normalised(by_name.content.decode(), "staff@example.org", "staff") == normalised(
        by_email.content.decode(), "staff@example.org", "staff"
    )


@pytest.mark.parametrize("username", ["staff", "no-such-person"])
def test_too_many_failures_throttle_known_and_unknown_usernames_alike(client, staff, username):
    for _ in range(LIMIT):
        assert WRONG_CREDENTIALS in sign_in(client, username, "wrong-password-1").content.decode()
    response = sign_in(client, username, TEST_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200
    assert lockout_message() in html
    assert "15 minutes" in html
    assert not response.wsgi_request.user.is_authenticated


def test_lockout_response_is_identical_for_known_and_unknown(staff):
    pages = []
    for username in ("staff", "nobody-at-all"):
        client = Client()
        for _ in range(LIMIT):
            sign_in(client, username, "wrong-password-1")
        pages.append(normalised(sign_in(client, username, "x" * 12).content.decode(), username))
    assert pages[0] == pages[1]


def test_lockout_of_one_username_leaves_others_alone(client, staff, make_user, provider):
    make_user(provider, Role.STAFF, username="other")
    for _ in range(LIMIT + 1):
        sign_in(client, "staff", "wrong-password-1")
    assert sign_in(client, "other").status_code == 302


def test_disabled_account_cannot_sign_in(client, staff):
    user_set_active(actor=None, user=staff, active=False)
    response = sign_in(client, "staff")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert "Your account is disabled" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_self_service_sign_up_is_closed(client, db):
    html = client.get(reverse("account_signup")).content.decode()
    assert "closed" in html.lower()
    assert 'class="govuk-heading-l"' in html  # allauth's own page, through our elements
