"""Terms, the unit of curriculum coverage: autumn (1 Sep-31 Dec), spring (1 Jan to the day
before Easter Day) and summer (Easter Day to 31 Aug), as the concern statistics count them, so
every day belongs to exactly one term. A term is named by a key such as ``2025-autumn``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from preventhub.concerns.statistics import easter_sunday, term_of

KEY = re.compile(r"^(\d{4})-(autumn|spring|summer)$")
# Early in a term nothing is logged yet: until this many days have passed, the findings judge
# the term before.
GRACE_DAYS = 21


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    first_day: date
    last_day: date

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def previous(self) -> Term:
        return term_containing(self.first_day - timedelta(days=1))


def term_containing(day: date) -> Term:
    name, first, last = term_of(day)
    season = name.split()[0].lower()
    return Term(f"{first.year}-{season}", f"{name} {first.year}", first, last)


def current_term(today: date | None = None) -> Term:
    return term_containing(today or timezone.localdate())


def term_for_key(key: str) -> Term:
    """The term ``key`` names; ValueError for anything else (e.g. "2025-winter")."""
    found = KEY.match(key or "")
    if not found or not 2000 <= int(found[1]) <= 2100:
        raise ValueError(f"Unknown term: {key!r}.")
    year, season = int(found[1]), found[2]
    anchor = {
        "autumn": date(year, 9, 1),
        "spring": date(year, 1, 1),
        "summer": easter_sunday(year),
    }[season]
    return term_containing(anchor)


def recent_terms(today: date | None = None, count: int = 6) -> list[Term]:
    """The current term and the ``count - 1`` before it, newest first."""
    terms = [current_term(today)]
    while len(terms) < count:
        terms.append(terms[-1].previous)
    return terms


def judged_term(today: date | None = None) -> Term:
    """The term the findings judge: this one once it is three weeks old, else the last one."""
    today = today or timezone.localdate()
    term = current_term(today)
    return term if (today - term.first_day).days >= GRACE_DAYS else term.previous
