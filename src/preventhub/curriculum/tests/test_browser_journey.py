"""Key journey in a real browser: a teacher logs a tutorial on a phone; the curriculum lead
opens a survey and makes links on a desktop; a learner answers on a phone without signing in,
and a second answer with the same link changes nothing."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.curriculum.models import Activity, SurveyResponse
from preventhub.curriculum.tests.helpers import COURSE, GROUP, enrol, make_survey
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


def test_a_tutorial_is_logged_and_a_learner_answers_a_survey_once(live_server, provider):
    teacher = grant(UserFactory(username="teacher"), provider, Role.STAFF)
    lead = grant(UserFactory(username="lead"), provider, Role.CURRICULUM_LEAD, Role.STAFF)
    enrol(provider, 3)
    enrol(provider, 2, group="HSC3A2")

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, teacher)
        page.goto(f"{live_server.url}/")
        page.click("a:has-text('Log an activity')")
        page.check("input[name=kind][value=tutorial]")
        page.fill("input[name=title]", "Spotting fake news")
        page.select_option("select[name=course]", COURSE)
        page.click("button:has-text('Show the course’s groups')")
        page.check(f"input[name=groups][value={GROUP}]")
        page.check("input[name=values][value=democracy]")
        page.check("input[name=topics][value=critical_media]")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "curriculum-log-phone")
        page.click("button.govuk-button:has-text('Log the activity')")
        assert "is in the activity log" in page.inner_text(".govuk-notification-banner")
    activity = Activity.objects.for_provider(provider).get()
    assert list(activity.groups.values_list("group_name", flat=True)) == [GROUP]

    survey = make_survey(provider, lead)
    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/curriculum/")
        assert "Covered (1)" in page.inner_text("table.ph-coverage")
        page.goto(f"{live_server.url}/curriculum/surveys/{survey.pk}/links/")
        page.fill("input[name=count]", "2")
        page.click("button:has-text('Make anonymous links')")
        # locator.all() does not wait: wait for the new page's slips first.
        page.locator(".ph-slip__code").nth(1).wait_for()
        codes = [c.inner_text() for c in page.locator(".ph-slip__code").all()]
        screenshot(page, "curriculum-links-desktop")
    assert len(codes) == 2

    with browser_page(PHONE) as page:
        page.goto(f"{live_server.url}/curriculum/answer/")
        page.fill("input[name=code]", codes[0].lower().replace("-", " "))
        page.click("button:has-text('Continue')")
        page.locator("fieldset input[type=radio]").first.wait_for()
        for fieldset in page.locator("fieldset").all():
            fieldset.locator("input[type=radio]").first.check()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "curriculum-answer-phone")
        page.click("button:has-text('Send my answers')")
        assert "Thank you" in page.inner_text("h1")
        page.go_back()
        page.reload()
        assert "already answered" in page.inner_text("h1")
    assert SurveyResponse.objects.for_provider(provider).count() == 1
