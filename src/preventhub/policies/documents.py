"""Documents of the policy register and of information-sharing agreements: checked, encrypted,
stored, and (policies) read for Prevent terms.

Uploads are PDF, Word (.docx) or plain text, at most ``POLICY_DOCUMENT_MAX_BYTES`` (20 MB by
default). The type is decided by the file's own bytes and must agree with its extension
(``concerns.attachments.check_bytes``); an unsupported extension is refused before the file is
read, and an oversized file after at most the limit plus one byte. Files are encrypted with the
field-encryption keys (``store_encrypted``) and only ever sent back through access-gated views.

Text extraction is best effort and never fails an upload: pypdf for PDFs, the document's XML
inside the .docx zip for Word. A file whose text cannot be read is simply "not detected".
"""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from preventhub.concerns.attachments import CheckedFile, check_bytes

log = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = ("pdf", "docx", "txt")
ALLOWED_LIST = "a PDF, Word (.docx) or plain text (.txt) file"
MAX_PDF_PAGES = 300
MAX_TEXT_CHARS = 2_000_000
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024  # the unzipped document.xml: refuse zip bombs

# An explicit reference to the duty. "prevent" is also an everyday verb, so the word alone
# counts only when capitalised mid-sentence ("complete Prevent training") or quoted.
EXPLICIT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\bprevent\s+(duty|strategy|lead|officer|co-?ordinator|referral|training|awareness|"
        r"policy|agenda|team|programme)\b",
        re.IGNORECASE,
    ),
    re.compile(r"(?<=[a-z,;:(] )Prevent\b|(?<=[‘'\"“])Prevent(?=[’'\"”])"),
    re.compile(r"\bcounter[-\s]terrorism\s+and\s+security\s+act\b", re.IGNORECASE),
    re.compile(r"\bChannel\s+(panel|programme|program|referral)s?\b", re.IGNORECASE),
)
# Related words: shown beside the detection, but not an explicit reference on their own.
RELATED_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\bradicali[sz](ation|ed|e)\b", re.IGNORECASE),
    re.compile(r"\bextremis[mt]s?\b", re.IGNORECASE),
    re.compile(r"\bterroris[mt]s?\b", re.IGNORECASE),
)
MAX_TERMS = 8


def max_bytes() -> int:
    return int(settings.POLICY_DOCUMENT_MAX_BYTES)


def check_document(upload: UploadedFile[bytes]) -> CheckedFile:
    """Read and check one uploaded document, or raise ValidationError saying what is wrong."""
    name = PurePath(upload.name or "document").name[:255]
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"{name} cannot be uploaded: choose {ALLOWED_LIST}.")
    limit = max_bytes()
    too_big = ValidationError(
        f"{name} is larger than {limit // (1024 * 1024)} MB: upload a smaller file "
        "(a PDF saved for the web is usually much smaller)."
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise too_big
    return check_bytes(name, content)


@dataclass(frozen=True)
class Detection:
    """What reading a document found: whether its text could be read, the explicit Prevent
    references and the related words in it."""

    readable: bool
    explicit: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def refers_to_prevent(self) -> bool:
        return bool(self.explicit)


def detect_prevent(checked: CheckedFile) -> Detection:
    text = extract_text(checked.name, checked.content)
    if text is None:
        return Detection(readable=False)
    return detect_in_text(text)


def detect_in_text(text: str) -> Detection:
    flat = " ".join(text.split())
    return Detection(
        readable=True,
        explicit=_found(EXPLICIT_PATTERNS, flat),
        related=tuple(word.lower() for word in _found(RELATED_PATTERNS, flat)),
    )


def _found(patterns: tuple[re.Pattern[str], ...], text: str) -> tuple[str, ...]:
    """The distinct phrases the patterns match (first spelling kept), at most MAX_TERMS."""
    seen: dict[str, str] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            phrase = match.group(0)
            seen.setdefault(phrase.lower(), phrase)
            if len(seen) >= MAX_TERMS:
                return tuple(seen.values())
    return tuple(seen.values())


def extract_text(name: str, content: bytes) -> str | None:
    """The document's text, or None when it cannot be read (never raises)."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    try:
        if extension == "txt":
            return content.decode("utf-8", errors="replace")[:MAX_TEXT_CHARS]
        if extension == "pdf":
            return _pdf_text(content)
        if extension == "docx":
            return _docx_text(content)
    except Exception as exc:  # a damaged or hostile file: "not detected", never a failure
        log.info("Text of %s could not be read: %r", name, exc)
    return None


def _pdf_text(content: bytes) -> str | None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        return None
    parts: list[str] = []
    size = 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    text = "\n".join(parts).strip()
    return text or None


_DOCX_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>|</w:p>|<w:tab/>")


def _docx_text(content: bytes) -> str | None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML_BYTES:
            return None
        with archive.open(info) as handle:
            xml = handle.read(MAX_DOCX_XML_BYTES + 1).decode("utf-8", errors="replace")
    pieces = []
    for match in _DOCX_TEXT.finditer(xml):
        tag = match.group(0)
        if tag == "</w:p>":
            pieces.append("\n")
        elif tag == "<w:tab/>":
            pieces.append(" ")
        else:
            pieces.append(html.unescape(match.group(1)))
    text = "".join(pieces).strip()
    return text[:MAX_TEXT_CHARS] or None
