"""Key journey in a real browser: a learner asks, on a phone, for a history archive to be
unblocked; the IT manager approves it for two weeks on a desktop; the learner sees the decision
and the approval is in the decision log."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.filtering.models import Decision, UnblockRequest
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot
from preventhub.testing.factories import UserFactory, grant

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


def test_a_learner_asks_for_a_site_and_the_it_manager_approves_it(live_server, provider):
    learner = grant(UserFactory(first_name="Jordan", last_name="Clarke"), provider, Role.LEARNER)
    it = grant(UserFactory(first_name="Priya", last_name="Patel"), provider, Role.IT_MANAGER)

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, learner)
        page.goto(f"{live_server.url}/")
        page.click("a:has-text('Ask for a site to be unblocked')")
        page.fill("input[name=url]", "https://history-archive.example/propaganda-1933")
        page.check("input[name=subject][value=history]")
        page.fill("textarea[name=reason]", "My A-level coursework is on propaganda in the 1930s.")
        _fits(page)
        screenshot(page, "filtering-request-phone")
        page.click("button:has-text('Send the request')")
        assert "Your request for history-archive.example is sent" in page.inner_text(
            ".govuk-notification-banner"
        )
        _fits(page)
    request = UnblockRequest.objects.for_provider(provider).get()

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, it)
        page.goto(f"{live_server.url}/")
        page.click("a:has-text('unblock request waiting for a decision')")
        assert "Jordan Clarke" in page.inner_text("#request-results")
        page.click("a:has-text('Decide')")
        assert "propaganda in the 1930s" in page.inner_text("main")
        page.check("input[name=decision][value=approve]")
        page.check("input[name=scope][value=domain]")
        until = timezone.localdate() + timedelta(days=14)
        page.fill("input[name=until]", until.isoformat())
        page.fill("textarea[name=reason]", "Reputable archive; needed for the coursework.")
        screenshot(page, "filtering-decide-desktop")
        page.click("button:has-text('Save the decision')")
        assert "The request is approved" in page.inner_text(".govuk-notification-banner")
        page.click("a:has-text('The unblock in the decision log')")
        assert "history-archive.example" in page.inner_text("h1")
        screenshot(page, "filtering-decision-log-desktop")
    logged = Decision.objects.for_provider(provider).get()
    assert (logged.decision, logged.until) == ("unblock_period", until)

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, learner)
        page.goto(f"{live_server.url}/filtering/requests/{request.pk}/")
        text = page.inner_text("main")
        assert "Approved until" in text
        assert "Reputable archive" in text
        _fits(page)
        screenshot(page, "filtering-approved-phone")
