"""Forms of the policy register. They shape input; the services validate the rules and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from preventhub.accounts.models import User
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.forms import Form
from preventhub.partners.forms import date_field
from preventhub.policies.choices import PolicyStatus, PolicyType, PreventAnswer
from preventhub.policies.documents import check_document


def _user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class PolicyForm(Form):
    policy_type = forms.ChoiceField(
        label="Type of policy",
        choices=[("", "Choose a type"), *PolicyType.choices],
        error_messages={"required": "Choose the type of policy."},
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter the policy's title."}
    )
    version = forms.CharField(
        label="Version",
        max_length=30,
        help_text="For example 3.2. A new version asks staff to acknowledge it again.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
        error_messages={"required": "Enter the version, for example 2.1."},
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        empty_label="No owner yet",
        help_text="Who keeps it up to date. The owner can edit it.",
        error_messages={"invalid_choice": "Choose the owner from the list."},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=PolicyStatus.choices,
        widget=forms.RadioSelect,
        help_text="Staff read published policies only.",
        error_messages={"required": "Choose the status."},
    )
    approved_on = date_field("Date approved", help_text="Required to publish.")
    review_on = date_field(
        "Review date", help_text="Required to publish. Must be on or after the approval date."
    )
    refers_to_prevent = forms.ChoiceField(
        label="Does it refer to the Prevent duty explicitly?",
        choices=[*PreventAnswer.choices, ("", "Not answered: use what is found in the document")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Your answer takes precedence over what PreventHub finds in the document.",
    )
    acknowledgement_required = forms.BooleanField(
        label="Ask staff to read and acknowledge this version",
        required=False,
        help_text="Staff see it on their home page until they acknowledge it.",
    )
    document = forms.FileField(
        label="Document (optional)",
        required=False,
        help_text="PDF, Word (.docx) or plain text, up to 20 MB. A new file replaces the "
        "stored one.",
    )

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = owners
            field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]

    def clean_document(self) -> CheckedFile | None:
        """The upload checked by type and size (shown with the other errors), or None."""
        upload = self.cleaned_data.get("document")
        return check_document(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        approved, review = data.get("approved_on"), data.get("review_on")
        if approved and review and review < approved:
            self.add_error(
                "review_on", "The review date must be on or after the date the policy was approved."
            )
        return data
