"""What an import found and did: counts, row errors and file-level errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class ImportFileError(Exception):
    """The file as a whole cannot be imported (size, encoding, columns); nothing is written."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or row): ``row`` counts the header as row 1, like a spreadsheet."""

    row: int
    column: str
    reason: str


@dataclass
class ImportReport:
    """The outcome of a dry run or an import. Counts are of valid rows; nothing is written unless
    ``imported`` is true, which needs no errors of either kind."""

    kind: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    imported: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors

    @property
    def error_count(self) -> int:
        return len(self.errors) + len(self.file_errors)

    def summary(self) -> str:
        """One sentence for a message banner or an API ``detail``."""
        if self.file_errors:
            return " ".join(self.file_errors)
        if self.errors:
            rows = len({e.row for e in self.errors})
            what = "Nothing was imported" if not self.dry_run else "Fix them before importing"
            return f"{len(self.errors)} error(s) in {rows} row(s). {what}."
        verb = "Would create" if self.dry_run else "Created"
        return (
            f"{verb} {self.created}, {'would update' if self.dry_run else 'updated'} "
            f"{self.updated}, {self.unchanged} unchanged ({self.rows} rows)."
        )

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data
