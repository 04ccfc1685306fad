"""Learner-voice surveys: the question bank, building and opening a survey, one-time links,
and answering through a link without signing in.

How anonymity is kept (docs/curriculum.md says it to users):

- a link carries a random 12-character code; only its SHA-256 is stored, so nobody (not a
  database administrator either) can rebuild a learner's link;
- links for named learners are handed out once, on the page (or file) that issues them; which
  learner got which link is never stored, only *that* a learner was sent one (so issuing again
  reaches new learners only). The links are stored in a random order, unrelated to the learners';
- an answer stores the course and site of its link and the day, never a time, the link or who
  gave it; its audit row has no address or user either.

A link answers once: the first answer marks it used in the same statement that checks it was
unused, so two answers sent at once make one response.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider, Site
from preventhub.core.request_context import reset_request_meta, set_request_meta
from preventhub.curriculum.choices import (
    DEFAULT_QUESTIONS,
    LIKERT_MAX,
    LIKERT_MIN,
    QuestionTheme,
    SurveyStatus,
    TokenKind,
)
from preventhub.curriculum.models import (
    LinkBatch,
    Question,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyToken,
)
from preventhub.curriculum.selectors import enrolled_between, learners, register_course
from preventhub.curriculum.services import clean_text
from preventhub.people.models import Person

MAX_QUESTIONS = 20
MAX_QUESTION_TEXT = 300
MAX_ANONYMOUS = 500
# Links for named learners are issued in batches of at most this many (issuing again continues).
MAX_LEARNER_BATCH = 3000
MAX_OPEN_DAYS = 366
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are typed from paper
CODE_LENGTH = 12


# --- the question bank -------------------------------------------------------------------


def questions(provider: Provider | int) -> Any:
    return Question.objects.for_provider(provider)


def questions_ensure_defaults(*, actor: Any, provider: Provider) -> int:
    """Give a provider whose bank is empty the shipped questions (once; editable after)."""
    if questions(provider).exists():
        return 0
    with transaction.atomic():
        made = Question.objects.for_provider(provider).bulk_create(
            [
                Question(provider=provider, key=key, theme=theme, text=text)
                for key, theme, text in DEFAULT_QUESTIONS
            ],
            ignore_conflicts=True,
        )
        audit_record(
            actor=actor,
            action="create",
            object_type="curriculum.question",
            provider_id=provider.pk,
            detail={"defaults": len(made)},
        )
    return len(made)


def _question_text(text: str) -> str:
    cleaned = " ".join(str(text or "").split())
    if not cleaned:
        raise ValidationError({"text": "Enter the statement learners agree or disagree with."})
    if len(cleaned) > MAX_QUESTION_TEXT:
        raise ValidationError({"text": f"Keep the statement under {MAX_QUESTION_TEXT} characters."})
    return cleaned


def _theme(theme: str) -> str:
    if theme not in QuestionTheme.values:
        raise ValidationError({"theme": f"Unknown theme: {theme or '(none)'}."})
    return theme


def _text_taken(provider_id: int, text: str, exclude: Any = None) -> bool:
    found = questions(provider_id).filter(text__iexact=text)
    return bool(found.exclude(pk=exclude).exists() if exclude else found.exists())


def question_add(*, actor: Any, provider: Provider, text: str, theme: str) -> Question:
    cleaned, chosen = _question_text(text), _theme(theme)
    if _text_taken(provider.pk, cleaned):
        raise ConflictError({"text": "The bank already has this statement."})
    try:
        with transaction.atomic():
            question: Question = Question.objects.for_provider(provider).create(
                provider=provider, text=cleaned, theme=chosen
            )
            audit_record(
                actor=actor, action="create", obj=question, changed_fields=["text", "theme"]
            )
    except IntegrityError as exc:
        raise ConflictError({"text": "The bank already has this statement."}) from exc
    return question


def question_in_use(question: Question) -> bool:
    return bool(
        SurveyQuestion.objects.for_provider(question.provider_id).filter(question=question).exists()
    )


def question_update(*, actor: Any, question: Question, text: str, theme: str) -> Question:
    cleaned, chosen = _question_text(text), _theme(theme)
    if cleaned != question.text and question_in_use(question):
        raise ValidationError(
            {"text": "A survey has used this statement, so its wording cannot change: results "
             "over time must compare the same statement. Retire it and add a new one."}
        )  # fmt: skip
    if _text_taken(question.provider_id, cleaned, exclude=question.pk):
        raise ConflictError({"text": "The bank already has this statement."})
    changed = [n for n, v in (("text", cleaned), ("theme", chosen)) if getattr(question, n) != v]
    with transaction.atomic():
        question.text, question.theme = cleaned, chosen
        question.save()
        audit_record(actor=actor, action="update", obj=question, changed_fields=changed)
    return question


def question_set_active(*, actor: Any, question: Question, active: bool) -> Question:
    if question.active != active:
        with transaction.atomic():
            question.active = active
            question.save(update_fields=["active", "updated_at"])
            audit_record(actor=actor, action="update", obj=question, changed_fields=["active"])
    return question


# --- surveys ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyIn:
    title: str
    closes_on: Any
    question_ids: Sequence[Any]
    introduction: str = ""
    audience_course: str = ""
    audience_site: Site | None = None


def _survey_fields(provider: Provider, data: SurveyIn, today: date) -> dict[str, Any]:
    course = ""
    if (data.audience_course or "").strip():
        found = register_course(provider, data.audience_course)
        if found is None:
            raise ValidationError(
                {"audience_course": f"No learner in the register is on {data.audience_course!r}."}
            )
        course = found
    site = data.audience_site
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError({"audience_site": "No such site."})
    return {
        "title": clean_text(data.title, "title", required=True, limit=200),
        "introduction": clean_text(data.introduction, "introduction", limit=1000),
        "audience_course": course,
        "audience_site": site,
        "closes_on": _closes_on(data.closes_on, today),
    }


def _closes_on(value: Any, today: date) -> date:
    if not isinstance(value, date):
        raise ValidationError({"closes_on": "Enter the date the survey closes, e.g. 2026-03-27."})
    if value < today:
        raise ValidationError({"closes_on": "The close date cannot be in the past."})
    if value > today + timedelta(days=MAX_OPEN_DAYS):
        raise ValidationError({"closes_on": "Close the survey within a year of today."})
    return value


def _chosen_questions(provider: Provider, ids: Sequence[Any]) -> list[Question]:
    wanted = list(dict.fromkeys(str(i) for i in ids or []))
    if not wanted:
        raise ValidationError({"questions": "Choose at least one question."})
    if len(wanted) > MAX_QUESTIONS:
        raise ValidationError({"questions": f"Choose at most {MAX_QUESTIONS} questions."})
    try:
        found = {str(q.pk): q for q in questions(provider).filter(pk__in=wanted, active=True)}
    except ValidationError as exc:  # not a UUID
        raise ValidationError({"questions": "Choose questions from the bank."}) from exc
    missing = [i for i in wanted if i not in found]
    if missing:
        raise ValidationError(
            {"questions": "Choose questions from the bank (retired ones cannot be asked)."}
        )
    return [found[i] for i in wanted]


def survey_create(*, actor: Any, provider: Provider, data: SurveyIn) -> Survey:
    fields = _survey_fields(provider, data, timezone.localdate())
    chosen = _chosen_questions(provider, data.question_ids)
    with transaction.atomic():
        survey: Survey = Survey.objects.for_provider(provider).create(
            provider=provider,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            **fields,
        )
        _set_questions(survey, chosen)
        audit_record(
            actor=actor, action="create", obj=survey, changed_fields=[*fields, "questions"]
        )
    return survey


def _set_questions(survey: Survey, chosen: Sequence[Question]) -> None:
    items = SurveyQuestion.objects.for_provider(survey.provider_id)
    items.filter(survey=survey).delete()
    items.bulk_create(
        [
            SurveyQuestion(provider_id=survey.provider_id, survey=survey, question=q, position=n)
            for n, q in enumerate(chosen, start=1)
        ]
    )


def survey_questions(survey: Survey) -> list[Question]:
    items = (
        SurveyQuestion.objects.for_provider(survey.provider_id)
        .filter(survey=survey)
        .select_related("question")
        .order_by("position")
    )
    return [item.question for item in items]


def _locked(survey: Survey) -> Survey:
    found: Survey = (
        Survey.objects.for_provider(survey.provider_id).select_for_update().get(pk=survey.pk)
    )
    return found


DRAFT_ONLY = "Only a draft survey can be changed: this one has been opened."


def survey_update(*, actor: Any, survey: Survey, data: SurveyIn) -> Survey:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(DRAFT_ONLY)
    provider = survey.provider
    fields = _survey_fields(provider, data, timezone.localdate())
    chosen = _chosen_questions(provider, data.question_ids)
    with transaction.atomic():
        locked = _locked(survey)
        if locked.status != SurveyStatus.DRAFT:
            raise ValidationError(DRAFT_ONLY)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        if [q.pk for q in survey_questions(locked)] != [q.pk for q in chosen]:
            _set_questions(locked, chosen)
            changed.append("questions")
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        audit_record(actor=actor, action="update", obj=locked, changed_fields=changed)
    return locked


def survey_open(*, actor: Any, survey: Survey) -> Survey:
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked(survey)
        if locked.status != SurveyStatus.DRAFT:
            raise ValidationError(f"The survey is already {locked.get_status_display().lower()}.")
        if locked.closes_on < today:
            raise ValidationError("The close date has passed: change it before opening the survey.")
        locked.status, locked.opened_at = SurveyStatus.OPEN, timezone.now()
        locked.save(update_fields=["status", "opened_at", "updated_at"])
        audit_record(actor=actor, action="open", obj=locked, changed_fields=["status", "opened_at"])
    return locked


def survey_close(*, actor: Any, survey: Survey) -> Survey:
    with transaction.atomic():
        locked = _locked(survey)
        if locked.status != SurveyStatus.OPEN:
            raise ValidationError("Only an open survey can be closed.")
        locked.status, locked.closed_at = SurveyStatus.CLOSED, timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor, action="close", obj=locked, changed_fields=["status", "closed_at"]
        )
    return locked


def answerable(survey: Survey, today: date | None = None) -> bool:
    """Open, and not past its close date (its links expire with it)."""
    today = today or timezone.localdate()
    return survey.status == SurveyStatus.OPEN and today <= survey.closes_on


def state_of(survey: Survey, today: date | None = None) -> str:
    """ "draft", "open" or "closed" as people see it: an open survey past its date is closed."""
    if survey.status == SurveyStatus.OPEN and not answerable(survey, today):
        return SurveyStatus.CLOSED
    return str(survey.status)


# --- links ------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str | None:
    """A code as typed ("abcd efgh-jkmn") in its stored form, or None if it cannot be one."""
    code = "".join(ch for ch in str(raw or "").upper() if ch.isalnum())[:40]
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    code: str
    learner: Person | None = None  # for links to named learners: who to give it to
    course: str = ""
    group: str = ""

    @property
    def display(self) -> str:
        return display_code(self.code)


@dataclass(frozen=True)
class Issued:
    links: list[IssuedLink]
    remaining: int = 0  # learners of the audience still without a link (past the batch)


def audience(survey: Survey, today: date | None = None) -> Any:
    """The learners a survey is for: enrolled today, on its course and at its site if set."""
    today = today or timezone.localdate()
    rows = enrolled_between(learners(survey.provider_id), today, today)
    if survey.audience_course:
        rows = rows.filter(course=survey.audience_course)
    if survey.audience_site_id:
        rows = rows.filter(site_id=survey.audience_site_id)
    return rows


def not_yet_invited(survey: Survey) -> Any:
    invited = SurveyInvitation.objects.for_provider(survey.provider_id).filter(survey=survey)
    return audience(survey).exclude(pk__in=invited.values("person_id"))


def _issuable(survey: Survey) -> None:
    if survey.status == SurveyStatus.CLOSED or not (
        survey.status == SurveyStatus.DRAFT or answerable(survey)
    ):
        raise ValidationError("The survey is closed: its links could not be answered.")


def links_for_learners(*, actor: Any, survey: Survey) -> Issued:
    """One link for each learner of the audience who has not had one (up to a batch)."""
    with transaction.atomic():
        locked = _locked(survey)
        _issuable(locked)
        waiting = not_yet_invited(locked).order_by(
            "course", "group_name", "last_name", "first_name", "id"
        )
        people = list(waiting[:MAX_LEARNER_BATCH])
        if not people:
            raise ValidationError("Every learner in the audience already has a link.")
        remaining = waiting.count() - len(people)
        links = [IssuedLink(new_code(), p, p.course, p.group_name) for p in people]
        SurveyInvitation.objects.for_provider(locked.provider_id).bulk_create(
            [
                SurveyInvitation(provider_id=locked.provider_id, survey=locked, person=p)
                for p in people
            ]
        )
        # Stored in an order unrelated to the learners', so row order cannot pair them.
        tokens = [
            SurveyToken(
                provider_id=locked.provider_id,
                survey=locked,
                token_hash=hash_code(link.code),
                kind=TokenKind.LEARNER,
                course=link.course,
                site_id=link.learner.site_id if link.learner else None,
            )
            for link in links
        ]
        secrets.SystemRandom().shuffle(tokens)
        SurveyToken.objects.for_provider(locked.provider_id).bulk_create(tokens)
        audit_record(
            actor=actor,
            action="issue_links",
            obj=locked,
            detail={"kind": TokenKind.LEARNER, "links": len(links), "remaining": remaining},
        )
    return Issued(links, remaining)


ALREADY_MADE = (
    "These links were made already and shown once (the form was sent twice). If they are "
    "lost, make new ones."
)


def links_anonymous(
    *,
    actor: Any,
    survey: Survey,
    count: Any,
    course: str = "",
    site: Site | None = None,
    key: str | None = None,
) -> Issued:
    """``count`` links for anyone, e.g. printed for a class: answers count under ``course``
    and ``site`` (the survey's audience when it has one). ``key`` names the form that asked:
    the same key again makes nothing (ConflictError)."""
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_ANONYMOUS:
        raise ValidationError({"count": f"Enter a number of links from 1 to {MAX_ANONYMOUS}."})
    course, site = _batch_segment(survey, course, site)
    with transaction.atomic():
        locked = _locked(survey)
        _issuable(locked)
        if key:
            batches = LinkBatch.objects.for_provider(locked.provider_id)
            if batches.filter(survey=locked, key=key).exists():
                raise ConflictError(ALREADY_MADE)
            batches.create(provider_id=locked.provider_id, survey=locked, key=key, links=count)
        links = [IssuedLink(new_code(), None, course) for _ in range(count)]
        SurveyToken.objects.for_provider(locked.provider_id).bulk_create(
            [
                SurveyToken(
                    provider_id=locked.provider_id,
                    survey=locked,
                    token_hash=hash_code(link.code),
                    kind=TokenKind.ANONYMOUS,
                    course=course,
                    site=site,
                )
                for link in links
            ]
        )
        audit_record(
            actor=actor,
            action="issue_links",
            obj=locked,
            detail={"kind": TokenKind.ANONYMOUS, "links": count},
        )
    return Issued(links)


def _batch_segment(survey: Survey, course: str, site: Site | None) -> tuple[str, Site | None]:
    chosen = ""
    if (course or "").strip():
        found = register_course(survey.provider_id, course)
        if found is None:
            raise ValidationError({"course": f"No learner in the register is on {course!r}."})
        chosen = found
    if survey.audience_course and chosen not in ("", survey.audience_course):
        raise ValidationError({"course": "The survey is for another course."})
    if site is not None and site.provider_id != survey.provider_id:
        raise ValidationError({"site": "No such site."})
    if survey.audience_site_id and site is not None and site.pk != survey.audience_site_id:
        raise ValidationError({"site": "The survey is for another site."})
    return chosen or survey.audience_course, site or survey.audience_site


def link_counts(survey: Survey) -> dict[str, int]:
    tokens = SurveyToken.objects.for_provider(survey.provider_id).filter(survey=survey)
    return {
        "issued": tokens.count(),
        "used": tokens.filter(used=True).count(),
        "invited": SurveyInvitation.objects.for_provider(survey.provider_id)
        .filter(survey=survey)
        .count(),
        "responses": SurveyResponse.objects.for_provider(survey.provider_id)
        .filter(survey=survey)
        .count(),
    }


# --- answering --------------------------------------------------------------------------------


class LinkError(Exception):
    """Why a link cannot be answered: "unknown", "closed", "not_open" or "used"."""

    def __init__(self, reason: str, survey: Survey | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.survey = survey


def token_for_code(raw: str) -> SurveyToken:
    """The link a code names, wherever its provider (the code is the only key a learner has).

    Raises LinkError: "unknown" for a code that is not a link."""
    code = normalise_code(raw)
    if code is None:
        raise LinkError("unknown")
    # Public: no provider is known until the link names it, so the lookup is unscoped.
    token: SurveyToken | None = (
        SurveyToken.unscoped.select_related("survey", "survey__provider")
        .filter(token_hash=hash_code(code))
        .first()
    )
    if token is None:
        raise LinkError("unknown")
    return token


def check_answerable(token: SurveyToken, today: date | None = None) -> None:
    survey = token.survey
    if survey.status == SurveyStatus.DRAFT:
        raise LinkError("not_open", survey)
    if not answerable(survey, today):
        raise LinkError("closed", survey)
    if token.used:
        raise LinkError("used", survey)


def clean_answers(items: Sequence[Question], answers: Mapping[str, Any]) -> dict[str, int]:
    """One whole number on the scale for every question, else ValidationError per question
    (``q_<id>``); answers to questions the survey does not ask are refused."""
    asked = {str(q.pk) for q in items}
    errors: dict[str, str] = {}
    unknown = sorted(set(map(str, answers)) - asked)
    if unknown:
        errors["__all__"] = "Some answers are for questions this survey does not ask."
    cleaned: dict[str, int] = {}
    for question in items:
        key = str(question.pk)
        value = answers.get(key)
        try:
            number = int(value) if not isinstance(value, bool) and value not in (None, "") else None
        except (TypeError, ValueError):
            number = -1
        if number is None:
            errors[f"q_{key}"] = f"Choose an answer for: {question.text}"
        elif not LIKERT_MIN <= number <= LIKERT_MAX:
            errors[f"q_{key}"] = (
                f"Choose one of the five answers, from strongly disagree to strongly agree, for: "
                f"{question.text}"
            )
        else:
            cleaned[key] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


def answer_submit(
    *, code: str, answers: Mapping[str, Any], today: date | None = None
) -> SurveyResponse:
    """Store one anonymous response through a link, once. Raises LinkError (unknown, closed,
    used) or ValidationError (a missing or out-of-range answer); either changes nothing."""
    today = today or timezone.localdate()
    token = token_for_code(code)
    check_answerable(token, today)
    survey = token.survey
    cleaned = clean_answers(survey_questions(survey), answers)
    with transaction.atomic():
        taken = (
            SurveyToken.objects.for_provider(survey.provider_id)
            .filter(pk=token.pk, used=False)
            .update(used=True)
        )
        if taken != 1:
            raise LinkError("used", survey)
        response: SurveyResponse = SurveyResponse.objects.for_provider(survey.provider_id).create(
            provider_id=survey.provider_id,
            survey=survey,
            course=token.course,
            site_id=token.site_id,
            answered_on=today,
        )
        SurveyAnswer.objects.for_provider(survey.provider_id).bulk_create(
            [
                SurveyAnswer(
                    provider_id=survey.provider_id, response=response, question_id=key, value=value
                )
                for key, value in cleaned.items()
            ]
        )
        with _no_client_details():
            audit_record(
                actor=None,
                action="answer",
                obj=survey,
                detail={"answers": len(cleaned)},
            )
    return response


@contextmanager
def _no_client_details() -> Iterator[None]:
    """The audit row of an anonymous answer carries no IP address (it could name the learner)."""
    blank = HttpRequest()
    blank.path = "/"
    token = set_request_meta(blank)
    try:
        yield
    finally:
        reset_request_meta(token)


def responses(survey: Survey) -> Any:
    return SurveyResponse.objects.for_provider(survey.provider_id).filter(survey=survey)


def surveys(provider: Provider | int) -> Any:
    return Survey.objects.for_provider(provider)


def recent_learner_voice(provider: Provider | int, since: date) -> bool:
    """Whether learners answered a survey on or after ``since`` (or one is open now)."""
    answered = SurveyResponse.objects.for_provider(provider).filter(answered_on__gte=since)
    open_now = surveys(provider).filter(
        Q(status=SurveyStatus.OPEN) & Q(closes_on__gte=timezone.localdate())
    )
    return bool(answered.exists() or open_now.exists())
