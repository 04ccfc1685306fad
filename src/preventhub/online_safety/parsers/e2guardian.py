"""E2Guardian (and DansGuardian) access logs, whose layout depends on the version and the
``logfileformat`` setting; each line is recognised by its shape:

- 1, space-separated (the default)::

    2026.11.22 10:15:32 jsmith 10.1.2.3 http://example.test/page *DENIED* Banned site: \
        example.test GET 3890 0 Banned Sites 1 403 text/html

- 2, CSV::

    "2026.11.22 10:15:32","jsmith","10.1.2.3","http://example.test/page","*DENIED* Banned \
        site: example.test","GET","3890","0","Banned Sites","1","403","text/html"

- 3, Squid-compatible: parsed as Squid native.
- 4, tab-separated: the fields of format 2, separated by tabs.

Times are local, in the log source's time zone. A request is blocked when the "what" field says
``*DENIED*``; E2Guardian's own category (the ninth field) is kept as ``e2guardian:<name>``.
"""

from __future__ import annotations

import polars as pl

from preventhub.online_safety.parsers.normal import empty_fields
from preventhub.online_safety.parsers.squid import parse_native

_METHODS = "GET|POST|CONNECT|HEAD|PUT|DELETE|OPTIONS|PATCH|TRACE|PROPFIND"
_SPACED = (
    r"^(?<date>\d{4}\.\d{1,2}\.\d{1,2}) (?<time>\d{1,2}:\d{2}:\d{2}) (?<user>\S+) (?<client>\S+) "
    rf"(?<url>\S+) (?<what>.*?) ?(?<method>{_METHODS}) (?<bytes>-?\d+) (?<weight>-?\d+) "
    r"(?<cat>.*?) ?(?<group>\d+) (?<status>\d{3}|-)"
)
_LISTED = (
    "when", "user", "client", "url", "what", "method", "bytes", "weight", "cat", "group", "status"
)  # fmt: skip


def local_datetime(text: pl.Expr, fmt: str, time_zone: str) -> pl.Expr:
    """A local date-time string in the source's zone to UTC (a time skipped by the clocks
    going forward is null: rejected as bad_timestamp)."""
    naive = text.str.to_datetime(fmt, strict=False, time_unit="us")
    return naive.dt.replace_time_zone(
        time_zone, ambiguous="earliest", non_existent="null"
    ).dt.convert_time_zone("UTC")


def parse(frame: pl.DataFrame, time_zone: str) -> pl.DataFrame:
    line = pl.col("line")
    kind = (
        pl.when(line.str.starts_with('"'))
        .then(pl.lit("csv"))
        .when(line.str.contains("\t", literal=True))
        .then(pl.lit("tab"))
        .when(line.str.contains(r"^\d+\.\d+ "))
        .then(pl.lit("squid"))
        .otherwise(pl.lit("spaced"))
    )
    frame = frame.with_columns(kind.alias("_kind"))
    parts = [
        _spaced(frame.filter(pl.col("_kind") == "spaced"), time_zone),
        _listed(frame.filter(pl.col("_kind").is_in(["csv", "tab"])), time_zone),
        parse_native(frame.filter(pl.col("_kind") == "squid").drop("_kind")),
    ]
    return pl.concat(parts, how="vertical_relaxed")


def _output(frame: pl.DataFrame, time_zone: str) -> pl.DataFrame:
    category = pl.col("cat").str.strip_chars()
    return frame.select(
        "line",
        "reason",
        local_datetime(pl.col("when"), "%Y.%m.%d %H:%M:%S", time_zone).alias("ts"),
        **{
            **empty_fields(),
            "user": pl.col("user"),
            "client_ip": pl.col("client"),
            "action": pl.when(pl.col("what").str.contains("*DENIED*", literal=True))
            .then(pl.lit("blocked"))
            .otherwise(pl.lit("allowed")),
            "status": pl.col("status"),
            "bytes": pl.col("bytes"),
            "method": pl.col("method"),
            "url": pl.col("url"),
            "vendor_category": pl.when(category != "").then(
                pl.lit("e2guardian:") + category.str.to_lowercase()
            ),
            "vendor_label": pl.when(category != "").then(category),
            "enough_fields": pl.col("url").is_not_null() & pl.col("method").is_not_null(),
        },
    )


def _spaced(frame: pl.DataFrame, time_zone: str) -> pl.DataFrame:
    fields = pl.col("line").str.extract_groups(_SPACED).alias("_f")
    frame = frame.with_columns(fields).unnest("_f")
    frame = frame.with_columns((pl.col("date") + " " + pl.col("time")).alias("when"))
    return _output(frame, time_zone)


def _listed(frame: pl.DataFrame, time_zone: str) -> pl.DataFrame:
    line = pl.col("line")
    split = (
        pl.when(pl.col("_kind") == "csv")
        .then(line.str.strip_chars('"').str.split('","'))
        .otherwise(line.str.split("\t"))
    )
    frame = frame.with_columns(split.alias("_f"))
    return _output(
        frame.with_columns(
            pl.col("_f").list.get(i, null_on_oob=True).alias(name) for i, name in enumerate(_LISTED)
        ),
        time_zone,
    )
