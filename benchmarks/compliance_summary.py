#!/usr/bin/env python3
"""Compliance summary API benchmark: p50/p95 of GET /api/v1/compliance/summary on the large
demo, through the whole Django stack (middleware, token authentication, every module's findings).

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/compliance_summary.py [--database-url URL] [--requests 100]

Same database and settings as evidence_pack.py (which seeds the large demo when needed). The
requests are made in-process with Django's test client, one after another, as the demo senior
leader with an API token made for the run (and revoked after it), after 5 warm-up requests.
Two series: **uncached** (the cached findings are dropped before each request, so every module's
rules run, as after any change to the provider's data) and **cached** (nothing changed between
requests; see compliance/status.py). The target is a p95 under 200 ms. The load average is
printed beside the figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import median, quantiles
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evidence_pack as ep  # noqa: E402  (the shared set-up lives beside this script)

TARGET_P95_MS = 200.0
WARM_UP = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=ep.DEFAULT_DATABASE_URL)
    parser.add_argument("--var-dir", default=ep.DEFAULT_VAR)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--user", default="senior_leader")
    args = parser.parse_args()
    ep.setup(args.database_url, args.var_dir)
    ep.ensure_large_demo()
    from django.test import Client
    from django.test.utils import override_settings

    from preventhub.accounts.models import ApiToken, User
    from preventhub.accounts.services import token_create

    user = User.objects.get(username=args.user)
    token = token_create(actor=None, user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    try:
        with override_settings(ALLOWED_HOSTS=["testserver", "127.0.0.1", "localhost"]):
            for cached in (False, True):
                report(series(client, args.requests, cached=cached), args.user, cached=cached)
    finally:
        ApiToken.objects.filter(user=user).order_by("-created_at").first().delete()  # type: ignore[union-attr]


def series(client: Any, requests: int, *, cached: bool) -> list[float]:
    from django.core.cache import cache

    timings = []
    for n in range(WARM_UP + requests):
        if not cached:
            cache.clear()
        start = time.perf_counter()
        response = client.get("/api/v1/compliance/summary")
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code}: {response.content[:200]!r}")
        if n >= WARM_UP:
            timings.append(elapsed)
    return timings


def report(timings: list[float], user: str, *, cached: bool) -> None:
    p95 = quantiles(timings, n=20)[-1]
    verdict = "meets" if p95 < TARGET_P95_MS else "MISSES"
    kind = "cached" if cached else "uncached"
    print(
        f"GET /api/v1/compliance/summary as {user}, {kind}, {len(timings)} requests: "
        f"p50 {median(timings):.0f} ms, p95 {p95:.0f} ms, max {max(timings):.0f} ms: "
        f"{verdict} the {TARGET_P95_MS:.0f} ms target; {ep.load()}"
    )


if __name__ == "__main__":
    main()
