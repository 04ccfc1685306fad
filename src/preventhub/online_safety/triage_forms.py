"""Forms for alert triage. The services validate again, so the API gets the same rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from preventhub.concerns.choices import Category, Ideology
from preventhub.core.forms import Form
from preventhub.online_safety.triage_services import MAX_NOTE, MAX_REASON
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person

MAX_MATCHES = 20
MAX_SEARCH_TERMS = 4


def _choice_error(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Choose {what} from the list.", "required": f"Choose {what}."}


class AcknowledgeForm(Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you are doing about it, for the rest of the team.",
        error_messages={"max_length": f"Keep the note under {MAX_NOTE:,} characters."},
    )


class FalsePositiveForm(Form):
    reason = forms.CharField(
        label="Why is this a false positive?",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: research for a history lesson on the Second World War.",
        error_messages={
            "required": "Say why this is a false positive.",
            "max_length": f"Keep the reason under {MAX_REASON:,} characters.",
        },
    )


def people_matching(provider: Any, text: str) -> QuerySet[Person]:
    """Learners and staff whose names or MIS id match every word typed (at most 20)."""
    people = Person.objects.for_provider(provider).filter(
        kind__in=[PersonKind.LEARNER, PersonKind.STAFF]
    )
    words = text.split()[:MAX_SEARCH_TERMS]
    if not words:
        return people.none()
    for word in words:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(mis_id__icontains=word)
        )
    return people.defer("support_needs").order_by("last_name", "first_name")[:MAX_MATCHES]


class PersonSearchForm(Form):
    q = forms.CharField(
        label="Find the person in the people register",
        max_length=100,
        help_text="A name or MIS id.",
        error_messages={"required": "Enter a name or MIS id to search for."},
    )


class LinkPersonForm(Form):
    person = forms.ChoiceField(
        label="Which person is it?",
        widget=forms.RadioSelect,
        error_messages=_choice_error("a person"),
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        field: Any = self.fields["person"]
        field.choices = [
            (
                key,
                f"{p.full_name} — {p.get_kind_display().lower()}, MIS id {p.mis_id}"
                + (f", {p.group_name}" if p.group_name else ""),
            )
            for key, p in self.people.items()
        ]

    def chosen(self) -> Person:
        return self.people[self.cleaned_data["person"]]


class RaiseConcernForm(Form):
    category = forms.ChoiceField(
        label="What kind of concern is it?",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("a kind of concern"),
    )
    ideology = forms.ChoiceField(
        label="If it is about radicalisation, which ideology does it seem to involve?",
        required=False,
        choices=[("", "Not sure"), *Ideology.choices],
        error_messages=_choice_error("an ideology"),
    )
    description = forms.CharField(
        label="What the concern will say",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Filled in from the alert's hits. Add what you know; change anything.",
        error_messages={"required": "Enter what the concern is about."},
    )
