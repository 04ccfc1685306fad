"""Checks shared by the filtering services: each returns the clean value or raises a
ValidationError naming the field and saying what to enter instead.

Web addresses: a domain is stored lower-case with non-ASCII names in IDNA form, so that
``Bücher.Example`` and ``xn--bcher-kva.example`` are one target; a URL must be http or https
with a real host (a typo such as ``htp:/site`` is refused rather than logged).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import idna
from django.core.exceptions import ValidationError

MAX_SHORT = 200
MAX_TEXT = 5_000
MAX_URL = 2_000
MAX_YEARS = 5
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


class Collected:
    """Runs each field's check and keeps every error, so a form shows them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def take(self, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return check(*args, **kwargs)
        except ValidationError as exc:
            self.add(exc)
            return None

    def add(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.errors.setdefault("__all__", []).extend(exc.messages)
            return
        for field, messages in exc.message_dict.items():
            self.errors.setdefault(field, []).extend(messages)

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def given[T](value: T | None) -> T:
    """A value every check has passed for (after ``Collected.raise_any``): never None."""
    if value is None:
        raise ValidationError("Check the values given.")
    return value


def clean_text(value: Any, field: str, *, required: str = "", limit: int = MAX_SHORT) -> str:
    """Stripped text; ``required`` is the message when it is empty (empty: optional)."""
    text = str(value if value is not None else "").strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError(
            {field: f"Keep this under {limit:,} characters (it has {len(text):,})."}
        )
    if "\x00" in text:
        raise ValidationError({field: "Remove the control characters from this text."})
    return text


def clean_choice(value: Any, field: str, choices: type[Any], what: str) -> str:
    if value not in choices.values:
        shown = str(value)[:40] if value not in (None, "") else "none given"
        raise ValidationError({field: f"Choose {what} from the list (got: {shown})."})
    return str(value)


def clean_number(value: Any, field: str, *, low: int, high: int, what: str) -> int:
    if value is None or value == "":
        raise ValidationError({field: f"Enter {what}."})
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: f"Enter {what} as a whole number."}) from exc
    if not low <= number <= high:
        raise ValidationError({field: f"Enter {what} from {low} to {high:,}."})
    return number


def clean_date(value: Any, field: str, *, what: str, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({field: f"Enter {what}."})
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({field: f"Enter {what} as a real date, e.g. 2026-03-27."}) from exc


def not_future(value: date, field: str, today: date, what: str) -> date:
    if value > today:
        raise ValidationError({field: f"{what} cannot be in the future."})
    if value < today - timedelta(days=366 * MAX_YEARS):
        raise ValidationError({field: f"{what} must be within the last {MAX_YEARS} years."})
    return value


def future(value: date, field: str, today: date, what: str) -> date:
    if value < today:
        raise ValidationError({field: f"{what} cannot be in the past: choose today or later."})
    if value > today + timedelta(days=366 * MAX_YEARS):
        raise ValidationError({field: f"{what} must be within {MAX_YEARS} years."})
    return value


def normalise_domain(value: Any, field: str) -> str:
    """``"*.Bücher.Example."`` → ``"xn--bcher-kva.example"``, or a ValidationError saying why
    the text is not a domain."""
    text = str(value or "").strip().lower().removesuffix(".")
    text = text.removeprefix("*.").removeprefix(".")
    if not text:
        raise ValidationError({field: "Enter a domain, for example example.org."})
    if "://" in text or "/" in text:
        raise ValidationError({field: "That is a web address: enter the site's name alone."})
    if any(ch.isspace() for ch in text) or "@" in text or ":" in text:
        raise ValidationError({field: f"{text[:60]} is not a domain, e.g. example.org."})
    try:
        ascii_name = idna.encode(text, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError) as exc:
        raise ValidationError({field: f"{text[:60]} is not a valid domain name."}) from exc
    labels = ascii_name.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValidationError({field: f"{text[:60]} is not a domain, e.g. example.org."})
    if len(ascii_name) > 253 or labels[-1].isdigit():
        raise ValidationError({field: f"{text[:60]} is not a domain, e.g. example.org."})
    return ascii_name


def clean_url(value: Any, field: str) -> tuple[str, str]:
    """The URL (``https://`` added when no scheme is given) and its normalised domain."""
    text = clean_text(value, field, required="Enter the web address.", limit=MAX_URL)
    if any(ch.isspace() for ch in text):
        raise ValidationError({field: "A web address has no spaces: check it was copied whole."})
    if "://" not in text:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
    except ValueError as exc:
        raise ValidationError({field: "That web address cannot be read: check it."}) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError({field: "Enter a web address starting http:// or https://."})
    try:
        domain = normalise_domain(host, field)
    except ValidationError as exc:
        raise ValidationError(
            {field: f"The web address has no valid site name ({host[:60] or 'none'})."}
        ) from exc
    return text, domain
