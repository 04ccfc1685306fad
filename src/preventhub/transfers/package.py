"""The encrypted package: a ZIP (manifest.json + attachments/<sha256>) sealed with AES-256-GCM.

Byte layout (docs/record-transfer.md has the full description)::

    offset  size  field
    0       8     magic  b"PHSGFILE"
    8       1     container version (1)
    9       1     key derivation function (1 = scrypt)
    10      1     scrypt log2(N)
    11      1     scrypt r
    12      1     scrypt p
    13      16    salt
    29      12    nonce
    41      ...   AES-256-GCM ciphertext of the ZIP, with its 16-byte tag at the end

The 41 header bytes are the GCM associated data, so a changed header fails authentication.
scrypt(passphrase, salt, N, r, p) gives 64 bytes: the first 32 are the AES key, the last 32 the
receipt key both sides use to sign and check receipts (HMAC-SHA256).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import secrets
import struct
import zipfile
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"PHSGFILE"
CONTAINER_VERSION = 1
KDF_SCRYPT = 1
HEADER = struct.Struct(">8sBBBBB16s12s")  # 41 bytes
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
# scrypt cost: N = 2**15, r = 8 (32 MiB, about 0.1 s); a reader accepts only sane costs, so a
# crafted header cannot make the server spend minutes or gigabytes deriving a key.
DEFAULT_LOG2_N = 15
DEFAULT_R = 8
DEFAULT_P = 1
ACCEPTED_LOG2_N = range(14, 21)
ACCEPTED_R = range(8, 17)
ACCEPTED_P = range(1, 5)

MANIFEST_NAME = "manifest.json"
ATTACHMENT_DIR = "attachments/"
MAX_ENTRIES = 2_000
# The unpacked ZIP may be at most this many times the package (refuses "zip bombs").
MAX_EXPANSION = 20

# Crockford's base32 alphabet: no I, L, O or U, so it reads clearly over the phone.
PASSPHRASE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # noqa: S105 (an alphabet, not a secret)
PASSPHRASE_GROUPS = 6
PASSPHRASE_GROUP_LENGTH = 4  # 6 x 4 characters x 5 bits = 120 bits
_PASSPHRASE_READS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class PackageError(ValueError):
    """The package cannot be read: the message says why, for the person who uploaded it.

    ``field`` names the form field the message belongs to ("package" or "passphrase").
    """

    def __init__(self, message: str, field: str = "package") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Sealed:
    data: bytes
    sha256: str
    receipt_key: bytes


@dataclass(frozen=True)
class Opened:
    manifest: dict[str, Any]
    files: dict[str, bytes]  # sha256 -> content
    sha256: str
    receipt_key: bytes


def new_passphrase() -> str:
    chars = [secrets.choice(PASSPHRASE_ALPHABET) for _ in range(PASSPHRASE_GROUPS * 4)]
    groups = ["".join(chars[i : i + PASSPHRASE_GROUP_LENGTH]) for i in range(0, len(chars), 4)]
    return "-".join(groups)


def normalise_passphrase(value: str) -> str:
    """What the receiver typed, as the sender's app generated it (case, spaces and dashes aside)."""
    return re.sub(r"[\s\-]", "", value.upper()).translate(_PASSPHRASE_READS)


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    kdf = Scrypt(salt=salt, length=64, n=2**log2_n, r=r, p=p)
    key = kdf.derive(normalise_passphrase(passphrase).encode("ascii"))
    return key[:32], key[32:]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zip_contents(manifest: dict[str, Any], files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1, ensure_ascii=False))
        for digest in sorted(files):
            archive.writestr(ATTACHMENT_DIR + digest, files[digest])
    return buffer.getvalue()


def seal(
    manifest: dict[str, Any],
    files: dict[str, bytes],
    passphrase: str,
    *,
    log2_n: int = DEFAULT_LOG2_N,
) -> Sealed:
    salt, nonce = secrets.token_bytes(SALT_BYTES), secrets.token_bytes(NONCE_BYTES)
    header = HEADER.pack(
        MAGIC, CONTAINER_VERSION, KDF_SCRYPT, log2_n, DEFAULT_R, DEFAULT_P, salt, nonce
    )
    key, receipt_key = _derive(passphrase, salt, log2_n, DEFAULT_R, DEFAULT_P)
    data = header + AESGCM(key).encrypt(nonce, zip_contents(manifest, files), header)
    return Sealed(data=data, sha256=sha256_hex(data), receipt_key=receipt_key)


def open_package(data: bytes, passphrase: str) -> Opened:
    """Decrypt and unpack; raise PackageError saying what is wrong (nothing is kept)."""
    header, plain, receipt_key = _decrypt(data, passphrase)
    manifest, files = unpack(plain, limit=len(data) * MAX_EXPANSION)
    return Opened(manifest=manifest, files=files, sha256=sha256_hex(data), receipt_key=receipt_key)


def _decrypt(data: bytes, passphrase: str) -> tuple[bytes, bytes, bytes]:
    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC:
        raise PackageError(
            "This is not a PreventHub safeguarding file (it does not start with PHSGFILE)."
        )
    if len(data) < HEADER.size + TAG_BYTES:
        raise PackageError("The file is cut short: it ends before its encrypted content.")
    _magic, version, kdf, log2_n, r, p, salt, nonce = HEADER.unpack_from(data)
    if version != CONTAINER_VERSION:
        raise PackageError(
            f"The file uses package version {version}; this PreventHub reads version "
            f"{CONTAINER_VERSION}. Ask the sender to export it again, or upgrade PreventHub."
        )
    if kdf != KDF_SCRYPT or log2_n not in ACCEPTED_LOG2_N or r not in ACCEPTED_R:
        raise PackageError("The file's key settings are not ones PreventHub uses: it is damaged.")
    if p not in ACCEPTED_P:
        raise PackageError("The file's key settings are not ones PreventHub uses: it is damaged.")
    if not normalise_passphrase(passphrase):
        raise PackageError("Enter the passphrase the sender gave you.", "passphrase")
    header = data[: HEADER.size]
    key, receipt_key = _derive(passphrase, salt, log2_n, r, p)
    try:
        plain = AESGCM(key).decrypt(nonce, data[HEADER.size :], header)
    except InvalidTag as exc:
        raise PackageError(
            "The passphrase is wrong, or the file was damaged or cut short on the way. "
            "Check the passphrase with the sender; if it is right, ask them for the file again.",
            "passphrase",
        ) from exc
    return header, plain, receipt_key


def unpack(plain: bytes, *, limit: int) -> tuple[dict[str, Any], dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(plain))
    except zipfile.BadZipFile as exc:
        raise PackageError("The decrypted file is not a ZIP archive: it is damaged.") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackageError(f"The file holds more than {MAX_ENTRIES} entries.")
        if sum(i.file_size for i in infos) > limit:
            raise PackageError("The file unpacks to far more than its size: it is refused.")
        names = [i.filename for i in infos]
        if MANIFEST_NAME not in names:
            raise PackageError("The file has no manifest.json.")
        files: dict[str, bytes] = {}
        for name in names:
            if name == MANIFEST_NAME:
                continue
            digest = name.removeprefix(ATTACHMENT_DIR)
            if not name.startswith(ATTACHMENT_DIR) or not re.fullmatch(r"[0-9a-f]{64}", digest):
                raise PackageError(f"The file holds an unexpected entry: {name[:80]}.")
            files[digest] = _read(archive, name)
        manifest = _manifest(_read(archive, MANIFEST_NAME))
    return manifest, files


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(f"{name} in the file is damaged.") from exc


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"manifest.json is not valid JSON: {exc}.") from exc
    if not isinstance(manifest, dict):
        raise PackageError("manifest.json must hold a JSON object.")
    return manifest


# --- receipts ------------------------------------------------------------------------------

RECEIPT_FORMAT = "preventhub-transfer-receipt"
RECEIPT_VERSION = 1


def receipt_mac(receipt_key: bytes, body: dict[str, Any]) -> str:
    """HMAC-SHA256 over the receipt's canonical JSON (sorted keys, no spaces), without "mac"."""
    fields = {k: v for k, v in body.items() if k != "mac"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(receipt_key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def receipt_valid(receipt_key: bytes, body: dict[str, Any]) -> bool:
    given = body.get("mac")
    return isinstance(given, str) and hmac.compare_digest(given, receipt_mac(receipt_key, body))
