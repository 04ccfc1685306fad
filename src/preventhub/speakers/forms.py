"""Forms of speakers, events and lettings. They shape input; the services hold the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from preventhub.accounts.roles import Role
from preventhub.concerns.forms import MultipleFileField
from preventhub.core.forms import Form
from preventhub.core.models import Site
from preventhub.speakers.choices import (
    Audience,
    BritishValue,
    CheckKind,
    CheckOutcome,
    Condition,
    Decision,
    RiskLevel,
)
from preventhub.speakers.permissions import DECIDERS

DATETIME_INPUT = "%Y-%m-%dT%H:%M"
DATETIME_FORMATS = [DATETIME_INPUT, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
MAX_SPEAKERS = 5
BLANK_SPEAKER_ROWS = 3
YES_NO = [("yes", "Yes"), ("no", "No")]


def _datetime_field(label: str, *, required: bool = True, help_text: str = "") -> Any:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": f"Enter {label.lower()}.",
            "invalid": f"Enter {label.lower()} as a date and time, e.g. 14/03/2027 13:30.",
        },
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_INPUT,
        ),
    )


def _yes_no(label: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def _short(label: str, *, required: bool = True, **kwargs: Any) -> forms.CharField:
    messages = {"required": f"Enter {label[0].lower()}{label[1:]}."} if required else {}
    return forms.CharField(
        label=label, required=required, max_length=200, error_messages=messages, **kwargs
    )


def _long(label: str, *, required: bool = True, rows: int = 4, **kwargs: Any) -> forms.CharField:
    messages = {"required": f"Enter {label[0].lower()}{label[1:]}."} if required else {}
    return forms.CharField(
        label=label,
        required=required,
        max_length=10_000,
        error_messages=messages,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class SpeakerRowForm(Form):
    """One speaker. A row left blank is skipped; a row with anything in it needs a name."""

    name = forms.CharField(label="Name", required=False, max_length=200)
    organisation = forms.CharField(label="Organisation", required=False, max_length=200)
    online_presence = forms.CharField(
        label="Known online presence",
        required=False,
        max_length=2000,
        help_text="Websites and social media accounts, one per line.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("organisation") or data.get("online_presence")) and not data.get("name"):
            self.add_error("name", "Enter the speaker's name, or clear this row.")
        return data


if TYPE_CHECKING:
    _FormSetBase = BaseFormSet[SpeakerRowForm]
else:
    _FormSetBase = BaseFormSet  # generic only in the type stubs


class BaseSpeakerFormSet(_FormSetBase):
    default_error_messages = {
        **BaseFormSet.default_error_messages,
        "too_many_forms": f"Name at most {MAX_SPEAKERS} speakers in one request.",
        "missing_management_form": "The list of speakers was incomplete: fill it in again.",
    }

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            name = (form.cleaned_data.get("name") or "").strip().casefold()
            if not name:
                continue
            key = (name, (form.cleaned_data.get("organisation") or "").strip().casefold())
            if key in seen:
                form.add_error("name", "This speaker is named twice.")
            seen.add(key)

    def speakers(self) -> list[dict[str, str]]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.is_valid() and (f.cleaned_data.get("name") or "").strip()
        ]


SpeakerFormSet = formset_factory(
    SpeakerRowForm,
    formset=BaseSpeakerFormSet,
    extra=0,
    max_num=MAX_SPEAKERS,
    absolute_max=MAX_SPEAKERS,
    validate_max=True,
)
SPEAKER_PREFIX = "speakers"


def speaker_formset(data: Any = None) -> Any:
    """Bound to posted ``data``, or three blank rows. Every row is an "initial" form, so a
    blank row is simply valid and skipped."""
    if data is not None:
        return SpeakerFormSet(data, prefix=SPEAKER_PREFIX)
    return SpeakerFormSet(prefix=SPEAKER_PREFIX, initial=[{}] * BLANK_SPEAKER_ROWS)


def posted_rows(data: Any) -> list[dict[str, str]]:
    """The speaker rows as posted (at most five), for re-showing them."""
    try:
        total = int(data.get(f"{SPEAKER_PREFIX}-TOTAL_FORMS", BLANK_SPEAKER_ROWS))
    except ValueError:
        total = BLANK_SPEAKER_ROWS
    names = ("name", "organisation", "online_presence")
    return [
        {n: str(data.get(f"{SPEAKER_PREFIX}-{i}-{n}", ""))[:2000] for n in names}
        for i in range(min(max(total, 0), MAX_SPEAKERS))
    ]


def with_another_row(data: Any) -> Any:
    """The posted speakers again, unbound (no errors yet), with one more blank row."""
    rows = posted_rows(data)
    rows = [*rows, {}] if len(rows) < MAX_SPEAKERS else rows
    return SpeakerFormSet(prefix=SPEAKER_PREFIX, initial=rows)


class RequestForm(Form):
    """A speaker or event request (and, with the letting fields, a letting of premises)."""

    title = _short("Event title")
    topic = _long(
        "Topic",
        help_text="What the speaker will talk about, and why it is of value to learners.",
    )
    starts_at = _datetime_field("Start date and time")
    ends_at = _datetime_field(
        "End date and time", required=False, help_text="Leave blank for one hour after the start."
    )
    site = forms.ModelChoiceField(
        label="Site",
        required=False,
        queryset=Site.unscoped.none(),  # replaced by the provider's sites in __init__
        empty_label="Not on one of our sites",
    )
    venue = _short("Room or venue", help_text="For example: Main hall, Room B12.")
    audience = forms.ChoiceField(
        label="Audience",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the audience is."},
    )
    expected_size = forms.IntegerField(
        label="Expected size",
        required=False,
        min_value=1,
        max_value=100_000,
        help_text="How many people you expect.",
        error_messages={
            "invalid": "Enter the expected size as a whole number, e.g. 60.",
            "min_value": "Enter an expected size of at least 1.",
            "max_value": "Enter an expected size of at most 100,000.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    open_to_public = _yes_no(
        "Is it open to the public?", "Select whether it is open to the public."
    )
    recorded_or_streamed = _yes_no(
        "Will it be recorded or streamed?", "Select whether it will be recorded or streamed."
    )
    materials = MultipleFileField(label="Materials supplied in advance", required=False)
    late_reason = _long(
        "Why is this request late?",
        required=False,
        help_text="A senior leader decides late requests.",
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, provider: Any, max_mb: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site = self.fields["site"]
        if isinstance(site, forms.ModelChoiceField):
            site.queryset = Site.objects.for_provider(provider).order_by("name")
        self.fields["materials"].help_text = (
            f"Slides, handouts or scripts: PDF, image, Word, Excel or text, up to {max_mb} MB "
            "each. If the form shows an error, choose the files again."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", "The end must be after the start.")
        return data


class LettingForm(RequestForm):
    """A booking of premises by an external organisation: the same flow, with the hirer."""

    hirer = _short("Organisation hiring the premises")
    hirer_contact = _short(
        "Their contact", required=False, help_text="Name, email or phone of the person booking."
    )
    purpose = _long("Purpose of the hire", help_text="For example: a weekly community meeting.")
    field_order = [
        "hirer",
        "hirer_contact",
        "purpose",
        "title",
        "topic",
        "starts_at",
        "ends_at",
        "site",
        "venue",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].label = "Name of the event or activity"
        self.fields["title"].error_messages["required"] = "Enter the name of the event or activity."
        self.fields["topic"].label = "What will happen"
        self.fields["topic"].help_text = "Activities, subjects covered and any speakers' topics."
        self.fields["topic"].error_messages["required"] = "Enter what will happen."


class CheckForm(Form):
    kind = forms.ChoiceField(
        label="Check",
        choices=CheckKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which check you made."},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CheckOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the check."},
    )
    speaker = forms.ChoiceField(label="Which speaker?", required=False, choices=[])
    notes = _long(
        "Notes",
        required=False,
        help_text="What you searched or who you asked, and what you found. Seen by the speaker "
        "coordinator, senior leaders and the safeguarding team only.",
    )

    def __init__(self, *args: Any, speakers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["speaker"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "All speakers, or the event as a whole"), *speakers]
        if not speakers:
            del self.fields["speaker"]


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision."},
    )
    risk_level = forms.ChoiceField(
        label="Risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the risk level."},
    )
    risk_reasons = _long(
        "Reasons for the risk level",
        required=False,
        help_text="What in the checks, the topic or the audience makes it this level.",
    )
    conditions = forms.MultipleChoiceField(
        label="Conditions",
        required=False,
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="For an approval with conditions: tick each that applies.",
    )
    conditions_detail = _long(
        "Details of the conditions",
        required=False,
        rows=3,
        help_text="For example: who chairs, which materials are withdrawn.",
    )
    rationale = _long("Rationale", help_text="Why this decision is proportionate.")


class ReasonForm(Form):
    reason = _long("Reason", rows=3)

    def __init__(self, *args: Any, label: str, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.fields["reason"].error_messages["required"] = "Enter the reason."


class OutcomeForm(Form):
    held = _yes_no("Did the event take place?", "Select whether the event took place.")
    attendance = forms.IntegerField(
        label="How many attended?",
        required=False,
        help_text="Leave blank if it did not take place.",
        min_value=0,
        max_value=1_000_000,
        error_messages={"invalid": "Enter the attendance as a whole number, e.g. 45."},
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    conditions_met = forms.TypedChoiceField(
        label="Were the conditions of the approval met?",
        required=False,
        choices=[("yes", "Yes"), ("no", "No"), ("", "There were no conditions")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    issues_raised = _long(
        "Issues raised",
        required=False,
        help_text="Anything said or done that caused concern. Raise a safeguarding concern "
        "about any person separately.",
    )
    benefit = _long(
        "Benefit to learners",
        required=False,
        help_text="What learners gained, and how you know (needed when the event took place).",
    )
    values_addressed = forms.MultipleChoiceField(
        label="British values it addressed",
        required=False,
        choices=BritishValue.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class MaterialForm(Form):
    file = forms.FileField(
        label="Add materials",
        error_messages={"required": "Choose a file to upload."},
    )


def _decider_choices() -> list[tuple[str, str]]:
    return [(r, Role(r).label) for r in DECIDERS]


class SettingsForm(Form):
    minimum_notice_working_days = forms.IntegerField(
        label="Minimum notice (working days)",
        min_value=0,
        max_value=60,
        help_text="Requests with less notice need a reason, and a senior leader decides them.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    required_checks = forms.MultipleChoiceField(
        label="Checks needed before approval",
        choices=CheckKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one check."},
    )
    approvers_low = forms.MultipleChoiceField(
        label="Who may decide low-risk requests",
        choices=_decider_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who decides low-risk requests."},
    )
    approvers_medium = forms.MultipleChoiceField(
        label="Who may decide medium-risk requests",
        choices=_decider_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who decides medium-risk requests."},
    )
    approvers_high = forms.MultipleChoiceField(
        label="Who may decide high-risk requests",
        choices=_decider_choices(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who decides high-risk requests."},
    )
    share_register_with_group = forms.BooleanField(
        label="Share our speaker register with the other providers of our group",
        required=False,
        help_text="Previous appearances are then found across the providers that share theirs.",
    )
    outcome_overdue_days = forms.IntegerField(
        label="An outcome is overdue this many days after the event",
        min_value=1,
        max_value=90,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
