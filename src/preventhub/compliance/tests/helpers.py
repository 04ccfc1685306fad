"""Records the compliance tests build on."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from preventhub.compliance.models import GovernorReport, SelfAssessment
from preventhub.concerns.statistics import academic_year_start
from preventhub.core.models import Provider


def make_assessment(
    provider: Provider, *, year_start: date | None = None, **kw: Any
) -> SelfAssessment:
    year_start = year_start or academic_year_start(timezone.localdate())
    found = SelfAssessment.objects.for_provider(provider).filter(year_start=year_start).first()
    return found or SelfAssessment.unscoped.create(provider=provider, year_start=year_start, **kw)


def make_report(provider: Provider, term_start: date = date(2025, 9, 1)) -> GovernorReport:
    found = GovernorReport.objects.for_provider(provider).filter(term_start=term_start).first()
    return found or GovernorReport.unscoped.create(
        provider=provider,
        term_label="Autumn term 2025",
        term_start=term_start,
        term_end=date(2025, 12, 31),
        pdf=b"%PDF-1.7 test",
        sha256="0" * 64,
        pages=1,
    )
