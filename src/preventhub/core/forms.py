"""GOV.UK Design System markup for Django forms, so every form is accessible by default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.widgets.Input, "govuk-input"),
]


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"


def widget_kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


class GovukFormMixin:
    """Adds GOV.UK classes to widgets and marks invalid inputs."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((c for cls, c in WIDGET_CLASSES if isinstance(widget, cls)), "")
            if css and "class" not in widget.attrs:
                widget.attrs["class"] = css
            field.widget_kind = widget_kind(widget)  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if css and "--error" not in css:
                    widget.attrs["class"] = f"{css} {css.split()[0]}--error"
                self._describe_error(name, widget)

    def _describe_error(self, name: str, widget: forms.Widget) -> None:
        """Screen readers announce the error (and hint) with the input (WCAG 3.3.1)."""
        auto_id = self[name].auto_id  # type: ignore[index]
        if not auto_id or widget_kind(widget) in ("checkboxes", "radios"):
            return
        ids = [f"{auto_id}_error"]
        if self.fields[name].help_text:
            ids.append(f"{auto_id}_helptext")
        widget.attrs["aria-describedby"] = " ".join(ids)


class Form(GovukFormMixin, forms.Form):
    pass
