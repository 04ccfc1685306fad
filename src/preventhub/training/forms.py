"""Forms of the training pages. They shape input; the services hold the rules (and repeat the
checks, so the API and the pages refuse the same things with the same words)."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.concerns.forms import MultipleFileField
from preventhub.core.forms import Form, widget_kind
from preventhub.core.models import Department, Provider, Site
from preventhub.training.choices import SCALE, Confidence, Frequency, Mode, Status, frequency_of
from preventhub.training.evidence import EVIDENCE_LIST
from preventhub.training.models import Course, KnowledgeQuestion, Requirement

DATE_INVALID = "Enter a real date, for example 2026-03-27."
MAX_OPTIONS = 5


def date_field(label: str, required_message: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"required": required_message, "invalid": DATE_INVALID},
        **kwargs,
    )


def number_field(
    label: str, *, required: bool = True, low: int, high: int, **kwargs: Any
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(
            attrs={"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        ),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}.",
            "invalid": "Enter a whole number.",
            "min_value": f"Enter a number from {low} to {high}.",
            "max_value": f"Enter a number from {low} to {high}.",
        },
        **kwargs,
    )


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


def course_choices(provider: Provider, *, blank: str = "") -> list[tuple[str, str]]:
    rows = Course.objects.for_provider(provider).filter(active=True).order_by("title")
    choices = [(str(c.pk), c.title) for c in rows]
    return [("", blank), *choices] if blank else choices


class CourseForm(Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the course title."}
    )
    delivered_by = forms.CharField(
        label="Provided by", max_length=200, required=False,
        help_text="For example: Home Office, the local Prevent coordinator, an in-house trainer",
    )  # fmt: skip
    mode = forms.ChoiceField(
        label="How it is delivered", choices=Mode.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose how the course is delivered."},
    )  # fmt: skip
    duration_minutes = number_field("Length in minutes", required=False, low=1, high=14_400)
    validity_months = number_field(
        "Valid for (months)", required=False, low=1, high=120,
        help_text="Leave empty if a completion does not lapse",
    )  # fmt: skip
    audience = forms.CharField(label="Who it is for", max_length=300, required=False)
    learning_outcomes = forms.CharField(
        label="Learning outcomes", required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    counts_as = forms.MultipleChoiceField(
        label="A completion of this course also meets requirements for",
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="For example, a face-to-face workshop also covers the awareness e-learning",
    )  # fmt: skip
    active = forms.BooleanField(
        label="Offered now (untick to retire the course: its records are kept)", required=False
    )

    def __init__(
        self, *args: Any, provider: Provider, course: Course | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        others = Course.objects.for_provider(provider).order_by("title")
        if course is not None:
            others = others.exclude(pk=course.pk)
        set_choices(self, "counts_as", [(str(c.pk), c.title) for c in others])
        if course is None:
            del self.fields["active"]

    def chosen_courses(self, provider: Provider) -> list[Course]:
        ids = self.cleaned_data.get("counts_as") or []
        return list(Course.objects.for_provider(provider).filter(pk__in=ids))


class RequirementRowForm(Form):
    """One row of the matrix: a frequency per course."""

    def __init__(
        self, *args: Any, courses: list[Course], current: dict[Any, Requirement], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.courses = courses
        for course in courses:
            cell = current.get(course.pk)
            value = frequency_of(cell.on_induction, cell.renew_months) if cell else ""
            choices = list(Frequency.choices)
            if value not in Frequency.values:
                choices.append((value, f"Every {cell.renew_months} months" if cell else value))
            field = forms.ChoiceField(
                label=course.title, choices=choices, required=False, initial=value,
                error_messages={"invalid_choice": "Choose how often it is required."},
            )  # fmt: skip
            # Added after the GOV.UK mixin dressed the declared fields: dress this one too.
            field.widget.attrs["class"] = "govuk-select"
            field.widget_kind = widget_kind(field.widget)  # type: ignore[attr-defined]
            self.fields[f"c_{course.pk}"] = field

    def cells(self) -> dict[Course, str]:
        return {c: self.cleaned_data.get(f"c_{c.pk}", "") or "" for c in self.courses}


class SettingsForm(Form):
    induction_days = number_field(
        "Days new staff have to complete induction training", low=1, high=365,
        help_text="Counted from their start date in the people register",
    )  # fmt: skip
    due_soon_days = number_field(
        "Show training as due soon this many days before it lapses", low=1, high=365
    )
    coverage_threshold = number_field(
        "Coverage threshold (%)", low=1, high=100,
        help_text="A front-line staff group below this share of in-date training is a finding "
        "on the compliance view",
    )  # fmt: skip


class QuestionForm(Form):
    text = forms.CharField(
        label="Question", max_length=300, error_messages={"required": "Enter the question."}
    )
    option_1 = forms.CharField(label="Answer 1", max_length=200, required=False)
    option_2 = forms.CharField(label="Answer 2", max_length=200, required=False)
    option_3 = forms.CharField(label="Answer 3", max_length=200, required=False)
    option_4 = forms.CharField(label="Answer 4", max_length=200, required=False)
    option_5 = forms.CharField(label="Answer 5", max_length=200, required=False)
    correct = forms.ChoiceField(
        label="Which answer is right?", choices=[(str(i), f"Answer {i}") for i in range(1, 6)],
        widget=forms.RadioSelect, error_messages={"required": "Say which answer is right."},
    )  # fmt: skip
    active = forms.BooleanField(
        label="Ask this question in new sessions", required=False, initial=True
    )

    @staticmethod
    def initial_for(question: KnowledgeQuestion) -> dict[str, Any]:
        initial: dict[str, Any] = {"text": question.text, "active": question.active}
        for index, option in enumerate(question.options[:MAX_OPTIONS], start=1):
            initial[f"option_{index}"] = option
        initial["correct"] = str(question.correct + 1)
        return initial

    def options(self) -> list[str]:
        return [self.cleaned_data.get(f"option_{i}", "") for i in range(1, MAX_OPTIONS + 1)]

    def correct_among_filled(self) -> int | None:
        """The right answer's number among the answers actually given (blanks are dropped)."""
        picked = int(self.cleaned_data["correct"])
        options = self.options()
        if not options[picked - 1].strip():
            return None
        return sum(1 for o in options[:picked] if o.strip())


class RecordForm(Form):
    person = forms.CharField(
        label="Member of staff", max_length=254,
        help_text="Their email address or staff ID, as in the people register",
        error_messages={"required": "Enter the member of staff's email address or staff ID."},
    )  # fmt: skip
    course = forms.ChoiceField(
        label="Course",
        error_messages={
            "required": "Choose the course.",
            "invalid_choice": "Choose a course from the list.",
        },
    )
    completed_on = date_field("Date completed", "Enter the date the training was completed.")
    trainer = forms.CharField(
        label="Trainer", max_length=200, required=False, help_text="Who delivered it, if anyone"
    )
    certificate_id = forms.CharField(label="Certificate reference", max_length=100, required=False)
    evidence = MultipleFileField(
        label="Evidence (optional)", required=False,
        help_text=f"A certificate or attendance sheet: {EVIDENCE_LIST}",
    )  # fmt: skip

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "course", course_choices(provider, blank="Choose a course"))


class EvidenceForm(Form):
    evidence = MultipleFileField(
        label="Evidence", help_text=f"A certificate or attendance sheet: {EVIDENCE_LIST}",
        error_messages={"required": "Choose a file to upload."},
    )  # fmt: skip


class SessionForm(Form):
    course = forms.ChoiceField(
        label="Course",
        error_messages={
            "required": "Choose the course.",
            "invalid_choice": "Choose a course from the list.",
        },
    )
    held_on = date_field(
        "Date of the session",
        "Enter the date of the session.",
        help_text="A date ahead lets you book people before it",
    )
    trainer = forms.CharField(
        label="Trainer",
        max_length=200,
        error_messages={"required": "Enter who delivers the session."},
    )
    site = forms.ChoiceField(label="Site", required=False)
    venue = forms.CharField(label="Room or venue", max_length=200, required=False)

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "course", course_choices(provider, blank="Choose a course"))
        sites = Site.objects.for_provider(provider).order_by("name")
        set_choices(self, "site", [("", "Not recorded"), *((str(s.pk), s.name) for s in sites)])


class SessionPeopleForm(Form):
    """Who is on a session: tick the people listed, and add more by email or staff ID."""

    people = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    add = forms.CharField(
        label="Add people by email address or staff ID", required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One a line, or separated by commas: for example from a sign-in sheet",
    )  # fmt: skip

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]], label: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "people", choices)
        self.fields["people"].label = label


class ImportForm(Form):
    file = forms.FileField(
        label="Certificate export (CSV)",
        help_text="Columns for name or email, course and date (a certificate reference is kept "
        "if there is one)",
        error_messages={"required": "Choose a CSV file to check."},
    )
    course = forms.ChoiceField(
        label="Course", required=False,
        help_text="Choose one if every row is the same course (then no course column is needed)",
    )  # fmt: skip

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "course", course_choices(provider, blank="Take the course from each row"))


def questionnaire_form_class(questions: list[KnowledgeQuestion]) -> type[Form]:
    """A form of the three confidence statements, then each knowledge question, as radios.
    Each error names its statement or question, so the error summary says which is missing."""
    fields: dict[str, Any] = {}
    for statement in Confidence:
        message = f"Choose from 1 to 5 for “{statement.label}”."
        fields[statement.value] = forms.TypedChoiceField(
            label=statement.label, choices=[(str(v), text) for v, text in SCALE], coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": message, "invalid_choice": message},
        )  # fmt: skip
    for number, question in enumerate(questions, start=1):
        message = f"Choose one of the answers to question {number}."
        fields[f"q_{question.pk}"] = forms.ChoiceField(
            label=f"{number}. {question.text}", widget=forms.RadioSelect,
            choices=[(str(i), option) for i, option in enumerate(question.options)],
            error_messages={"required": message, "invalid_choice": message},
        )  # fmt: skip
    return type("QuestionnaireForm", (Form,), fields)


class ComplianceForm(Form):
    by = forms.ChoiceField(label="Show compliance by", required=False)

    def __init__(self, *args: Any, named: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("role", "Role"),
            ("job_category", "Staff group"),
            ("department", "Department"),
            ("site", "Site"),
        ]
        set_choices(self, "by", [("person", "Person"), *choices] if named else choices)
        self.fields["by"].error_messages["invalid_choice"] = "Choose from the list."


class ActionFilterForm(Form):
    status = forms.ChoiceField(label="Status", required=False)
    department = forms.ChoiceField(label="Department", required=False)
    site = forms.ChoiceField(label="Site", required=False)

    def __init__(
        self, *args: Any, provider: Provider, everyone: bool = False, **kwargs: Any
    ) -> None:
        """``everyone``: the statuses of everyone (compliant too), not only those to act on."""
        super().__init__(*args, **kwargs)
        statuses = [(s.value, s.label) for s in Status if everyone or s != Status.COMPLIANT]
        blank = "All statuses" if everyone else "Everything to act on"
        set_choices(self, "status", [("", blank), *statuses])
        depts = Department.objects.for_provider(provider).order_by("name")
        set_choices(
            self,
            "department",
            [
                ("", "All departments"),
                *((str(d.pk), d.name) for d in depts),
            ],
        )
        sites = Site.objects.for_provider(provider).order_by("name")
        set_choices(self, "site", [("", "All sites"), *((str(s.pk), s.name) for s in sites)])
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Choose from the list."


class ImpactForm(Form):
    months = forms.TypedChoiceField(
        label="Sessions held in the last", coerce=int, required=False, initial="12",
        choices=[("6", "6 months"), ("12", "12 months"), ("24", "2 years"), ("36", "3 years")],
        error_messages={"invalid_choice": "Choose a period from the list."},
    )  # fmt: skip
    course = forms.ChoiceField(label="Course", required=False)
    by = forms.ChoiceField(
        label="Break down by", required=False,
        choices=[("role", "Role"), ("job_category", "Staff group"), ("department", "Department")],
        error_messages={"invalid_choice": "Choose from the list."},
    )  # fmt: skip

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "course",
            [
                ("", "All courses"),
                *(
                    (str(c.pk), c.title)
                    for c in Course.objects.for_provider(provider).order_by("title")
                ),
            ],
        )
        self.fields["course"].error_messages["invalid_choice"] = "Choose a course from the list."
