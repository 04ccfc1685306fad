"""Forms of the case page's work: chronology, actions, linked people, reviews, the subject's
register record, the lead, closure and documents. They shape input; services hold the rules.

Each form carries its own ``auto_id`` so that several of them can sit on the case page at once
without two inputs sharing an id (labels and error links must point at exactly one input).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from preventhub.accounts.models import User
from preventhub.concerns.attachments import ALLOWED_LIST, max_bytes
from preventhub.concerns.choices import (
    MANUAL_ENTRY_KINDS,
    ClosureReason,
    EntryKind,
    LinkRelationship,
)
from preventhub.concerns.forms import DATETIME_INPUT
from preventhub.concerns.services import MAX_SHORT_TEXT
from preventhub.core.forms import Form

DATE_INPUT = "%Y-%m-%d"
DATE_FORMATS = [DATE_INPUT, "%d/%m/%Y"]
MIS_ID_MAX = 64  # people.Person.mis_id


def _datetime_field(label: str, *, required: str = "", help_text: str = "") -> forms.DateTimeField:
    """A date and time; ``required`` is the message when it is missing (empty: optional)."""
    return forms.DateTimeField(
        label=label,
        required=bool(required),
        help_text=help_text,
        input_formats=[DATETIME_INPUT, "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_INPUT,
        ),
        error_messages={
            "required": required,
            "invalid": "Enter a real date and time, for example 17/03/2026 14:30.",
        },
    )


def _date_field(label: str, *, required: str = "", help_text: str = "") -> forms.DateField:
    """A date; ``required`` is the message when it is missing (empty: optional)."""
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


def _narrative(label: str, required: str, *, rows: int = 5, help_text: str = "") -> Any:
    """Long text: its length is checked by the service (MAX_NARRATIVE), which says by how much."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required},
    )


def user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class _UserChoiceForm(Form):
    """A form with one field choosing a user from a list the view decides."""

    user_field = ""

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields[self.user_field]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = users
            field.label_from_instance = user_label  # type: ignore[method-assign,assignment]


class EntryForm(Form):
    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=[(k.value, k.label) for k in MANUAL_ENTRY_KINDS],
        widget=forms.RadioSelect,
        help_text="A contact is a conversation, call, meeting or message with someone.",
    )
    occurred_at = _datetime_field(
        "When did it happen?",
        help_text="Leave it empty if it was just now. For example, 17/03/2026 14:30.",
    )
    text = _narrative(
        "What happened?",
        "Enter what happened.",
        help_text="Facts first: who, what was said, what next.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "entry-%s")
        super().__init__(*args, **kwargs)


class EntryEditForm(Form):
    text = _narrative("Corrected text", "Enter the corrected text.", rows=8)
    occurred_at = _datetime_field(
        "When did it happen?",
        required="Enter when it happened.",
        help_text="Change this only if the time was recorded wrongly.",
    )

    def __init__(self, *args: Any, kind: str = EntryKind.NOTE, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "edit-%s")
        super().__init__(*args, **kwargs)
        if kind == EntryKind.DECISION:
            self.fields["text"].label = "Corrected rationale"


class ActionForm(_UserChoiceForm):
    user_field = "owner"

    description = forms.CharField(
        label="What needs to be done?",
        max_length=MAX_SHORT_TEXT * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to be done."},
    )
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Who will do it?",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who will do it.",
            "invalid_choice": "Choose someone from the safeguarding team.",
        },
    )
    due_on = _date_field(
        "When is it due?",
        required="Enter the date the action is due.",
        help_text="For example, 17/03/2026.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "action-%s")
        super().__init__(*args, **kwargs)


class LinkForm(Form):
    relationship = forms.ChoiceField(
        label="Relationship to the person the concern is about",
        choices=[("", "Choose a relationship"), *LinkRelationship.choices],
        error_messages={"required": "Choose the relationship."},
    )
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        help_text="Leave empty if you give an MIS id: the register's name is used.",
    )
    mis_id = forms.CharField(
        label="MIS id (optional)",
        required=False,
        max_length=MIS_ID_MAX,
        help_text="To link someone in the people register. Members of staff are looked up "
        "among staff, anyone else among learners first.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=MAX_SHORT_TEXT * 2,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "link-%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = data.get("name", "").strip() or data.get("mis_id", "").strip()
        if not given and "name" not in self.errors:
            self.add_error("name", "Enter a name, or the MIS id of someone in the register.")
        return data


class ReviewForm(Form):
    held_on = _date_field(
        "When was the review held?",
        required="Enter the date the review was held.",
        help_text="For example, 17/03/2026.",
    )
    summary = _narrative(
        "Summary",
        "Enter a summary of the review.",
        help_text="What was reviewed, what has changed, what next.",
    )
    next_review_on = _date_field(
        "Next review (optional)", help_text="Leave empty if no further review is planned."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "review-%s")
        super().__init__(*args, **kwargs)


class SubjectForm(Form):
    mis_id = forms.CharField(
        label="MIS id of their register record",
        max_length=MIS_ID_MAX,
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the MIS id of their record in the people register."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "subject-%s")
        super().__init__(*args, **kwargs)


class LeadForm(_UserChoiceForm):
    user_field = "lead"

    lead: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Lead for this case",
        queryset=User.objects.none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who leads on this case.",
            "invalid_choice": "Choose someone from the safeguarding team.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "lead-%s")
        super().__init__(*args, **kwargs)


class CloseForm(Form):
    reason = forms.ChoiceField(
        label="Why is the case closing?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the case is closing."},
    )
    outcome = _narrative(
        "Outcome",
        "Enter the outcome of the case.",
        help_text="What happened as a result of the work on this case, and how you know.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "close-%s")
        super().__init__(*args, **kwargs)


class ReopenForm(Form):
    reason = _narrative(
        "Why is the case reopening?",
        "Enter why the case is reopening.",
        rows=4,
        help_text="For example, new information from a parent or a partner agency.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reopen-%s")
        super().__init__(*args, **kwargs)


class DocumentForm(Form):
    file = forms.FileField(
        label="Upload a document",
        error_messages={
            "required": "Choose a file to upload.",
            "empty": "The file is empty.",
            "invalid": "Choose a file to upload.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document-%s")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"{ALLOWED_LIST}, up to {max_bytes() // (1024 * 1024)} MB. Do not upload extremist "
            "material itself; describe where it was seen."
        )
