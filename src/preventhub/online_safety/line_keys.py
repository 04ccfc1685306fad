"""Stable keys for log lines: the same line (and the same n-th repeat of it within a chunk)
always gets the same key, in any run and any version, so re-ingesting the same or overlapping
lines adds nothing. polars' own ``hash`` may change between versions; xxh3 (polars-hash) does
not."""

from __future__ import annotations

from typing import Any

import polars as pl
import polars_hash  # noqa: F401  (registers the nchash namespace on expressions)


def _xxh3(expr: pl.Expr) -> pl.Expr:
    # polars-hash registers ``nchash`` on expressions at import: the stubs do not know it.
    namespace: Any = getattr(expr, "nchash")  # noqa: B009
    result: pl.Expr = namespace.xxh3_64()
    return result


def with_line_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """Adds ``line_key`` (UInt64): xxh3 of the line, or of line + NUL + n for its n-th repeat."""
    frame = frame.with_columns(_xxh3(pl.col("line")).alias("line_key"))
    if not frame.get_column("line_key").is_duplicated().any():
        return frame
    occurrence = pl.int_range(pl.len()).over("line_key")
    salted = pl.col("line") + pl.lit("\x00") + occurrence.cast(pl.String)
    return frame.with_columns(
        pl.when(occurrence > 0).then(_xxh3(salted)).otherwise(pl.col("line_key")).alias("line_key")
    )
