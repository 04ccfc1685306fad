"""Key journey in a real browser: the principal judges the last item of the year's
self-assessment on a desktop, moves to action planning and plans an action that lands in the
risk action plan without re-keying; a governor reads the governors' dashboard on a phone."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.compliance.framework import ITEMS
from preventhub.compliance.services import assessment_start, item_judge
from preventhub.risk.models import RiskAction
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


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_principal_plans_an_action_from_the_self_assessment(live_server, provider):
    principal = UserFactory(username="principal", first_name="Helen", last_name="Okafor")
    grant(principal, provider, Role.SENIOR_LEADER, Role.STAFF)
    add_totp(principal)
    governor = grant(UserFactory(username="chair"), provider, Role.GOVERNOR)
    year = assessment_start(actor=principal, provider=provider).assessment
    for item in ITEMS[1:]:
        item_judge(
            actor=principal,
            assessment=year,
            item=item.key,
            judgement="good",
            impact="Seen working.",
        )

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, principal)
        page.goto(f"{live_server.url}/compliance/")
        page.click("a:has-text('Yearly self-assessment')")
        page.click("button:has-text('Continue this year')")
        page.click("#named_lead a:has-text('Judge')")
        assert "No designated safeguarding lead is named." in page.inner_text("main")
        page.check("input[name=judgement][value=inadequate]")
        page.fill("textarea[name=impact]", "Nobody covers the lead's absence.")
        page.fill("textarea[name=improvement]", "Appoint and train a deputy safeguarding lead")
        page.click("button:has-text('Save the judgement')")
        assert "is saved" in page.inner_text(".govuk-notification-banner")
        page.click("button:has-text('Continue to action planning')")
        page.click("#named_lead a:has-text('Plan an action')")
        assert (
            page.input_value("input[name=title]") == "Appoint and train a deputy safeguarding lead"
        )
        page.select_option("select[name=likelihood]", "4")
        page.select_option("select[name=impact]", "4")
        screenshot(page, "compliance-plan-desktop")
        page.click("button:has-text('Add to the action plan')")
        assert "added to the risk assessment" in page.inner_text(".govuk-notification-banner")
        screenshot(page, "compliance-year-desktop")
    action = RiskAction.objects.for_provider(provider).get()
    assert action.title == "Appoint and train a deputy safeguarding lead"
    assert action.risk.area == "leadership"

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, governor)
        page.goto(f"{live_server.url}/compliance/dashboards/governors/")
        assert "Concerns raised each term" in page.inner_text("main")
        _fits(page)
        screenshot(page, "compliance-governors-phone")
