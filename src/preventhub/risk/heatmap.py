"""The likelihood × impact heat maps, counted in the database and drawn as an accessible table.

Each cell holds the number of risks with that likelihood and impact, links to the register
filtered to them, and names its band in words (low, medium, high, very high): the colour only
repeats the word. Rows run from the most severe impact down, columns from rare to almost
certain, as on the DfE template.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from preventhub.core.models import Provider
from preventhub.risk.choices import IMPACT_LABELS, LIKELIHOOD_LABELS, SCALE, Band, band_of
from preventhub.risk.models import Risk


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int
    band: Band
    url: str

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class Row:
    impact: int
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class HeatMap:
    id: str
    title: str
    description: str
    rows: list[Row]
    columns: list[tuple[int, str]]
    total: int
    not_assessed: int = 0


def _counts(provider: Provider, likelihood: str, impact: str) -> dict[tuple[int, int], int]:
    rows = (
        Risk.objects.for_provider(provider)
        .filter(**{f"{likelihood}__isnull": False, f"{impact}__isnull": False})
        .order_by()
        .values(likelihood, impact)
        .annotate(n=Count("pk"))
    )
    return {(row[likelihood], row[impact]): row["n"] for row in rows}


def heat_map(provider: Provider, *, residual: bool = False) -> HeatMap:
    prefix = "residual_" if residual else ""
    likelihood, impact = f"{prefix}likelihood", f"{prefix}impact"
    counts = _counts(provider, likelihood, impact)
    register = reverse("risk:register")
    rows = [
        Row(
            impact=i,
            label=IMPACT_LABELS[i],
            cells=[
                Cell(
                    likelihood=lk,
                    impact=i,
                    count=counts.get((lk, i), 0),
                    band=band_of(lk * i),
                    url=f"{register}?{urlencode({likelihood: lk, impact: i})}",
                )
                for lk in SCALE
            ],
        )
        for i in reversed(SCALE)
    ]
    total = sum(counts.values())
    not_assessed = 0
    if residual:
        not_assessed = (
            Risk.objects.for_provider(provider).filter(residual_score__isnull=True).count()
        )
    return HeatMap(
        id=f"heat-{'residual' if residual else 'inherent'}",
        title="After current controls (residual)" if residual else "Before controls (inherent)",
        description=(
            "How many risks sit at each likelihood and impact once current controls are counted."
            if residual
            else "How many risks sit at each likelihood and impact before any controls."
        ),
        rows=rows,
        columns=[(lk, LIKELIHOOD_LABELS[lk]) for lk in SCALE],
        total=total,
        not_assessed=not_assessed,
    )
