"""Key journey in a real browser: the safeguarding lead adds a risk and an action on a desktop and
sees it on the heat map; the action's owner records its impact on a phone."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.risk.models import Risk, RiskAction
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot
from preventhub.testing.factories import UserFactory, add_totp, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _signed_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_the_lead_adds_a_risk_and_the_owner_records_its_impact(live_server, provider):
    lead = UserFactory(username="lead", first_name="Amira", last_name="Shah")
    grant(lead, provider, Role.DSL, Role.STAFF)
    add_totp(lead)
    caretaker = UserFactory(username="caretaker", first_name="Dariusz", last_name="Nowak")
    grant(caretaker, provider, Role.ESTATES, Role.STAFF)

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/risk/")
        page.click("a:has-text('Add a risk in this area: Premises')")
        page.fill("input[name=title]", "Prayer room unsupervised after 5pm")
        page.fill(
            "textarea[name=description]",
            "The multi-faith room at Riverside is open until 9pm and nobody checks who uses it "
            "after 5pm; leaflets were left there in January.",
        )
        page.select_option("select[name=likelihood]", "4")
        page.select_option("select[name=impact]", "4")
        page.click("main button[type=submit]")
        assert "Now add the actions" in page.inner_text("main")
        page.click("main a.govuk-button:has-text('Add an action')")
        page.fill("input[name=title]", "Sign-in sheet and a check at 5.30pm")
        page.select_option("select[name=owner]", label="Dariusz Nowak")
        page.fill("textarea[name=impact_measure]", "Every evening checked in the weekly log.")
        page.click("main button[type=submit]")
        assert "Sign-in sheet and a check at 5.30pm" in page.inner_text("main")
        page.goto(f"{live_server.url}/risk/#heat-maps")
        cell = page.locator("#heat-inherent a:has-text('1')")
        assert "Very high" not in cell.inner_text()  # 4 × 4 = 16: high
        assert "High" in page.locator("#heat-inherent td:has(a)").inner_text()
        screenshot(page, "journey-risk-assessment-desktop")

    action = RiskAction.objects.for_provider(provider).get()
    with browser_page(PHONE) as page:
        _signed_in(page, live_server, caretaker)
        page.goto(f"{live_server.url}/")
        page.click("a:has-text('Your actions')")
        page.click(f"a:has-text('{action.title}')")
        page.check("input[name=status][value=done]")
        page.click("main button[type=submit]")
        assert "evidence of its impact" in page.inner_text(".govuk-error-summary")
        page.check("input[name=status][value=done]")
        page.fill("textarea[name=evidence]", "Log kept every evening since March; nothing found.")
        page.click("main button[type=submit]")
        assert "Progress is saved." in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "journey-risk-action-done-phone")

    action.refresh_from_db()
    assert action.status == "done"
    assert Risk.objects.for_provider(provider).get().inherent_score == 16
