"""Sessions end after idle and absolute time-outs, and at once when an account is disabled."""

from __future__ import annotations

import time

from django.contrib.sessions.models import Session
from django.urls import reverse

from preventhub.accounts.middleware import AUTH_AT, SEEN_AT
from preventhub.accounts.models import ApiToken
from preventhub.accounts.services import token_create, user_set_active
from preventhub.accounts.tests.conftest import sign_in


def _age_session(client, **ages: float) -> None:
    session = client.session
    now = time.time()
    for key, seconds in ages.items():
        session[key] = now - seconds
    session.save()


def test_idle_session_is_signed_out(settings, login, staff):
    client = login(staff)
    _age_session(client, **{SEEN_AT: settings.SESSION_IDLE_TIMEOUT + 5})
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_active_session_past_the_absolute_limit_is_signed_out(settings, login, staff):
    client = login(staff)
    _age_session(client, **{AUTH_AT: settings.SESSION_ABSOLUTE_TIMEOUT + 5, SEEN_AT: 1})
    assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_recent_activity_keeps_the_session(settings, login, staff):
    client = login(staff)
    _age_session(client, **{SEEN_AT: settings.SESSION_IDLE_TIMEOUT - 60})
    assert client.get("/").status_code == 200


def test_signed_out_message_is_shown_after_a_time_out(settings, login, staff):
    client = login(staff)
    _age_session(client, **{SEEN_AT: settings.SESSION_IDLE_TIMEOUT + 5})
    page = client.get("/", follow=True).content.decode()
    assert "You were signed out to protect the data" in page


def test_disabling_a_user_ends_their_session_and_tokens(client, staff, admin_user, provider):
    victim = client
    sign_in(victim, "staff")
    session_key = victim.session.session_key
    token_create(actor=None, user=staff)
    user_set_active(actor=admin_user, user=staff, active=False, provider=provider)
    assert not Session.objects.filter(session_key=session_key).exists()
    assert victim.get("/")["Location"].startswith(reverse("account_login"))
    assert not ApiToken.objects.filter(user=staff, revoked_at__isnull=True).exists()


def test_a_session_allauth_did_not_track_is_refused_too(client_for, staff, admin_user, provider):
    victim = client_for(staff)  # force_login: no UserSession row
    user_set_active(actor=admin_user, user=staff, active=False, provider=provider)
    assert victim.get("/")["Location"].startswith(reverse("account_login"))


def test_enabling_again_does_not_revive_tokens(staff, admin_user, provider):
    raw = token_create(actor=None, user=staff)
    user_set_active(actor=admin_user, user=staff, active=False, provider=provider)
    user_set_active(actor=admin_user, user=staff, active=True, provider=provider)
    assert ApiToken.objects.get(user=staff, hint=raw[:10]).revoked_at is not None
