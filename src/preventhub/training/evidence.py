"""Evidence of training (certificates, signed attendance sheets): checked, encrypted, stored.

The size limit is ``TRAINING_EVIDENCE_MAX_BYTES`` (10 MB by default). The type is decided by
the file's own bytes and must agree with its extension (``concerns.attachments.check_bytes``);
evidence is a PDF, an image or a Word document. Files are encrypted before they reach storage
and only ever sent back through the access-gated download page.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from preventhub.concerns.attachments import CheckedFile, check_bytes

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = frozenset({"pdf", "png", "jpg", "jpeg", "webp", "docx"})
EVIDENCE_LIST = "PDF, PNG, JPEG, WebP or Word (.docx)"
MAX_FILES = 5


def evidence_max_bytes() -> int:
    return int(getattr(settings, "TRAINING_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_evidence_bytes(name: str, content: bytes) -> CheckedFile:
    """The file, if it is a certificate-like type whose content matches its extension."""
    name = PurePath(name or "evidence").name[:255]
    if len(content) > evidence_max_bytes():
        raise ValidationError(f"{name} is larger than {megabytes(evidence_max_bytes())}.")
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            f"{name} is not a type of file evidence can be: attach a {EVIDENCE_LIST} file."
        )
    try:
        return check_bytes(name, content)
    except ValidationError as exc:
        # check_bytes lists every type concerns accept; say what evidence may be instead.
        raise ValidationError(
            f"{exc.messages[0].split(' Attach')[0]} Attach a {EVIDENCE_LIST} file."
        ) from exc


def check_evidence(upload: UploadedFile[bytes]) -> CheckedFile:
    """Read one uploaded file (never more than the limit plus one byte) and check it."""
    name = PurePath(upload.name or "evidence").name[:255]
    limit = evidence_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(f"{name} is larger than {megabytes(limit)}.")
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(f"{name} is larger than {megabytes(limit)}.")
    return check_evidence_bytes(name, content)
