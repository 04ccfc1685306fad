"""Key journey in a real browser: a member of staff raises a concern on a phone, and the
designated safeguarding lead triages it on a desktop."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.concerns.models import Concern
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


def test_staff_raise_a_concern_on_a_phone_and_the_dsl_triages_it(live_server, provider):
    lead = UserFactory(username="lead", first_name="Priya", last_name="Shah")
    grant(lead, provider, Role.DSL)
    add_totp(lead)
    teacher = UserFactory(username="teacher")
    grant(teacher, provider, Role.STAFF)

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, teacher)
        page.goto(f"{live_server.url}/")
        page.click(".ph-header__action:has-text('Raise a concern')")
        page.check("#danger-yes")
        page.click("main button[type=submit]")
        assert page.locator(".ph-call-999").is_visible()
        call_999 = page.locator(".ph-call-999").bounding_box()
        form_top = page.locator("textarea[name=description]").bounding_box()
        assert call_999["y"] < form_top["y"], "call 999 comes before the form"
        screenshot(page, "journey-raise-999-phone")
        page.check("input[name=subject_type][value=learner]")
        page.fill("input[name=subject_name]", "Kim Lee")
        page.fill("textarea[name=description]", "Said an attack on the mosque was deserved.")
        page.fill("input[name=location]", "Workshop 3")
        page.check("input[name=category][value=prevent]")
        page.select_option("select[name=ideology]", "extreme_right_wing")
        page.click("summary:has-text('Signs you noticed')")
        page.check("input[name=indicators][value=extremist_language]")
        page.click("main button[type=submit]:has-text('Send')")
        panel = page.inner_text(".govuk-panel")
        assert "Concern sent" in panel
        assert "Priya Shah" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "journey-raise-sent-phone")

    concern = Concern.objects.for_provider(provider).get()
    assert concern.immediate_risk
    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/concerns/")
        page.click(f"a:has-text('{concern.reference}')")
        assert "Said an attack on the mosque was deserved." in page.inner_text("main")
        page.click("button:has-text('Acknowledge')")
        page.check("input[name=decision][value=police_prevent]")
        page.fill("textarea[name=rationale]", "Specific threat to a place of worship.")
        page.fill("input[name=informed]", "Police Prevent officer by phone")
        page.click("button:has-text('Record decision')")
        chronology = page.inner_text(".ph-chronology")
        assert "Refer to police Prevent" in chronology
        assert "Specific threat to a place of worship." in chronology
        screenshot(page, "journey-triage-decision-desktop")
    concern.refresh_from_db()
    assert (concern.status, concern.latest_decision) == ("open", "police_prevent")
