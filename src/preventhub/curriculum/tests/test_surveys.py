"""Building learner-voice surveys: the question bank (defaults, own statements, wording fixed
once asked), drafts, opening and closing, and issuing one-time links that keep answers
anonymous (hashed, never paired with a learner, one per learner however often issued)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.core.errors import ConflictError
from preventhub.curriculum.choices import DEFAULT_QUESTIONS
from preventhub.curriculum.models import Survey, SurveyInvitation, SurveyToken
from preventhub.curriculum.surveys import (
    SurveyIn,
    hash_code,
    links_anonymous,
    links_for_learners,
    normalise_code,
    question_add,
    question_update,
    questions,
    questions_ensure_defaults,
    survey_close,
    survey_create,
    survey_open,
    survey_update,
)
from preventhub.curriculum.tests.helpers import COURSE, enrol, make_survey
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db


def test_the_bank_starts_with_the_issues_questions_once(provider, curriculum_lead, login):
    login(curriculum_lead).get(reverse("curriculum:questions"))
    login(curriculum_lead).get(reverse("curriculum:survey_new"))
    texts = set(questions(provider).values_list("text", flat=True))
    assert len(texts) == len(DEFAULT_QUESTIONS)
    assert "I know who to talk to if I am worried about someone." in texts
    assert "I feel safe online here." in texts
    assert "I understand what British values mean." in texts
    assert AuditEvent.objects.filter(object_type="curriculum.question").count() == 1


def test_own_statements_and_duplicates(provider, curriculum_lead, login):
    questions_ensure_defaults(actor=curriculum_lead, provider=provider)
    response = login(curriculum_lead).post(
        reverse("curriculum:questions"), {"text": "I feel safe here.", "theme": "safety"}
    )
    assert "The bank already has this statement." in response.content.decode()
    added = question_add(
        actor=curriculum_lead, provider=provider, text="  I trust   my tutor. ", theme="support"
    )
    assert added.text == "I trust my tutor."
    with pytest.raises(ConflictError):
        question_add(
            actor=curriculum_lead, provider=provider, text="i trust my tutor.", theme="voice"
        )
    with pytest.raises(ValidationError, match="Unknown theme: politics"):
        question_add(actor=curriculum_lead, provider=provider, text="Anything", theme="politics")


def test_a_statement_asked_cannot_be_reworded(provider, curriculum_lead):
    survey = make_survey(provider, curriculum_lead, count=1)
    asked = survey.items.get().question
    with pytest.raises(ValidationError, match="cannot change"):
        question_update(
            actor=curriculum_lead, question=asked, text="Something else.", theme=asked.theme
        )
    question_update(actor=curriculum_lead, question=asked, text=asked.text, theme="voice")
    asked.refresh_from_db()
    assert asked.theme == "voice"


def test_building_and_opening_a_survey_through_the_pages(provider, curriculum_lead, login):
    enrol(provider, 2)
    site = SiteFactory(provider=provider, name="City campus")
    questions_ensure_defaults(actor=curriculum_lead, provider=provider)
    chosen = [str(pk) for pk in questions(provider).values_list("pk", flat=True)[:4]]
    client = login(curriculum_lead)
    response = client.post(
        reverse("curriculum:survey_new"),
        {
            "title": "Feeling safe: autumn",
            "introduction": "",
            "audience_course": COURSE,
            "audience_site": site.pk,
            "closes_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
            "questions": chosen,
        },
    )
    survey = Survey.objects.for_provider(provider).get()
    assert response.status_code == 302
    assert (survey.status, survey.audience_course, survey.audience_site) == ("draft", COURSE, site)
    assert [str(i.question_id) for i in survey.items.all()] == chosen
    client.post(reverse("curriculum:survey_open", args=[survey.pk]))
    survey.refresh_from_db()
    assert survey.status == "open"
    assert client.get(reverse("curriculum:survey_edit", args=[survey.pk])).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closes_on": "2001-01-01"}, "closes_on", "cannot be in the past"),
        ({"closes_on": "not a date"}, "closes_on", "Enter a real date"),
        ({"questions": []}, "questions", "Choose at least one question"),
        ({"questions": ["00000000-0000-0000-0000-000000000000"]}, "questions", "not one of them"),
        ({"audience_course": "Level 9 Astrology"}, "audience_course", "Choose an option"),
        ({"title": ""}, "title", "Enter a title"),
    ],
)
def test_bad_surveys_are_refused(provider, curriculum_lead, login, overrides, field, message):
    questions_ensure_defaults(actor=curriculum_lead, provider=provider)
    data: dict[str, Any] = {
        "title": "Feeling safe",
        "closes_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        "questions": [str(questions(provider).first().pk)],
    }
    data.update(overrides)
    response = login(curriculum_lead).post(reverse("curriculum:survey_new"), data)
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not Survey.objects.for_provider(provider).exists()


def test_the_service_refuses_what_the_form_cannot_send(provider, curriculum_lead, other_provider):
    questions_ensure_defaults(actor=curriculum_lead, provider=provider)
    retired = questions(provider).first()
    retired.active = False
    retired.save()
    base = {"title": "T", "closes_on": timezone.localdate() + timedelta(days=3)}
    for ids, message in (
        ([retired.pk], "retired ones cannot be asked"),
        (["not-a-uuid"], "Choose questions from the bank"),
        ([questions(provider).last().pk] * 21, None),  # duplicates count once
    ):
        data = SurveyIn(question_ids=ids, **base)
        if message:
            with pytest.raises(ValidationError, match=message):
                survey_create(actor=curriculum_lead, provider=provider, data=data)
        else:
            assert (
                survey_create(actor=curriculum_lead, provider=provider, data=data).items.count()
                == 1
            )
    foreign = SiteFactory(provider=other_provider)
    with pytest.raises(ValidationError, match="No such site"):
        survey_create(
            actor=curriculum_lead,
            provider=provider,
            data=SurveyIn(
                question_ids=[questions(provider).last().pk], audience_site=foreign, **base
            ),
        )


def test_states_move_one_way(provider, curriculum_lead):
    draft = make_survey(provider, curriculum_lead, opened=False)
    with pytest.raises(ValidationError, match="Only an open survey can be closed"):
        survey_close(actor=curriculum_lead, survey=draft)
    opened = survey_open(actor=curriculum_lead, survey=draft)
    with pytest.raises(ValidationError, match="already open"):
        survey_open(actor=curriculum_lead, survey=opened)
    with pytest.raises(ValidationError, match="Only a draft"):
        survey_update(
            actor=curriculum_lead,
            survey=opened,
            data=SurveyIn(title="x", closes_on=opened.closes_on, question_ids=[]),
        )
    closed = survey_close(actor=curriculum_lead, survey=opened)
    assert closed.status == "closed"
    with pytest.raises(ValidationError, match="closed"):
        links_anonymous(actor=curriculum_lead, survey=closed, count=3)


def test_links_for_learners_once_each_and_never_paired(provider, curriculum_lead):
    enrol(provider, 4)
    enrol(provider, 2, course="Level 2 Plumbing", group="PLU2A1")
    survey = make_survey(provider, curriculum_lead, audience_course=COURSE)
    issued = links_for_learners(actor=curriculum_lead, survey=survey)
    assert len(issued.links) == 4
    assert {link.course for link in issued.links} == {COURSE}
    tokens = SurveyToken.objects.for_provider(provider).filter(survey=survey)
    assert tokens.count() == 4
    assert SurveyInvitation.objects.for_provider(provider).filter(survey=survey).count() == 4
    # Only the hash is stored: no code appears anywhere in the table.
    stored = set(tokens.values_list("token_hash", flat=True))
    assert stored == {hash_code(link.code) for link in issued.links}
    assert not {link.code for link in issued.links} & stored
    assert not [f.name for f in SurveyToken._meta.get_fields() if f.name in ("person", "learner")]
    # Issuing again reaches nobody twice; a new learner gets one.
    with pytest.raises(ValidationError, match="already has a link"):
        links_for_learners(actor=curriculum_lead, survey=survey)
    enrol(provider, 1)
    assert len(links_for_learners(actor=curriculum_lead, survey=survey).links) == 1
    assert tokens.count() == 5


def test_codes_are_typed_forgivingly(provider):
    assert normalise_code("abcd efgh-jkmn") == "ABCDEFGHJKMN"
    for bad in ("", "ABCD", "ABCD-EFGH-JKM0", "ABCD-EFGH-JKMNP", "x" * 500):
        assert normalise_code(bad) is None


@pytest.mark.parametrize("count", [0, -1, 501, "ten", None, True])
def test_anonymous_links_need_a_sensible_number(provider, curriculum_lead, count):
    survey = make_survey(provider, curriculum_lead)
    with pytest.raises(ValidationError, match="from 1 to 500"):
        links_anonymous(actor=curriculum_lead, survey=survey, count=count)
    assert not SurveyToken.objects.for_provider(provider).exists()


def test_the_links_page_shows_links_once(provider, curriculum_lead, login):
    enrol(provider, 3)
    survey = make_survey(provider, curriculum_lead)
    client = login(curriculum_lead)
    url = reverse("curriculum:survey_links", args=[survey.pk])
    page = client.get(url).content.decode()
    assert "3 learners of the survey’s audience have no link yet" in page
    issued = client.post(url, {"kind": "learners"}).content.decode()
    assert "3 links made" in issued
    assert "data:text/csv" in issued
    assert "data:image/svg+xml" in issued
    assert issued.count('class="ph-slip"') == 3
    again = client.post(url, {"kind": "learners"}).content.decode()
    assert "Every learner in the audience already has a link." in again
    bad = client.post(url, {"kind": "anonymous", "count": "5000"})
    assert "Enter a whole number from 1 to 500." in bad.content.decode()
    anonymous = client.post(url, {"kind": "anonymous", "count": "2", "course": ""})
    assert anonymous.content.decode().count('class="ph-slip"') == 2
    assert SurveyToken.objects.for_provider(provider).count() == 5


def test_the_audit_row_of_issuing_holds_counts_only(provider, curriculum_lead):
    enrol(provider, 2)
    survey = make_survey(provider, curriculum_lead)
    issued = links_for_learners(actor=curriculum_lead, survey=survey)
    row = AuditEvent.objects.get(action="issue_links")
    assert row.detail == {"kind": "learner", "links": 2, "remaining": 0}
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail FROM audit_auditevent WHERE action = 'issue_links'")
        stored = str(cursor.fetchall())
    assert not any(link.code in stored for link in issued.links)


def test_sending_the_anonymous_links_form_twice_makes_one_batch(provider, curriculum_lead, login):
    survey = make_survey(provider, curriculum_lead)
    client = login(curriculum_lead)
    url = reverse("curriculum:survey_links", args=[survey.pk])
    data = {"kind": "anonymous", "count": "3", "course": "", "key": "form-key-1"}
    assert client.post(url, data).content.decode().count('class="ph-slip"') == 3
    again = client.post(url, data).content.decode()
    assert "These links were made already and shown once" in again
    assert 'name="key" value="form-key-1"' not in again  # the next press makes new ones
    assert SurveyToken.objects.for_provider(provider).count() == 3
