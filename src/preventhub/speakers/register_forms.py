"""Forms of the register pages: the partner extract's period and partner."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.core.forms import Form
from preventhub.speakers.register_services import MAX_NOTE_LENGTH, MAX_PARTNER_LENGTH

DATE_INVALID = "Enter a real date, for example 2026-03-27."


def _date(label: str, required_message: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": required_message, "invalid": DATE_INVALID},
    )


class PartnerExtractForm(Form):
    """Which period, and with whom it is shared (free text: partners are not a list yet)."""

    period_start = _date("First day of the period", "Enter the first day of the period.")
    period_end = _date("Last day of the period", "Enter the last day of the period.")
    partner = forms.CharField(
        label="Shared with",
        max_length=MAX_PARTNER_LENGTH,
        help_text="For example: FE/HE regional Prevent forum, police Prevent team",
        error_messages={
            "required": "Enter who the extract is shared with.",
            "max_length": f"Keep this under {MAX_PARTNER_LENGTH} characters.",
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last day must be on or after the first day.")
        return cleaned


class PartnerShareForm(PartnerExtractForm):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        help_text="How it was sent, or what was asked for: no personal details",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"Keep the note under {MAX_NOTE_LENGTH:,} characters."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The period and partner were chosen on the preview; they travel as hidden fields.
        for name in ("period_start", "period_end", "partner"):
            self.fields[name].widget = forms.HiddenInput()
