"""The signed-in user's own account page, sessions and API tokens."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from preventhub.accounts.models import ApiToken
from preventhub.accounts.roles import Role
from preventhub.accounts.services import token_create
from preventhub.accounts.tests.conftest import sign_in
from preventhub.testing.factories import grant


def test_account_page_shows_roles_2fa_sessions_and_tokens(client, staff, provider, other_provider):
    grant(staff, other_provider, Role.GOVERNOR)
    token_create(actor=None, user=staff, name="MIS sync")
    sign_in(client, "staff")
    html = client.get(reverse("accounts:account")).content.decode()
    assert "Home College" in html
    assert "Other College" in html
    assert "Governor" in html
    assert "Off" in html  # 2FA
    assert "This device" in html  # the current session
    assert "MIS sync" in html


def test_user_revokes_their_own_token(login, staff):
    raw = token_create(actor=None, user=staff)
    token = ApiToken.objects.get(user=staff)
    client = login(staff)
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response["Location"] == reverse("accounts:account")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_nobody_revokes_someone_elses_token(login, staff, dsl):
    token_create(actor=None, user=dsl)
    token = ApiToken.objects.get(user=dsl)
    assert login(staff).post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_revoke_needs_post(login, staff):
    token_create(actor=None, user=staff)
    token = ApiToken.objects.get(user=staff)
    assert login(staff).get(reverse("accounts:token_revoke", args=[token.pk])).status_code == 405


def test_sessions_page_lists_sessions(client, staff):
    sign_in(client, "staff")
    html = client.get(reverse("usersessions_list")).content.decode()
    assert "Where you are signed in" in html
    assert "govuk-table" in html
