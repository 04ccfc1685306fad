"""The upload form: a log file, the source it came from, and (optionally) its format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from preventhub.core.forms import Form
from preventhub.core.models import Provider
from preventhub.online_safety.choices import LogFormat
from preventhub.online_safety.ingest_selectors import sources_to_ingest

DEFAULT_MAX_UPLOAD = 512 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "WEBLOG_UPLOAD_MAX_BYTES", DEFAULT_MAX_UPLOAD))


class UploadForm(Form):
    source: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        label="Log source",
        help_text="The proxy, filter or firewall the log came from.",
        empty_label="Choose a log source",
        error_messages={
            "required": "Choose the log source the file came from.",
            "invalid_choice": "Choose one of this provider's active log sources.",
        },
    )
    log_format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[("", "The source's own format"), *LogFormat.choices],
        help_text="Leave as the source's format unless this file was exported differently.",
    )
    file = forms.FileField(
        label="Log file",
        help_text="A text log, or the same compressed with gzip (.gz). One file at a time.",
        error_messages={"required": "Choose a log file to upload.", "empty": "The file is empty: "
                        "there are no log lines to ingest."},
    )  # fmt: skip

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["source"]
        field.queryset = sources_to_ingest(provider)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                f"The file is larger than {limit // (1024 * 1024)} MB: compress it with gzip, "
                "or ingest it from the server with `preventhub ingest_weblogs`."
            )
        if upload.size == 0:
            raise forms.ValidationError("The file is empty: there are no log lines to ingest.")
        return upload
