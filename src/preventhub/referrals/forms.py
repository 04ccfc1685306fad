"""Forms of the referral and Channel pages. They shape input; services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.accounts.models import User
from preventhub.core.forms import Form
from preventhub.referrals.choices import Consent, PanelOutcome, PersonAware, ScreeningOutcome
from preventhub.referrals.models import NARRATIVE_SECTIONS

DATE_FORMAT = "%Y-%m-%d"

SECTION_HINTS = {
    "how_arose": "Who noticed what, when, and how it reached the safeguarding team.",
    "specific_events": "Dates, places and what was said or done, as factually as you can.",
    "warning_signs": "The behaviours and indicators that worry you, and any changes over time.",
    "extremism_interest": "Any interest in extremist ideologies, terrorism, school massacres or "
    "mass violence, and how it shows.",
    "online_use": "Devices, platforms and online contacts; anything the filtering and "
    "monitoring logs showed. Do not attach extremist material itself.",
    "concerning_contacts": "People or groups they are in contact with who cause concern.",
    "intent_to_harm": "Anything said or written about harming themselves or others, in their "
    "own words where you can.",
    "support_needs": "Special educational needs and disabilities, mental health, and other "
    "safeguarding needs the receiving team should know.",
    "conversations": "Who spoke to the person or their parents or carers, when, and what was said.",
    "parental_support": "Whether parents or carers are supportive, and anything that makes "
    "involving them unsafe.",
    "agency_involvement": "Social care, early help, youth justice, CAMHS or others already "
    "involved, with contact details if known.",
}


def date_field(
    label: str, *, missing: str = "", required: bool = True, help_text: str = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=[DATE_FORMAT, "%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            format=DATE_FORMAT,
        ),
        error_messages={
            "required": missing or f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as a real date, like 2026-03-27.",
        },
    )


def text_area(
    label: str, *, missing: str = "", required: bool = False, rows: int = 4, help_text: str = ""
) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": missing or f"Enter {label.lower()}."},
        widget=forms.Textarea(attrs={"rows": rows}),
    )


LABELS = dict(NARRATIVE_SECTIONS)


def section(name: str) -> Any:
    return text_area(LABELS[name], help_text=SECTION_HINTS[name])


class ReferralForm(Form):
    """The draft referral: one box per section of the local referral form."""

    how_arose = section("how_arose")
    specific_events = section("specific_events")
    warning_signs = section("warning_signs")
    extremism_interest = section("extremism_interest")
    online_use = section("online_use")
    concerning_contacts = section("concerning_contacts")
    intent_to_harm = section("intent_to_harm")
    support_needs = section("support_needs")
    conversations = section("conversations")
    parental_support = section("parental_support")
    agency_involvement = section("agency_involvement")
    person_aware = forms.ChoiceField(
        label="Does the person know about the referral?",
        required=False,
        choices=PersonAware.choices,
        widget=forms.RadioSelect,
        help_text="Police Prevent ask this. You need to answer it before sending.",
    )


def _user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class SendForm(Form):
    sent_on = date_field("Date sent", missing="Enter the date the referral was sent.")
    sent_to = forms.CharField(
        label="Sent to",
        max_length=200,
        error_messages={"required": "Enter who the referral was sent to."},
        help_text="For example: the local police Prevent team, the Channel panel or the local "
        "authority's Prevent coordinator.",
    )
    sent_by: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Sent by",
        queryset=User.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose who sent the referral.",
            "invalid_choice": "Choose a member of the safeguarding team.",
        },
    )
    external_reference = forms.CharField(
        label="Police or panel reference (optional)",
        required=False,
        max_length=100,
        help_text="If you have it already; you can add it later.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )

    def __init__(self, *args: Any, senders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sent_by"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = senders
            field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]


class OutcomeForm(Form):
    external_reference = forms.CharField(
        label="Police or panel reference",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
    outcome = text_area(
        "Outcome",
        rows=5,
        help_text="What police Prevent, the local authority or the panel decided, and what "
        "happens next.",
    )


class FollowUpForm(Form):
    happened_on = date_field("Date", missing="Enter the date of the follow-up.")
    what = text_area(
        "What happened",
        missing="Say what the follow-up was.",
        required=True,
        help_text="For example: a call from the "
        "police Prevent officer asking for attendance records, sent the same day.",
    )
    by_whom = forms.CharField(
        label="By whom (optional)",
        required=False,
        max_length=200,
        help_text="Leave empty if it was you.",
    )


class ScreeningForm(Form):
    screened_on = date_field("Date screened", missing="Enter the date of screening.")
    outcome = forms.ChoiceField(
        label="Outcome of screening",
        choices=ScreeningOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of screening."},
    )


class PanelForm(Form):
    panel_on = date_field("Date of the panel")
    outcome = forms.ChoiceField(
        label="What did the panel decide?",
        choices=[
            (PanelOutcome.ADOPTED.value, "Adopted: the case gets Channel support"),
            (PanelOutcome.NOT_ADOPTED.value, "Not adopted"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the panel decided."},
    )
    next_review_on = date_field(
        "Date of the first review (optional)",
        required=False,
        help_text="Only for an adopted case. You will be reminded two days before.",
    )


class ConsentForm(Form):
    consent = forms.ChoiceField(
        label="Consent to Channel support",
        choices=Consent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given, refused or not yet sought."},
    )
    parental = forms.BooleanField(
        label="The person is under 18: this is their parent's or carer's consent",
        required=False,
    )
    recorded_on = date_field(
        "Date",
        missing="Enter the date consent was given, refused or last asked.",
        help_text="When consent was given, refused or last asked.",
    )

    def __init__(self, *args: Any, age_known: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if age_known:
            # The register's date of birth decides; the checkbox would only contradict it.
            del self.fields["parental"]


class SupportPlanForm(Form):
    support_plan = text_area(
        "Support plan",
        missing="Enter the support plan.",
        required=True,
        rows=10,
        help_text="The support agreed at the panel: who provides what, and how you will know "
        "it is working.",
    )


class ReviewForm(Form):
    held_on = date_field("Date of the review")
    notes = text_area(
        "What the review found", missing="Enter what the review found.", required=True, rows=6
    )
    next_review_on = date_field(
        "Date of the next review (optional)",
        required=False,
        help_text="You will be reminded two days before.",
    )


class ExitForm(Form):
    exited_on = date_field("Date of exit")
    reason = text_area(
        "Why did the case exit Channel?",
        missing="Say why the case exited Channel.",
        required=True,
        help_text="For example: the panel is satisfied the risk has been reduced, or consent "
        "was withdrawn (and what happens instead).",
    )
