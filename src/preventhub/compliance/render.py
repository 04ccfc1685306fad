"""The evidence pack and the governor report as documents: standalone HTML (what the browser
shows and prints) and A4 PDF (WeasyPrint, system fonts, nothing fetched from the network; only
``data:`` URLs may be, as referrals/export.py does)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from preventhub.audit.services import audit_record
from preventhub.core.models import Provider

# WeasyPrint reports each rendering step at INFO; one line per PDF step is noise in the logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

CSS_PATH = Path(__file__).resolve().parent / "static" / "compliance" / "document.css"


@dataclass(frozen=True)
class Pdf:
    content: bytes
    pages: int


def pack_html(context: dict[str, Any]) -> str:
    return render_to_string("compliance/pack/document.html", context)


def governor_report_html(context: dict[str, Any]) -> str:
    return render_to_string("compliance/governor_report/document.html", context)


def document_css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def to_pdf(html: str) -> Pdf:
    """An A4 PDF of ``html`` and its number of pages."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # ships no type hints
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=document_css(), url_fetcher=fetcher)
    document = HTML(string=html, url_fetcher=fetcher, base_url=None).render(
        stylesheets=[stylesheet]
    )
    return Pdf(document.write_pdf(), len(document.pages))


def pack_recorded(*, actor: Any, provider: Provider, fmt: str, via: str = "page") -> None:
    """Every download of the pack is audited: who, when, which format."""
    audit_record(
        actor=actor,
        action="export",
        object_type="compliance.evidencepack",
        provider_id=provider.pk,
        detail={"format": fmt, "via": via},
    )
