"""Template helpers that dress any Django form (allauth's included) in GOV.UK markup.

allauth builds its own form classes, so ``preventhub.core.forms.GovukFormMixin`` cannot be
mixed in; the ``govuk`` filter applies the same classes to an existing form instance.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms, template
from django.utils import timezone

from preventhub.accounts.role_help import role_label as _role_label
from preventhub.accounts.roles import TWO_FACTOR_ROLES, Role
from preventhub.accounts.two_factor import requires_two_factor as _requires_two_factor
from preventhub.core.forms import WIDGET_CLASSES, widget_kind

register = template.Library()

# allauth's labels in GOV.UK sentence case and plain words.
_LABELS = {
    "Login": "Username or email address",
    "Current Password": "Current password",
    "New Password": "New password",
    "New Password (again)": "Confirm new password",
    "Password (again)": "Confirm password",
    "Email": "Email address",
    "Authenticator code": "Code from your authenticator app",
}


@register.filter
def govuk(form: forms.BaseForm) -> forms.BaseForm:
    """Add GOV.UK classes, drop placeholders (GOV.UK uses labels and hints) and link errors."""
    for name, field in form.fields.items():
        has_errors = name in form.errors
        _style_widget(field.widget, has_errors=has_errors)
        if str(field.label) in _LABELS:
            # Bound fields copy the label when first built (validation builds them), so
            # relabel both.
            field.label = form[name].label = _LABELS[str(field.label)]
        field.widget_kind = widget_kind(field.widget)  # type: ignore[attr-defined]
        if has_errors:
            _describe_errors(form[name])
    return form


def _describe_errors(bound: forms.BoundField) -> None:
    """Point the input at its error message (and hint) so screen readers announce both."""
    ids = [f"{bound.auto_id}_error"]
    if bound.help_text:
        ids.append(f"{bound.auto_id}_helptext")
    bound.field.widget.attrs["aria-describedby"] = " ".join(ids)


def _style_widget(widget: forms.Widget, *, has_errors: bool) -> None:
    widget.attrs.pop("placeholder", None)
    css = widget.attrs.get("class") or next(
        (c for cls, c in WIDGET_CLASSES if isinstance(widget, cls)), ""
    )
    if css and has_errors and "--error" not in css:
        css = f"{css} {css.split()[0]}--error"
    if css:
        widget.attrs["class"] = css


@register.filter
def error_links(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor, message) pairs for the error summary; each links to the field to fix."""
    links = [(_first_field_anchor(form), str(e)) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name in form.fields:
            anchor = _field_anchor(form[name])
            links.extend((anchor, str(error)) for error in errors)
    return links


def _field_anchor(bound: forms.BoundField) -> str:
    kind = widget_kind(bound.field.widget)
    suffix = "_0" if kind in {"radios", "checkboxes"} else ""
    return f"{bound.auto_id}{suffix}"


def _first_field_anchor(form: forms.BaseForm) -> str:
    visible = form.visible_fields()
    return _field_anchor(visible[0]) if visible else "main-content"


@register.filter
def role_label(role: str) -> str:
    return _role_label(role)


@register.simple_tag
def requires_two_factor(user: Any) -> bool:
    return bool(user.is_authenticated and _requires_two_factor(user))


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return str(value).startswith(str(prefix))


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


@register.filter
def browser_summary(user_agent: str) -> str:
    """'Chrome on Windows' from a user-agent string; enough to recognise one's own devices."""
    ua = user_agent or ""
    browser = next((name for key, name in _BROWSERS if key in ua), "Unknown browser")
    system = next((name for key, name in _SYSTEMS if key in ua), "")
    return f"{browser} on {system}" if system else browser


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "") if mapping else ""


@register.filter
def role_tag_class(role: str) -> str:
    """Roles that reach sensitive data stand out; the rest are grey."""
    if role in TWO_FACTOR_ROLES:
        return "govuk-tag--blue"
    return "govuk-tag--purple" if role == Role.INSPECTOR else "govuk-tag--grey"


@register.filter
def needs_two_factor_here(person: Any) -> bool:
    """Whether any of ``person.provider_roles`` (prefetched by the user list) requires 2FA."""
    return any(a.role in TWO_FACTOR_ROLES for a in getattr(person, "provider_roles", []))


@register.filter
def last_day(expires_at: datetime | None) -> date | None:
    """The last day of access: a role ending at 00:00 on 1 April lasts until 31 March."""
    if expires_at is None:
        return None
    return timezone.localtime(expires_at - timedelta(microseconds=1)).date()
