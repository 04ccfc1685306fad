"""Forms of the question bank, survey building, links and the public answer page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from preventhub.core.forms import Form
from preventhub.core.models import Site
from preventhub.curriculum.choices import Likert, QuestionTheme
from preventhub.curriculum.forms import DATE_WIDGET, _choice_errors
from preventhub.curriculum.models import Question
from preventhub.curriculum.surveys import CODE_LENGTH, MAX_ANONYMOUS


class QuestionForm(Form):
    text = forms.CharField(
        label="Statement",
        max_length=300,
        help_text="Learners say how far they agree, from strongly disagree to strongly agree. "
        "Write it in the first person: “I know who to talk to if I am worried”.",
        error_messages={"required": "Enter the statement learners agree or disagree with."},
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=QuestionTheme.choices,
        error_messages=_choice_errors("Choose a theme."),
    )


def _site_label(site: Site) -> str:
    return site.name


class SurveyForm(Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="Learners see it, e.g. “Feeling safe: autumn 2025”.",
        error_messages={"required": "Enter a title."},
    )
    introduction = forms.CharField(
        label="Introduction for learners (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience_course = forms.ChoiceField(
        label="Course", required=False, error_messages=_choice_errors("")
    )
    audience_site = forms.ModelChoiceField(
        label="Site",
        required=False,
        queryset=Site.unscoped.none(),
        empty_label="Every site",
        error_messages={"invalid_choice": "Choose a site from the list."},
    )
    closes_on = forms.DateField(
        label="Closes on",
        widget=DATE_WIDGET,
        help_text="Links stop working after this day.",
        error_messages={
            "invalid": "Enter a real date, for example 2026-03-27.",
            "required": "Enter the date the survey closes.",
        },
    )
    questions = forms.MultipleChoiceField(
        label="Questions",
        widget=forms.CheckboxSelectMultiple,
        help_text="From the question bank, in the order shown.",
        error_messages=_choice_errors("Choose at least one question.", several=True),
    )

    def __init__(
        self,
        *args: Any,
        courses: Sequence[str],
        sites: Any,
        bank: Sequence[Question],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["audience_course"]
        assert isinstance(course, forms.ChoiceField)  # noqa: S101  (narrows the type)
        course.choices = [("", "Every course"), *((c, c) for c in courses)]
        site = self.fields["audience_site"]
        assert isinstance(site, forms.ModelChoiceField)  # noqa: S101
        site.queryset = sites
        site.label_from_instance = _site_label  # type: ignore[method-assign,assignment]
        chosen = self.fields["questions"]
        assert isinstance(chosen, forms.MultipleChoiceField)  # noqa: S101
        chosen.choices = [(str(q.pk), q.text) for q in bank]


class AnonymousLinksForm(Form):
    count = forms.IntegerField(
        label="How many links?",
        min_value=1,
        max_value=MAX_ANONYMOUS,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many links to make.",
            "invalid": f"Enter a whole number from 1 to {MAX_ANONYMOUS}.",
            "min_value": f"Enter a whole number from 1 to {MAX_ANONYMOUS}.",
            "max_value": f"Enter a whole number from 1 to {MAX_ANONYMOUS}.",
        },
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
    course = forms.ChoiceField(
        label="Count the answers under this course (optional)",
        required=False,
        help_text="For example, links printed for one class.",
        error_messages=_choice_errors(""),
    )

    def __init__(self, *args: Any, courses: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", "No course"), *((c, c) for c in courses)]


class CodeForm(Form):
    code = forms.CharField(
        label="Your survey code",
        max_length=40,
        help_text=f"{CODE_LENGTH} letters and numbers, on the slip or in the message you "
        "were given.",
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-20",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter your survey code."},
    )


class AnswerForm(Form):
    """One radio question per statement (field ``q_<question id>``), all required."""

    def __init__(self, *args: Any, items: Sequence[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in items:
            self.fields[f"q_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(str(v), label) for v, label in reversed(Likert.choices)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose an answer for: {question.text}",
                    "invalid_choice": "Choose one of the five answers, from strongly disagree "
                    f"to strongly agree, for: {question.text}",
                },
            )
        # GovukFormMixin styled the fields declared on the class: style these too.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "govuk-radios__input")
            field.widget_kind = "radios"  # type: ignore[attr-defined]

    def answers(self) -> dict[str, Any]:
        return {name.removeprefix("q_"): value for name, value in self.cleaned_data.items()}
