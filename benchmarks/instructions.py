#!/usr/bin/env python3
"""Instructions per request, counted by valgrind: a steady A/B figure on a busy machine.

Throughput and even CPU time move by ±15 % here when other work shares the cores; the number
of instructions the Python process runs for one request moves by ~0.1 %. It counts only this
process (not PostgreSQL, Redis, the kernel or gunicorn), so it is for comparing two versions
of the code, not a replacement for web_people.py.

    .venv/bin/python benchmarks/instructions.py /people/            # signed in as dsl
    .venv/bin/python benchmarks/instructions.py /api/v1/health --anonymous
    .venv/bin/python benchmarks/instructions.py /people/ --htmx     # the table alone

It uses web_people.py's database, settings and session helper (run that once first so the
database is seeded), needs Debian's `valgrind`, and takes about a minute (most of it starting
Django under valgrind). Only the measured requests are counted: collection is switched on
inside functools.reduce, which drives them.
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import web_people  # noqa: E402


def measure(args: argparse.Namespace) -> None:
    """Inside valgrind: warm up, then run the counted requests."""
    os.environ.update(web_people.bench_env(args.database_url, args.redis_url))
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if not args.anonymous:
        session = web_people._make_session(args.user)
        client.cookies[web_people.COOKIE_NAME] = session["session_key"]
    extra = {"HTTP_HX_REQUEST": "true"} if args.htmx else {}
    for _ in range(args.warmup):
        response = client.get(args.path, **extra)
    if response.status_code != 200:
        raise SystemExit(f"{args.path} answered {response.status_code}")
    functools.reduce(lambda n, _: client.get(args.path, **extra) and n, range(args.requests), 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request (partial page)")
    parser.add_argument("--user", default="dsl")
    parser.add_argument("--database-url", default=web_people.DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        measure(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", "--collect-atstart=no",
            "--toggle-collect=functools_reduce", f"--callgrind-out-file={out}",
            sys.executable, __file__, *sys.argv[1:], "--inside",
        ]  # fmt: skip
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        lines = out.read_text().splitlines()
        totals = next(line for line in lines if line.startswith(("summary:", "totals:")))
    instructions = int(totals.split()[1])
    print(f"{args.path}: {instructions / args.requests:,.0f} instructions per request")


if __name__ == "__main__":
    main()
