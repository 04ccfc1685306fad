"""Turning raw bytes into a column of lines, in bounded chunks, and keeping count of every line.

A chunk is read as one polars column (the CSV reader with a separator that never occurs, so
the splitting is multi-threaded Rust); a chunk that does hold that byte takes the exact, slower
path. Either way ``lines`` is the number of newline-terminated lines (plus a last unterminated
one), and every line comes out as one row, empty lines included (as null), so the ingestion can
promise ``lines == parsed + rejected``.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import polars as pl

CHUNK_BYTES = 32 * 1024 * 1024
_SENTINEL = "\x1f"  # the unit separator: never part of a log line that is text
GZIP_MAGIC = b"\x1f\x8b"
# Magic numbers of files people upload by mistake (zip/xlsx, PDF, images, executables).
_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ")


class Readable(Protocol):
    """What ingestion reads from: a file, an upload, a syslog batch."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


class UnreadableLogError(ValueError):
    """The file as a whole cannot be ingested (binary, truncated gzip, empty); nothing is
    written and the message says why."""


@dataclass
class ChunkReader:
    """Reads a stream (plain or gzip) in chunks that end on a line boundary, hashing the raw
    bytes as it goes so the whole file's sha256 is known when the last chunk is read."""

    stream: Readable
    chunk_bytes: int = CHUNK_BYTES

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256()
        self.raw_bytes = 0
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sha256")
        self._pending: Future[None] | None = None

    def chunks(self) -> Iterator[bytes]:
        head = self.stream.read(2)
        rest = self.stream
        if head == GZIP_MAGIC:
            yield from self._gzip_chunks(head)
            return
        yield from self._plain_chunks(head, rest)

    def _hash(self, data: bytes) -> None:
        """Hashing runs on a helper thread (hashlib releases the GIL), beside the parsing."""
        self.raw_bytes += len(data)
        if self._pending is not None:
            self._pending.result()
        self._pending = self._hasher.submit(self.sha256.update, data)

    def hexdigest(self) -> str:
        if self._pending is not None:
            self._pending.result()
            self._pending = None
        self._hasher.shutdown(wait=True)
        return self.sha256.hexdigest()

    def _plain_chunks(self, head: bytes, rest: Readable) -> Iterator[bytes]:
        """Blocks of ``chunk_bytes`` finished to the end of their last line (one copy)."""
        first = True
        while True:
            block = (head if first else b"") + rest.read(self.chunk_bytes)
            if first:
                refuse_binary(block)
                first = False
            if not block:
                return
            if not block.endswith(b"\n"):
                block += rest.readline()
            self._hash(block)
            yield block

    def _gzip_chunks(self, head: bytes) -> Iterator[bytes]:
        self._hash(head)
        hashing = _HashingReader(self.stream, self)
        source: Any = _Prefixed(head, hashing)  # a minimal readable file object
        decompressed = gzip.GzipFile(fileobj=source, mode="rb")
        try:
            first = True
            while block := decompressed.read(self.chunk_bytes):
                if first:
                    refuse_binary(block)
                    first = False
                if not block.endswith(b"\n"):
                    block += decompressed.readline()
                yield block
            if first:
                refuse_binary(b"")
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            raise UnreadableLogError(
                f"The gzip file is damaged or truncated ({exc}); nothing was ingested. "
                "Copy the file again and re-run."
            ) from exc


class _HashingReader:
    def __init__(self, stream: Readable, owner: ChunkReader) -> None:
        self.stream, self.owner = stream, owner

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.owner._hash(data)
        return data


class _Prefixed:
    """A file object that first returns bytes already read (the gzip magic)."""

    def __init__(self, prefix: bytes, stream: _HashingReader) -> None:
        self.prefix, self.stream = prefix, stream

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            out, self.prefix = self.prefix, b""
            if size < 0:
                return out + self.stream.read()
            return out + self.stream.read(max(size - len(out), 0))
        return self.stream.read(size)


def refuse_binary(first: bytes) -> None:
    if not first.strip():
        raise UnreadableLogError("The file is empty: there are no log lines to ingest.")
    if first.startswith(_BINARY_MAGIC) or b"\x00" in first[:8192]:
        raise UnreadableLogError(
            "This is a binary file, not a text log (for example a spreadsheet, PDF or image). "
            "Export the log as text (or .gz) and try again."
        )


def open_path(path: Path) -> Readable:
    return path.open("rb")


def count_lines(chunk: bytes) -> int:
    if not chunk:
        return 0
    return chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)


def lines_column(chunk: bytes) -> pl.Series:
    """One row per line of ``chunk`` (empty lines as null; invalid UTF-8 replaced by U+FFFD)."""
    expected = count_lines(chunk)
    if expected == 0:
        return pl.Series("line", [], dtype=pl.String)
    if _SENTINEL.encode() not in chunk and not chunk.startswith(b"\n"):
        frame = pl.read_csv(
            chunk,
            has_header=False,
            separator=_SENTINEL,
            quote_char=None,
            new_columns=["line"],
            encoding="utf8-lossy",
            infer_schema=False,
            truncate_ragged_lines=True,
        )
        if frame.height == expected:
            return frame.get_column("line")
    return _exact_lines(chunk, expected)


def _exact_lines(chunk: bytes, expected: int) -> pl.Series:
    text = chunk.decode("utf-8", errors="replace")
    parts = text.split("\n")
    if text.endswith("\n"):
        parts.pop()
    series = pl.Series("line", [p.removesuffix("\r") for p in parts], dtype=pl.String)
    series = series.set(series == "", None)
    assert series.len() == expected  # noqa: S101  (an invariant of the split above)
    return series
