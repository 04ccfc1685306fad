#!/usr/bin/env python3
"""Concerns benchmark: the dsl's inbox and case page beside a trivial view, then 10,000 concern
submissions through the API from 50 concurrent clients, counting that nothing is lost.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/concerns.py [--duration 30] [--connections 50]
    .venv/bin/python benchmarks/concerns.py --parts write --submissions 2000

It measures the committed code of HEAD (``--commit``), exported with ``git archive`` to
var/bench-concerns-src, not the shared working tree. It reuses web_people.py's machinery
(production settings, gunicorn, wrk with a Lua script that prints p50/p95/p99, a session
written directly for the demo ``dsl``, in-process query counts) on its own PostgreSQL database
(ph_bench_concerns), Redis database (8), static root and port, so it can share the machine with
web_people.py — but it never measures while another benchmark is running: before each
measurement it waits until ``pgrep -f "wrk|web_people"`` finds nothing.

Preparation (once): migrate, the large demo (``seed_demo --size large``) and 200,000 historical
concerns over five years (``--historical-concerns``), then VACUUM ANALYZE.

Reads (--parts read): GET /concerns/ (the triage view), /concerns/?view=all (every concern,
paginated), /concerns/<id>/ over 20 cases (each view writes an audit row), and the trivial view.

Notification email is queued to Django's dummy task backend (docs/deploy.md sends it from a
worker at this scale; there is no mail server here).

Writes (--parts write): POST /api/v1/concerns as a staff member of a separate provider
("bench-intake", created on first use, with a dsl and a deputy to notify), so the demo college's
inbox stays the same between runs. Each request carries its own Idempotency-Key; a request that
fails at the socket is retried once with the same key, which can never make a second concern.
It then prints the 201 responses, the new concern rows and the new audit rows (action=create,
object_type=concerns.concern): the three must be equal.
"""

from __future__ import annotations

import argparse
import http.client
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from statistics import median, quantiles
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_people as wp  # noqa: E402  (the shared benchmark helpers live beside this script)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ph_bench_concerns"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"
DEFAULT_PORT = 18408
HISTORICAL = 200_000
INTAKE_SLUG = "bench-intake"
INTAKE_USERS = (
    ("bench_intake_staff", ("staff",)),
    ("bench_intake_dsl", ("dsl", "staff")),
    ("bench_intake_deputy", ("deputy_dsl", "staff")),
)
TARGET_P95_MS = 150.0
OTHER_BENCHMARKS = "wrk|web_people"
CASES = 20


# --- inside Django (a subprocess with the same settings and database as the server) ---------


def inside_django(command: str) -> None:
    import django

    django.setup()
    if command == "status":
        print(json.dumps(_status()))
    elif command == "session":
        print(json.dumps(_session()))
    elif command == "counts":
        print(json.dumps(_counts()))
    elif command == "queries":
        print(json.dumps(_queries(json.loads(sys.stdin.read()))))


def _status() -> dict[str, Any]:
    from preventhub.concerns.models import Concern
    from preventhub.core.models import Provider

    college = Provider.objects.filter(slug=wp.PROVIDER_SLUG).first()
    intake = Provider.objects.filter(slug=INTAKE_SLUG).exists()
    if college is None:
        return {"learners": 0, "historical": 0, "intake": intake}
    historical = (
        Concern.objects.for_provider(college).filter(idempotency_key__startswith="hist-").count()
    )
    return {"learners": wp._learner_count(), "historical": historical, "intake": intake}


def _session() -> dict[str, Any]:
    """The dsl's session, and the cases to open: the richest ten and ten spread over history."""
    from django.db.models import Count

    from preventhub.concerns.models import Concern
    from preventhub.core.models import Provider

    session = wp._make_session("dsl")
    college = Provider.objects.get(slug=wp.PROVIDER_SLUG)
    concerns = Concern.objects.for_provider(college)
    richest = list(
        concerns.annotate(n=Count("entries")).order_by("-n", "pk").values_list("pk", "n")[:10]
    )
    ids = list(concerns.order_by("created_at").values_list("pk", flat=True))
    step = max(1, len(ids) // (CASES - len(richest)))
    spread = ids[::step][: CASES - len(richest)]
    entries = [n for _, n in richest]
    return {
        "session_key": session["session_key"],
        "case_ids": [str(pk) for pk, _ in richest] + [str(pk) for pk in spread],
        "richest_entries": [min(entries, default=0), max(entries, default=0)],
        "concerns": len(ids),
    }


def _counts() -> dict[str, int]:
    from preventhub.audit.models import AuditEvent
    from preventhub.concerns.models import Concern
    from preventhub.core.models import Provider

    intake = Provider.objects.get(slug=INTAKE_SLUG)
    return {
        "concerns": Concern.objects.for_provider(intake).count(),
        "audit_creates": AuditEvent.objects.filter(
            action="create", object_type="concerns.concern"
        ).count(),
    }


def _queries(request: dict[str, Any]) -> dict[str, Any]:
    """Reads: web_people's in-process measure. The write: one POST through the test client."""
    from django.db import connection
    from django.test import Client

    out: dict[str, Any] = wp._count_queries(request["reads"])
    if request.get("token"):
        client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {request['token']}")
        body = json.dumps(submission(0, "inprocess-warm"))
        client.post("/api/v1/concerns", body, content_type="application/json")
        counter = wp.QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = client.post(
                "/api/v1/concerns",
                json.dumps(submission(1, f"inprocess-{uuid.uuid4().hex}")),
                content_type="application/json",
            )
        out["post"] = {
            "status": response.status_code,
            "queries": counter.count,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return out


# --- the submissions ------------------------------------------------------------------------

SUBJECTS = ("learner", "learner", "learner", "staff", "visitor", "other")
CATEGORIES: tuple[tuple[str, str | None, list[str]], ...] = (
    ("mental_health", None, ["withdrawn"]),
    ("bullying", None, ["bullied"]),
    ("prevent", "extreme_right_wing", ["extremist_language", "accessing_material"]),
    ("online_safety", None, []),
    ("neglect", None, ["unsettled_home"]),
    ("prevent", "mixed_unclear", ["mass_violence_interest"]),
)


def submission(n: int, key: str) -> dict[str, Any]:
    category, ideology, indicators = CATEGORIES[n % len(CATEGORIES)]
    return {
        "subject_type": SUBJECTS[n % len(SUBJECTS)],
        "subject_name": f"Benchmark Subject {n}",
        "category": category,
        "ideology": ideology,
        "indicators": indicators,
        "description": f"Benchmark submission {n}: what was seen and heard, in a few lines of "
        "plain text as a member of staff would write it on a phone.",
        "occurred_at": datetime.now(tz=UTC).isoformat(),
        "location": "Town Centre Campus, room T214",
        "immediate_risk": n % 50 == 0,
        "idempotency_key": key,
    }


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    retries: int = 0
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def submit_all(port: int, token: str, total: int, clients: int, run: str) -> tuple[Tally, float]:
    """``total`` POSTs from ``clients`` threads, each with its own connection."""
    numbers = itertools.count()
    tally = Tally()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while (n := next(numbers)) < total:
            key = f"bench-{run}-{n}"
            body = json.dumps(submission(n, key))
            for attempt in (1, 2):
                started = time.perf_counter()
                try:
                    conn.request("POST", "/api/v1/concerns", body, headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                        "Idempotency-Key": key,
                    })  # fmt: skip
                    response = conn.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    with tally.lock:
                        tally.retries += attempt == 1
                        if attempt == 2:
                            tally.failures.append(f"{key}: {exc!r}")
                    continue
                with tally.lock:
                    tally.statuses[response.status] += 1
                    tally.latencies.append(time.perf_counter() - started)
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()  # gunicorn's sync workers close after each response
                break
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.perf_counter() - started


# --- outside: prepare, serve, measure -------------------------------------------------------


def snapshot(commit: str) -> tuple[Path, str]:
    """The committed code of ``commit`` (plus the built assets) in var/bench-concerns-src.

    The checkout is shared with engineers editing it: a half-saved file must not end up in
    the server being measured, and the figures should belong to one commit.
    """
    dest = wp.VAR / "bench-concerns-src"
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    sha = subprocess.run(
        ["git", "rev-parse", "--short", commit], cwd=wp.ROOT, capture_output=True, text=True,
        check=True,
    ).stdout.strip()  # fmt: skip
    archive = subprocess.run(
        ["git", "archive", sha, "src"], cwd=wp.ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    built = wp.ROOT / "src" / "preventhub" / "static" / "build"
    shutil.copytree(built, dest / "src" / "preventhub" / "static" / "build")
    return dest / "src", sha


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    env = wp.bench_env(args.database_url, args.redis_url)
    if args.source:
        # Ahead of the editable install's path entry, so every process runs the snapshot.
        env["PYTHONPATH"] = str(args.source)
    env["STATIC_ROOT"] = str(wp.VAR / "bench-concerns-static")
    # Notification email is queued, not sent, as docs/deploy.md configures a large installation
    # (a worker sends it); Django's dummy task backend stands in for the queue, since there is
    # no mail server or worker here.
    env["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"
    return env


def helper(env: dict[str, str], command: str, stdin: str = "") -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--inside-django", command],
        env=env, cwd=wp.ROOT, capture_output=True, text=True, input=stdin,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"helper {command!r} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def command_output(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [str(wp.BIN / "preventhub"), *args],
        env=env, cwd=wp.ROOT, capture_output=True, text=True, input=stdin, check=True,
    )  # fmt: skip
    return done.stdout


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    wp.ensure_database(args.database_url)
    wp.preventhub(env, "migrate", "--no-input", "-v0")
    wp.preventhub(env, "createcachetable")
    wp.preventhub(env, "collectstatic", "--no-input", "-v0")
    status = helper(env, "status")
    if status["learners"] < wp.LARGE_LEARNERS or status["historical"] < args.historical:
        print(
            f"Seeding the large demo and {args.historical:,} historical concerns "
            f"({status['learners']:,} learners, {status['historical']:,} historical found)...",
            flush=True,
        )
        started = time.perf_counter()
        wp.preventhub(
            env, "seed_demo", "--size", "large", "--allow-production",
            "--historical-concerns", str(args.historical),
        )  # fmt: skip
        print(f"Seeded in {time.perf_counter() - started:.1f} s.", flush=True)
    if not status["intake"]:
        ensure_intake(env)
    wp.vacuum_analyze(args.database_url)


def ensure_intake(env: dict[str, str]) -> None:
    """The provider the write test submits to: a staff member, a dsl and a deputy (notified)."""
    command_output(
        env, "create_provider", INTAKE_SLUG, "--name", "Benchmark Intake College",
        "--type", "general_fe_college",
    )  # fmt: skip
    for username, roles in INTAKE_USERS:
        role_args = [a for role in roles for a in ("--role", role)]
        command_output(
            env, "create_user", username, "--email", f"{username}@bench.example",
            "--provider", INTAKE_SLUG, *role_args, stdin=f"{uuid.uuid4().hex}-Bench-1\n",
        )  # fmt: skip


def wait_for_quiet(poll: float = 15.0) -> None:
    """Never measure while another benchmark runs on these two cores."""
    announced = False
    while True:
        found = subprocess.run(
            ["pgrep", "-af", OTHER_BENCHMARKS], capture_output=True, text=True
        ).stdout.splitlines()
        others = [line for line in found if not line.startswith(f"{os.getpid()} ")]
        if not others:
            return
        if not announced:
            print("waiting: another benchmark is running:", *others, sep="\n  ", flush=True)
            announced = True
        time.sleep(poll)


def read_targets(case_ids: list[str]) -> list[wp.Target]:
    return [
        wp.Target(
            "health", "trivial: /api/v1/health (SELECT 1), anonymous", ("/api/v1/health",), False
        ),
        wp.Target("inbox", "dsl inbox /concerns/ (to triage)", ("/concerns/",), True),
        wp.Target(
            "inbox_all", "inbox, every concern /concerns/?view=all", ("/concerns/?view=all",), True
        ),  # fmt: skip
        wp.Target(
            "case",
            f"case page /concerns/<uuid>/ ({len(case_ids)} cases, audited)",
            tuple(f"/concerns/{pk}/" for pk in case_ids),
            True,
        ),
    ]


def measure_reads(
    port: int, targets: list[wp.Target], cookie: str, args: argparse.Namespace, queries: Any
) -> list[wp.Result]:
    """web_people's interleaved rounds, each run waiting until no other benchmark runs."""
    statuses = {t.key: wp.get(port, t.paths[0], cookie if t.signed_in else "")[0] for t in targets}
    for target in targets:
        wait_for_quiet()
        wp.run_wrk(port, target, cookie, args, args.warmup)
    raws: dict[str, list[Any]] = {t.key: [] for t in targets}
    seconds = max(1, round(args.duration / args.rounds))
    for n in range(args.rounds):
        for target in targets:
            wait_for_quiet()
            print(f"round {n + 1}/{args.rounds}: {target.label}", flush=True)
            raws[target.key].append(wp.run_wrk(port, target, cookie, args, seconds))
    return [wp.aggregate(t, raws[t.key], statuses[t.key], queries) for t in targets]


def print_read_verdict(results: list[wp.Result]) -> None:
    by_key = {r.target.key: r for r in results}
    trivial = by_key["health"]
    print()
    for key in ("inbox", "inbox_all", "case"):
        r = by_key[key]
        ok = r.status == 200 and r.non2xx == 0 and r.p95_ms < TARGET_P95_MS
        print(
            f"{r.target.label}: p95 {r.p95_ms:.1f} ms, target < {TARGET_P95_MS:.0f} ms: "
            f"{wp.verdict(ok)}; throughput {r.rps / trivial.rps:.1%} of the trivial view"
        )


def measure_writes(
    env: dict[str, str], port: int, token: str, args: argparse.Namespace, queries: Any
) -> None:
    before = helper(env, "counts")
    wait_for_quiet()
    run = datetime.now(tz=UTC).strftime("%Y%m%d%H%M%S")
    print(f"POST /api/v1/concerns x {args.submissions:,} from {args.connections} clients...")
    tally, seconds = submit_all(port, token, args.submissions, args.connections, run)
    after = helper(env, "counts")
    new_rows = after["concerns"] - before["concerns"]
    new_audit = after["audit_creates"] - before["audit_creates"]
    created = tally.statuses.get(201, 0)
    cuts = quantiles(tally.latencies, n=100) if len(tally.latencies) > 1 else [0.0] * 99
    post = queries.get("post", {})
    print(f"\n{'POST /api/v1/concerns':<34} {'value':>12}")
    rows = [
        ("requests sent", f"{args.submissions:,}"),
        ("responses by status", dict(sorted(tally.statuses.items()))),
        ("201 responses", f"{created:,}"),
        ("new concern rows", f"{new_rows:,}"),
        ("new audit rows (create, concern)", f"{new_audit:,}"),
        ("retried after a socket error", tally.retries),
        ("failed after a retry", len(tally.failures)),
        ("wall time", f"{seconds:.1f} s"),
        ("throughput", f"{len(tally.latencies) / seconds:.0f} req/s"),
        ("latency p50 / p95 / p99", f"{cuts[49] * 1000:.0f} / {cuts[94] * 1000:.0f} / "
                                     f"{cuts[98] * 1000:.0f} ms"),
        ("median latency", f"{median(tally.latencies or [0]) * 1000:.0f} ms"),
        ("queries per POST (in-process)", post.get("queries", "-")),
        ("one POST alone (in-process)", f"{post.get('ms', '-')} ms"),
    ]  # fmt: skip
    for label, value in rows:
        print(f"{label:<34} {value!s:>12}")
    for failure in tally.failures[:5]:
        print(f"  failed: {failure}")
    equal = created == new_rows == new_audit == args.submissions
    print(
        f"\nlose nothing: 201 responses = new concern rows = new audit rows = requests: "
        f"{wp.verdict(equal)} ({created:,} / {new_rows:,} / {new_audit:,} / "
        f"{args.submissions:,})"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_CONCERNS_DATABASE_URL", DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="'' for the database")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per read target")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per target")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds per target")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--historical", type=int, default=HISTORICAL)
    parser.add_argument("--parts", default="read,write", help="read, write or both")
    parser.add_argument(
        "--commit",
        default="HEAD",
        help="measure this commit's code, exported from git (default HEAD); '' for the "
        "working tree as it is",
    )
    parser.add_argument("--wrk", default="/usr/bin/wrk")
    parser.add_argument("--inside-django", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.inside_django:
        inside_django(args.inside_django)
        return
    if not Path(args.wrk).exists():
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")
    args.source, sha = snapshot(args.commit) if args.commit else (None, "working tree")
    env = bench_env(args)
    prepare(env, args)
    parts = set(args.parts.split(","))
    session = helper(env, "session")
    cookie = f"{wp.COOKIE_NAME}={session['session_key']}"
    targets = read_targets(session["case_ids"]) if "read" in parts else []
    token = ""
    if "write" in parts:
        token = command_output(env, "create_token", INTAKE_USERS[0][0]).strip().splitlines()[-1]
    request = {
        "reads": [
            {
                "key": t.key,
                "path": t.paths[0],
                "cookie": session["session_key"] if t.signed_in else "",
            }
            for t in targets
        ],
        "token": token,
    }
    queries = helper(env, "queries", stdin=json.dumps(request))
    wp.describe_machine(env, args, args.workers)
    print(f"code: {sha}")
    print(
        f"data: {session['concerns']:,} concerns at the demo college (the richest cases have "
        f"{session['richest_entries'][0]}-{session['richest_entries'][1]} chronology entries)"
    )
    load_before = os.getloadavg()
    with wp.gunicorn(env, args.port, args.workers):
        if targets:
            results = measure_reads(args.port, targets, cookie, args, queries)
            wp.print_table(results)
            print_read_verdict(results)
        if token:
            measure_writes(env, args.port, token, args, queries)
    print(
        f"\nload average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
        f"(1 min; the server, PostgreSQL and the clients share the {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
