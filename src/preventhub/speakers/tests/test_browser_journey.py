"""Key journey in a real browser: a teacher requests an external speaker on a phone; the
speaker coordinator records the two minimum checks and approves with conditions on a desktop;
the central register shows the decision."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.speakers.models import EventRequest
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


def test_a_teacher_requests_a_speaker_on_a_phone_and_the_coordinator_approves_it(
    live_server, provider
):
    teacher = UserFactory(username="teacher", first_name="Tom", last_name="Bennett")
    grant(teacher, provider, Role.STAFF)
    coordinator = UserFactory(username="events", first_name="Fiona", last_name="MacLeod")
    grant(coordinator, provider, Role.SPEAKER_COORDINATOR, Role.STAFF)
    starts = timezone.localtime() + timedelta(days=40)

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, teacher)
        page.goto(f"{live_server.url}/")
        page.click("a:has-text('Request a speaker or event')")
        page.fill("input[name=title]", "Life as a war reporter")
        page.fill("textarea[name=topic]", "Reporting from conflict zones and checking sources.")
        page.fill("input[name=starts_at]", starts.strftime("%Y-%m-%dT13:30"))
        page.fill("input[name=ends_at]", starts.strftime("%Y-%m-%dT14:30"))
        page.fill("input[name=venue]", "Lecture theatre 1")
        page.check("input[name=audience][value=learners]")
        page.fill("input[name=expected_size]", "120")
        page.check("input[name=open_to_public][value=no]")
        page.check("input[name=recorded_or_streamed][value=yes]")
        page.fill("input[name='speakers-0-name']", "Sam Writer")
        page.fill("input[name='speakers-0-organisation']", "The Daily Example")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "speakers-request-phone")
        page.click("button:has-text('Send the request')")
        banner = page.inner_text(".govuk-notification-banner")
        assert "is sent" in banner
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "speakers-request-sent-phone")

    request = EventRequest.objects.for_provider(provider).get()
    assert request.organiser == teacher
    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, coordinator)
        page.goto(f"{live_server.url}/speakers/requests/")
        page.click(f"a:has-text('{request.reference}')")
        page.check("input[name=kind][value=internet_search]")
        page.check("input[name=outcome][value=clear]")
        page.fill("textarea[name=notes]", "Articles and social media read: nothing of concern.")
        page.click("button:has-text('Record the check')")
        assert "The check is recorded" in page.inner_text(".govuk-notification-banner")
        page.click("summary:has-text('Record a check')")
        page.check("input[name=kind][value=materials_review]")
        page.check("input[name=outcome][value=clear]")
        page.click("button:has-text('Record the check')")
        page.check("input[name=decision][value=approved_with_conditions]")
        page.check("input[name=risk_level][value=medium]")
        page.fill("textarea[name=risk_reasons]", "Graphic accounts of conflict; young audience.")
        page.check("input[name=conditions][value=staff_present]")
        page.check("input[name=conditions][value=recording]")
        page.fill("textarea[name=rationale]", "Valuable for media studies with staff present.")
        page.click("button:has-text('Record the decision')")
        assert "Approved with conditions" in page.inner_text("h1")
        screenshot(page, "speakers-decided-desktop")
        page.goto(f"{live_server.url}/speakers/register/")
        table = page.inner_text("main table")
        assert request.reference in table
        assert "Approved with conditions" in table
        screenshot(page, "speakers-register-desktop")
    request.refresh_from_db()
    assert request.status == "approved_with_conditions"
    assert request.checks.count() == 2
