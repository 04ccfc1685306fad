"""Key journey in a real browser: a teacher booked on a workshop answers the "before"
questionnaire on a phone from their home page (first forgetting a rating); after the session the
training lead records who attended on a desktop, and the teacher's training is in date."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot
from preventhub.testing.factories import UserFactory, grant
from preventhub.training.models import QuestionnaireResponse, TrainingRecord
from preventhub.training.records import session_book
from preventhub.training.tests.helpers import days_ago, make_session, staff_member

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


def test_a_teacher_answers_on_a_phone_and_the_lead_records_attendance(live_server, provider):
    teacher = UserFactory(username="teacher", first_name="Tom", last_name="Bennett")
    grant(teacher, provider, Role.STAFF)
    person = staff_member(
        provider,
        user=teacher,
        first_name="Tom",
        last_name="Bennett",
        preferred_name="",
        job_category="teaching",
    )
    lead = UserFactory(username="cpd", first_name="Marcus", last_name="Reid")
    grant(lead, provider, Role.TRAINING_LEAD, Role.STAFF)
    session = make_session(provider, on=days_ago(0))
    session_book(actor=None, session=session, people=[person], today=days_ago(1))

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, teacher)
        page.goto(f"{live_server.url}/")
        assert "Training questionnaires to answer" in page.inner_text("main")
        page.click("a:has-text('before the session')")
        for value, name in (("2", "recognise"), ("3", "refer")):
            page.check(f"input[name={name}][value='{value}']")
        for radio in page.query_selector_all("input[type=radio][name^=q_][value='0']"):
            radio.check()
        page.click("button:has-text('Send your answers')")
        assert "I feel able to discuss controversial issues" in page.inner_text(
            ".govuk-error-summary"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "training-questionnaire-phone")
        page.check("input[name=discuss][value='4']")
        page.click("button:has-text('Send your answers')")
        assert "your answers are saved" in page.inner_text(".govuk-notification-banner")
    assert QuestionnaireResponse.objects.for_provider(provider).get().discuss == 4

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, lead)
        page.goto(f"{live_server.url}/training/sessions/")
        page.click(f"a[href='/training/sessions/{session.pk}/']")
        page.click("a:has-text('Record who attended')")
        assert page.is_checked(f"input[name=people][value='{person.pk}']")
        page.click("button:has-text('Save attendance')")
        assert "1 attended, 0 did not" in page.inner_text(".govuk-notification-banner")
        screenshot(page, "training-session-desktop")
        page.click("a:has-text('Tom Bennett')")
        assert "Attendance at a session" in page.inner_text("main")
    record = TrainingRecord.objects.for_provider(provider).get()
    assert (record.person_id, record.session_id) == (person.pk, session.pk)
