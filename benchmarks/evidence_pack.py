#!/usr/bin/env python3
"""Evidence pack benchmark: generation time and page count of the PDF for the large demo.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/evidence_pack.py [--database-url URL] [--runs 3]

It uses the local settings on its own database (default
postgres://postgres@127.0.0.1:5432/ph_compliance_bench, created and seeded with
``seed_demo --size large`` when it holds fewer than 30,000 learners) and var directory
(var/bench-compliance). Each run times the three stages in-process: reading the records
(``pack_context``), rendering the HTML, and WeasyPrint's layout and PDF; the first run of a
process also pays for imports, fonts and the bank-holiday tables, so it is reported apart.
The target is under 15 s. The machine is shared: the load average is printed beside the
figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ph_compliance_bench"
DEFAULT_VAR = str(ROOT / "var" / "bench-compliance")
TARGET_SECONDS = 15.0
LEARNERS = 30_000


def setup(database_url: str, var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preventhub.config.settings.local")
    os.environ["DATABASE_URL"] = database_url
    os.environ["PREVENTHUB_VAR_DIR"] = var_dir
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT / "src"))
    if database_url.startswith("postgres"):
        name = database_url.rsplit("/", 1)[1]
        base = database_url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], capture_output=True)
    import django

    django.setup()


def ensure_large_demo() -> None:
    from django.core.management import call_command

    from preventhub.people.models import Person

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if Person.unscoped.filter(kind="learner").count() < LEARNERS:
        print("Seeding the large demo (once)...", flush=True)
        call_command("seed_demo", size="large", verbosity=0)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def run_once(provider: object) -> tuple[float, float, float, int, int]:
    from preventhub.compliance.pack import pack_context
    from preventhub.compliance.render import pack_html, to_pdf

    t0 = time.perf_counter()
    context = pack_context(provider)  # type: ignore[arg-type]
    t1 = time.perf_counter()
    html = pack_html(context)
    t2 = time.perf_counter()
    pdf = to_pdf(html)
    t3 = time.perf_counter()
    return t1 - t0, t2 - t1, t3 - t2, pdf.pages, len(pdf.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--var-dir", default=DEFAULT_VAR)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--provider", default="demo-college")
    args = parser.parse_args()
    setup(args.database_url, args.var_dir)
    ensure_large_demo()
    from preventhub.core.models import Provider

    provider = Provider.objects.get(slug=args.provider)
    print(f"Evidence pack for {provider.name} ({args.database_url.split('://')[0]}); {load()}")
    totals = []
    for n in range(args.runs + 1):
        read, render, layout, pages, size = run_once(provider)
        total = read + render + layout
        label = "first (cold)" if n == 0 else f"run {n}"
        print(
            f"  {label:13} {total:6.2f} s = records {read:5.2f} + HTML {render:4.2f} + PDF "
            f"{layout:5.2f}; {pages} pages, {size / 1024:,.0f} KiB; {load()}"
        )
        if n:
            totals.append(total)
    best, worst = min(totals), max(totals)
    verdict = "meets" if worst < TARGET_SECONDS else "MISSES"
    print(
        f"Warm runs: best {best:.2f} s, worst {worst:.2f} s: {verdict} the {TARGET_SECONDS:.0f} s "
        "target."
    )


if __name__ == "__main__":
    main()
