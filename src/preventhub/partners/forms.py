"""Forms of partnership working. They shape input; the services validate the rules and write."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet

from preventhub.concerns.attachments import CheckedFile
from preventhub.core.forms import Form
from preventhub.partners.choices import (
    AssuranceCheck,
    EngagementKind,
    LawfulBasis,
    PartnerKind,
    SpecialCondition,
)
from preventhub.partners.models import Agreement, Partner
from preventhub.policies.documents import check_document

DATE_INPUT = "%Y-%m-%d"
DATE_FORMATS = [DATE_INPUT, "%d/%m/%Y"]


def date_field(label: str, *, required: str = "", help_text: str = "") -> forms.DateField:
    """A date; ``required`` is the message when it is missing (empty: optional)."""
    return forms.DateField(
        label=label,
        required=bool(required),
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format=DATE_INPUT
        ),
        error_messages={
            "required": required,
            "invalid": "Enter a real date, for example 17/03/2026.",
        },
    )


def text_field(label: str, *, required: str = "", rows: int = 0, help_text: str = "") -> Any:
    """Text; long text is measured by the service, which says by how much it is too long."""
    return forms.CharField(
        label=label,
        required=bool(required),
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput(),
        error_messages={"required": required},
    )


class PartnerForm(Form):
    name = text_field("Name of the organisation", required="Enter the partner's name.")
    kind = forms.ChoiceField(
        label="What kind of partner is it?",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of partner it is."},
    )
    description = text_field(
        "What they offer and how you work with them (optional)",
        rows=3,
        help_text="For example: termly FE/HE Prevent forum; advice on referrals. Do not name "
        "learners or staff here.",
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, for example https://www.example.org."},
    )


class PartnerEditForm(PartnerForm):
    active = forms.BooleanField(
        label="A current partner",
        required=False,
        help_text="Untick for a partner you no longer work with; its history stays.",
    )


class ContactForm(Form):
    name = text_field("Name", required="Enter the contact's name.")
    role = text_field("Role (optional)", help_text="For example: Prevent engagement officer.")
    email = forms.EmailField(
        label="Work email (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )
    phone = text_field("Work phone (optional)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "contact-%s")
        super().__init__(*args, **kwargs)


def _partner_label(partner: Partner) -> str:
    """The name, and the kind where the name does not already say it ("Jisc (Jisc)")."""
    kind = str(partner.get_kind_display())
    name = partner.name
    if kind.lower().split(" (")[0] in name.lower() or name.lower() in kind.lower():
        return name
    return f"{name} ({kind})"


class AgreementForm(Form):
    title = text_field(
        "Title",
        required="Enter the agreement's title.",
        help_text="For example: Northbridge Prevent information-sharing protocol 2025.",
    )
    partners: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="Who is it with?",
        queryset=Partner.unscoped.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one partner the agreement is with.",
            "invalid_choice": "Choose partners from the list.",
        },
    )
    scope = text_field(
        "Scope: what is shared, about whom, for what purpose",
        required="Enter the scope of the agreement.",
        rows=4,
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis (UK GDPR Article 6)",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        help_text="Schools and colleges sharing for safeguarding usually rely on public task.",
        error_messages={"required": "Choose the lawful basis."},
    )
    special_category = forms.BooleanField(
        label="Special-category data is shared (for example health, religion or ethnicity)",
        required=False,
    )
    criminal_offence = forms.BooleanField(label="Criminal offence data is shared", required=False)
    special_conditions = forms.MultipleChoiceField(
        label="Conditions for special-category and criminal offence data (Articles 9 and 10)",
        choices=SpecialCondition.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose the condition each kind of data is shared under.",
    )
    basis_note = text_field(
        "Notes on the lawful basis (optional)",
        rows=3,
        help_text="For example, the legislation relied on, or the data protection impact "
        "assessment.",
    )
    signed_on = date_field("Date signed (leave empty if not signed yet)")
    review_on = date_field(
        "Review date", help_text="Required once it is signed. Must be on or after the signing."
    )
    document = forms.FileField(
        label="Signed copy (optional)",
        required=False,
        help_text="PDF, Word (.docx) or plain text, up to 20 MB. Stored encrypted.",
    )

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partners"]
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.queryset = partners
            field.label_from_instance = _partner_label  # type: ignore[method-assign,assignment]

    def clean_document(self) -> CheckedFile | None:
        """The upload checked by type and size (shown with the other errors), or None."""
        upload = self.cleaned_data.get("document")
        return check_document(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        signed, review = data.get("signed_on"), data.get("review_on")
        if signed and review and review < signed:
            self.add_error(
                "review_on",
                "The review date must be on or after the date the agreement was signed.",
            )
        return data


class EngagementForm(Form):
    occurred_on = date_field("Date", required="Enter the date of the engagement.")
    kind = forms.ChoiceField(
        label="What kind of engagement?",
        choices=EngagementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of engagement it was."},
    )
    partner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="With which partner?",
        queryset=Partner.unscoped.none(),
        empty_label="Choose a partner",
        error_messages={
            "required": "Choose the partner.",
            "invalid_choice": "Choose a partner from the list.",
        },
    )
    agreement: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Under which information-sharing agreement?",
        queryset=Agreement.unscoped.none(),
        required=False,
        empty_label="None",
        help_text="Needed when you share intelligence: sharing under no agreement in force is "
        "flagged.",
        error_messages={"invalid_choice": "Choose an agreement from the list."},
    )
    summary = text_field(
        "What, in one line",
        required="Enter what the engagement was about.",
        help_text="Everyone who reads the log sees this line: do not name learners or staff.",
    )
    details = text_field(
        "Details (optional)",
        rows=5,
        help_text="What was discussed, received or shared. Stored encrypted; only the "
        "safeguarding team and senior leaders read it.",
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner],
        agreements: QuerySet[Agreement],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
        partner_field = self.fields["partner"]
        if isinstance(partner_field, forms.ModelChoiceField):
            partner_field.queryset = partners
            partner_field.label_from_instance = _partner_label  # type: ignore[method-assign,assignment]
        agreement_field = self.fields["agreement"]
        if isinstance(agreement_field, forms.ModelChoiceField):
            agreement_field.queryset = agreements


class AssuranceForm(Form):
    assured_on = date_field("Date of the checks", required="Enter the date of the checks.")
    prevent_awareness_confirmed = forms.ChoiceField(
        label="Did the subcontractor confirm its staff are aware of the Prevent duty?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes or no."},
    )
    checks = forms.MultipleChoiceField(
        label="Checks done",
        choices=AssuranceCheck.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    training_evidence = text_field(
        "Training evidence (optional)",
        rows=3,
        help_text="For example: certificates of the Home Office e-learning for all 12 tutors seen.",
    )
    notes = text_field("Notes (optional)", rows=3, help_text="Actions agreed, follow-up.")
