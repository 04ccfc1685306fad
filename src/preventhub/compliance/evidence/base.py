"""What every evidence function shares: the context (loaded once per page) and the line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from preventhub.compliance.choices import Tone
from preventhub.concerns.statistics import (
    SMALL_NUMBER,
    Period,
    PeriodKey,
    Tally,
    academic_year_start,
    period_for,
    protect_one,
)
from preventhub.core.findings import Finding, findings_for
from preventhub.core.models import Provider


@dataclass(frozen=True)
class Line:
    """One sentence of evidence. ``perm`` is what a reader needs to follow ``url``."""

    text: str
    tone: str = Tone.INFO
    url: str = ""
    perm: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "tone": self.tone, "url": self.url}


class EvidenceContext:
    """The provider and the moment, with what several items read loaded once."""

    def __init__(self, provider: Provider, now: datetime | None = None) -> None:
        self.provider = provider
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    @cached_property
    def findings(self) -> list[Finding]:
        return findings_for(self.provider, self.now)

    @cached_property
    def year(self) -> Period:
        return period_for(PeriodKey.ACADEMIC_YEAR, today=self.today)

    @cached_property
    def term(self) -> Period:
        return period_for(PeriodKey.TERM, today=self.today)

    @property
    def year_start(self) -> date:
        return academic_year_start(self.today)

    def since(self, days: int) -> datetime:
        return self.now - timedelta(days=days)

    @cached_property
    def training(self) -> Any:
        from preventhub.training.compliance import load

        return load(self.provider)

    def codes(self, area: str) -> set[str]:
        return {f.code for f in self.findings if f.compliance_area == area}


def day(value: date | datetime) -> str:
    """12 March 2026 (UK time for a moment)."""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return date_format(value, "j F Y")


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def protected(n: int, what: str) -> str:
    """A concern count as anyone outside the safeguarding team may see it."""
    figure = protect_one(Tally("n", what, n), exact=False)
    if figure.shown:
        return plural(n, what)
    return f"fewer than {SMALL_NUMBER} {what}s"


def months_since(then: date, today: date) -> int:
    return (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]
