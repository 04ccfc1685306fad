"""The normal form every parser produces, and the checks that sort lines into parsed and
rejected (each rejected line with one reason).

A parser turns a column of lines into string fields (``PARSED_FIELDS``) plus ``ts``; the shared
``finish`` step extracts and normalises the host, assigns the first failing reason to each bad
line, and returns the good rows typed and the rejected rows with their reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from preventhub.online_safety.parsers.hosts import (
    HostAnnotator,
    HostCache,
    authority_expr,
    host_table,
    path_start_expr,
    url_cuts,
)

MAX_LINE_BYTES = 16 * 1024  # longer than any URL a proxy accepts (8 KB) with its fields

REASONS: dict[str, str] = {
    "empty_line": "Empty line",
    "not_text": "Not text (control characters or binary data)",
    "line_too_long": f"Longer than {MAX_LINE_BYTES // 1024} KB",
    "too_few_fields": "Too few fields for this format",
    "bad_timestamp": "Timestamp missing or not a date and time",
    "bad_url": "No valid host in the URL",
}
# Dates outside this range are typing errors or a wrong format, not web traffic.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

# The columns a parser returns (all strings but ts), before ``finish``.
PARSED_FIELDS = (
    "user",
    "client_ip",
    "action",
    "status",
    "bytes",
    "method",
    "url",
    "host_hint",  # a host given apart from the URL (FortiGate hostname=), or null
    "vendor_category",  # the filter's own category code, e.g. "fortigate:12"
    "vendor_label",  # its name, e.g. "Extremist Groups" (matched too; not stored)
    "enough_fields",
)
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


@dataclass
class ParsedChunk:
    good: pl.DataFrame  # line, ts, user, client_ip, action, status, bytes, method, url, host...
    rejected: pl.DataFrame  # line, reason

    @property
    def lines(self) -> int:
        return self.good.height + self.rejected.height


def text_checks(lines: pl.Series, has_control: bool = True) -> pl.DataFrame:
    """The line column with the reasons that need no parsing (empty, binary, too long).
    ``has_control`` False (the chunk's bytes were searched at once) skips the per-line test."""
    line = pl.col("line")
    reason = (
        pl.when(line.is_null())
        .then(pl.lit("empty_line"))
        .when(line.str.len_bytes() > MAX_LINE_BYTES)
        .then(pl.lit("line_too_long"))
    )
    if has_control:
        reason = reason.when(line.str.contains(_CONTROL)).then(pl.lit("not_text"))
    return pl.DataFrame({"line": lines}).with_columns(reason.alias("reason"))


def finish(frame: pl.DataFrame, hosts: HostAnnotator | HostCache | None = None) -> ParsedChunk:
    """``frame`` has line, reason (from ``text_checks``), ts and ``PARSED_FIELDS``; the host
    table (with the annotations of a ``HostCache``, or of an annotator) is joined on."""
    frame = with_authority(frame)
    table = hosts(frame) if isinstance(hosts, HostCache) else host_table(frame, hosts)
    frame = frame.join(table, on="authority", how="left")
    ts = pl.col("ts")
    reason = (
        pl.when(pl.col("reason").is_not_null())
        .then(pl.col("reason"))
        .when(~pl.col("enough_fields").fill_null(False))
        .then(pl.lit("too_few_fields"))
        .when(ts.is_null() | (ts < EARLIEST) | (ts >= LATEST))
        .then(pl.lit("bad_timestamp"))
        .when(pl.col("host").is_null())
        .then(pl.lit("bad_url"))
    )
    frame = frame.with_columns(reason.alias("reason"))
    bad = frame.get_column("reason").is_not_null()
    rejected = frame.filter(bad).select("line", "reason")
    extra = [c for c in frame.columns if c.startswith("h_")]
    good = frame.filter(~bad).select(
        *extra,
        "line",
        "ts",
        pl.col("user").fill_null("-"),
        "client_ip",
        pl.col("action").fill_null("allowed"),
        pl.col("status").cast(pl.Int32, strict=False),
        pl.col("bytes").cast(pl.Int64, strict=False),
        pl.col("method").fill_null("-"),
        "url",
        "path_at",
        "host",
        "port",
        "vendor_category",
        "vendor_label",
    )
    return ParsedChunk(good=good, rejected=rejected)


def with_authority(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds ``authority``. The fast cut uses byte offsets, so URLs with non-ASCII characters
    (rare: proxies usually log them percent-encoded) are cut again with a pattern."""
    frame = (
        frame.with_columns(url_cuts())
        .with_columns(authority_expr().alias("authority"), path_start_expr().alias("path_at"))
        .drop("_s", "_e")
    )
    url = pl.col("url")
    wide = frame.select((url.str.len_bytes() != url.str.len_chars()).fill_null(False)).to_series()
    if not wide.any():
        return frame
    frame = frame.with_row_index("_i")
    fixed = frame.filter(wide).select(
        "_i",
        pl.coalesce(pl.col("host_hint"), url.str.extract(r"^(?:[^:/?#]+://)?([^/?#]*)", 1)).alias(
            "authority"
        ),
    )
    return frame.update(fixed, on="_i").drop("_i")


def empty_fields() -> dict[str, pl.Expr]:
    """Null string columns for the fields a format does not carry."""
    return {name: pl.lit(None, dtype=pl.String) for name in PARSED_FIELDS}
