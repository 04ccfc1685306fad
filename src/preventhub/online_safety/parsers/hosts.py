"""The host of each request, in the form the category lists use: lower-case, no port or
trailing dot, non-ASCII names in IDNA (punycode) form — the same form as
``online_safety.domains.normalise_domain`` gives list entries, so a host and a list entry
compare as plain strings.

Cutting the URL is vectorised over every line; validating and IDNA-encoding run once per
distinct host (a day of 5 million lines has ~200,000) and are joined back.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

MAX_HOST = 253
_VALID = r"^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$"
_IPV6 = r"^\[[0-9a-f:.]+\]$"


def url_cuts() -> list[pl.Expr]:
    """Where the authority starts (``_s``, after ``scheme://``) and how long it is (``_e``,
    null when nothing follows it): literal finds and slices only, cheap on string views."""
    url = pl.col("url")
    start = (url.str.find("://", literal=True) + 3).fill_null(0).alias("_s")
    end = url.str.slice(start).str.find(r"[/?#]").alias("_e")
    return [start, end]


def authority_expr() -> pl.Expr:
    """``user@host:port`` of each URL (CONNECT URLs are ``host:port`` already), or
    ``host_hint`` when the format gives the host apart. Needs the ``url_cuts`` columns."""
    url = pl.col("url")
    after = url.str.slice(pl.col("_s"))
    cut = after.str.slice(0, pl.col("_e").fill_null(after.str.len_bytes()))
    return pl.coalesce(pl.col("host_hint"), cut)


def path_start_expr() -> pl.Expr:
    """Where the path begins in each URL, so keyword scans skip the host: -1 when there is no
    path or query (CONNECT), 0 when unsure (the whole URL is scanned)."""
    return (pl.col("_s") + pl.col("_e")).fill_null(-1).cast(pl.Int32)


HostAnnotator = Callable[[pl.DataFrame], pl.DataFrame]


class HostCache:
    """The host table of the authorities already seen in this file: later chunks only work out
    (and classify) the ones new to them — after a few chunks, hardly any."""

    def __init__(self, annotate: HostAnnotator | None = None) -> None:
        self.annotate = annotate
        self.table: pl.DataFrame | None = None

    def __call__(self, frame: pl.DataFrame) -> pl.DataFrame:
        wanted = frame.select(pl.col("authority").unique()).drop_nulls()
        if self.table is not None:
            wanted = wanted.join(self.table.select("authority"), on="authority", how="anti")
        if not wanted.is_empty() or self.table is None:
            fresh = host_table(wanted, self.annotate)
            self.table = fresh if self.table is None else pl.concat([self.table, fresh])
        return self.table


def host_table(frame: pl.DataFrame, annotate: HostAnnotator | None = None) -> pl.DataFrame:
    """One row per distinct authority: ``host`` (null when not a valid host), ``port``, and
    whatever ``annotate`` adds per host (the classification's domain matches)."""
    table = frame.select(pl.col("authority").unique()).drop_nulls()
    bare = pl.col("authority").str.split("@").list.last()
    table = table.with_columns(_split_port(bare))
    table = table.with_columns(
        pl.col("bare").str.to_lowercase().str.strip_suffix(".").alias("host")
    )
    table = _idna(table)
    valid = (pl.col("host").str.contains(_VALID) | pl.col("host").str.contains(_IPV6)) & (
        pl.col("host").str.len_bytes() <= MAX_HOST
    )
    table = table.with_columns(
        pl.when(valid).then(pl.col("host")).alias("host"), pl.col("port").cast(pl.Int32)
    ).select("authority", "host", "port")
    if annotate is not None:
        table = annotate(table)
    return table


def _split_port(host: pl.Expr) -> list[pl.Expr]:
    """``example.test:8080`` → bare ``example.test``, port 8080; ``[::1]:443`` keeps its
    brackets; an IPv6 address without brackets has no port."""
    colons = host.str.count_matches(":", literal=True)
    has_port = host.str.contains(r":\d{1,5}$") & (
        (colons == 1) | host.str.contains(r"^\[.*\]:\d+$")
    )
    bare = pl.when(has_port).then(host.str.replace(r":\d{1,5}$", "")).otherwise(host)
    port = pl.when(has_port).then(host.str.extract(r":(\d{1,5})$", 1))
    return [bare.alias("bare"), port.alias("port")]


def _idna(table: pl.DataFrame) -> pl.DataFrame:
    """Non-ASCII hosts (``bücher.example.test``) to punycode; names IDNA refuses become null
    (rejected as bad_url)."""
    non_ascii = pl.col("host").str.contains(r"[^\x00-\x7f]")
    if not table.select(non_ascii.any()).item():
        return table
    mapping = {name: to_idna(name) for name in table.filter(non_ascii).get_column("host").to_list()}
    return table.with_columns(
        pl.when(non_ascii)
        .then(pl.col("host").replace_strict(mapping, default=None, return_dtype=pl.String))
        .otherwise(pl.col("host"))
        .alias("host")
    )


def to_idna(name: str) -> str | None:
    import idna

    try:
        return ".".join(
            idna.encode(label, uts46=True).decode("ascii") if label else ""
            for label in name.split(".")
        )
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
