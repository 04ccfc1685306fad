#!/usr/bin/env python3
"""Web benchmark: the people register against a trivial view, same server, same run.

Run from the repository root with the project's venv:

    .venv/bin/python benchmarks/web_people.py [--duration 30] [--connections 50]

It prepares a PostgreSQL database (migrate, createcachetable, collectstatic, and the large demo
seed if it is not there yet), starts gunicorn on 127.0.0.1:<free port> with the production
settings, signs in the demo ``dsl`` user by writing a session row directly (no login form, no
password hashing in the loop), then drives each target with wrk (HTTP/1.1, a Lua script sends
the session cookie and prints p50/p95/p99 from wrk's latency histogram). Figures are printed as
a table with the ratio of the people list to the trivial view. gunicorn is stopped at the end.

Secrets for the benchmark database (SECRET_KEY, FIELD_ENCRYPTION_KEYS) are generated once and
kept in var/bench-secrets.json, because the seeded support needs are encrypted with that key.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from statistics import median
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ph_bench"
COOKIE_NAME = "__Host-sessionid"  # production.py's SESSION_COOKIE_NAME
PROVIDER_SLUG = "demo-college"
LARGE_LEARNERS = 30_000
TARGET_P95_MS = 150.0
IN_PROCESS_REPEATS = 25
TARGET_SHARE_OF_TRIVIAL = 0.30

LUA = r"""
-- args: cookie ("-" for none), then the paths to rotate over.
local paths, counter, threads = {}, 0, {}
non2xx = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  if args[1] ~= "-" then wrk.headers["Cookie"] = args[1] end
  for i = 2, #args do paths[#paths + 1] = args[i] end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("non2xx") or 0) end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, bad, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    paths: tuple[str, ...]
    signed_in: bool


@dataclass(frozen=True)
class Result:
    target: Target
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int
    requests: int
    queries: int | None
    status: int
    in_process_ms: float | None


# --- inside Django (a subprocess with the same settings and database as the server) ---


def inside_django(command: str, username: str) -> None:
    """Helper mode: runs with DJANGO_SETTINGS_MODULE set; prints one JSON object."""
    import django

    django.setup()
    if command == "status":
        print(json.dumps({"learners": _learner_count()}))
    elif command == "session":
        print(json.dumps(_make_session(username)))
    elif command == "queries":
        print(json.dumps(_count_queries(json.loads(sys.stdin.read()))))


def _learner_count() -> int:
    from preventhub.core.models import Provider
    from preventhub.people.models import Person

    provider = Provider.objects.filter(slug=PROVIDER_SLUG).first()
    if provider is None:
        return 0
    return Person.objects.for_provider(provider).filter(kind="learner").count()


def _make_session(username: str) -> dict[str, Any]:
    """A signed-in session, as django.contrib.auth.login would leave it, plus person ids."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from preventhub.accounts.middleware import AUTH_AT, SEEN_AT
    from preventhub.accounts.models import User
    from preventhub.core.middleware import SESSION_PROVIDER_KEY
    from preventhub.core.models import Provider
    from preventhub.people.models import Person

    user = User.objects.get(username=username)
    provider = Provider.objects.get(slug=PROVIDER_SLUG)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the sign-in backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[AUTH_AT] = session[SEEN_AT] = time.time()
    session[SESSION_PROVIDER_KEY] = provider.pk
    session.create()
    ids = list(
        Person.objects.for_provider(provider).order_by("mis_id").values_list("pk", flat=True)
    )
    # Twenty people spread over the register (staff and learners alike).
    step = max(1, len(ids) // 20)
    return {"session_key": session.session_key, "person_ids": [str(i) for i in ids[::step][:20]]}


class QueryCounter:
    """A database execute wrapper that counts the statements run through it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _count_queries(request: list[dict[str, str]]) -> dict[str, Any]:
    """Per target: status, SQL queries, and the median in-process time of one request.

    The in-process time (Django test client, one request at a time, same settings and database)
    is the cost of a request without queueing: steadier than wrk's figures on a busy machine.
    """
    from statistics import median as mid

    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    out = {}
    for item in request:
        client.cookies.clear()
        if item["cookie"]:
            client.cookies[COOKIE_NAME] = item["cookie"]
        client.get(item["path"])  # warm caches (templates, roles) as a worker would be
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(item["path"])
        times = []
        for _ in range(IN_PROCESS_REPEATS):
            started = time.perf_counter()
            client.get(item["path"])
            times.append(time.perf_counter() - started)
        out[item["key"]] = {
            "status": response.status_code,
            "queries": counter.count,
            "ms": round(mid(times) * 1000, 1),
        }
    return out


# --- outside: prepare, serve, measure ---


def bench_env(database_url: str, redis_url: str = "") -> dict[str, str]:
    env = dict(os.environ)
    env.update(load_secrets())
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "preventhub.config.settings.production",
            "DATABASE_URL": database_url,
            # The deployment guide's configuration at scale: Redis for the cache and sessions.
            "REDIS_URL": redis_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "STATIC_ROOT": str(VAR / "bench-static"),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def load_secrets() -> dict[str, str]:
    """SECRET_KEY (64 random chars) and a Fernet key, made once for the benchmark database."""
    path = VAR / "bench-secrets.json"
    if path.exists():
        return dict(json.loads(path.read_text()))
    from cryptography.fernet import Fernet

    made = {
        "SECRET_KEY": secrets.token_urlsafe(48)[:64],
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    }
    VAR.mkdir(exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(made))
    return made


def ensure_database(database_url: str) -> None:
    """Create the PostgreSQL database if it does not exist (SQLite creates its own file)."""
    parts = urlsplit(database_url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def vacuum_analyze(database_url: str) -> None:
    """What autovacuum would have done by now (it is off on some test servers): statistics for
    the planner and a visibility map for index-only counts."""
    if not urlsplit(database_url).scheme.startswith("postgres"):
        return
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def preventhub(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "preventhub"), *args], env=env, check=True, cwd=ROOT)


def helper(env: dict[str, str], command: str, stdin: str = "", username: str = "dsl") -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--inside-django", command, "--user", username],
        env=env, cwd=ROOT, capture_output=True, text=True, input=stdin,
    )  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"helper {command!r} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(env: dict[str, str], database_url: str) -> None:
    ensure_database(database_url)
    preventhub(env, "migrate", "--no-input", "-v0")
    preventhub(env, "createcachetable")
    preventhub(env, "collectstatic", "--no-input", "-v0")
    learners = helper(env, "status")["learners"]
    if learners < LARGE_LEARNERS:
        print(f"Seeding the large demo ({learners:,} learners found)...", flush=True)
        started = time.perf_counter()
        preventhub(env, "seed_demo", "--size", "large", "--allow-production")
        print(f"Seeded in {time.perf_counter() - started:.1f} s.", flush=True)
    vacuum_analyze(database_url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int) -> Iterator[subprocess.Popen[bytes]]:
    command = [
        str(BIN / "gunicorn"), "preventhub.config.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--error-logfile", str(VAR / "bench-gunicorn.log"), "--log-level", "warning",
    ]  # fmt: skip
    # Its own process group, so the master and its workers are stopped together, by id.
    proc = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    try:
        wait_until_up(port, proc)
        yield proc
    finally:
        stop(proc)


def wait_until_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited ({proc.returncode}); see var/bench-gunicorn.log")
        try:
            if get(port, "/api/v1/health", "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def get(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def run_wrk(
    port: int, target: Target, cookie: str, args: argparse.Namespace, seconds: float
) -> Any:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA)
    try:
        command = [
            args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds:g}s",
            "--timeout", "10s", "-s", script.name, f"http://127.0.0.1:{port}{target.paths[0]}",
            "--", cookie if target.signed_in else "-", *target.paths,
        ]  # fmt: skip
        done = subprocess.run(command, check=True, capture_output=True, text=True)
    finally:
        os.unlink(script.name)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def measure_all(
    port: int, targets: list[Target], cookie: str, args: argparse.Namespace, queries: Any
) -> list[Result]:
    """Warm every target, then run them interleaved in rounds so background drift hits all."""
    cookies = {t.key: cookie if t.signed_in else "" for t in targets}
    statuses = {t.key: get(port, t.paths[0], cookies[t.key])[0] for t in targets}
    for target in targets:
        if args.warmup > 0:
            run_wrk(port, target, cookie, args, args.warmup)
    raws: dict[str, list[Any]] = {t.key: [] for t in targets}
    for n in range(args.rounds):
        for target in targets:
            print(f"round {n + 1}/{args.rounds}: {target.label}", flush=True)
            raws[target.key].append(
                # wrk takes whole seconds only.
                run_wrk(port, target, cookie, args, max(1, round(args.duration / args.rounds)))
            )
    return [aggregate(t, raws[t.key], statuses[t.key], queries) for t in targets]


def aggregate(target: Target, raws: list[Any], status: int, queries: Any) -> Result:
    """Throughput over all rounds; latency percentiles as the median of the rounds' values."""
    seconds = sum(r["duration_us"] for r in raws) / 1e6
    return Result(
        target=target,
        rps=sum(r["requests"] for r in raws) / seconds,
        p50_ms=median(r["p50"] for r in raws) / 1000,
        p95_ms=median(r["p95"] for r in raws) / 1000,
        p99_ms=median(r["p99"] for r in raws) / 1000,
        non2xx=sum(r["non2xx"] for r in raws),
        socket_errors=sum(r["socket_errors"] for r in raws),
        requests=sum(r["requests"] for r in raws),
        queries=queries.get(target.key, {}).get("queries"),
        status=status,
        in_process_ms=queries.get(target.key, {}).get("ms"),
    )


def build_targets(person_ids: list[str], wanted: list[str]) -> list[Target]:
    everything = [
        Target(
            "health", "trivial: /api/v1/health (SELECT 1), anonymous", ("/api/v1/health",), False
        ),
        Target("health_signed_in", "/api/v1/health with the dsl cookie", ("/api/v1/health",), True),
        Target("home", "home page / (signed in)", ("/",), True),
        Target("people", "people list /people/", ("/people/",), True),
        Target(
            "person",
            f"person page /people/<uuid>/ ({len(person_ids)} ids)",
            tuple(f"/people/{pk}/" for pk in person_ids),
            True,
        ),
    ]
    return [t for t in everything if t.key in wanted]


def print_table(results: list[Result]) -> None:
    head = f"{'target':<46} {'status':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(f"\n{head} {'non-2xx':>7} {'sockerr':>7} {'queries':>7} {'1-client ms':>11}")
    for r in results:
        queries = "-" if r.queries is None else str(r.queries)
        alone = "-" if r.in_process_ms is None else f"{r.in_process_ms:.1f}"
        print(
            f"{r.target.label:<46} {r.status:>6} {r.rps:>7.0f} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} "
            f"{r.p99_ms:>8.1f} {r.non2xx:>7} {r.socket_errors:>7} {queries:>7} {alone:>11}"
        )
    print("1-client ms: median time of one request in-process (no queueing), same DB and settings")


def print_verdict(results: list[Result]) -> None:
    by_key = {r.target.key: r for r in results}
    trivial, people = by_key.get("health"), by_key.get("people")
    if trivial is None or people is None:
        print("\n(people list or trivial view not measured: no ratio)")
        return
    share = people.rps / trivial.rps
    if people.in_process_ms and trivial.in_process_ms:
        print(
            f"\none request alone: people list {people.in_process_ms:.1f} ms = "
            f"{people.in_process_ms / trivial.in_process_ms:.0f}x the trivial view"
        )
    ok_status = people.status == 200 and people.non2xx == 0
    print(f"\npeople list throughput = {share:.1%} of the trivial view")
    fast = ok_status and people.p95_ms < TARGET_P95_MS
    print(f"  target p95 < {TARGET_P95_MS:.0f} ms: {verdict(fast)} (p95 {people.p95_ms:.1f} ms)")
    print(
        f"  target >= {TARGET_SHARE_OF_TRIVIAL:.0%} of trivial: "
        f"{verdict(ok_status and share >= TARGET_SHARE_OF_TRIVIAL)}"
    )
    if not ok_status:
        print(
            f"  (the people list answered {people.status} with {people.non2xx} non-2xx: not a pass)"
        )


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def describe_machine(env: dict[str, str], args: argparse.Namespace, workers: int) -> None:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    wrk_version = subprocess.run([args.wrk, "-v"], capture_output=True, text=True).stdout
    print(f"date: {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu})")
    print(
        f"server: gunicorn, {workers} sync workers, production settings, "
        f"DATABASE_URL={redact(env['DATABASE_URL'])}"
    )
    print(
        f"load: {(wrk_version.splitlines() or ['wrk'])[0].strip()}, {args.threads} threads, "
        f"{args.connections} connections, {args.duration:g} s per target "
        f"(+{args.warmup:g} s warm-up), same machine as the server"
    )


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(parts.password, "***")
    return url


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per target")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per target")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="split each target's duration into this many interleaved rounds",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
        help="cache and sessions, as docs/deploy.md recommends at scale ('' for the database)",
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--workers",
        type=int,
        # PostgreSQL, Redis and wrk share these cores, so fewer workers than the usual
        # 2 x cores + 1 win: measured 2/3/4/5 workers on 2 cores, 3 was best for every target.
        default=(os.cpu_count() or 1) + 1,
        help="gunicorn sync workers (default cores + 1)",
    )
    parser.add_argument(
        "--targets",
        default="health,health_signed_in,home,people,person",
        help="comma-separated: health, health_signed_in, home, people, person",
    )
    parser.add_argument("--user", default="dsl", help="demo user whose session is used")
    parser.add_argument("--wrk", default=shutil.which("wrk") or "/usr/bin/wrk")
    parser.add_argument("--inside-django", default="", help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.inside_django:
        inside_django(args.inside_django, args.user)
        return
    if not Path(args.wrk).exists():
        raise SystemExit(
            "wrk is not installed (Debian: apt-get install wrk); this script needs it."
        )
    env = bench_env(args.database_url, args.redis_url)
    prepare(env, args.database_url)
    session = helper(env, "session", username=args.user)
    cookie = f"{COOKIE_NAME}={session['session_key']}"
    targets = build_targets(session["person_ids"], args.targets.split(","))
    request = [
        {"key": t.key, "path": t.paths[0], "cookie": session["session_key"] if t.signed_in else ""}
        for t in targets
    ]
    queries = helper(env, "queries", stdin=json.dumps(request), username=args.user)
    describe_machine(env, args, args.workers)
    load_before = os.getloadavg()
    port = free_port()
    with gunicorn(env, port, args.workers):
        results = measure_all(port, targets, cookie, args, queries)
    print_table(results)
    print(
        f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
        f"(1 min; the server, PostgreSQL and wrk share the {os.cpu_count()} cores)"
    )
    print_verdict(results)


if __name__ == "__main__":
    main()
