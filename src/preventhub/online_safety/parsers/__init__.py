"""Web-filter log parsers: one per format, all vectorised with polars, all producing the same
normal form (see ``normal.py``) so classification and storage never look at formats.

``LogParser(format, time_zone, csv_mapping).parse(lines)`` takes a column of lines (see
``lines.py``) and returns the parsed rows and the rejected rows, each with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from preventhub.online_safety.choices import LogFormat
from preventhub.online_safety.parsers import csv_mapped, e2guardian, keyvalue, squid
from preventhub.online_safety.parsers.csv_mapped import CsvMapping, MappingError
from preventhub.online_safety.parsers.hosts import HostAnnotator, HostCache
from preventhub.online_safety.parsers.lines import UnreadableLogError
from preventhub.online_safety.parsers.normal import REASONS, ParsedChunk, finish, text_checks

__all__ = ["REASONS", "LogParser", "MappingError", "ParsedChunk", "UnreadableLogError"]


@dataclass
class LogParser:
    format: str
    time_zone: str = "Europe/London"
    csv_mapping: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.format not in LogFormat.values:
            raise UnreadableLogError(
                f"Unknown log format {self.format!r}; choose one of: {', '.join(LogFormat.values)}."
            )
        self._mapping: CsvMapping | None = None
        if self.format == LogFormat.CSV:
            self._mapping = CsvMapping.from_saved(self.csv_mapping)
        self._first = True

    def parse(
        self,
        lines: pl.Series,
        has_control: bool = True,
        annotate: HostAnnotator | HostCache | None = None,
    ) -> ParsedChunk:
        """``annotate`` adds columns (named ``h_*``) to the table of distinct hosts, which is
        joined onto every parsed row: classification by domain happens there, once per host."""
        lines = self._take_header(lines)
        frame = text_checks(lines, has_control)
        return finish(self._fields(frame), annotate)

    def _take_header(self, lines: pl.Series) -> pl.Series:
        """A CSV's header row binds the mapping; it is not a log line (not counted)."""
        if self._mapping is None or not self._first:
            return lines
        self._first = False
        if not self._mapping.has_header:
            self._mapping.bind_positions()
            return lines
        header = csv_mapped.split_header(lines[0] if lines.len() else "", self._mapping)
        self._mapping.bind_header(header)
        return lines.slice(1)

    def _fields(self, frame: pl.DataFrame) -> pl.DataFrame:
        parsers: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
            LogFormat.SQUID_NATIVE: squid.parse_native,
            LogFormat.SQUID_COMBINED: squid.parse_combined,
            LogFormat.E2GUARDIAN: lambda f: e2guardian.parse(f, self.time_zone),
            LogFormat.FORTIGATE: lambda f: keyvalue.parse(f, self.time_zone),
        }
        if self._mapping is not None:
            return csv_mapped.parse(frame, self.time_zone, self._mapping)
        return parsers[self.format](frame)
