"""Key journey in a real browser: a member of staff books the faith room on a phone; estates
record a monitoring visit that found segregation imposed on others, on a phone, and raise a
concern from the observation; the safeguarding lead opens it from the visit on a desktop."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.concerns.models import Concern
from preventhub.premises.models import Booking
from preventhub.premises.tests.helpers import make_room
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


def test_a_visit_that_finds_segregation_becomes_a_concern_without_re_keying(live_server, provider):
    teacher = grant(UserFactory(username="teacher", first_name="Tom"), provider, Role.STAFF)
    estates = UserFactory(username="estates", first_name="Dariusz", last_name="Nowak")
    grant(estates, provider, Role.ESTATES, Role.STAFF)
    lead = UserFactory(username="lead", first_name="Amira", last_name="Shah")
    grant(lead, provider, Role.DSL, Role.STAFF)
    add_totp(lead)
    room = make_room(provider, estates)
    when = timezone.localtime() + timedelta(days=3)

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, teacher)
        page.goto(f"{live_server.url}/premises/")
        page.click("a:has-text('Multi-faith room')")
        page.click("a:has-text('Book this room')")
        page.fill("input[name=group_name]", "Christian Union")
        page.select_option("select[name=faith_group]", "christian")
        page.fill("input[name=starts_at]", when.strftime("%Y-%m-%dT12:30"))
        page.fill("input[name=ends_at]", when.strftime("%Y-%m-%dT13:15"))
        page.fill("input[name=expected_number]", "12")
        page.check("input[name=policy_acknowledged]")
        _fits(page)
        page.click("button:has-text('Save')")
        assert "Christian Union is booked." in page.inner_text(".govuk-notification-banner")
        _fits(page)
        screenshot(page, "premises-booked-phone")
    assert Booking.objects.for_provider(provider).get().recorded_by == teacher

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, estates)
        page.goto(f"{live_server.url}/premises/rota/")
        page.click("a:has-text('Record a visit')")
        page.fill("input[name=people_present]", "18")
        page.fill("input[name=groups_present]", "Islamic Society")
        page.check("input[name=condition][value=good]")
        page.check("input[name=concerns][value=segregation]")
        page.fill("textarea[name=observations]", "Girls were told to sit behind a curtain.")
        _fits(page)
        page.click("button:has-text('Record the visit')")
        assert "It found concerns" in page.inner_text(".govuk-notification-banner")
        page.click("a:has-text('Raise a concern from this observation')")
        description = page.input_value("textarea[name=description]")
        assert "Girls were told to sit behind a curtain." in description
        page.check("input[name=category][value=prevent]")
        _fits(page)
        screenshot(page, "premises-raise-concern-phone")
        page.click("button:has-text('Send the concern')")
        banner = page.inner_text(".govuk-notification-banner")
        concern = Concern.objects.for_provider(provider).get()
        assert f"Concern {concern.reference} is raised" in banner
        assert page.locator(f"a:has-text('{concern.reference}')").count() == 0
        screenshot(page, "premises-concern-raised-phone")

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/premises/visits/")
        page.locator("#visit-results a").first.click()
        page.click(f"a:has-text('{concern.reference}')")
        assert "Girls were told to sit behind a curtain." in page.inner_text("main")
        assert room.name in page.inner_text("main")
        screenshot(page, "premises-concern-for-the-lead-desktop")
