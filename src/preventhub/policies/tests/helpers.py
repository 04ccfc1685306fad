"""Policies made through the services, and small real PDF and Word files, for the tests."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from preventhub.concerns.attachments import CheckedFile
from preventhub.core.models import Provider
from preventhub.policies import services
from preventhub.policies.models import Policy


def days(n: int) -> date:
    return timezone.localdate() + timedelta(days=n)


def policy_in(**overrides: Any) -> services.PolicyIn:
    values: dict[str, Any] = {
        "policy_type": "safeguarding",
        "title": "Safeguarding and child protection policy",
        "version": "4.0",
        "owner": None,
        "status": "published",
        "approved_on": days(-30),
        "review_on": days(335),
    }
    values.update(overrides)
    return services.PolicyIn(**values)


def make_policy(
    provider: Provider, *, actor: Any = None, document: CheckedFile | None = None, **overrides: Any
) -> Policy:
    return services.policy_create(
        actor=actor, provider=provider, data=policy_in(**overrides), document=document
    )


def pdf_with(text: str) -> bytes:
    """A one-page PDF whose page shows ``text`` (ASCII, without parentheses)."""
    stream = f"BT /F1 11 Tf 40 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def docx_with(*paragraphs: str) -> bytes:
    """A minimal Word document with one paragraph per argument."""
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", document)
    return out.getvalue()
