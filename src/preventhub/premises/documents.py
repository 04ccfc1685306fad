"""A room's usage-policy document: checked by its own bytes, size-limited, stored encrypted.

PDF, Word (.docx) or plain text, at most ``PREMISES_DOCUMENT_MAX_BYTES`` (10 MB by default,
docs/configuration.md). An unsupported extension is refused before the file is read, and an
oversized file after reading at most the limit plus one byte, so a 100 MB upload is never held
in memory. The content must agree with the extension (``concerns.attachments.check_bytes``).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from preventhub.concerns.attachments import CheckedFile, check_bytes

ALLOWED_EXTENSIONS = ("pdf", "docx", "txt")
ALLOWED_LIST = "a PDF, Word (.docx) or plain text (.txt) file"


def max_bytes() -> int:
    return int(settings.PREMISES_DOCUMENT_MAX_BYTES)


def max_megabytes() -> int:
    return max_bytes() // (1024 * 1024)


def _refuse_type(name: str) -> None:
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(f"{name} cannot be used as a usage policy: choose {ALLOWED_LIST}.")


def _too_big(name: str) -> ValidationError:
    return ValidationError(
        f"{name} is larger than {max_megabytes()} MB: upload a smaller file "
        "(a PDF saved for the web is usually much smaller)."
    )


def check_policy_upload(upload: UploadedFile[bytes]) -> CheckedFile:
    """Read and check one uploaded policy document, or raise ValidationError saying why not."""
    name = PurePath(upload.name or "policy").name[:255]
    _refuse_type(name)
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _too_big(name)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_big(name)
    return check_bytes(name, content)


def check_policy_bytes(name: str, content: bytes) -> CheckedFile:
    """The same checks for content already in memory (services and tests)."""
    name = PurePath(name or "policy").name[:255]
    _refuse_type(name)
    if len(content) > max_bytes():
        raise _too_big(name)
    return check_bytes(name, content)
