"""The public pages where learners answer a survey through their link: no sign-in, no personal
data asked or kept, CSRF protection as on every form, and never cached (the link is a secret).

A wrong code answers 404, a closed survey 410 and a second answer 409, each with a page that
says what happened in plain words; none changes anything.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from preventhub.core.access import public
from preventhub.curriculum.survey_forms import AnswerForm, CodeForm
from preventhub.curriculum.surveys import (
    LinkError,
    answer_submit,
    check_answerable,
    normalise_code,
    survey_questions,
    token_for_code,
)

STATUS = {"unknown": 404, "closed": 410, "not_open": 409, "used": 409}


def _problem(request: HttpRequest, problem: LinkError) -> HttpResponse:
    context = {"reason": problem.reason, "survey": problem.survey}
    return render(request, "curriculum/answer/problem.html", context, status=STATUS[problem.reason])


@public
@never_cache
def answer_start(request: HttpRequest) -> HttpResponse:
    """Type the code from a printed slip."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if code is not None:
            return redirect("curriculum:answer", code=code)
        form.add_error(
            "code",
            "That is not a survey code: check it has 12 letters and numbers, as on the slip.",
        )
    return render(request, "curriculum/answer/start.html", {"form": form})


@public
@never_cache
def answer(request: HttpRequest, code: str) -> HttpResponse:
    try:
        token = token_for_code(code)
        check_answerable(token)
    except LinkError as problem:
        return _problem(request, problem)
    survey = token.survey
    items = survey_questions(survey)
    form = AnswerForm(request.POST if request.method == "POST" else None, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            answer_submit(code=code, answers=form.answers())
        except LinkError as problem:
            return _problem(request, problem)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("curriculum:answer_thanks")
    context = {"survey": survey, "form": form, "provider": survey.provider}
    return render(request, "curriculum/answer/form.html", context)


@public
@never_cache
def answer_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "curriculum/answer/thanks.html")
