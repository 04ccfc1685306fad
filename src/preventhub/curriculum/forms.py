"""Forms of the activity log, the coverage page and employer communications. They shape input
and offer the register's courses, groups and employers; the services validate and write."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from preventhub.core.forms import Form
from preventhub.curriculum.choices import (
    LOGGED_KINDS,
    BritishValue,
    CommunicationMethod,
    CommunicationTopic,
    PreventTopic,
)
from preventhub.curriculum.terms import Term

EVERY_LEARNER = "*"
DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
)
DATE_ERRORS = {
    "invalid": "Enter a real date, for example 2026-03-27.",
    "required": "Enter the date.",
}
CHOOSE = {"invalid_choice": "Choose an option from the list."}


def _choice_errors(required: str, *, several: bool = False) -> dict[str, str]:
    invalid = (
        "Choose options from the list: %(value)s is not one of them."
        if several
        else "Choose an option from the list."
    )
    return {"required": required, "invalid_choice": invalid, "invalid_list": invalid}


def _not_future(value: date, what: str) -> date:
    """The same rule as the service, checked with the form's other fields (all errors at once)."""
    if value > timezone.localdate():
        raise forms.ValidationError(
            f"{what} cannot be in the future: record it once it has happened."
        )
    return value


def _course_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Which course took part?",
        error_messages=_choice_errors("Choose the course, or every learner."),
    )


def _groups_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Which groups?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked if the whole course took part.",
        error_messages=_choice_errors("", several=True),
    )


def _topics_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Which Prevent topics did it cover?",
        required=False,
        choices=PreventTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_errors("", several=True),
    )


def _course_choices(form: forms.Form, courses: dict[str, list[str]]) -> bool:
    """Offer the register's courses, and the groups of the course chosen (or being edited).

    Returns whether that course has groups to choose from."""
    course_field = form.fields["course"]
    assert isinstance(course_field, forms.ChoiceField)  # noqa: S101  (narrows the type)
    course_field.choices = [
        ("", "Choose a course"),
        (EVERY_LEARNER, "Every learner (a college-wide activity)"),
        *((c, c) for c in courses),
    ]
    chosen = form.data.get("course") if form.is_bound else form.initial.get("course")
    groups = list(courses.get(str(chosen or ""), []))
    groups += [g for g in form.initial.get("groups", []) if g not in groups]
    group_field = form.fields["groups"]
    assert isinstance(group_field, forms.MultipleChoiceField)  # noqa: S101
    group_field.choices = [(g, g) for g in groups]
    return bool(groups)


class ActivityForm(Form):
    kind = forms.ChoiceField(
        label="What kind of activity was it?",
        choices=[(k.value, k.label) for k in LOGGED_KINDS],
        widget=forms.RadioSelect,
        error_messages=_choice_errors("Choose the kind of activity."),
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example: Debate on votes at 16; Tutorial: spotting fake news.",
        error_messages={"required": "Enter a title."},
    )
    held_on = forms.DateField(
        label="When did it take place?", widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    course = _course_field()
    groups = _groups_field()
    values = forms.MultipleChoiceField(
        label="Which British values did it address?",
        required=False,
        choices=BritishValue.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_errors("", several=True),
    )
    topics = _topics_field()
    summary = forms.CharField(
        label="What was covered, and how did learners respond? (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Governors and inspectors read this log: do not name learners.",
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, courses: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course_has_groups = _course_choices(self, courses)

    def clean_held_on(self) -> date:
        return _not_future(self.cleaned_data["held_on"], "The date it took place")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("values") and not data.get("topics") and "values" not in self.errors:
            self.add_error(
                "values", "Choose at least one British value or Prevent topic it addressed."
            )
        return data


class EventAttendanceForm(Form):
    """Which groups attended a held speaker event, and the Prevent topics it covered."""

    course = _course_field()
    groups = _groups_field()
    topics = _topics_field()

    def __init__(self, *args: Any, courses: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course_has_groups = _course_choices(self, courses)


class CoverageForm(Form):
    """The coverage page's choices: which term, which course, which groups."""

    term = forms.ChoiceField(label="Term", required=False, error_messages=CHOOSE)
    course = forms.ChoiceField(label="Course", required=False, error_messages=CHOOSE)
    show = forms.ChoiceField(
        label="Groups",
        required=False,
        choices=[
            ("", "Every group"),
            ("gaps", "Groups missing a British value"),
            ("none", "Groups with no British values"),
        ],
        error_messages=CHOOSE,
    )

    def __init__(self, *args: Any, terms: list[Term], courses: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        term_field = self.fields["term"]
        assert isinstance(term_field, forms.ChoiceField)  # noqa: S101
        term_field.choices = [(t.key, t.label) for t in terms]
        course_field = self.fields["course"]
        assert isinstance(course_field, forms.ChoiceField)  # noqa: S101
        course_field.choices = [("", "Every course"), *((c, c) for c in courses)]


class CommunicationForm(Form):
    employer = forms.ChoiceField(
        label="Employer", error_messages=_choice_errors("Choose the employer.")
    )
    communicated_on = forms.DateField(label="When?", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    method = forms.ChoiceField(
        label="How?",
        choices=CommunicationMethod.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_errors("Choose how the employer was told."),
    )
    topics = forms.MultipleChoiceField(
        label="What were they told?",
        choices=CommunicationTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_errors("Choose what the employer was told.", several=True),
    )
    communicated_by = forms.CharField(
        label="By whom? (optional)",
        required=False,
        max_length=200,
        help_text="Leave blank if it was you.",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: who at the employer, what they asked, what you will send.",
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def clean_communicated_on(self) -> date:
        return _not_future(self.cleaned_data["communicated_on"], "The date")

    def __init__(self, *args: Any, employers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["employer"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", "Choose an employer"), *((e, e) for e in employers)]
