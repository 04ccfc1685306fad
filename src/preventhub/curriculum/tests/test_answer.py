"""Answering through a link, as a learner does: no sign-in, CSRF still checked, nothing personal
kept, one answer per link, and a clear page (never a 500) for a wrong, expired, closed or
used link or an answer off the scale."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.curriculum.models import Survey, SurveyAnswer, SurveyResponse, SurveyToken
from preventhub.curriculum.surveys import (
    LinkError,
    answer_submit,
    links_for_learners,
    survey_close,
    survey_questions,
)
from preventhub.curriculum.tests.helpers import COURSE, codes, enrol, make_survey
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db


def url(code: str) -> str:
    return reverse("curriculum:answer", args=[code])


def answers(survey: Survey, value: Any = "4") -> dict[str, Any]:
    return {f"q_{q.pk}": value for q in survey_questions(survey)}


def responses(provider: Any) -> Any:
    return SurveyResponse.objects.for_provider(provider)


def test_a_learner_answers_without_signing_in(provider, curriculum_lead):
    site = SiteFactory(provider=provider)
    enrol(provider, 1, site=site)
    survey = make_survey(provider, curriculum_lead)
    code = links_for_learners(actor=curriculum_lead, survey=survey).links[0].code
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    page = client.get(url(code))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")  # never cached: the link is a secret
    body = page.content.decode()
    assert "I feel safe" in body or "I know" in body
    assert "name" not in set(page.context["form"].fields)
    token = page.cookies["csrftoken"].value
    sent = client.post(url(code), {**answers(survey, "5"), "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    assert sent["Location"] == reverse("curriculum:answer_thanks")
    response = responses(provider).get()
    assert (response.course, response.site, response.answered_on) == (
        COURSE, site, timezone.localdate(),
    )  # fmt: skip
    # No time of day that could be matched with a web server's log of who opened the link.
    assert {"created_at", "updated_at"}.isdisjoint(f.name for f in response._meta.get_fields())
    assert set(SurveyAnswer.objects.for_provider(provider).values_list("value", flat=True)) == {5}
    row = AuditEvent.objects.get(action="answer")
    assert (row.actor_id, row.ip, row.object_id) == (None, None, str(survey.pk))
    assert SurveyToken.objects.for_provider(provider).get().used


def test_csrf_is_still_checked(provider):
    survey = make_survey(provider)
    code = codes(survey)[0]
    client = Client(enforce_csrf_checks=True)
    assert client.post(url(code), answers(survey)).status_code == 403
    assert not responses(provider).exists()


def test_a_second_answer_with_the_same_link_changes_nothing(provider, client):
    survey = make_survey(provider)
    code = codes(survey)[0]
    client.post(url(code), answers(survey, "5"))
    again = client.post(url(code), answers(survey, "1"))
    assert again.status_code == 409
    assert "You have already answered this survey" in again.content.decode()
    assert responses(provider).count() == 1
    assert set(SurveyAnswer.objects.for_provider(provider).values_list("value", flat=True)) == {5}
    assert client.get(url(code)).status_code == 409


@pytest.mark.parametrize("value", ["7", "0", "-1", "four", "4.5", ""])
def test_an_answer_off_the_scale_is_refused(provider, client, value):
    survey = make_survey(provider)
    code = codes(survey)[0]
    data = answers(survey)
    first = next(iter(data))
    data[first] = value
    response = client.post(url(code), data)
    assert response.status_code == 200
    assert first in response.context["form"].errors
    text = response.content.decode()
    assert "There is a problem" in text
    assert not responses(provider).exists()
    assert not SurveyToken.objects.for_provider(provider).get().used


def test_the_service_refuses_answers_off_the_scale_and_for_other_questions(provider):
    survey = make_survey(provider)
    code = codes(survey)[0]
    items = survey_questions(survey)
    good = {str(q.pk): 3 for q in items}
    for bad, message in (
        ({**good, str(items[0].pk): 6}, "Choose one of the five answers"),
        ({**good, str(items[0].pk): True}, "Choose an answer"),
        (dict(list(good.items())[1:]), "Choose an answer"),
        ({**good, "00000000-0000-0000-0000-000000000000": 3}, "does not ask"),
    ):
        with pytest.raises(ValidationError, match=message):
            answer_submit(code=code, answers=bad)
    assert not responses(provider).exists()


@pytest.mark.parametrize("code", ["ABCD-EFGH-JKMN", "nonsense", "A" * 300, "ABCDEFGHJKM0"])
def test_an_unknown_link_is_a_clear_404(client, code, db):
    response = client.get(url(code))
    assert response.status_code == 404
    assert "Survey link not recognised" in response.content.decode()
    assert client.post(url(code), {"q_x": "4"}).status_code == 404


def test_links_expire_with_the_close_date(provider, client):
    survey = make_survey(provider)
    code = codes(survey)[0]
    Survey.objects.for_provider(provider).filter(pk=survey.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    response = client.get(url(code))
    assert response.status_code == 410
    assert "This survey has closed" in response.content.decode()
    assert client.post(url(code), answers(survey)).status_code == 410
    with pytest.raises(LinkError) as problem:
        answer_submit(code=code, answers={})
    assert problem.value.reason == "closed"
    assert not responses(provider).exists()


def test_a_survey_closed_early_refuses_answers(provider, client, curriculum_lead):
    survey = make_survey(provider, curriculum_lead)
    code = codes(survey)[0]
    survey_close(actor=curriculum_lead, survey=survey)
    assert client.post(url(code), answers(survey)).status_code == 410


def test_a_draft_is_not_open_yet(provider, client):
    survey = make_survey(provider, opened=False)
    code = codes(survey)[0]
    response = client.get(url(code))
    assert response.status_code == 409
    assert "not open yet" in response.content.decode()


def test_the_code_page(client, provider):
    survey = make_survey(provider)
    code = codes(survey)[0]
    typed = f"{code[:4].lower()} {code[4:8]}-{code[8:]}"
    response = client.get(reverse("curriculum:answer_start"), {"code": typed})
    assert response["Location"] == url(code)
    bad = client.get(reverse("curriculum:answer_start"), {"code": "1234"})
    assert "That is not a survey code" in bad.content.decode()
    empty = client.get(reverse("curriculum:answer_start"), {"code": ""})
    assert "Enter your survey code." in empty.content.decode()


def test_a_signed_in_learner_answers_anonymously_too(provider, learner_user, login):
    survey = make_survey(provider)
    code = codes(survey)[0]
    login(learner_user).post(url(code), answers(survey))
    row = AuditEvent.objects.get(action="answer")
    assert row.actor_id is None
    assert responses(provider).count() == 1
