"""Forms of the referral pathway. They shape input; services validate the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.choices import (
    INDICATORS,
    Category,
    Decision,
    Ideology,
    IndicatorGroup,
    SubjectType,
)
from preventhub.core.forms import Form

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the attachment rules, not here."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class DangerForm(Form):
    danger = forms.ChoiceField(
        label="Is anyone in immediate danger right now?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
    )


def _indicator_choices(group: str) -> list[tuple[str, str]]:
    return [(key, label) for key, (g, label) in INDICATORS.items() if g == group]


class ConcernForm(Form):
    subject_type = forms.ChoiceField(
        label="Who is the concern about?", choices=SubjectType.choices, widget=forms.RadioSelect
    )
    subject_name = forms.CharField(
        label="Their name, if you know it",
        required=False,
        max_length=200,
        help_text="For a learner, their group or course helps too.",
    )
    description = forms.CharField(
        label="What did you see or hear?",
        help_text="Write it as it happened, in the person's own words where you can. "
        "Do not investigate or question them further.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    occurred_at = forms.DateTimeField(
        label="When did it happen?",
        input_formats=[DATETIME_INPUT, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_INPUT,
        ),
    )
    location = forms.CharField(label="Where did it happen?", required=False, max_length=500)
    indicators = forms.MultipleChoiceField(
        label="What did you notice?",
        required=False,
        choices=_indicator_choices(IndicatorGroup.INDICATOR),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that apply. One sign alone does not mean someone is at risk: "
        "report it anyway and let the safeguarding lead decide.",
    )
    vulnerabilities = forms.MultipleChoiceField(
        label="Is there anything that may make them vulnerable?",
        required=False,
        choices=_indicator_choices(IndicatorGroup.VULNERABILITY),
        widget=forms.CheckboxSelectMultiple,
    )
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=Category.choices,
        widget=forms.RadioSelect,
        help_text="If you are not sure, choose the nearest; the safeguarding lead will check.",
    )
    ideology = forms.ChoiceField(
        label="If it is about radicalisation, which ideology does it seem to involve?",
        required=False,
        choices=[("", "Not sure"), *Ideology.choices],
    )
    attachments = MultipleFileField(
        label="Files",
        required=False,
        help_text="Up to 5 files: PDF, image, Word, Excel or text, 10 MB each. "
        "Do not attach extremist material itself; describe where it was seen.",
    )
    immediate_risk = forms.BooleanField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0))


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label="Decision", choices=Decision.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label="Why? (rationale)",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you considered, and why this is the proportionate response.",
    )
    informed = forms.CharField(
        label="Who was informed?",
        required=False,
        max_length=500,
        help_text="For example: parent by phone, police Prevent officer, head of department.",
    )
    informed_at = forms.DateTimeField(
        label="When were they informed?",
        required=False,
        input_formats=[DATETIME_INPUT, "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_INPUT,
        ),
    )


class SafeguardingSettingsForm(Form):
    escalate_after_minutes = forms.IntegerField(
        label="Escalate a concern nobody has acknowledged after (minutes)",
        min_value=5,
        max_value=7 * 24 * 60,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    out_of_hours_name = forms.CharField(
        label="Out-of-hours contact", required=False, max_length=200
    )
    out_of_hours_email = forms.EmailField(label="Their email", required=False)
    out_of_hours_phone = forms.CharField(label="Their phone", required=False, max_length=40)


def _user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class RotaSlotForm(Form):
    contact: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who is on call", queryset=User.objects.none()
    )
    starts_at = forms.DateTimeField(
        label="From",
        input_formats=[DATETIME_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )
    ends_at = forms.DateTimeField(
        label="Until",
        input_formats=[DATETIME_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )

    def __init__(self, *args: Any, contacts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = contacts
            field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "The end must be after the start.")
        return data
