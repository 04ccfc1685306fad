"""Generate the demo people register: staff with job categories and titles, learners with DOB,
course, group, and apprentices with employers. Pure functions over ``random.Random``: the same
seed gives the same people, so re-running the seed recognises them by MIS id.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from preventhub.core.demo.data import (
    EMPLOYERS,
    FIRST_NAMES,
    JOB_CATEGORY_WEIGHTS,
    JOB_TITLES,
    LAST_NAMES,
    SUPPORT_NEEDS,
    Curriculum,
)
from preventhub.core.models import Department

Row = dict[str, Any]
LEVEL = re.compile(r"Level (\d)")


@dataclass(frozen=True)
class Departments:
    """The provider's departments by code, split into curriculum and service areas."""

    by_code: dict[str, Department]
    curriculum: tuple[tuple[Curriculum, Department], ...]
    fallback: Department


@dataclass(frozen=True)
class PeopleContext:
    rng: random.Random
    departments: Departments
    domain: str
    mis_prefix: str
    today: date

    @property
    def academic_year_start(self) -> date:
        year = self.today.year if self.today.month >= 9 else self.today.year - 1
        return date(year, 9, 1)


def name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def staff_mis_id(ctx: PeopleContext, n: int) -> str:
    return f"{ctx.mis_prefix}S{n:05d}"


def learner_mis_id(ctx: PeopleContext, n: int) -> str:
    return f"{ctx.mis_prefix}L{n:06d}"


def email_local(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace("'", "").replace(" ", "")


class StaffEmails:
    """first.last@domain, with a number added when two staff share a name."""

    def __init__(self, domain: str) -> None:
        self.domain = domain
        self.seen: Counter[str] = Counter()

    def __call__(self, first: str, last: str) -> str:
        local = email_local(first, last)
        self.seen[local] += 1
        suffix = "" if self.seen[local] == 1 else str(self.seen[local])
        return f"{local}{suffix}@{self.domain}"


def staff_rows(ctx: PeopleContext, *, first_n: int, last_n: int, emails: StaffEmails) -> list[Row]:
    """Generated staff numbered first_n..last_n (the demo users' own records come before)."""
    categories = list(JOB_CATEGORY_WEIGHTS)
    weights = list(JOB_CATEGORY_WEIGHTS.values())
    rows = []
    for n in range(first_n, last_n + 1):
        category = ctx.rng.choices(categories, weights)[0]
        title, dept = job_title(ctx, category)
        first, last = name(ctx.rng)
        start = ctx.today - timedelta(days=ctx.rng.randint(20, 365 * 25))
        rows.append(
            staff_row(ctx, n, first, last, category, title, dept, emails) | {"start_date": start}
        )
    return rows


def job_title(ctx: PeopleContext, category: str) -> tuple[str, Department | None]:
    title, code = ctx.rng.choice(JOB_TITLES[category])
    if code == "-":
        return title, None
    if code == "*":
        curriculum, dept = ctx.rng.choice(ctx.departments.curriculum)
        return title.format(dept=curriculum.name), dept
    return title, ctx.departments.by_code.get(code, ctx.departments.fallback)


def staff_row(
    ctx: PeopleContext,
    n: int,
    first: str,
    last: str,
    category: str,
    title: str,
    dept: Department | None,
    emails: StaffEmails,
) -> Row:
    return {
        "kind": "staff",
        "mis_id": staff_mis_id(ctx, n),
        "first_name": first,
        "last_name": last,
        "email": emails(first, last),
        "job_category": category,
        "job_title": title,
        "department": dept,
        "site_id": dept.site_id if dept else None,
    }


def learner_rows(
    ctx: PeopleContext, *, first_n: int, last_n: int, apprentice_share: float, adult_share: float
) -> list[Row]:
    rows = []
    for n in range(first_n, last_n + 1):
        curriculum, dept = ctx.rng.choice(ctx.departments.curriculum)
        apprentice = bool(curriculum.apprenticeship) and ctx.rng.random() < apprentice_share
        adult = ctx.rng.random() < adult_share
        row = learner_base(
            ctx, n, dept, age=learner_age(ctx.rng, adult=adult, apprentice=apprentice)
        )
        row |= apprenticeship(ctx, curriculum) if apprentice else study_programme(ctx, curriculum)
        if ctx.rng.random() < 0.06:
            row["support_needs"] = ctx.rng.choice(SUPPORT_NEEDS)
        rows.append(row)
    return rows


def learner_age(rng: random.Random, *, adult: bool, apprentice: bool) -> int:
    """Age on 31 August before the academic year: 16-18 mostly; adults and apprentices older."""
    if adult:
        return min(64, 19 + int(rng.expovariate(1 / 12)))
    if apprentice:
        return rng.choice((16, 17, 18, 19, 19, 20, 21, 22, 24, 27))
    return rng.choices((16, 17, 18, 19), (42, 35, 18, 5))[0]


def learner_base(ctx: PeopleContext, n: int, dept: Department, *, age: int) -> Row:
    first, last = name(ctx.rng)
    aug31 = ctx.academic_year_start - timedelta(days=1)
    born = date(aug31.year - age - 1, 9, 1) + timedelta(days=ctx.rng.randint(0, 364))
    mis_id = learner_mis_id(ctx, n)
    return {
        "kind": "learner",
        "mis_id": mis_id,
        "first_name": first,
        "last_name": last,
        "email": f"{mis_id.lower()}@learners.{ctx.domain}",
        "date_of_birth": born,
        "department": dept,
        "site_id": dept.site_id,
    }


def study_programme(ctx: PeopleContext, curriculum: Curriculum) -> Row:
    index = ctx.rng.randrange(len(curriculum.courses))
    second_year = ctx.rng.random() < 0.35
    start_year = ctx.academic_year_start.year - (1 if second_year else 0)
    years = 2 if second_year or ctx.rng.random() < 0.5 else 1
    course = curriculum.courses[index]
    level = LEVEL.search(course)
    year = "B" if second_year else "A"
    return {
        "course": course,
        "group_name": f"{curriculum.code}{level[1] if level else 'X'}{year}{ctx.rng.randint(1, 3)}",
        "start_date": date(start_year, 9, ctx.rng.randint(2, 12)),
        "end_date": date(start_year + years, 6, ctx.rng.randint(20, 30)),
    }


def apprenticeship(ctx: PeopleContext, curriculum: Curriculum) -> Row:
    start = ctx.today - timedelta(days=ctx.rng.randint(14, 700))
    return {
        "course": f"{curriculum.apprenticeship} apprenticeship",
        "group_name": f"{curriculum.code}-APP{start.year % 100:02d}",
        "apprenticeship_employer": ctx.rng.choice(EMPLOYERS.get(curriculum.code, EMPLOYERS["*"])),
        "start_date": start,
        "end_date": start + timedelta(days=ctx.rng.randint(400, 1100)),
    }
