"""Forms of the category and keyword pages. They shape input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.core.forms import Form
from preventhub.online_safety.choices import Severity
from preventhub.online_safety.lists_import import ListFormat
from preventhub.online_safety.lists_import_run import ENCODINGS
from preventhub.online_safety.models import Category

WIDE = {"class": "govuk-input govuk-input--width-20"}
MONO = {"rows": 8, "spellcheck": "false", "class": "govuk-textarea ph-mono"}


class CategoryForm(Form):
    key = forms.CharField(
        label="Key",
        required=False,
        help_text="Lower-case letters, digits and hyphens, e.g. weapons-sales. Alerts and reports "
        "refer to it, so it cannot be changed later.",
        widget=forms.TextInput(WIDE),
    )
    name = forms.CharField(label="Name", required=False, widget=forms.TextInput(WIDE))
    severity = forms.ChoiceField(label="Severity of a hit", choices=Severity.choices)
    blocked = forms.BooleanField(
        label="Our filter blocks this category",
        required=False,
        initial=True,
        help_text="An allowed request in a blocked category is a filter failure (critical).",
    )
    is_bypass = forms.BooleanField(
        label="Visiting it is an attempt to get round the filter (VPN, proxy, anonymiser)",
        required=False,
    )
    vendor_codes = forms.CharField(
        label="The filter's own categories that mean this one",
        required=False,
        help_text="One vendor:code per line, e.g. fortigate:12, zscaler:Militancy/Extremism, "
        "sophos:Weapons",
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["key"]

    @staticmethod
    def initial_for(category: Category) -> dict[str, Any]:
        return {
            "name": category.name,
            "severity": category.severity,
            "blocked": category.blocked,
            "is_bypass": category.is_bypass,
            "vendor_codes": "\n".join(category.vendor_codes or []),
        }


class DomainsForm(Form):
    domains = forms.CharField(
        label="Domains to add",
        help_text="One per line. A domain also covers its subdomains; *.example.test and "
        "example.test mean the same. International names are stored as punycode.",
        widget=forms.Textarea(MONO),
        error_messages={"required": "Enter at least one domain."},
    )


class DomainSearchForm(Form):
    q = forms.CharField(label="Find a domain", required=False, widget=forms.TextInput(WIDE))


class KeywordForm(Form):
    term = forms.CharField(label="Term or phrase", required=False, widget=forms.TextInput(WIDE))
    severity = forms.ChoiceField(label="Severity", choices=Severity.choices, initial=Severity.HIGH)
    theme = forms.CharField(
        label="Theme",
        required=False,
        initial="keywords",
        help_text="A category key or another theme; hits on one theme group into one alert",
        widget=forms.TextInput(WIDE),
    )


class TermsForm(Form):
    terms = forms.CharField(
        label="Terms to add",
        help_text="One term or phrase per line. Matched as whole words in search terms and in "
        "URL paths, never inside other words.",
        widget=forms.Textarea(MONO),
        error_messages={"required": "Enter at least one term."},
    )
    severity = forms.ChoiceField(label="Severity", choices=Severity.choices, initial=Severity.HIGH)
    theme = forms.CharField(
        label="Theme", required=False, initial="keywords", widget=forms.TextInput(WIDE)
    )


class KeywordFilterForm(Form):
    q = forms.CharField(label="Find a term", required=False, widget=forms.TextInput(WIDE))
    severity = forms.ChoiceField(
        label="Severity", required=False, choices=[("", "Any severity"), *Severity.choices]
    )
    theme = forms.ChoiceField(label="Theme", required=False, choices=[("", "Any theme")])

    def __init__(self, *args: Any, themes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["theme"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  (narrowing for mypy)
        field.choices = [("", "Any theme"), *((t, t) for t in themes)]


class ImportForm(Form):
    list_format = forms.ChoiceField(
        label="Format", choices=ListFormat.choices, widget=forms.RadioSelect
    )
    category = forms.CharField(
        label="Category key",
        help_text="Domains go into this category (created if it does not exist); phrases go "
        "into the keyword library with this key as their theme.",
        widget=forms.TextInput({**WIDE, "list": "category-keys", "autocomplete": "off"}),
        error_messages={"required": "Enter the category key, e.g. weapons."},
    )
    severity = forms.ChoiceField(
        label="Severity",
        required=False,
        choices=[("", "From the list (weights) or High for a new category"), *Severity.choices],
    )
    file = forms.FileField(
        label="List file",
        help_text="A text file, or a .zip or .tar.gz holding a UT1 category folder or a phrase "
        "list with the files it includes",
        error_messages={
            "required": "Choose the list file to import.",
            "empty": "The file is empty.",
        },
    )
    entry = forms.CharField(
        label="Folder or file inside the archive (optional)",
        required=False,
        help_text="For an archive of many UT1 categories, the folder to read (e.g. vpn); for a "
        "phrase list archive, the main list",
        widget=forms.TextInput(WIDE),
    )
    encoding = forms.ChoiceField(label="Text encoding", choices=list(ENCODINGS.items()))
    dry_run = forms.BooleanField(
        label="Check only: list the problems without importing anything",
        required=False,
        initial=True,
    )
