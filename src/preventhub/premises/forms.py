"""Forms of the faith-rooms pages. They shape input; the services validate the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.choices import Category, Ideology
from preventhub.concerns.forms import DATETIME_INPUT
from preventhub.core.forms import Form
from preventhub.core.models import Site
from preventhub.premises.choices import ConcernFlag, Condition, FaithGroup, RoomKind, UseKind
from preventhub.premises.services import MAX_REPEAT_WEEKS


def _choice_error(what: str) -> dict[str, str]:
    return {
        "invalid_choice": f"Choose {what} from the list.",
        "required": f"Choose {what}.",
    }


def _when(label: str, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATETIME_INPUT, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "invalid": "Enter a real date and time, for example 2026-03-27 12:30.",
            "required": f"Enter {label[0].lower()}{label[1:].rstrip('?')}.",
        },
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_INPUT,
        ),
    )


def _count(label: str, *, help_text: str = "", min_value: int = 0) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=min_value,
        max_value=2000,
        error_messages={
            "invalid": "Enter a whole number.",
            "required": "Enter a number.",
            "min_value": f"Enter {min_value} or more.",
            "max_value": "Enter 2,000 or fewer.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )


def _user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class RoomForm(Form):
    site: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Site", queryset=Site.unscoped.none(), error_messages=_choice_error("a site")
    )
    name = forms.CharField(label="Name of the room", max_length=120)
    kind = forms.ChoiceField(
        label="Kind of room",
        choices=RoomKind.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("a kind of room"),
    )
    location = forms.CharField(
        label="Where it is (optional)",
        required=False,
        max_length=200,
        help_text="For example: Block C, second floor, beside the library.",
    )
    capacity = _count("How many people it holds", min_value=1)
    manager: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who manages it",
        queryset=User.objects.none(),
        help_text="The member of staff responsible for the room and its use.",
        error_messages=_choice_error("who manages it"),
    )
    usage_policy = forms.CharField(
        label="Usage policy (optional if you upload a document)",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Who may use the room and when, booking, supervision, that it is open to "
        "everyone of any faith or none, and what is not allowed.",
    )
    policy_document = forms.FileField(
        label="Usage policy document (optional)",
        required=False,
        help_text="PDF, Word (.docx) or plain text.",
    )

    def __init__(self, *args: Any, sites: Any, managers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site, manager = self.fields["site"], self.fields["manager"]
        if isinstance(site, forms.ModelChoiceField) and isinstance(manager, forms.ModelChoiceField):
            site.queryset = sites
            manager.queryset = managers
            manager.label_from_instance = _user_label  # type: ignore[method-assign,assignment]


class BookingForm(Form):
    kind = forms.ChoiceField(
        label="Is the group booking ahead, or here now?",
        choices=[
            (UseKind.BOOKING, "Booking ahead"),
            (UseKind.SIGN_IN, "Signing in: the group is using the room now (or was earlier)"),
        ],
        widget=forms.RadioSelect,
        error_messages=_choice_error("booking or signing in"),
    )
    group_name = forms.CharField(
        label="Group or society",
        max_length=200,
        help_text="For example: Islamic Society, Christian Union, Friday quiet reflection.",
    )
    faith_group = forms.ChoiceField(
        label="Faith or belief of the group, if it gives one",
        choices=FaithGroup.choices,
        required=False,
        error_messages=_choice_error("a faith or belief"),
    )
    starts_at = _when("Starts")
    ends_at = _when("Ends", required=False, help_text="A sign-in without an end lasts one hour.")
    expected_number = _count(
        "How many people", min_value=1, help_text="Expected, for a booking; present, for a sign-in."
    )
    booked_by_name = forms.CharField(
        label="Booked by (optional)",
        required=False,
        max_length=200,
        help_text="The member of staff or contact responsible for the group. Leave it blank "
        "for yourself.",
    )
    repeat_weeks = forms.IntegerField(
        label="Repeat weekly for how many more weeks? (bookings only)",
        required=False,
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        help_text=f"0 for a single booking, up to {MAX_REPEAT_WEEKS}.",
        error_messages={
            "invalid": "Enter a whole number of weeks.",
            "min_value": "Enter 0 or more weeks.",
            "max_value": f"Repeat for at most {MAX_REPEAT_WEEKS} more weeks.",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    policy_acknowledged = forms.BooleanField(
        label="The group has read the room's usage policy and will follow it", required=False
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=90)


class VisitForm(Form):
    visited_at = _when("When did you visit?")
    people_present = _count("How many people were in the room?")
    groups_present = forms.CharField(
        label="Which groups were there? (optional)",
        required=False,
        max_length=1000,
        help_text="Groups or societies, not names of learners.",
    )
    condition = forms.ChoiceField(
        label="Condition of the room",
        choices=Condition.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("the room's condition"),
    )
    concerns = forms.MultipleChoiceField(
        label="Did you see anything of concern?",
        required=False,
        choices=ConcernFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that apply. Leave them all unticked if nothing concerned you.",
        error_messages=_choice_error("a concern"),
    )
    observations = forms.CharField(
        label="What did you observe?",
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Required if you ticked a concern. Write what you saw and heard, as it was.",
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("visited_at", timezone.localtime().replace(second=0))


class FollowUpForm(Form):
    follow_up = forms.CharField(
        label="What was done about it?",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="For example: spoke to the society's officers and their supervising tutor; "
        "the room rules were explained; next visit brought forward.",
        error_messages={"required": "Say what was done about it."},
    )


class RaiseConcernForm(Form):
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=Category.choices,
        widget=forms.RadioSelect,
        help_text="If you are not sure, choose the nearest; the safeguarding lead will check.",
        error_messages=_choice_error("a kind of concern"),
    )
    ideology = forms.ChoiceField(
        label="If it is about radicalisation, which ideology does it seem to involve?",
        required=False,
        choices=[("", "Not sure"), *Ideology.choices],
        error_messages=_choice_error("an ideology"),
    )
    description = forms.CharField(
        label="What the safeguarding team will read",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Filled in from your visit. Add anything else they should know.",
        error_messages={"required": "Enter what happened."},
    )


class SettingsForm(Form):
    visit_interval_days = forms.IntegerField(
        label="Visit each room at least every (days)",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    usage_period_days = forms.IntegerField(
        label="Check that use is booked over the last (days)",
        min_value=7,
        max_value=366,
        help_text="A room used in this period without any booking is a finding.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    follow_up_days = forms.IntegerField(
        label="Follow up a concern found on a visit within (days)",
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )
    no_rooms_reason = forms.CharField(
        label="If you have no faith or reflection room: why not? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: learners were asked in September 2025 and preferred not to "
        "have one. Leave it blank if you have rooms.",
    )
