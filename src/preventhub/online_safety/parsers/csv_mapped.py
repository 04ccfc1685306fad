"""A generic CSV log with the column mapping saved on the log source::

    {"has_header": true, "delimiter": ",", "timestamp_format": "%Y-%m-%d %H:%M:%S",
     "blocked_values": ["blocked", "denied"],
     "columns": {"timestamp": "Time", "user": "User", "client_ip": "Source IP",
                 "url": "URL", "action": "Action", "category": "Category"}}

``columns`` maps our fields to the file's headers (or to 0-based positions when the file has no
header). Required: ``timestamp``, and ``url`` or ``host``. Optional: user, client_ip, action,
status, bytes, method, host, category (the filter's own category, kept as ``csv:<name>``).
A timestamp with an offset (``+01:00``) is read as such; without one it is local time in the
source's time zone. Quoted fields follow the CSV rules, one record per line.

Each line is split with Python's csv module (quoting rules are not vectorisable); the fields
are then typed and checked column-wise like every other format.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from preventhub.online_safety.parsers.e2guardian import local_datetime
from preventhub.online_safety.parsers.normal import empty_fields

FIELDS = ("timestamp", "user", "client_ip", "url", "host", "action", "status", "bytes", "method",
          "category")  # fmt: skip
DEFAULT_BLOCKED = ("blocked", "block", "denied", "deny", "dropped")


class MappingError(ValueError):
    """The saved mapping cannot read this file (a named column is missing, say)."""


@dataclass
class CsvMapping:
    columns: dict[str, str | int]
    has_header: bool = True
    delimiter: str = ","
    timestamp_format: str = ""
    blocked_values: tuple[str, ...] = DEFAULT_BLOCKED
    positions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_saved(cls, saved: dict[str, Any]) -> CsvMapping:
        columns = saved.get("columns") or {}
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise MappingError(f"The CSV mapping names unknown fields: {', '.join(unknown)}.")
        if "timestamp" not in columns or not ({"url", "host"} & set(columns)):
            raise MappingError(
                "The log source's CSV mapping must name the timestamp column and the url or "
                "host column (edit the source's settings)."
            )
        delimiter = str(saved.get("delimiter") or ",")
        if len(delimiter) != 1:
            raise MappingError("The CSV delimiter must be one character.")
        blocked = tuple(str(v).lower() for v in saved.get("blocked_values") or DEFAULT_BLOCKED)
        return cls(
            columns=dict(columns),
            has_header=bool(saved.get("has_header", True)),
            delimiter=delimiter,
            timestamp_format=str(saved.get("timestamp_format") or ""),
            blocked_values=blocked,
        )

    def bind_header(self, header: list[str]) -> None:
        """Column names to positions, from the file's header row."""
        names = [h.strip().lstrip("\ufeff") for h in header]
        missing = [c for c in self.columns.values() if isinstance(c, str) and c not in names]
        if missing:
            raise MappingError(
                f"The file has no column {', '.join(repr(m) for m in missing)} named in the "
                f"source's CSV mapping; its columns are: {', '.join(names)}."
            )
        self.positions = {
            key: (names.index(col) if isinstance(col, str) else int(col))
            for key, col in self.columns.items()
        }

    def bind_positions(self) -> None:
        try:
            self.positions = {key: int(col) for key, col in self.columns.items()}
        except ValueError as exc:
            raise MappingError(
                "Without a header row the mapping must give column positions (0, 1, ...)."
            ) from exc


def split_rows(lines: list[str | None], mapping: CsvMapping) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {key: [] for key in mapping.positions}
    for line in lines:
        row = _row(line, mapping.delimiter)
        for key, position in mapping.positions.items():
            out[key].append(row[position] if row is not None and position < len(row) else None)
    return out


def _row(line: str | None, delimiter: str) -> list[str] | None:
    if not line:
        return None
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return None


def _timestamp(text: pl.Expr, mapping: CsvMapping, time_zone: str) -> pl.Expr:
    if mapping.timestamp_format:
        fmt = mapping.timestamp_format
        if "%z" in fmt:
            aware = text.str.to_datetime(fmt, strict=False, time_unit="us")
            return aware.dt.convert_time_zone("UTC")
        return local_datetime(text, fmt, time_zone)
    iso = text.str.replace("T", " ", literal=True).str.replace(r"\.\d+", "")
    aware = iso.str.to_datetime("%Y-%m-%d %H:%M:%S%z", strict=False, time_unit="us")
    local = local_datetime(iso, "%Y-%m-%d %H:%M:%S", time_zone)
    epoch = (text.cast(pl.Float64, strict=False) * 1_000_000).cast(pl.Int64, strict=False)
    return pl.coalesce(
        aware.dt.convert_time_zone("UTC"), local, epoch.cast(pl.Datetime("us", "UTC"))
    )


def parse(frame: pl.DataFrame, time_zone: str, mapping: CsvMapping) -> pl.DataFrame:
    columns = split_rows(frame.get_column("line").to_list(), mapping)
    values = pl.DataFrame({key: pl.Series(v, dtype=pl.String) for key, v in columns.items()})
    frame = pl.concat([frame, values], how="horizontal")
    col = {key: (pl.col(key) if key in columns else pl.lit(None, pl.String)) for key in FIELDS}
    action = col["action"].str.strip_chars().str.to_lowercase()
    category = col["category"].str.strip_chars()
    url = pl.coalesce(col["url"], pl.lit("http://") + col["host"] + pl.lit("/"))
    return frame.select(
        "line",
        "reason",
        _timestamp(col["timestamp"].str.strip_chars(), mapping, time_zone).alias("ts"),
        **{
            **empty_fields(),
            "user": col["user"],
            "client_ip": col["client_ip"],
            "action": pl.when(action.is_in(list(mapping.blocked_values)))
            .then(pl.lit("blocked"))
            .otherwise(pl.lit("allowed")),
            "status": col["status"],
            "bytes": col["bytes"],
            "method": col["method"],
            "url": url,
            "host_hint": col["host"],
            "vendor_category": pl.when(category != "").then(
                pl.lit("csv:") + category.str.to_lowercase()
            ),
            "vendor_label": pl.when(category != "").then(category),
            "enough_fields": col["timestamp"].is_not_null() & url.is_not_null(),
        },
    )


def split_header(line: str | None, mapping: CsvMapping) -> list[str]:
    row = _row(line, mapping.delimiter)
    if not row:
        raise MappingError("The CSV file has no header row, but the mapping says it has one.")
    return row
