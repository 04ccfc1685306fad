"""Pages for monitoring configuration (IT manager, admin): the log sources, adding and editing
one — with a "test these lines" step that shows what the ingestion would read, writing
nothing — deactivating one, and the provider's monitoring settings."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.online_safety.choices import LogFormat
from preventhub.online_safety.config_forms import SettingsForm, SourceForm
from preventhub.online_safety.config_selectors import (
    get_source_for_user,
    preview_sample,
    sources_for_user,
)
from preventhub.online_safety.config_services import (
    Collected,
    clean_csv_mapping,
    clean_guest_patterns,
    clean_identity_mapping,
    clean_time_zone,
    settings_for,
    settings_update,
    source_create,
    source_set_active,
    source_update,
    time_zones,
)
from preventhub.online_safety.models import Ingestion, LogSource

CONFIGURE = "online_safety.configure_monitoring"


class ProviderRequest(HttpRequest):
    provider: Provider


def form_errors_from(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@requires(CONFIGURE)
@require_GET
def source_list(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    sources = list(sources_for_user(request.user, provider))
    latest = dict(
        Ingestion.objects.for_provider(provider)
        .values("source_id")
        .annotate(last=Max("finished_at"), n=Count("id"))
        .values_list("source_id", "last")
    )
    rows = [{"source": s, "last_ingested": latest.get(s.pk)} for s in sources]
    return render(
        request,
        "online_safety/config/sources.html",
        {"rows": rows, "settings": settings_for(provider)},
    )


def _source_page(
    request: ProviderRequest, form: SourceForm, source: LogSource | None, preview: Any = None
) -> HttpResponse:
    context = {"form": form, "source": source, "preview": preview, "time_zones": time_zones()}
    return render(request, "online_safety/config/source_form.html", context)


def _preview(form: SourceForm) -> Any:
    """Run the parser on the pasted lines with the form's (unsaved) settings."""
    values = form.values()
    checks = Collected()
    zone = checks.take("time_zone", lambda: clean_time_zone(values["time_zone"]))
    patterns = checks.take("guest_patterns", lambda: clean_guest_patterns(values["guest_patterns"]))
    mapping = checks.take(
        "identity_mapping", lambda: clean_identity_mapping(values["identity_mapping"])
    )
    csv = {}
    if values["format"] == LogFormat.CSV:
        csv = checks.take("csv_mapping", lambda: clean_csv_mapping(values["csv_mapping"]))
    try:
        checks.raise_any()
    except ValidationError as exc:
        form_errors_from(form, exc)
        return None
    return preview_sample(
        fmt=values["format"],
        time_zone=zone,
        sample=form.cleaned_data["sample"] or "",
        csv_mapping=csv,
        identity_mapping=mapping,
        guest_patterns=patterns,
    )


def _save_or_test(request: ProviderRequest, form: SourceForm, source: LogSource | None) -> Any:
    """POST: test the pasted lines (nothing saved), or save. Returns a response or None."""
    if not form.is_valid():
        return None
    if request.POST.get("action") == "test":
        return _source_page(request, form, source, preview=_preview(form))
    try:
        if source is None:
            saved = source_create(actor=request.user, provider=request.provider, **form.values())
        else:
            saved = source_update(actor=request.user, source=source, **form.values())
    except ValidationError as exc:
        form_errors_from(form, _csv_errors(exc))
        return None
    messages.success(request, f"The log source {saved.name} is saved.")
    return redirect("online_safety:source_list")


def _csv_errors(exc: ValidationError) -> ValidationError:
    """Errors in the CSV mapping are shown against its time column, where the mapping starts."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors = dict(exc.message_dict)
    for name, field in (("csv_mapping", "csv_timestamp"), ("identity_mapping", "lowercase")):
        if name in errors:
            errors[field] = errors.pop(name)
    return ValidationError(errors)


@requires(CONFIGURE)
def source_new(request: ProviderRequest) -> HttpResponse:
    form = SourceForm(request.POST or None, provider=request.provider)
    if request.method == "POST":
        response = _save_or_test(request, form, None)
        if response is not None:
            return response  # type: ignore[no-any-return]
    return _source_page(request, form, None)


@requires(CONFIGURE)
def source_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    source = get_source_for_user(request.user, request.provider, pk)
    initial = SourceForm.initial_for(source)
    form = SourceForm(request.POST or None, initial=initial, provider=request.provider)
    if request.method == "POST":
        response = _save_or_test(request, form, source)
        if response is not None:
            return response  # type: ignore[no-any-return]
    return _source_page(request, form, source)


@requires(CONFIGURE)
@require_POST
def source_active(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    source = get_source_for_user(request.user, request.provider, pk)
    active = request.POST.get("active") == "1"
    try:
        source_set_active(actor=request.user, source=source, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        state = "active again" if active else "deactivated: its history is kept"
        messages.success(request, f"{source.name} is {state}.")
    return redirect("online_safety:source_list")


@requires(CONFIGURE)
def monitoring_settings(request: ProviderRequest) -> HttpResponse:
    current = settings_for(request.provider)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(current))
    if request.method == "POST" and form.is_valid():
        try:
            settings_update(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The monitoring settings are saved.")
            return redirect("online_safety:monitoring_settings")
    return render(request, "online_safety/config/settings.html", {"form": form})
