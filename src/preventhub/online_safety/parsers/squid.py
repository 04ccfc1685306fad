"""Squid access logs: the native format and the Apache-style "combined" format.

Native (``logformat squid``, the default)::

    1764000000.123    845 10.1.2.3 TCP_DENIED/403 3890 GET http://example.test/page jsmith \
        HIER_NONE/- text/html

``%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt``: epoch seconds, elapsed ms
(padded to six characters), client, result code/HTTP status, bytes, method, URL (``host:port``
for CONNECT), user ("-" when none), hierarchy/peer, MIME type. Fields past the tenth (custom
logformats append some) are ignored.

Combined (``logformat combined``)::

    10.1.2.3 - jsmith [22/Nov/2026:10:15:32 +0000] "GET http://example.test/ HTTP/1.1" 403 \
        3890 "-" "Mozilla/5.0" TCP_DENIED:HIER_NONE

A request is blocked when Squid's result code says DENIED (TCP_DENIED, TCP_DENIED_REPLY...), or,
in combined lines without the result code, when the status is 403.
"""

from __future__ import annotations

import polars as pl

from preventhub.online_safety.parsers.normal import empty_fields


def _epoch(text: pl.Expr) -> pl.Expr:
    micros = (text.cast(pl.Float64, strict=False) * 1_000_000).cast(pl.Int64, strict=False)
    return micros.cast(pl.Datetime("us", "UTC"))


def _squid_action(code: pl.Expr) -> pl.Expr:
    return (
        pl.when(code.is_null() | (code == ""))
        .then(None)
        .when(code.str.contains("DENIED", literal=True))
        .then(pl.lit("blocked"))
        .otherwise(pl.lit("allowed"))
    )


def parse_native(frame: pl.DataFrame) -> pl.DataFrame:
    """Most lines have the default layout (a 14-character timestamp, the elapsed time padded to
    six): those are cut at fixed offsets, the rest split on runs of spaces."""
    line = pl.col("line")
    fixed = (
        (line.str.slice(14, 1) == " ") & (line.str.slice(21, 1) == " ")
        & (line.str.slice(22, 1) != " ")
    ).fill_null(False)  # fmt: skip
    mask = frame.select(fixed).to_series()
    if mask.all():
        return _native(frame, fixed=True)
    if not mask.any():
        return _native(frame, fixed=False)
    return pl.concat([_native(frame.filter(mask), True), _native(frame.filter(~mask), False)])


def _native(frame: pl.DataFrame, fixed: bool) -> pl.DataFrame:
    line = pl.col("line")
    if fixed:
        ts, rest = line.str.slice(0, 14), line.str.slice(22)
    else:
        head = line.str.splitn(" ", 2)
        ts = head.struct.field("field_0")
        rest = head.struct.field("field_1").str.strip_chars_start(" ").str.splitn(" ", 2)
        rest = rest.struct.field("field_1")  # past the elapsed time
    fields = rest.str.split_exact(" ", 5).struct.rename_fields(
        ["client_ip", "code", "bytes", "method", "url", "user"]
    )
    frame = frame.with_columns(ts.alias("_ts"), fields.alias("_f")).unnest("_f")
    code = pl.col("code")  # "TCP_DENIED/403": the result code, then the HTTP status
    return frame.select(
        "line",
        "reason",
        _epoch(pl.col("_ts")).alias("ts"),
        **{
            **empty_fields(),
            "user": pl.col("user"),
            "client_ip": pl.col("client_ip"),
            "action": _squid_action(code),
            "status": code.str.slice(code.str.find("/", literal=True) + 1),
            "bytes": pl.col("bytes"),
            "method": pl.col("method"),
            "url": pl.col("url"),
            "enough_fields": pl.col("user").is_not_null(),
        },
    )


_COMBINED = (
    r'^(?<client>\S+) \S+ (?<user>\S+) \[(?<when>[^\]]+)\] "(?<method>\S+) (?<url>\S+)[^"]*" '
    r'(?<status>\d{3}|-) (?<bytes>\d+|-)(?: "[^"]*" "[^"]*")?(?: (?<squid>\S+))?'
)


def parse_combined(frame: pl.DataFrame) -> pl.DataFrame:
    frame = frame.with_columns(pl.col("line").str.extract_groups(_COMBINED).alias("_f")).unnest(
        "_f"
    )
    squid = pl.col("squid")
    action = (
        pl.when(squid.is_not_null())
        .then(_squid_action(squid))
        .when(pl.col("status") == "403")
        .then(pl.lit("blocked"))
        .otherwise(pl.lit("allowed"))
    )
    when = pl.col("when").str.to_datetime("%d/%b/%Y:%H:%M:%S %z", strict=False)
    return frame.select(
        "line",
        "reason",
        when.dt.convert_time_zone("UTC").alias("ts"),
        **{
            **empty_fields(),
            "user": pl.col("user"),
            "client_ip": pl.col("client"),
            "action": action,
            "status": pl.col("status"),
            "bytes": pl.col("bytes"),
            "method": pl.col("method"),
            "url": pl.col("url"),
            "enough_fields": pl.col("url").is_not_null(),
        },
    )
