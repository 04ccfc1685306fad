"""Key journey in a real browser: the designated safeguarding lead opens a critical alert on a
phone, links the log-in to the learner, and raises a concern without re-keying; on a desktop
another alert is acknowledged with a note."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.concerns.models import Concern
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import Alert
from preventhub.online_safety.tests.factories_triage import make_alert, make_identity
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot
from preventhub.testing.factories import PersonFactory, UserFactory, add_totp, grant

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


def test_the_lead_triages_an_alert_and_raises_a_concern(live_server, provider):
    lead = UserFactory(username="lead", first_name="Amira", last_name="Shah")
    grant(lead, provider, Role.DSL, Role.STAFF)
    add_totp(lead)
    PersonFactory(provider=provider, first_name="Jordan", last_name="Example", mis_id="L1001")
    critical = make_alert(
        provider,
        make_identity(provider, username="jexample"),
        hits=3,
        severity=Severity.CRITICAL,
        is_filter_failure=True,
    )
    other = make_alert(provider, hits=2)

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/online-safety/alerts/")
        page.locator(f"a[href$='{critical.pk}/']").click()
        assert "Filter failure" in page.inner_text("main")
        _fits(page)
        screenshot(page, "online-safety-alert-phone")
        page.click("a:has-text('Link to a person')")
        page.fill("input[name=q]", "jordan")
        page.click("button:has-text('Search')")
        page.check("input[name=person]")
        page.click("button:has-text('Link the log-in to this person')")
        assert "is linked to Jordan Example" in page.inner_text(".govuk-notification-banner")
        page.click("a[href$='/raise-concern/']")
        assert "3 hits" in page.input_value("textarea[name=description]")
        page.check("input[name=category][value=prevent]")
        _fits(page)
        screenshot(page, "online-safety-raise-concern-phone")
        page.click("button:has-text('Raise the concern')")
        concern = Concern.objects.for_provider(provider).get()
        assert f"Concern {concern.reference} is raised" in page.inner_text(
            ".govuk-notification-banner"
        )
        assert concern.subject_person.last_name == "Example"
        _fits(page)

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/online-safety/alerts/{other.pk}/")
        page.fill("textarea[name=note]", "Spoke to the learner's tutor.")
        page.click("button:has-text('Acknowledge the alert')")
        assert "The alert is acknowledged." in page.inner_text(".govuk-notification-banner")
        screenshot(page, "online-safety-acknowledged-desktop")
    statuses = dict(Alert.objects.for_provider(provider).values_list("pk", "status"))
    assert statuses == {critical.pk: AlertStatus.CONCERN_RAISED, other.pk: AlertStatus.ACKNOWLEDGED}
