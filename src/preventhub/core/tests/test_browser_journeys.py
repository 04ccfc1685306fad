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


def _signed_in_page(page, live_server, user):
    """Reuse a signed-in session (the 2FA journey itself is tested above)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_admin_imports_learners_after_fixing_the_errors_the_dry_run_lists(
    live_server, provider, tmp_path
):
    from preventhub.people.models import Person
    from preventhub.testing.factories import add_totp

    admin = UserFactory(username="mis-admin")
    grant(admin, provider, Role.ADMIN)
    add_totp(admin)
    bad = tmp_path / "learners-bad.csv"
    bad.write_text(
        "Learner Ref,Forename,Surname,DOB\nL1,Ada,Lovelace,10/12/2008\nL2,,Byron,31/02/2008\n"
    )
    good = tmp_path / "learners.csv"
    good.write_text(
        "Learner Ref,Forename,Surname,DOB\nL1,Ada,Lovelace,10/12/2008\nL2,George,Byron,28/02/2008\n"
    )
    with browser_page(DESKTOP) as page:
        _signed_in_page(page, live_server, admin)
        page.goto(f"{live_server.url}/people/import/")
        page.set_input_files("input[type=file]", str(bad))
        page.check("input[value=learner]")
        page.click("main button[type=submit]")
        body = page.inner_text("main")
        assert "First name is required" in body
        assert "'31/02/2008' is not a date" in body
        assert page.locator("button[name=import]").count() == 0, "no import while rows have errors"
        screenshot(page, "journey-import-errors-desktop")
        page.click("button[name=cancel]")
        page.set_input_files("input[type=file]", str(good))
        page.check("input[value=learner]")
        page.click("main button[type=submit]")
        page.click("button[name=import]")
        page.wait_for_url(f"{live_server.url}/people/")
        assert "2 people" in page.inner_text("main")
        screenshot(page, "journey-import-done-desktop")
    assert Person.objects.for_provider(provider).count() == 2


def test_on_a_phone_the_modules_fold_behind_menu_and_the_page_comes_first(live_server, provider):
    grant(UserFactory(username="teacher"), provider, Role.STAFF, Role.IT_MANAGER)
    with browser_page(PHONE) as page:
        _sign_in(page, live_server.url, "teacher")
        page.goto(f"{live_server.url}/")
        assert page.is_visible("a.ph-header__action:has-text('Raise a concern')")
        assert not page.is_visible("#ph-nav-list")
        page.click("button.ph-nav__toggle")
        assert page.get_attribute("button.ph-nav__toggle", "aria-expanded") == "true"
        assert page.is_visible("#ph-nav-list a:has-text('Home')")
    with browser_page(DESKTOP) as page:
        _sign_in(page, live_server.url, "teacher")
        page.goto(f"{live_server.url}/")
        assert not page.is_visible("button.ph-nav__toggle")
        assert page.is_visible("#ph-nav-list a:has-text('Home')")
