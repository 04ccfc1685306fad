"""Forms for the people register. They only validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.core.forms import Form, GovukFormMixin
from preventhub.core.models import Department, Provider, Site
from preventhub.people.choices import PersonKind
from preventhub.people.importing import fields_for_kind
from preventhub.people.models import Person
from preventhub.people.services import KIND_ONLY_FIELDS

DATE_FORMAT = "%d/%m/%Y"
REGISTER_FIELDS = [
    "mis_id", "first_name", "last_name", "preferred_name", "email", "date_of_birth", "site",
    "department", "start_date", "end_date", "job_category", "job_title", "course", "group_name",
    "apprenticeship_employer",
]  # fmt: skip
NOT_IMPORTED = ""


class PersonForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """An administrator's edit of the register fields (never support needs).

    Bound without an instance: the edit view passes the person's values as ``initial`` and
    hands ``cleaned_data`` to ``person_update``, which audits what changed.
    """

    class Meta:
        model = Person
        fields = REGISTER_FIELDS
        widgets = {
            name: forms.DateInput(
                format=DATE_FORMAT, attrs={"class": "govuk-input govuk-input--width-10"}
            )
            for name in ("date_of_birth", "start_date", "end_date")
        }
        help_texts = dict.fromkeys(
            ("date_of_birth", "start_date", "end_date"), "For example, 27/03/2008."
        )

    def __init__(self, *args: Any, provider: Provider, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for other_kind, names in KIND_ONLY_FIELDS.items():
            if other_kind != kind:
                for name in names:
                    del self.fields[name]
        self._scope("site", Site.objects.for_provider(provider))
        self._scope("department", Department.objects.for_provider(provider))

    def _scope(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrows the type)
        field.queryset = queryset


def person_initial(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in REGISTER_FIELDS}


class SupportNeedsForm(Form):
    """The safeguarding team's note of SEND and other needs; stored encrypted."""

    support_needs = forms.CharField(
        label="Support needs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "Needs the safeguarding team must know (for example, for a Prevent referral). "
            "Only the designated safeguarding lead and deputies can read this."
        ),
    )


class ImportUploadForm(Form):
    file = forms.FileField(
        label="CSV file exported from your MIS",
        help_text='Save it as "CSV UTF-8 (Comma delimited)". The first row must be the headers.',
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    kind = forms.ChoiceField(
        label="Who is in the file?", choices=PersonKind.choices, widget=forms.RadioSelect
    )


class ImportMappingForm(Form):
    """One select per register field: which column of the file fills it."""

    def __init__(self, *args: Any, headers: list[str], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_IMPORTED, "Not imported"), *((h, h) for h in headers if h)]
        for spec in fields_for_kind(kind):
            self.fields[spec.name] = forms.ChoiceField(
                label=spec.label + ("" if spec.required else " (optional)"),
                choices=choices,
                required=spec.required,
                error_messages={"required": f"Choose the column that holds the {spec.label}."},
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )
            self.fields[spec.name].widget_kind = "input"  # type: ignore[attr-defined]

    def mapping(self) -> dict[str, str]:
        return {name: str(header) for name, header in self.cleaned_data.items()}
