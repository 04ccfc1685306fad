"""Every allauth page we use renders inside PreventHub's GOV.UK layout."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from preventhub.accounts.tests.conftest import sign_in, totp_code, totp_secret_of

ANONYMOUS_PAGES = [
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_signup",
]
SIGNED_IN_PAGES = [
    "account_logout",
    "account_change_password",
    "account_reauthenticate",
    "mfa_index",
    "mfa_reauthenticate",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "usersessions_list",
    "accounts:account",
]


def _is_govuk_page(response) -> bool:
    html = response.content.decode()
    return response.status_code == 200 and "ph-header" in html and "govuk-heading-l" in html


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages(client, db, name):
    assert _is_govuk_page(client.get(reverse(name)))


@pytest.fixture
def signed_in_dsl(client, dsl):
    sign_in(client, "dsl")
    client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret_of(dsl))})
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(dsl)
    return client


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages(signed_in_dsl, name):
    assert _is_govuk_page(signed_in_dsl.get(reverse(name)))


def test_invalid_reset_link_says_so(client, db):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "nope"})
    html = client.get(url).content.decode()
    assert "This link does not work any more" in html


def test_sso_buttons_appear_only_when_a_provider_is_configured(settings, db):
    assert "Sign in with" not in Client().get(reverse("account_login")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "m365",
                    "name": "Microsoft 365",
                    "client_id": "client",
                    "secret": "secret",
                    "settings": {"server_url": "https://login.example.org/"},
                }
            ]
        }
    }
    html = Client().get(reverse("account_login")).content.decode()
    assert "Sign in with Microsoft 365" in html
    assert "govuk-button--secondary" in html


def test_pages_carry_no_inline_script_or_style(signed_in_dsl):
    for name in SIGNED_IN_PAGES:
        html = signed_in_dsl.get(reverse(name)).content.decode()
        assert "<script>" not in html, name
        assert "style=" not in html, name


def test_sso_confirmation_page_uses_the_govuk_layout(settings, db):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "m365",
                    "name": "Microsoft 365",
                    "client_id": "client",
                    "secret": "secret",
                    "settings": {"server_url": "https://login.example.org/"},
                }
            ]
        }
    }
    response = Client().get("/accounts/oidc/m365/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Microsoft 365" in html
    assert 'class="govuk-button"' in html
