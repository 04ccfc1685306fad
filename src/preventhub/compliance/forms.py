"""Forms of the self-assessment pages. They shape input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from preventhub.accounts.models import User
from preventhub.compliance.choices import Judgement
from preventhub.core.forms import Form
from preventhub.risk.choices import IMPACT_LABELS, LIKELIHOOD_LABELS
from preventhub.risk.forms import user_label
from preventhub.risk.models import Risk

NEW_RISK = "new"
JUDGEMENT_HELP = (
    "As an inspection grade: outstanding, good, requires improvement or inadequate. Judge the "
    "impact for learners, not whether a procedure exists."
)


def _judgement(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Judgement.choices,
        widget=forms.RadioSelect,
        help_text=JUDGEMENT_HELP,
        error_messages={
            "required": "Choose a judgement.",
            "invalid_choice": "Choose outstanding, good, requires improvement or inadequate.",
        },
    )


def _text(label: str, *, required: str = "", rows: int = 4, help_text: str = "") -> Any:
    """Long text: its length is checked by the service."""
    return forms.CharField(
        label=label,
        required=bool(required),
        help_text=help_text,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required},
    )


class JudgementForm(Form):
    judgement = _judgement("Your judgement")
    impact = _text(
        "Impact statement",
        required="Write the impact statement: what difference this makes, and how you know.",
        rows=5,
        help_text="What difference this makes for learners and staff, and how you know (the "
        "evidence above, what learners and partners say).",
    )
    improvement = _text(
        "What would make it better?",
        rows=3,
        help_text="Needed for requires improvement or inadequate: the action plan starts from it.",
    )
    evidence_links = _text(
        "Links to evidence (optional)",
        rows=3,
        help_text="One a line: a PreventHub page (starting with /) or a web address, optionally "
        "after a label and a bar, for example: Board minutes, March | https://intranet.example/"
        "minutes.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "judge-%s")
        super().__init__(*args, **kwargs)


class PlanForm(Form):
    risk = forms.ChoiceField(
        label="Which risk does the action reduce?",
        error_messages={
            "required": "Choose a risk.",
            "invalid_choice": "Choose a risk from the list.",
        },
    )
    likelihood = forms.TypedChoiceField(
        label="Likelihood (for a new risk)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Choose"), *((k, f"{k}: {v}") for k, v in LIKELIHOOD_LABELS.items())],
        error_messages={"invalid_choice": "Choose a likelihood from 1 to 5."},
    )
    impact = forms.TypedChoiceField(
        label="Impact (for a new risk)",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Choose"), *((k, f"{k}: {v}") for k, v in IMPACT_LABELS.items())],
        error_messages={"invalid_choice": "Choose an impact from 1 to 5."},
    )
    title = forms.CharField(
        label="What will be done?",
        max_length=300,
        help_text="Filled in from what you said would make it better: edit it if you need to.",
        error_messages={
            "required": "Enter what will be done.",
            "max_length": "Keep this to 300 characters or fewer.",
        },
    )
    owner = forms.ModelChoiceField(
        label="Who will do it?",
        required=False,
        queryset=User.objects.none(),
        empty_label="Nobody yet",
        error_messages={"invalid_choice": "Choose someone who works here from the list."},
    )
    due_date = forms.DateField(
        label="When is it due?",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
        ),
        error_messages={"invalid": "Enter a real date, for example 17/03/2026."},
    )
    impact_measure = _text(
        "How will you know it worked?",
        rows=3,
        help_text="The impact measure: what will be different, and how you will see it.",
    )

    def __init__(
        self,
        *args: Any,
        risks: QuerySet[Risk],
        new_label: str,
        owners: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "plan-%s")
        super().__init__(*args, **kwargs)
        choices = [(NEW_RISK, new_label), *((str(r.pk), r.title) for r in risks)]
        self.fields["risk"].choices = choices  # type: ignore[attr-defined]
        owner = self.fields["owner"]
        if isinstance(owner, forms.ModelChoiceField):
            owner.queryset = owners
            owner.label_from_instance = user_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("risk") == NEW_RISK:
            for name in ("likelihood", "impact"):
                if not data.get(name):
                    self.add_error(name, f"Choose the new risk's {name} from 1 to 5.")
        return data


class AreaSummaryForm(Form):
    judgement = _judgement("Your judgement of the area")
    summary = _text(
        "Summary",
        required="Write the summary: strengths, and what the actions should change.",
        rows=5,
        help_text="The area's strengths, what must improve and what the planned actions should "
        "change by next year.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "area-%s")
        super().__init__(*args, **kwargs)


class CompleteForm(Form):
    overall_judgement = _judgement("Overall judgement for the year")
    summary = _text(
        "Overall summary",
        required="Write the overall summary.",
        rows=6,
        help_text="For governors and inspectors: how well the duty is met, its impact on "
        "learners, and the priorities for next year.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "complete-%s")
        super().__init__(*args, **kwargs)
