"""The board report: the current assessment and action plan as an A4 PDF for governors.

Rendered with WeasyPrint from a standalone HTML document and one stylesheet, with system fonts
and nothing fetched from the network (only ``data:`` URLs may be, and the document has none),
as referrals/export.py does. Every download is audited.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider
from preventhub.risk.choices import AREA_PROMPTS, Area
from preventhub.risk.heatmap import heat_map
from preventhub.risk.quality import quality_findings
from preventhub.risk.selectors import (
    action_counts,
    assessment_for,
    latest_approved,
    latest_input_dates,
    risks_with_actions,
)
from preventhub.risk.services import is_overdue

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

REPORT_CSS = Path(__file__).resolve().parent / "static" / "risk" / "board-report.css"


def report_context(provider: Provider, now: datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    risks = list(risks_with_actions(provider))
    areas = [
        {
            "label": str(area.label),
            "prompt": AREA_PROMPTS[area.value],
            "risks": [
                {"risk": r, "actions": [(a, is_overdue(a, today)) for a in r.actions.all()]}
                for r in risks
                if r.area == area.value
            ],
        }
        for area in Area
    ]
    approved = latest_approved(provider)
    return {
        "provider": provider,
        "assessment": assessment_for(provider),
        "areas": areas,
        "risk_count": len(risks),
        "maps": [heat_map(provider), heat_map(provider, residual=True)],
        "findings": quality_findings(provider, now),
        "counts": action_counts(provider),
        "approved": approved,
        "signatures": list(approved.signatures.all()) if approved else [],
        "latest_inputs": latest_input_dates(provider),
        "generated_at": now,
    }


def render_report(context: dict[str, Any]) -> str:
    return render_to_string("risk/board_report.html", context)


def board_report_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # ships no type hints
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=REPORT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document = HTML(string=render_report(context), url_fetcher=fetcher, base_url=None)
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet])
    return pdf


def report_recorded(*, actor: Any, provider: Provider) -> None:
    audit_record(
        actor=actor,
        action="export",
        object_type="risk.riskassessment",
        provider_id=provider.pk,
        detail={"format": "pdf", "report": "board"},
    )
