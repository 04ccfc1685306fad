"""Your own training, and answering a session's questionnaires."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from preventhub.core.access import requires
from preventhub.training.choices import SCALE, Confidence, Phase
from preventhub.training.compliance import load
from preventhub.training.forms import questionnaire_form_class
from preventhub.training.models import QuestionnaireResponse, SessionPlace
from preventhub.training.pages import ProviderRequest, errors_onto, posted
from preventhub.training.questionnaires import (
    is_open,
    may_answer,
    questionnaire_answer,
    questionnaires_due,
    window,
)
from preventhub.training.selectors import (
    get_session_for_trainee,
    own_person,
    records_of,
    session_questions,
)


@requires("training.view_own")
def mine(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    person = own_person(request.user, provider)
    context: dict[str, Any] = {"person": person}
    if person is not None:
        data = load(provider, people=[person.pk])
        today = timezone.localdate()
        context |= {
            "standing": data.standing(data.members[0], today) if data.members else None,
            "courses": data.courses,
            "records": records_of(provider, person),
            "due": questionnaires_due(person, today),
        }
    return render(request, "training/mine.html", context)


@requires("training.view_own")
def questionnaire(request: ProviderRequest, pk: Any, phase: str) -> HttpResponse:
    if phase not in Phase.values:
        raise Http404("No such questionnaire.")
    session, person = get_session_for_trainee(request.user, request.provider, pk)
    today = timezone.localdate()
    place = (
        SessionPlace.objects.for_provider(request.provider)
        .filter(session=session, person=person)
        .first()
    )
    answered = (
        QuestionnaireResponse.objects.for_provider(request.provider)
        .filter(session=session, person=person, phase=phase)
        .exists()
    )
    questions = session_questions(session)
    form = questionnaire_form_class(questions)(posted(request))
    closed = not (may_answer(place, phase) and is_open(session, phase, today))
    if request.method == "POST" and not answered and not closed and form.is_valid():
        ratings = {c.value: form.cleaned_data[c.value] for c in Confidence}
        chosen = {str(q.pk): form.cleaned_data[f"q_{q.pk}"] for q in questions}
        try:
            questionnaire_answer(
                actor=request.user, session=session, person=person, phase=phase,
                ratings=ratings, chosen=chosen, today=today,
            )  # fmt: skip
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "Thank you: your answers are saved.")
            return redirect("training:mine")
    first, last = window(session, phase)
    context = {
        "session": session,
        "phase": Phase(phase),
        "form": form,
        "answered": answered,
        "closed": closed,
        "opens": first,
        "closes": last,
        "confidence_fields": [form[c.value] for c in Confidence],
        "question_fields": [form[f"q_{q.pk}"] for q in questions],
        "scale": SCALE,
        "today": today,
    }
    return render(request, "training/questionnaire.html", context)
