"""Forms for the users and roles pages. Validation of rules lives in services; these add
the questions a person must answer (an inspector's end date) and keep choices to what the
signed-in user may grant."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.accounts.role_help import ROLE_HELP
from preventhub.accounts.roles import Role
from preventhub.accounts.services import user_can_grant
from preventhub.core.forms import Form
from preventhub.core.models import Provider

INSPECTOR_NEEDS_END = "Enter the date the inspector's access ends"
END_IN_FUTURE = "The date access ends must be today or in the future"


def grantable_roles(actor: Any, provider: Provider, exclude: set[str] | None = None) -> list[str]:
    """Roles ``actor`` may grant at ``provider``, in the order of the roles table."""
    skip = exclude or set()
    return [r for r in Role.values if r not in skip and user_can_grant(actor, provider, r)]


def role_choices(roles: list[str]) -> list[tuple[str, str]]:
    return [(r, str(Role(r).label)) for r in roles]


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def end_of_day(day: dt.date) -> dt.datetime:
    """Access 'until 5 March' ends at midnight at the start of 6 March, local time."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def expires_on_field() -> forms.DateField:
    return forms.DateField(
        label="Date their access ends",
        help_text="Access stops at the end of this day.",
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}
        ),
        error_messages={"invalid": "Enter a real date, for example 27/3/2027"},
    )


class ExpiryForm(Form):
    """An end date, asked for (and required) only when the inspector role is chosen.

    Only inspectors' access is time-limited (PRODUCT.md), so the date is ignored for other
    roles, even if it was typed before another role was chosen.
    """

    def check_expiry(self, roles: list[str]) -> None:
        if Role.INSPECTOR not in roles:
            self.errors.pop("expires_on", None)
            self.cleaned_data["expires_on"] = None
            return
        expires_on: dt.date | None = self.cleaned_data.get("expires_on")
        if expires_on is None and "expires_on" not in self.errors:
            self.add_error("expires_on", INSPECTOR_NEEDS_END)
        elif expires_on is not None and expires_on < timezone.localdate():
            self.add_error("expires_on", END_IN_FUTURE)

    @property
    def expires_at(self) -> dt.datetime | None:
        expires_on = self.cleaned_data.get("expires_on")
        return end_of_day(expires_on) if expires_on else None


class RoleGrantForm(ExpiryForm):
    role = forms.ChoiceField(
        label="Which role should they have?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    expires_on = expires_on_field()

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = role_choices(roles)
        self.role_help = {r: ROLE_HELP.get(r, "") for r in roles}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_expiry([cleaned.get("role", "")])
        return cleaned


class UserCreateForm(ExpiryForm):
    SETUP_CHOICES = [
        ("invite", "E-mail them a link to set their own password (recommended)"),
        ("password", "Generate a password to give them in person; it is shown once"),
    ]

    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        help_text="They can sign in with this or their username.",
        error_messages={
            "required": "Enter their e-mail address",
            "invalid": "Enter an e-mail address in the right format, like name@example.org",
        },
    )
    username = forms.RegexField(
        label="Username",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text="Letters, digits and . @ + - _ only, for example j.smith",
        error_messages={
            "required": "Enter a username",
            "invalid": "Username can only use letters, digits and . @ + - _",
        },
    )
    roles = forms.MultipleChoiceField(
        label="Roles at this organisation",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one role"},
    )
    expires_on = expires_on_field()
    setup = forms.ChoiceField(
        label="How will they get their password?",
        choices=SETUP_CHOICES,
        initial="invite",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "roles").choices = role_choices(roles)
        self.role_help = {r: ROLE_HELP.get(r, "") for r in roles}
        for name in ("first_name", "last_name", "email", "username"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
            self.fields[name].widget.attrs["spellcheck"] = "false"

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken: choose another")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_expiry(list(cleaned.get("roles", [])))
        return cleaned

    def role_expiry(self) -> dict[str, dt.datetime]:
        """The end date applies to the inspector role only."""
        expires_at = self.expires_at
        return {Role.INSPECTOR: expires_at} if expires_at else {}


class UserFilterForm(Form):
    """The filter above the user list. Not a FilterSet: users have no API list to share it."""

    STATUS_CHOICES = [("", "Any"), ("active", "Active"), ("disabled", "Disabled")]

    q = forms.CharField(
        label="Name, username or e-mail",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )
    role = forms.ChoiceField(label="Role", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "role").choices = [("", "Any role"), *role_choices(list(Role.values))]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"].strip(), "role": data["role"], "status": data["status"]}
