"""Attachments to concerns: checked by content, encrypted, stored outside the web root.

The type is decided by the file's own bytes (``filetype`` reads the magic numbers), and must
agree with the name's extension, so an .exe renamed .pdf is refused. Files are encrypted with
the field-encryption keys before they reach storage (the local disk under MEDIA_ROOT, which is
never served, or object storage configured in STORAGES) and are only ever sent back through
the access-gated download view.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from preventhub.core.encryption import fernet

# extension -> the content type the bytes must show. Text has no magic number: it must decode.
ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
}
ZIP_BASED = {"docx", "xlsx"}
ALLOWED_LIST = "PDF, PNG, JPEG, GIF, WebP, Word (.docx), Excel (.xlsx) or plain text (.txt)"


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def max_bytes() -> int:
    return int(settings.CONCERN_ATTACHMENT_MAX_BYTES)


def check_upload(upload: UploadedFile[bytes]) -> CheckedFile:
    """Read and check one uploaded file, or raise ValidationError saying what is wrong."""
    name = PurePath(upload.name or "attachment").name[:255]
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(f"{name} is larger than {max_bytes() // (1024 * 1024)} MB.")
    content = upload.read(max_bytes() + 1)
    if len(content) > max_bytes():
        raise ValidationError(f"{name} is larger than {max_bytes() // (1024 * 1024)} MB.")
    return check_bytes(name, content)


def check_bytes(name: str, content: bytes) -> CheckedFile:
    if not content:
        raise ValidationError(f"{name} is empty.")
    extension = PurePath(name).suffix.lower().lstrip(".")
    expected = ALLOWED_TYPES.get(extension)
    if expected is None:
        raise ValidationError(f"{name}: attach a {ALLOWED_LIST} file.")
    if extension == "txt":
        _check_text(name, content)
        return CheckedFile(name, expected, content)
    kind = filetype.guess(content)
    actual = kind.mime if kind else None
    # filetype names some Office files only as zip archives; the extension says which.
    if extension in ZIP_BASED and actual == "application/zip":
        actual = expected
    if actual != expected:
        raise ValidationError(
            f"{name} is not really a .{extension} file (its content is "
            f"{actual or 'not a recognised type'}). Attach a {ALLOWED_LIST} file."
        )
    return CheckedFile(name, expected, content)


def _check_text(name: str, content: bytes) -> None:
    if b"\x00" in content:
        raise ValidationError(f"{name} is not a plain text file.")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{name} is not UTF-8 text.") from exc


def store_encrypted(provider_id: int, checked: CheckedFile) -> str:
    """Encrypt and store the content; return the storage name (random, not the user's name)."""
    storage_name = f"concerns/{provider_id}/{uuid.uuid4().hex}.bin"
    token = fernet().encrypt(checked.content)
    return default_storage.save(storage_name, ContentFile(token))


def read_decrypted(storage_name: str) -> bytes:
    with default_storage.open(storage_name, "rb") as handle:
        return fernet().decrypt(handle.read())


def delete_stored(storage_name: str) -> None:
    default_storage.delete(storage_name)
