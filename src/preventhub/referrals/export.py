"""The referral as a document: the HTML both the printable page and the PDF are made of, and
the PDF itself (WeasyPrint, system fonts, nothing fetched from the network)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

# WeasyPrint reports each rendering step at INFO; one line per PDF step is noise in the logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# One stylesheet serves the browser's print of the page and the PDF (its @media print rules).
PRINT_CSS = Path(__file__).resolve().parent / "static" / "referrals" / "referral-print.css"


def render_referral_document(context: dict[str, Any], request: HttpRequest | None = None) -> str:
    """The standalone HTML document of the referral (what the PDF renders)."""
    return render_to_string("referrals/referral_pdf.html", context, request=request)


def referral_pdf(html: str) -> bytes:
    """An A4 PDF of ``html``. Only ``data:`` URLs may be fetched: the document links nothing,
    and a stray URL in it must never make the server reach out to the network."""
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]  # ships no type hints
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document = HTML(string=html, url_fetcher=fetcher, base_url=None)
    pdf: bytes = document.write_pdf(stylesheets=[stylesheet])
    return pdf
