"""Forms of the risk assessment pages. They shape input; the services hold the rules (scales,
dates, owners, duplicates) and their errors are shown against these fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.core.forms import Form
from preventhub.risk.choices import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    ActionStatus,
    Area,
    InputKind,
    SignerRole,
    Source,
)
from preventhub.risk.services import clean_residual, clean_review_on

DATE_INPUT = "%Y-%m-%d"
DATE_FORMATS = [DATE_INPUT, "%d/%m/%Y"]


def _date_field(label: str, *, help_text: str = "", required: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=bool(required),
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            format=DATE_INPUT,
        ),
        error_messages={
            "required": required,
            "invalid": "Enter a real date, for example 17/03/2026.",
        },
    )


def _text(label: str, *, required: str = "", rows: int = 4, help_text: str = "") -> Any:
    """Long text: its length is checked by the service, which says by how much it is over."""
    return forms.CharField(
        label=label,
        required=bool(required),
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required},
    )


def _scale(labels: dict[int, str], label: str, *, required: bool) -> forms.TypedChoiceField:
    # A required rating starts empty, so that nobody saves "1" without choosing it.
    empty = [("", "Choose")] if required else [("", "Not assessed yet")]
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=int,
        empty_value=None,
        choices=[*empty, *((str(k), f"{k} \u2013 {v}") for k, v in labels.items())],
        error_messages={
            "required": f"Choose the {label.lower()}, from 1 to 5.",
            "invalid_choice": "Choose a number from 1 to 5.",
        },
    )


def user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def _owner_field(label: str, help_text: str) -> forms.ModelChoiceField[Any]:
    return forms.ModelChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        queryset=User.objects.none(),
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Choose someone who works here from the list."},
    )


class _OwnerForm(Form):
    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = owners
            field.label_from_instance = user_label  # type: ignore[method-assign,assignment]


def show_errors(
    form: forms.Form, exc: ValidationError, names: dict[str, str] | None = None
) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    names = names or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = names.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ContextForm(Form):
    national_context = _text(
        "National context",
        rows=6,
        help_text="The national threat picture as it bears on your learners: the threat level, "
        "ideologies Prevent sees most among young people, online trends.",
    )
    national_sources = _text(
        "Sources of the national context",
        rows=2,
        help_text="For example: CONTEST 2023, Home Office Prevent referral statistics, DfE "
        "briefings.",
    )
    local_context = _text(
        "Local context",
        rows=8,
        help_text="What is happening around you: community tensions, local incidents, what "
        "police Prevent and the local authority tell you, the areas your learners come from.",
    )
    local_sources = _text(
        "Sources of the local context",
        rows=2,
        help_text="For example: the counter-terrorism local profile briefing, the local "
        "authority Prevent coordinator, the community safety partnership.",
    )


class RiskForm(_OwnerForm):
    area = forms.ChoiceField(
        label="Area",
        choices=[("", "Choose an area"), *Area.choices],
        error_messages={
            "required": "Choose the area this risk belongs to.",
            "invalid_choice": "Choose an area from the list.",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words that name the risk, for example \u201cUnmonitored use of the "
        "Riverside prayer room\u201d.",
        error_messages={"required": "Enter a title for the risk."},
    )
    description = _text(
        "Description",
        required="Describe the risk.",
        rows=5,
        help_text="What could happen here, and why here: name the sites, partners, communities "
        "or figures it is about. A generic description is flagged by the quality check.",
    )
    hazard = _text(
        "Hazard",
        rows=3,
        help_text="What could cause the harm: the source of the threat.",
    )
    controls = _text(
        "Current controls",
        rows=4,
        help_text="What is already in place to reduce it.",
    )
    likelihood = _scale(LIKELIHOOD_LABELS, "Likelihood", required=True)
    impact = _scale(IMPACT_LABELS, "Impact", required=True)
    residual_likelihood = _scale(LIKELIHOOD_LABELS, "Likelihood after controls", required=False)
    residual_impact = _scale(IMPACT_LABELS, "Impact after controls", required=False)
    sources = forms.MultipleChoiceField(
        label="Where did this come from?",
        required=False,
        choices=Source.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose sources from the list."},
    )
    source_note = _text(
        "Note on sources",
        rows=2,
        help_text="For example: police Prevent briefing of 12 March; student council, 4 June.",
    )
    owner = _owner_field("Owner", "Who keeps this risk under review.")
    review_on = _date_field("Review date", help_text="Today or later. For example, 17/03/2027.")

    def __init__(self, *args: Any, review_before: date | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "risk-%s")
        super().__init__(*args, **kwargs)
        self.review_before = review_before

    def clean(self) -> dict[str, Any]:
        """The service's rules on ratings and dates, checked here too, so that every problem
        is shown at once rather than after the first round is put right."""
        cleaned = super().clean() or {}
        likelihood, impact = cleaned.get("likelihood"), cleaned.get("impact")
        if likelihood and impact:
            self._check(
                clean_residual,
                likelihood,
                impact,
                cleaned.get("residual_likelihood"),
                cleaned.get("residual_impact"),
            )
        self._check(
            clean_review_on,
            cleaned.get("review_on"),
            today=timezone.localdate(),
            before=self.review_before,
        )
        return cleaned

    def _check(self, rule: Any, *args: Any, **kwargs: Any) -> None:
        try:
            rule(*args, **kwargs)
        except ValidationError as exc:
            show_errors(self, exc)


class ActionForm(_OwnerForm):
    title = forms.CharField(
        label="What will be done?",
        max_length=300,
        help_text="A practical step that reduces the risk, not a procedure to follow.",
        error_messages={"required": "Enter what will be done."},
    )
    owner = _owner_field("Who will do it?", "If you leave this empty, the quality check says so.")
    due_date = _date_field("When is it due?", help_text="Today or later. For example, 17/03/2026.")
    impact_measure = _text(
        "How will you know it worked?",
        rows=3,
        help_text="The impact measure: what will be different, and how you will see it (for "
        "example, \u201cno unsupervised bookings in the summer term log\u201d).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "action-%s")
        super().__init__(*args, **kwargs)


class ProgressForm(Form):
    status = forms.ChoiceField(
        label="Where has it got to?",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose where the action has got to.",
            "invalid_choice": "Choose a status from the list.",
        },
    )
    evidence = _text(
        "Evidence of impact",
        rows=5,
        help_text="Needed to mark it done: what changed, and how you know. If you drop the "
        "action, say why here.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "progress-%s")
        super().__init__(*args, **kwargs)


class InputForm(Form):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=InputKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a learner consultation or a partner input.",
            "invalid_choice": "Choose from the list.",
        },
    )
    held_on = _date_field(
        "When was it?",
        required="Enter the date it took place.",
        help_text="For example, 4/06/2026.",
    )
    what = forms.CharField(
        label="What was it?",
        max_length=200,
        help_text="For example: student council meeting; learner voice survey; police Prevent "
        "briefing; Prevent coordinator visit.",
        error_messages={"required": "Say what it was."},
    )
    with_whom = forms.CharField(
        label="With whom?",
        required=False,
        max_length=200,
        help_text="The group of learners, or the partner organisation.",
    )
    summary = _text(
        "What did you learn?",
        required="Summarise what you learnt.",
        rows=5,
        help_text="The risks it raised or confirmed, and what you will change. No names of "
        "learners.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "input-%s")
        super().__init__(*args, **kwargs)


class SignOffForm(Form):
    role = forms.ChoiceField(
        label="You sign as",
        choices=SignerRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the role you sign as.",
            "invalid_choice": "Choose a role you hold.",
        },
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what the board asked to be looked at before the next review.",
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "signoff-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(r, SignerRole(r).label) for r in roles]
        if len(roles) == 1:
            field.widget = forms.HiddenInput()
            self.initial["role"] = roles[0]


def posted(request: HttpRequest) -> QueryDict | None:
    """The POST data to bind a form to, even when empty (so an empty submission shows its
    errors); None for a GET."""
    return request.POST if request.method == "POST" else None
