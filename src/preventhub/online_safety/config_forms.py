"""Forms of the monitoring configuration pages. They shape input; the services validate the
rules (time zones, patterns, hosts, the CSV mapping) and write."""

from __future__ import annotations

from typing import Any

from django import forms

from preventhub.core.forms import Form
from preventhub.core.models import Site
from preventhub.online_safety.choices import LogFormat, Severity, SourceKind
from preventhub.online_safety.models import LogSource, OnlineSafetySettings

CSV_FIELDS = (
    ("timestamp", "Time column", "Required, e.g. Time or Date"),
    ("url", "URL column", "The URL column, or the host column below"),
    ("host", "Host column", ""),
    ("user", "User column", ""),
    ("client_ip", "Client address column", ""),
    ("action", "Action column", "allowed / blocked"),
    ("category", "Filter category column", "The filter's own category"),
    ("status", "HTTP status column", ""),
    ("bytes", "Bytes column", ""),
    ("method", "Method column", ""),
)  # fmt: skip
WIDE = {"class": "govuk-input govuk-input--width-20"}


def _lines(value: list[str] | None) -> str:
    return "\n".join(value or [])


class SourceForm(Form):
    name = forms.CharField(
        label="Name", max_length=120, required=False, widget=forms.TextInput(WIDE)
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.unscoped.none(), required=False, empty_label="All sites"
    )
    kind = forms.ChoiceField(label="Kind", choices=SourceKind.choices)
    format = forms.ChoiceField(label="Log format", choices=LogFormat.choices)
    time_zone = forms.CharField(
        label="Time zone of the log's times",
        initial="Europe/London",
        help_text="A time zone name such as Europe/London or UTC. Squid logs epoch seconds, so "
        "its zone only matters for display; FortiGate and E2Guardian log local time.",
        widget=forms.TextInput({**WIDE, "list": "time-zones", "autocomplete": "off"}),
    )
    lowercase = forms.BooleanField(
        label="Treat user names as lower-case", required=False, initial=True
    )
    strip_domain = forms.BooleanField(
        label="Remove the domain from user names (CORP\\jsmith and jsmith@corp.test become jsmith)",
        required=False,
        initial=True,
    )
    guest_patterns = forms.CharField(
        label="Guest accounts",
        required=False,
        help_text="One pattern per line, * for any characters: guest*, visitor-??",
        widget=forms.Textarea({"rows": 3}),
    )
    syslog_hosts = forms.CharField(
        label="Sending hosts (live syslog)",
        required=False,
        help_text="One host name or address per line, as the device names itself in its "
        "syslog messages",
        widget=forms.Textarea({"rows": 2}),
    )
    csv_has_header = forms.BooleanField(
        label="The first line is a header row", required=False, initial=True
    )
    csv_delimiter = forms.CharField(
        label="Delimiter", required=False, initial=",", max_length=2,
        help_text="One character; \\t for a tab",
        widget=forms.TextInput({"class": "govuk-input govuk-input--width-2"}),
    )  # fmt: skip
    csv_timestamp_format = forms.CharField(
        label="Timestamp format",
        required=False,
        help_text="Leave empty for ISO 8601 (2026-11-20 09:15:00) or epoch seconds; otherwise "
        "Python codes, e.g. %d/%m/%Y %H:%M:%S",
        widget=forms.TextInput(WIDE),
    )
    csv_blocked_values = forms.CharField(
        label="Action values that mean blocked",
        required=False,
        initial="blocked\ndenied",
        help_text="One per line; any other action is allowed",
        widget=forms.Textarea({"rows": 2}),
    )
    sample = forms.CharField(
        label="Sample lines to test",
        required=False,
        help_text="Paste up to 50 lines from the log (with its header row for CSV)",
        widget=forms.Textarea(
            {"rows": 5, "spellcheck": "false", "class": "govuk-textarea ph-mono"}
        ),
    )

    def __init__(self, *args: Any, provider: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)  # noqa: S101  (narrowing for mypy)
        site_field.queryset = Site.objects.for_provider(provider).order_by("name")
        for key, label, hint in CSV_FIELDS:
            self.fields[f"csv_{key}"] = forms.CharField(
                label=label, required=False, help_text=hint, widget=forms.TextInput(WIDE)
            )
        self.csv_columns = [self[f"csv_{key}"] for key, _, _ in CSV_FIELDS]

    @staticmethod
    def initial_for(source: LogSource) -> dict[str, Any]:
        mapping = source.identity_mapping or {}
        csv = source.csv_mapping or {}
        initial: dict[str, Any] = {
            "name": source.name,
            "site": source.site_id,
            "kind": source.kind,
            "format": source.format,
            "time_zone": source.time_zone,
            "lowercase": mapping.get("lowercase", True),
            "strip_domain": mapping.get("strip_domain", True),
            "guest_patterns": _lines(source.guest_patterns),
            "syslog_hosts": _lines(source.syslog_hosts),
            "csv_has_header": csv.get("has_header", True),
            "csv_delimiter": "\\t" if csv.get("delimiter") == "\t" else csv.get("delimiter", ","),
            "csv_timestamp_format": csv.get("timestamp_format", ""),
            "csv_blocked_values": _lines(csv.get("blocked_values") or ["blocked", "denied"]),
        }
        for key, column in (csv.get("columns") or {}).items():
            initial[f"csv_{key}"] = str(column)
        return initial

    def values(self) -> dict[str, Any]:
        """The service's keyword arguments from the cleaned form."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "site": data["site"],
            "kind": data["kind"],
            "format": data["format"],
            "time_zone": data["time_zone"],
            "identity_mapping": {
                "lowercase": data["lowercase"],
                "strip_domain": data["strip_domain"],
            },
            "guest_patterns": data["guest_patterns"],
            "syslog_hosts": data["syslog_hosts"],
            "csv_mapping": {
                "has_header": data["csv_has_header"],
                "delimiter": data["csv_delimiter"],
                "timestamp_format": data["csv_timestamp_format"],
                "blocked_values": data["csv_blocked_values"],
                "columns": {key: data[f"csv_{key}"] for key, _, _ in CSV_FIELDS},
            },
        }


class SettingsForm(Form):
    alert_threshold = forms.ChoiceField(
        label="Raise an alert for hits of this severity or higher",
        choices=Severity.choices,
        help_text="An allowed request in a category your filter blocks is a filter failure: it "
        "always raises a critical alert.",
    )
    group_window_minutes = forms.CharField(
        label="Group one identity's hits on one theme within (minutes)",
        help_text="Twenty searches in a lesson make one alert, not twenty. 1 to 1,440.",
        widget=forms.TextInput(
            {"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        ),
    )
    raw_retention_days = forms.CharField(
        label="Keep the raw logs for (days)",
        help_text="Raw logs are personal data: keep them only as long as you need to look back. "
        "Flagged events, alerts and daily counts are kept with the safeguarding records. "
        "1 to 730; 90 by default.",
        widget=forms.TextInput(
            {"class": "govuk-input govuk-input--width-4", "inputmode": "numeric"}
        ),
    )

    @staticmethod
    def initial_for(current: OnlineSafetySettings) -> dict[str, Any]:
        return {
            "alert_threshold": current.alert_threshold,
            "group_window_minutes": current.group_window_minutes,
            "raw_retention_days": current.raw_retention_days,
        }
