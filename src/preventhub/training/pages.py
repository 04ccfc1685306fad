"""What the training pages share: the request type, binding forms, and a service's errors shown
on the form that caused them."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from preventhub.core.models import Provider


class ProviderRequest(HttpRequest):
    provider: Provider


def posted(request: HttpRequest) -> Any:
    """What to bind a form to: what was posted (even nothing, so it shows its errors), or None
    on GET."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest) -> Any:
    return request.FILES if request.method == "POST" else None


def errors_onto(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError on the form's fields (others on the whole form)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
