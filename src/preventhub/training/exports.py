"""The action list as CSV or XLSX (``core.exports``: formula-safe cells, streamed CSV with a
byte-order mark, a write-only workbook): one line per requirement someone has not met, or will
not soon. Names and course titles are typed by people, so no cell is ever run as a formula."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from preventhub.people.choices import JobCategory
from preventhub.training.choices import Status
from preventhub.training.reports import ActionRow

HEADER = [
    "Name", "Email", "Staff group", "Department", "Site", "Course", "Status", "Due or lapsed on",
    "Last completed",
]  # fmt: skip
WIDTHS = {"Name": 24, "Email": 32, "Course": 40, "Department": 24}


def _category(key: str) -> str:
    return str(JobCategory(key).label) if key in JobCategory.values else ""


def action_values(row: ActionRow, departments: dict[Any, str], sites: dict[Any, str]) -> list[Any]:
    member = row.standing.member
    item = row.item
    return [
        member.name,
        member.email,
        _category(member.job_category),
        departments.get(member.department_id, ""),
        sites.get(member.site_id, ""),
        row.course_title,
        str(Status(item.status).label),
        item.due_on,
        item.last_completed,
    ]


def action_rows_out(
    rows: Iterable[ActionRow], departments: dict[Any, str], sites: dict[Any, str]
) -> Iterator[list[Any]]:
    for row in rows:
        yield action_values(row, departments, sites)
