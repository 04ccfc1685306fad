"""Building CSV files for import tests."""

from __future__ import annotations

import csv
import io

LEARNER_HEADER = ["Learner Ref", "Forename", "Surname", "DOB", "Course", "Site", "Email"]


def make_csv(header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def learner_rows(count: int, *, start: int = 1, site: str = "") -> list[list[str]]:
    return [
        [f"L{n:05d}", f"Sam{n}", f"Learner{n}", "2008-09-01", "Level 3 Engineering", site, ""]
        for n in range(start, start + count)
    ]


def learners_csv(count: int = 3, *, start: int = 1, site: str = "") -> bytes:
    return make_csv(LEARNER_HEADER, learner_rows(count, start=start, site=site))
