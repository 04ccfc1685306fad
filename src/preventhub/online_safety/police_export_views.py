"""Pages for sharing the anonymised "most attempted blocked sites" with the police Prevent
team: the past shares, a new share (with a preview of exactly what will be shared) and the
download of a recorded share."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.core.exports import download
from preventhub.core.forms import Form
from preventhub.core.models import Provider
from preventhub.online_safety.police_export import (
    CSV_HEADER,
    DEFAULT_ROWS,
    MAX_NOTE,
    MAX_RECIPIENT,
    MAX_ROWS,
    blocked_sites,
    clean_period,
    default_period,
    get_share_for_user,
    police_share_create,
    share_csv_rows,
    share_record_download,
    shares_for_user,
)

PAGE_SIZE = 25
DATE_ERRORS = {"invalid": "Enter a real date, for example 2026-03-27."}


class ProviderRequest(HttpRequest):
    provider: Provider


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**DATE_ERRORS, "required": f"Enter the {label.lower()}."},
    )


class PoliceShareForm(Form):
    period_start = _date_field("First day")
    period_end = _date_field("Last day")
    rows = forms.IntegerField(
        label="How many sites",
        min_value=1,
        max_value=MAX_ROWS,
        initial=DEFAULT_ROWS,
        help_text=f"The most attempted first; at most {MAX_ROWS}.",
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "required": "Enter how many sites to share.",
            "invalid": "Enter how many sites to share as a number.",
            "min_value": f"Share from 1 to {MAX_ROWS} sites.",
            "max_value": f"Share from 1 to {MAX_ROWS} sites.",
        },
    )
    recipient = forms.CharField(
        label="Shared with",
        max_length=MAX_RECIPIENT,
        required=False,
        help_text="For example: the police Prevent team, with the officer's name.",
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=MAX_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why it was shared, or what was asked for.",
    )


def _errors_to(form: Form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@requires("online_safety.share_with_police")
@require_GET
def share_list(request: ProviderRequest) -> HttpResponse:
    shares = shares_for_user(request.user, request.provider)
    page = Paginator(shares, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "online_safety/reports/police_shares.html", {"page": page})


@requires("online_safety.share_with_police")
def share_new(request: ProviderRequest) -> HttpResponse:
    """GET with a period previews the rows; POST records the share and offers its download."""
    today = timezone.localdate()
    start, end = default_period(today)
    data: Any = request.POST if request.method == "POST" else (request.GET or None)
    form = PoliceShareForm(
        data, initial={"period_start": start, "period_end": end, "rows": DEFAULT_ROWS}
    )
    preview: list[dict[str, Any]] | None = None
    if data is not None and form.is_valid():
        values = form.cleaned_data
        try:
            clean_period(values["period_start"], values["period_end"], today)
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            preview = blocked_sites(
                request.provider, values["period_start"], values["period_end"], values["rows"]
            )
    if request.method == "POST" and not form.errors:
        try:
            share = police_share_create(
                actor=request.user, provider=request.provider, today=today, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors_to(form, exc)
        else:
            messages.success(
                request,
                f"The share with {share.recipient} is recorded ({len(share.rows)} sites). "
                "Download it below and send it by your usual secure route.",
            )
            return redirect("online_safety:police_shares")
    context = {"form": form, "preview": preview}
    status = 422 if form.errors else 200
    return render(request, "online_safety/reports/police_share_form.html", context, status=status)


@requires("online_safety.share_with_police")
@require_GET
def share_download(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    share = get_share_for_user(request.user, request.provider, pk)
    share_record_download(actor=request.user, share=share)
    return download(
        "csv",
        filename=f"blocked-sites-{share.period_start:%Y-%m-%d}-to-{share.period_end:%Y-%m-%d}",
        header=CSV_HEADER,
        rows=share_csv_rows(share),
        title="Most attempted blocked sites",
        sheet_name="Blocked sites",
    )
