"""Key journeys in a real browser (headless Chromium), at desktop and phone widths."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot, totp_now
from preventhub.testing.factories import TEST_PASSWORD, UserFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Playwright's sync API runs an event loop in this thread; the live server's DB access is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")


def test_dsl_must_set_up_two_factor_before_anything_else(live_server, provider):
    user = UserFactory(username="lead", first_name="Dana", last_name="Lead")
    grant(user, provider, Role.DSL, Role.STAFF)
    with browser_page(DESKTOP) as page:
        _sign_in(page, live_server.url, "lead")
        assert "/accounts/2fa/totp/activate" in page.url
        page.goto(f"{live_server.url}/account/")
        assert "/accounts/2fa/totp/activate" in page.url, "2FA set-up must come before any page"
        screenshot(page, "journey-2fa-setup-desktop")
        page.click("summary:has-text('I cannot scan the QR code')")
        secret = page.inner_text("#totp-secret")
        page.fill("input[autocomplete=one-time-code]", totp_now(secret))
        page.click("main form button[type=submit]")
        page.goto(f"{live_server.url}/")
        assert page.locator("h1").inner_text() == provider.name
        assert "Dana Lead" in page.inner_text("main")
        screenshot(page, "journey-2fa-done-home-desktop")


def test_staff_on_a_phone_sees_who_their_safeguarding_lead_is(live_server, provider):
    lead = UserFactory(first_name="Priya", last_name="Shah")
    grant(lead, provider, Role.DSL)
    staff = UserFactory(username="teacher")
    grant(staff, provider, Role.STAFF)
    with browser_page(PHONE) as page:
        _sign_in(page, live_server.url, "teacher")
        page.wait_for_url(f"{live_server.url}/")
        main = page.inner_text("main")
        assert "Priya Shah" in main
        assert "call 999" in main
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "journey-staff-home-phone")


def test_wrong_password_shows_an_error_summary(live_server, provider):
    with browser_page(PHONE) as page:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", "nobody")
        page.fill("#id_password", "not-the-password")
        page.click("button[type=submit]:has-text('Sign in')")
        assert page.locator(".govuk-error-summary").is_visible()
        screenshot(page, "journey-login-error-phone")
