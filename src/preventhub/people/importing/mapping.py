"""Which CSV column fills which register field: detected defaults, overridden by the user."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from preventhub.people.importing.fields import (
    FIELDS_BY_NAME,
    ImportField,
    fields_for_kind,
    normalise_header,
)
from preventhub.people.importing.report import ImportFileError


def default_mapping(headers: list[str], kind: str) -> dict[str, str]:
    """field -> header, for each field of this kind whose name or a common alias is a header."""
    by_normal: dict[str, str] = {}
    for header in headers:
        by_normal.setdefault(normalise_header(header), header)
    mapping: dict[str, str] = {}
    for spec in fields_for_kind(kind):
        found = next((by_normal[h] for h in spec.headers() if h in by_normal), None)
        if found is not None:
            mapping[spec.name] = found
    return mapping


def resolve_mapping(
    headers: list[str], kind: str, explicit: Mapping[str, str] | None = None
) -> dict[str, int]:
    """field -> column index. ``explicit`` overrides the defaults; an empty header skips a field.

    Raises ImportFileError listing every problem: unknown fields, fields of the other kind,
    headers not in the file, headers that appear twice, required fields left unmapped.
    """
    explicit = dict(explicit or {})
    problems = _explicit_problems(headers, kind, explicit)
    mapping = {**default_mapping(headers, kind), **explicit}
    mapping = {field: header.strip() for field, header in mapping.items() if header.strip()}
    index = _header_index(headers)
    problems += _duplicate_problems(headers, mapping)
    missing = [FIELDS_BY_NAME[f] for f in _required(kind) if f not in mapping]
    if missing:
        problems.append(_missing_message(missing, headers))
    if problems:
        raise ImportFileError(*problems)
    return {field: index[normalise_header(header)] for field, header in mapping.items()}


def _required(kind: str) -> list[str]:
    return [f.name for f in fields_for_kind(kind) if f.required]


def _header_index(headers: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, header in enumerate(headers):
        if header:
            index.setdefault(normalise_header(header), position)
    return index


def _explicit_problems(headers: list[str], kind: str, explicit: dict[str, str]) -> list[str]:
    problems = []
    unknown = sorted(f for f in explicit if f not in FIELDS_BY_NAME)
    if unknown:
        problems.append(
            f"The mapping names unknown field(s): {', '.join(unknown)}. "
            f"Fields you can map: {', '.join(FIELDS_BY_NAME)}."
        )
    for field, header in explicit.items():
        spec = FIELDS_BY_NAME.get(field)
        if spec is None or not header.strip():
            continue
        if kind not in spec.kinds:
            other = "staff" if "staff" in spec.kinds else "learners"
            problems.append(
                f"{field} applies to {other} only; leave it unmapped for a {kind} import."
            )
        elif normalise_header(header) not in _header_index(headers):
            problems.append(
                f"The mapping names the column {header.strip()!r} for {field}, but the file has "
                f"no such column. Columns in the file: {_listing(headers)}."
            )
    return problems


def _duplicate_problems(headers: list[str], mapping: dict[str, str]) -> list[str]:
    counts = Counter(normalise_header(h) for h in headers if h)
    used = {normalise_header(h): h for h in mapping.values()}
    return [
        f"The column {header!r} appears more than once in the header row; rename one of them."
        for normal, header in used.items()
        if counts[normal] > 1
    ]


def _missing_message(missing: list[ImportField], headers: list[str]) -> str:
    names = ", ".join(f"{f.name} ({f.label})" for f in missing)
    return (
        f"Required column(s) missing: {names}. Add them to the file or choose which column "
        "holds them in the mapping (columns called e.g. 'Learner Ref', 'Staff ID', 'Forename' "
        f"or 'Surname' are recognised). Columns in the file: {_listing(headers)}."
    )


def _listing(headers: list[str]) -> str:
    shown = [repr(h) for h in headers if h][:30]
    return ", ".join(shown) or "none"
