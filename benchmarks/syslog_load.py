#!/usr/bin/env python3
"""Live syslog load: does ``preventhub syslog_listen`` keep up with a busy filter?

    .venv/bin/python benchmarks/syslog_load.py [--rate 20000] [--seconds 10] [--tcp]

Starts the listener (a separate process, as in production) on a benchmark database, sends
``rate`` RFC 3164 messages a second for ``seconds`` from a local sender (UDP by default, one
TCP connection with octet counting with ``--tcp``), each a distinct Squid line, then stops the
listener (which flushes what it holds) and prints messages sent, received and stored (lines in
committed ingestions), the loss, and the time from the last message sent to it being stored.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T0 = 1795424400.0


def message(i: int) -> bytes:
    client = f"10.2.{i % 250}.{i // 250 % 250}"
    url = f"http://www.site{i % 5000}.test/page/{i}"
    line = f"{T0 + i / 1000:.3f}    120 {client} TCP_MISS/200 512 GET {url} s{i % 20000:05d} - -"
    return b"<134>Nov 23 09:00:00 proxy1 squid[42]: " + line.encode()


def send(port: int, rate: int, seconds: float, tcp: bool) -> tuple[int, float]:
    total = int(rate * seconds)
    sock = socket.create_connection(("127.0.0.1", port)) if tcp else socket.socket(
        socket.AF_INET, socket.SOCK_DGRAM
    )  # fmt: skip
    started = time.perf_counter()
    sent = 0
    while sent < total:
        due = int((time.perf_counter() - started) * rate) + 1  # pace to the rate, in bursts
        burst = min(due, total) - sent
        if burst <= 0:
            time.sleep(0.0005)
            continue
        if tcp:
            frames = b"".join(
                f"{len(m)} ".encode() + m for m in (message(sent + k) for k in range(burst))
            )
            sock.sendall(frames)
        else:
            for k in range(burst):
                sock.sendto(message(sent + k), ("127.0.0.1", port))
        sent += burst
    elapsed = time.perf_counter() - started
    sock.close()
    return sent, elapsed


def child(action: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from preventhub.core.models import Provider
    from preventhub.online_safety.models import Ingestion, LogSource

    if action == "prepare":
        call_command("migrate", verbosity=0)
        provider, _ = Provider.objects.get_or_create(
            slug="bench-syslog", defaults={"name": "Syslog bench", "type": "general_fe_college"}
        )
        LogSource.unscoped.get_or_create(
            provider=provider, name="Proxy 1",
            defaults={"kind": "web_proxy", "format": "squid_native",
                      "syslog_hosts": ["proxy1", "127.0.0.1"]},
        )  # fmt: skip
        print(json.dumps({"since": time.time()}))
        return
    since = float(os.environ["BENCH_SINCE"])
    rows = Ingestion.unscoped.filter(
        provider__slug="bench-syslog", via="syslog", started_at__gte=_aware(since)
    )
    stored = sum(r.parsed for r in rows)
    rejected = sum(r.rejected for r in rows)
    last = max((r.finished_at for r in rows if r.finished_at), default=None)
    print(json.dumps({"stored": stored, "rejected": rejected, "batches": rows.count(),
                      "last_stored": last.timestamp() if last else None}))  # fmt: skip


def _aware(ts: float):  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ts, tz=UTC)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=5515)
    parser.add_argument("--tcp", action="store_true")
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench-syslog"))
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "preventhub.config.settings.local",
           "PREVENTHUB_VAR_DIR": str(workdir / "var"),
           "PREVENTHUB_WEBLOG_STORE_DIR": str(workdir / "store"),
           "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}"}  # fmt: skip
    me = [sys.executable, __file__]
    prepared = subprocess.run([*me, "--child", "prepare"], env=env, capture_output=True,
                              text=True, check=True)  # fmt: skip
    env["BENCH_SINCE"] = str(json.loads(prepared.stdout.strip().splitlines()[-1])["since"])
    listen_for = args.seconds + 8
    listener = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "preventhub"), "syslog_listen", "--host", "127.0.0.1",
         "--port", str(args.port), "--seconds", str(listen_for)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert listener.stdout is not None
    banner = listener.stdout.readline()  # "Listening for syslog on ..." once the sockets are open
    if "Listening" not in banner:
        raise SystemExit(f"The listener did not start: {banner}{listener.stdout.read()}")
    load = os.getloadavg()[0]
    sent, elapsed = send(args.port, args.rate, args.seconds, args.tcp)
    last_sent = time.time()
    out, _ = listener.communicate(timeout=listen_for + 120)
    result = json.loads(
        subprocess.run([*me, "--child", "count"], env=env, capture_output=True, text=True,
                       check=True).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    lost = sent - result["stored"] - result["rejected"]
    lag = (result["last_stored"] - last_sent) if result["last_stored"] else float("nan")
    print(out.strip().splitlines()[-1])
    print(
        f"{'UDP' if not args.tcp else 'TCP'}: sent {sent:,} in {elapsed:.1f} s "
        f"({sent / elapsed:,.0f}/s); stored {result['stored']:,} in {result['batches']} "
        f"batches; rejected {result['rejected']}; lost {lost:,} ({lost / max(sent, 1):.2%}); "
        f"last batch stored {lag:.1f} s after the last message; load average {load:.2f}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
