"""Read an uploaded CSV file: size, encoding and shape checks, each with a specific message."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Protocol

from preventhub.people.importing.report import ImportFileError

SAVE_AS_HINT = 'In Excel or your MIS, save or export it as "CSV UTF-8 (Comma delimited)".'
_DELIMITERS = (",", ";", "\t", "|")
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file",
    b"\xd0\xcf\x11\xe0": "an old-style Excel workbook (.xls)",
    b"%PDF": "a PDF document",
}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class BinarySource(Protocol):
    """An open binary file (Django's UploadedFile, an open file, BytesIO)."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


ImportSource = bytes | BinarySource


@dataclass(frozen=True)
class CsvTable:
    """The header row and every later record (``records[i]`` is row ``i + 2`` of the file)."""

    headers: list[str]
    records: list[list[str]]

    def data_row_count(self) -> int:
        return sum(1 for record in self.records if not is_blank(record))


def is_blank(record: list[str]) -> bool:
    return not any(cell.strip() for cell in record)


def load_table(source: ImportSource, *, max_bytes: int) -> CsvTable:
    """Check and parse the whole file, or raise ImportFileError saying what is wrong with it."""
    table = parse_csv(decode(read_bytes(source, max_bytes=max_bytes)))
    if table.data_row_count() == 0:
        raise ImportFileError(
            "The file has a header row but no data rows (0 rows): there is nobody to import."
        )
    return table


def human_size(size: int, *, whole: bool = False) -> str:
    """``52428800`` -> ``"50.0 MB"``; with ``whole``, a round limit reads ``"20 MB"``."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale or unit == "KB":
            amount = size / scale
            return (
                f"{amount:.0f} {unit}" if whole and amount.is_integer() else f"{amount:.1f} {unit}"
            )
    raise AssertionError("unreachable")


def source_size(source: ImportSource) -> int:
    """The size in bytes, found without reading the file into memory."""
    if isinstance(source, bytes):
        return len(source)
    known = getattr(source, "size", None)
    if isinstance(known, int):
        return known
    position = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(position)
    return end


def too_large_message(size: int, max_bytes: int) -> str:
    limit = human_size(max_bytes, whole=True)
    return (
        f"The file is too large ({human_size(size)}); the limit is {limit}. "
        "Split it into smaller files, for example one per site or per year group."
    )


def read_bytes(source: ImportSource, *, max_bytes: int) -> bytes:
    """The file's bytes, refusing a file over ``max_bytes`` before reading it."""
    size = source_size(source)
    if size > max_bytes:
        raise ImportFileError(too_large_message(size, max_bytes))
    if isinstance(source, bytes):
        return source
    source.seek(0)
    data = source.read(max_bytes + 1)
    if len(data) > max_bytes:  # the reported size was wrong
        raise ImportFileError(too_large_message(len(data), max_bytes))
    return data


def decode(data: bytes) -> str:
    """UTF-8 text (with or without a byte-order mark), or a message naming the problem."""
    if not data.strip():
        raise ImportFileError("The file is empty.")
    _refuse_binary(data)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 encoded text: line {line} has bytes that are not valid "
            "UTF-8 (the file was probably saved as Windows-1252/Latin-1, e.g. by Excel's plain "
            f'"CSV" option). {SAVE_AS_HINT}'
        ) from exc


def _refuse_binary(data: bytes) -> None:
    if data.startswith(_UTF16_BOMS) or _looks_like_utf16(data):
        raise ImportFileError(
            f'The file is encoded as UTF-16 (Excel\'s "Unicode text"), not UTF-8. {SAVE_AS_HINT}'
        )
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ImportFileError(f"This is not a CSV file: it looks like {what}. {SAVE_AS_HINT}")
    if b"\x00" in data:
        raise ImportFileError(
            f"This is not a CSV file: it contains binary data (NUL bytes). {SAVE_AS_HINT}"
        )


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 text without a byte-order mark: mostly NULs in every other byte."""
    sample = data[:2000]
    if len(sample) < 4:
        return False
    halves = (sample[0::2], sample[1::2])
    return any(half.count(0) > 0.6 * len(half) for half in halves)


def pick_delimiter(first_line: str) -> str:
    """Comma unless the header row clearly uses semicolons, tabs or pipes instead."""
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def parse_csv(text: str) -> CsvTable:
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=pick_delimiter(text[:4096].partition("\n")[0])
    )
    try:
        records = list(reader)
    except csv.Error as exc:
        raise ImportFileError(
            f"This is not a valid CSV file: {exc} (near line {reader.line_num}). {SAVE_AS_HINT}"
        ) from exc
    if records and is_blank(records[0]):
        raise ImportFileError("The first row of the file is blank: it must be the header row.")
    if not records:
        raise ImportFileError("The file is empty.")
    headers = [h.strip() for h in records[0]]
    return CsvTable(headers=headers, records=records[1:])
