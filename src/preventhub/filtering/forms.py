"""Forms of the filtering-governance pages. They shape input; the services validate the rules
and write (so the API and the pages refuse the same things with the same words)."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.concerns.forms import DATETIME_INPUT
from preventhub.core.forms import WIDGET_CLASSES, Form, widget_kind
from preventhub.filtering.choices import (
    CheckResult,
    DecisionKind,
    RequestDecision,
    ReviewItem,
    Subject,
    TargetKind,
)

ACTION_ROWS = 4


def _choice_error(what: str) -> dict[str, str]:
    return {"invalid_choice": f"Choose {what} from the list.", "required": f"Choose {what}."}


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "invalid": "Enter a real date, for example 2026-03-27.",
            "required": f"Enter {label[0].lower()}{label[1:]}.",
        },
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"},
            format="%Y-%m-%d",
        ),
    )


def _text(label: str, *, required: bool = False, rows: int = 4, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}."},
    )


def style_added_fields(form: forms.Form) -> None:
    """GOV.UK classes for fields added after the form was built (GovukFormMixin styles only
    the fields declared on the class)."""
    for field in form.fields.values():
        if hasattr(field, "widget_kind"):
            continue
        widget = field.widget
        css = next((c for cls, c in WIDGET_CLASSES if isinstance(widget, cls)), "")
        if css and "class" not in widget.attrs:
            widget.attrs["class"] = css
        field.widget_kind = widget_kind(widget)  # type: ignore[attr-defined]


def _user_label(user: Any) -> str:
    return str(user.get_full_name() or user.username)


def _users_field(label: str, *, required: bool, help_text: str = "") -> Any:
    field: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=label,
        queryset=None,  # set per provider
        required=required,
        help_text=help_text,
        error_messages=_choice_error("someone"),
    )
    field.label_from_instance = _user_label  # type: ignore[method-assign,assignment]
    return field


class PersonForm(Form):
    user = _users_field("Who", required=False)
    name = forms.CharField(
        label="Or the name of a governor without an account",
        required=False,
        max_length=200,
    )
    from_date = date_field("Responsible from", help_text="The day they took it on.")
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=500)

    def __init__(self, *args: Any, people: Any, governor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]
        self.fields["user"].empty_label = "Choose…"  # type: ignore[attr-defined]
        if not governor:
            del self.fields["name"]
            self.fields["user"].label = "Senior leader"


class ProductForm(Form):
    kind = forms.ChoiceField(
        label="What it does",
        choices=[("filtering", "Filtering"), ("monitoring", "Monitoring")],
        widget=forms.RadioSelect,
        error_messages=_choice_error("filtering or monitoring"),
    )
    name = forms.CharField(label="Product", max_length=200)
    supplier = forms.CharField(
        label="Supplier (optional)",
        required=False,
        max_length=200,
        help_text="The company or service that provides it, e.g. your internet provider.",
    )
    from_date = date_field("In use from")
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=500,
        help_text="For example: which networks or devices it covers.",
    )


class EndForm(Form):
    to_date = date_field("Last day")


class DecisionForm(Form):
    target_kind = forms.ChoiceField(
        label="What does it apply to?",
        choices=TargetKind.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("what it applies to"),
    )
    target = forms.CharField(
        label="Domain, web address or category",
        max_length=2000,
        help_text="For example: example.org, https://example.org/page, or Social media.",
    )
    decision = forms.ChoiceField(
        label="Decision",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("the decision"),
    )
    reason = _text("Reason", required=True, help_text="Why, and who asked for it.")
    until = date_field(
        "Last day (an unblock for a period only)", required=False,
        help_text="The filter blocks it again after this day.",
    )  # fmt: skip
    review_on = date_field(
        "Review on", required=False,
        help_text="Required for an allow. An unblock is reviewed on its last day.",
    )  # fmt: skip
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)


class ReviewForm(Form):
    reviewed_on = date_field("Date of the review")
    participants = forms.MultipleChoiceField(
        label="Who took part",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_error("who took part"),
    )
    other_participants = forms.CharField(
        label="Others who took part (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line, with their role, e.g. Sam Lee (IT service provider).",
    )
    checklist = forms.MultipleChoiceField(
        label="What the review covered",
        choices=ReviewItem.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_choice_error("what the review covered"),
    )
    findings = _text("What the review found", required=True, rows=8)
    risk = forms.ChoiceField(
        label="Risk the actions reduce",
        required=False,
        help_text="The actions go into the risk assessment's action plan under this risk.",
        error_messages=_choice_error("a risk"),
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], risks: Any, owners: Any,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = people  # type: ignore[attr-defined]
        self.fields["risk"].choices = [("", "Choose…"), *((str(r.pk), r.title) for r in risks)]  # type: ignore[attr-defined]
        for key, label in ReviewItem.choices:
            self.fields[f"note_{key}"] = forms.CharField(
                label=f"Notes: {label.split(' (')[0].lower()} (optional)",
                required=False,
                max_length=2000,
            )
        owner_choices = [("", "No owner yet"), *((str(u.pk), _user_label(u)) for u in owners)]
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}_title"] = forms.CharField(
                label=f"Action {row}", required=False, max_length=300
            )
            self.fields[f"action_{row}_owner"] = forms.ChoiceField(
                label="Owner", required=False, choices=owner_choices,
                error_messages=_choice_error("an owner"),
            )  # fmt: skip
            self.fields[f"action_{row}_due"] = date_field("Due by", required=False)
            self.fields[f"action_{row}_impact"] = forms.CharField(
                label="How we will know it worked", required=False, max_length=2000
            )
        style_added_fields(self)

    def note_fields(self) -> list[Any]:
        return [self[f"note_{key}"] for key in ReviewItem.values]

    def action_rows(self) -> list[list[Any]]:
        return [
            [self[f"action_{row}_{part}"] for part in ("title", "owner", "due", "impact")]
            for row in range(1, ACTION_ROWS + 1)
        ]


class SignOffForm(Form):
    note = forms.CharField(
        label="Comment (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class DeviceTypeForm(Form):
    name = forms.CharField(label="New device type", max_length=80)


class TestUrlForm(Form):
    category = forms.CharField(
        label="Category",
        max_length=120,
        widget=forms.TextInput(attrs={"list": "category-suggestions", "autocomplete": "off"}),
    )
    url = forms.CharField(
        label="Test address",
        max_length=2000,
        help_text="A page the filter must block, e.g. the test pages your filter supplier "
        "or the UK Safer Internet Centre publishes.",
    )
    device_types: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="Device types it is tested on",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to test it on every device type.",
    )
    notes = forms.CharField(label="Notes (optional)", required=False, max_length=500)

    def __init__(self, *args: Any, devices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device_types"].queryset = devices  # type: ignore[attr-defined]


RESULT_CHOICES = [*CheckResult.choices, ("", "Not checked this time")]


class RunForm(Form):
    run_at = forms.DateTimeField(
        label="When the test was done",
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={
            "invalid": "Enter a real date and time, for example 2026-03-27 10:30.",
            "required": "Enter when the test was done.",
        },
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local", "class": "govuk-input govuk-input--width-20"},
            format=DATETIME_INPUT,
        ),
    )
    network = forms.CharField(
        label="Network and place (optional)",
        required=False,
        max_length=200,
        help_text="For example: Learner Wi-Fi, library, Riverside campus.",
    )
    notes = forms.CharField(label="Notes on the run (optional)", required=False, max_length=1000)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args: Any, plan: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        for test_url in plan:
            self.fields[f"result_{test_url.pk}"] = forms.ChoiceField(
                label=test_url.url,
                required=False,
                choices=RESULT_CHOICES,
                widget=forms.RadioSelect,
                error_messages=_choice_error("a result"),
            )
            self.fields[f"note_{test_url.pk}"] = forms.CharField(
                label="Notes (optional)", required=False, max_length=1000
            )
        style_added_fields(self)

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(u, self[f"result_{u.pk}"], self[f"note_{u.pk}"]) for u in self.plan]


class FollowUpForm(Form):
    follow_up = _text(
        "What was done", required=True,
        help_text="What was fixed (and by whom), or the decision taken. Then re-test it.",
    )  # fmt: skip
    decision = forms.ChoiceField(
        label="Decision in the log (optional)", required=False,
        error_messages=_choice_error("a decision"),
    )  # fmt: skip

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            ("", "None"),
            *((str(d.pk), f"{d.decided_at:%d %b %Y}: {d.get_decision_display()} {d.target[:60]}")
              for d in decisions),
        ]  # fmt: skip


class UnblockRequestForm(Form):
    url = forms.CharField(
        label="Web address of the blocked site",
        max_length=2000,
        help_text="Copy it from the address bar of the page that says it is blocked.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                      "inputmode": "url"}),
    )  # fmt: skip
    subject = forms.ChoiceField(
        label="Which subject is it for?",
        choices=Subject.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("the subject"),
    )
    reason = _text(
        "Why do you need it?", required=True,
        help_text="For example: the assignment or topic you are working on.",
    )  # fmt: skip
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)


class DecideForm(Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=RequestDecision.choices,
        widget=forms.RadioSelect,
        error_messages=_choice_error("approve or refuse"),
    )
    scope = forms.ChoiceField(
        label="Unblock",
        required=False,
        choices=[("domain", "The whole site (domain)"), ("url", "Only this page")],
        widget=forms.RadioSelect,
        error_messages=_choice_error("what to unblock"),
    )
    until = date_field("Unblocked until (approve only)", required=False)
    reason = _text("Reason", required=True, help_text="The person who asked sees this reason.")


class SettingsForm(Form):
    test_interval_days = forms.IntegerField(
        label="Test filtering at least every (days)",
        help_text="About a school term: 91 days.",
        error_messages={"invalid": "Enter a whole number.", "required": "Enter the days."},
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
    request_wait_school_days = forms.IntegerField(
        label="An unblock request may wait at most (school days)",
        error_messages={"invalid": "Enter a whole number.", "required": "Enter the days."},
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
    default_unblock_days = forms.IntegerField(
        label="An approved unblock lasts, unless changed (days)",
        error_messages={"invalid": "Enter a whole number.", "required": "Enter the days."},
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )
