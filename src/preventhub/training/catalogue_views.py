"""Pages of the catalogue, the requirements matrix, the knowledge questions and the settings.
The training lead edits them; the other readers of compliance see the catalogue and matrix."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from preventhub.accounts.roles import Role
from preventhub.core.access import requires
from preventhub.people.choices import JobCategory
from preventhub.training.choices import AudienceType, Frequency, frequency_of
from preventhub.training.forms import CourseForm, QuestionForm, RequirementRowForm, SettingsForm
from preventhub.training.models import Requirement
from preventhub.training.pages import ProviderRequest, errors_onto, posted
from preventhub.training.selectors import courses, get_course, get_question, questions
from preventhub.training.services import (
    TRAINED_ROLES,
    audience_label,
    course_create,
    course_update,
    question_create,
    question_is_answered,
    question_update,
    requirements_set,
    settings_for,
    settings_update,
)

COURSE_FIELDS = (
    "title", "delivered_by", "mode", "duration_minutes", "validity_months", "audience",
    "learning_outcomes",
)  # fmt: skip


# --- courses -------------------------------------------------------------------------------


@requires("training.view_compliance")
def course_list(request: ProviderRequest) -> HttpResponse:
    settings_for(request.provider)
    context = {
        "courses": courses(request.provider),
        "can_manage": request.user.has_perm("training.manage", request.provider),
    }
    return render(request, "training/courses.html", context)


@requires("training.manage")
def course_new(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    form = CourseForm(posted(request), provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(
                actor=request.user, provider=provider, data=form.cleaned_data,
                counts_as=form.chosen_courses(provider),
            )  # fmt: skip
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{course.title} is in the catalogue.")
            return redirect("training:courses")
    return render(request, "training/course_form.html", {"form": form, "course": None})


@requires("training.manage")
def course_edit(request: ProviderRequest, pk: Any) -> HttpResponse:
    provider = request.provider
    course = get_course(provider, pk)
    initial = {name: getattr(course, name) for name in COURSE_FIELDS}
    initial |= {"active": course.active, "counts_as": [str(c.pk) for c in course.counts_as.all()]}
    form = CourseForm(posted(request), provider=provider, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            course_update(
                actor=request.user, course=course, data=form.cleaned_data,
                counts_as=form.chosen_courses(provider), active=form.cleaned_data["active"],
            )  # fmt: skip
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{course.title} is saved.")
            return redirect("training:courses")
    return render(request, "training/course_form.html", {"form": form, "course": course})


# --- the requirements matrix ---------------------------------------------------------------


def audiences() -> list[tuple[str, str, str]]:
    """(URL key, audience type, audience) of every row of the matrix, in display order."""
    rows = [("all", AudienceType.ALL_STAFF.value, "")]
    rows += [(f"group-{k}", AudienceType.JOB_CATEGORY.value, k) for k in JobCategory.values]
    rows += [(f"role-{r}", AudienceType.ROLE.value, r) for r in TRAINED_ROLES if r != Role.STAFF]
    return rows


def audience_for(key: str) -> tuple[str, str]:
    for url_key, kind, audience in audiences():
        if url_key == key:
            return kind, audience
    raise Http404("No such row of the matrix.")


def cell_label(cell: Requirement | None) -> str:
    if cell is None:
        return ""
    value = frequency_of(cell.on_induction, cell.renew_months)
    if value in Frequency.values:
        return str(Frequency(value).label)
    return f"Every {cell.renew_months} months" + (" from induction" if cell.on_induction else "")


@requires("training.view_compliance")
def requirements(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    settings = settings_for(provider)
    offered = list(courses(provider, active_only=True).order_by("title"))
    cells = {
        (r.audience_type, r.audience, r.course_id): r
        for r in Requirement.objects.for_provider(provider)
    }
    matrix = [
        {
            "key": key,
            "label": audience_label(kind, audience),
            "kind": kind,
            "cells": [(c.title, cell_label(cells.get((kind, audience, c.pk)))) for c in offered],
            "any": any((kind, audience, c.pk) in cells for c in offered),
        }
        for key, kind, audience in audiences()
    ]
    context = {
        "courses": offered,
        "matrix": matrix,
        "settings": settings,
        "can_manage": request.user.has_perm("training.manage", provider),
    }
    return render(request, "training/requirements.html", context)


@requires("training.manage")
def requirement_edit(request: ProviderRequest, audience: str) -> HttpResponse:
    provider = request.provider
    kind, value = audience_for(audience)
    offered = list(courses(provider, active_only=True).order_by("title"))
    current = {
        r.course_id: r
        for r in Requirement.objects.for_provider(provider).filter(
            audience_type=kind, audience=value
        )
    }
    form = RequirementRowForm(posted(request), courses=offered, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            changed = requirements_set(
                actor=request.user, provider=provider, audience_type=kind, audience=value,
                cells=form.cells(),
            )  # fmt: skip
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            label = audience_label(kind, value)
            messages.success(
                request, f"{label}: {changed} requirement{'s' if changed != 1 else ''} changed."
            )
            return redirect("training:requirements")
    context = {
        "form": form,
        "label": audience_label(kind, value),
        "kind": kind,
        "settings": settings_for(provider),
    }
    return render(request, "training/requirement_form.html", context)


# --- knowledge questions -------------------------------------------------------------------


@requires("training.manage")
def question_list(request: ProviderRequest) -> HttpResponse:
    settings_for(request.provider)
    return render(request, "training/questions.html", {"questions": questions(request.provider)})


def _save_question(request: ProviderRequest, form: QuestionForm, question: Any = None) -> Any:
    if not form.is_valid():
        return None
    correct = form.correct_among_filled()
    if correct is None:
        form.add_error("correct", "The answer marked right is empty: fill it in or choose another.")
        return None
    try:
        if question is None:
            return question_create(
                actor=request.user, provider=request.provider, text_value=form.cleaned_data["text"],
                options=form.options(), correct=correct,
            )  # fmt: skip
        return question_update(
            actor=request.user, question=question, text_value=form.cleaned_data["text"],
            options=form.options(), correct=correct, active=form.cleaned_data["active"],
        )  # fmt: skip
    except ValidationError as exc:
        errors_onto(form, exc)
        return None


@requires("training.manage")
def question_new(request: ProviderRequest) -> HttpResponse:
    form = QuestionForm(posted(request), initial={"active": True})
    if request.method == "POST" and _save_question(request, form) is not None:
        messages.success(request, "The question is added: new sessions will ask it.")
        return redirect("training:questions")
    return render(request, "training/question_form.html", {"form": form, "question": None})


@requires("training.manage")
def question_edit(request: ProviderRequest, pk: Any) -> HttpResponse:
    question = get_question(request.provider, pk)
    form = QuestionForm(posted(request), initial=QuestionForm.initial_for(question))
    if request.method == "POST" and _save_question(request, form, question) is not None:
        messages.success(request, "The question is saved.")
        return redirect("training:questions")
    context = {"form": form, "question": question, "answered": question_is_answered(question)}
    return render(request, "training/question_form.html", context)


# --- settings ------------------------------------------------------------------------------


@requires("training.manage")
def training_settings(request: ProviderRequest) -> HttpResponse:
    current = settings_for(request.provider)
    initial = {
        "induction_days": current.induction_days,
        "due_soon_days": current.due_soon_days,
        "coverage_threshold": current.coverage_threshold,
    }
    form = SettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, "The training settings are saved.")
            return redirect("training:dashboard")
    return render(request, "training/settings.html", {"form": form})
