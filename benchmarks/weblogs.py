#!/usr/bin/env python3
"""Web-filter log ingestion benchmark: a big college's day of Squid native logs, end to end.

    .venv/bin/python benchmarks/weblogs.py [--lines 5000000] [--list-domains 1000000]
        [--database-url sqlite:///var/bench-weblogs/bench.sqlite3 | postgres://...]
        [--skip-goaccess] [--workdir var/bench-weblogs]

1. Generates (once per size, cached in the workdir) a realistic Squid native access.log:
   ~20,000 identities, ~200,000 domains with Zipf popularity, ~60% CONNECT (HTTPS), 2% denied,
   a sprinkling of category-list hits (with decoys that share a name but not a label boundary:
   ``notlisted12.test``, ``listed12.test-cdn.example``), search-engine and video-site searches
   and URL paths with keywords (with decoys: "burgundy" for "gun", a keyword in a shop's query
   string or in a host name), ~0.02% malformed lines. The generator records the lines that are
   true category or keyword hits (the ground truth).
2. Loads a category list of ``--list-domains`` domains (six categories) and ten keywords into
   the benchmark database (once).
3. Times, on the same file: ``wc -l`` (the floor), ``grep -F -c -f keywords.txt`` and GoAccess
   (the command in ../shared/BENCHMARKS.md), then our end-to-end ingestion (parse, classify,
   group alerts, persist events, Parquet parts and daily counts) in a fresh process, printing
   lines/s, peak RSS, and the precision and recall of what was flagged against the truth.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
T0 = 1795420800.0  # 2026-11-23 08:00 UTC, a Monday
KEYWORDS = {  # neutral example terms: severity, theme
    "gun": ("medium", "weapons"),
    "rifle": ("medium", "weapons"),
    "ammunition": ("medium", "weapons"),
    "explosive": ("high", "violence"),
    "bomb making": ("critical", "violence"),
    "beheading video": ("critical", "violence"),
    "massacre": ("high", "violence"),
    "manifesto": ("high", "extremism"),
    "extremist forum": ("high", "extremism"),
    "knife": ("medium", "weapons"),
}
# Words that contain a keyword but are not it: what raw substring matching wrongly flags.
DECOYS = ["burgundy", "begun", "shotgunwedding", "rifleman", "knifepoint", "massacred",
          "explosives-free", "manifestos", "gunnar", "gundam", "ammunitions"]  # fmt: skip
CATEGORIES = {  # key: (severity, blocked, is_bypass)
    "extremism": ("high", True, False),
    "violence": ("high", True, False),
    "weapons": ("medium", True, False),
    "hate": ("high", True, False),
    "proxy-avoidance": ("medium", True, True),
    "gambling": ("low", False, False),
}
SEARCH_HOSTS = [("www.google.com", "/search", "q"), ("www.google.co.uk", "/search", "q"),
                ("www.bing.com", "/search", "q"), ("www.youtube.com", "/results", "search_query"),
                ("duckduckgo.com", "/", "q"), ("search.yahoo.com", "/search", "p")]  # fmt: skip


def syllable_words(n: int, rng: random.Random) -> list[str]:
    sy = ["ka", "lo", "mi", "ten", "sor", "ap", "ple", "ri", "don", "vel", "tra", "nu", "esk",
          "bar", "lin", "o", "qua", "zen", "dri", "mo"]  # fmt: skip
    words: set[str] = set()
    while len(words) < n:
        words.add("".join(rng.choice(sy) for _ in range(rng.randint(2, 4))))
    bad = {w for w in words if any(k in w for k in ("gun", "rifle", "knife", "bomb"))}
    return sorted(words - bad)


def generate(workdir: Path, lines: int, list_domains: int, seed: int = 7) -> None:
    import polars as pl
    import polars_hash  # noqa: F401

    rng = random.Random(seed)
    workdir.mkdir(parents=True, exist_ok=True)
    vocab = syllable_words(3000, rng)
    per_cat = list_domains // len(CATEGORIES)
    cats = list(CATEGORIES)
    # The category list: listed<i>.test, i spread over the categories.
    listed = pl.DataFrame(
        {"domain": [f"listed{i}.test" for i in range(per_cat * len(cats))],
         "category": [cats[i // per_cat] for i in range(per_cat * len(cats))]}
    )  # fmt: skip
    listed.write_parquet(workdir / "list.parquet")
    # Traffic domains by popularity rank: mostly ordinary sites; ~0.2% are listed domains or
    # their subdomains (true hits); ~0.2% are decoys (no label boundary); none otherwise.
    n_domains = 200_000
    hosts: list[str] = []
    truth_host: list[bool] = []
    for rank in range(n_domains):
        roll = rng.random()
        if rank > 50 and roll < 0.002:
            base = f"listed{rng.randrange(per_cat * len(cats))}.test"
            hosts.append(rng.choice([base, f"www.{base}", f"cdn{rank}.{base}"]))
            truth_host.append(True)
        elif rank > 50 and roll < 0.004:
            base = f"listed{rng.randrange(per_cat * len(cats))}.test"
            hosts.append(rng.choice([f"not{base}", f"{base}-cdn.example", f"x{base}"]))
            truth_host.append(False)
        else:
            hosts.append(f"www.site{rank}.{rng.choice(['test', 'example', 'invalid'])}")
            truth_host.append(False)
    weights = [1.0 / (r + 1) ** 1.05 for r in range(n_domains)]
    picks = rng.choices(range(n_domains), cum_weights=_cumulate(weights), k=lines)
    users = [f"s{u:05d}" for u in range(19_800)] + [f"guest{g:03d}" for g in range(200)]
    user_picks = rng.choices(range(len(users)), k=lines)
    rows_url: list[str] = []
    rows_method: list[str] = []
    rows_truth: list[bool] = []
    rows_code: list[str] = []
    kws = list(KEYWORDS)
    for i in range(lines):
        host = hosts[picks[i]]
        hit = truth_host[picks[i]]
        roll = rng.random()
        if roll < 0.0006:  # a search on a search engine or video site
            shost, path, param = rng.choice(SEARCH_HOSTS)
            words = rng.sample(vocab, rng.randint(1, 4))
            kind = rng.random()
            if kind < 0.5:
                words.insert(rng.randrange(len(words) + 1), rng.choice(kws))
                hit = True
            elif kind < 0.8:
                words.insert(rng.randrange(len(words) + 1), rng.choice(DECOYS))
            query = "+".join(w.replace(" ", "+") for w in words)
            rows_url.append(f"https://{shost}{path}?{param}={query}&hl=en-GB")
            rows_method.append("GET")
            host_hit = False
        elif roll < 0.0009:  # a keyword in a path (true) or only in a shop's query (decoy)
            kw = rng.choice(kws).replace(" ", "-")
            if rng.random() < 0.5:
                rows_url.append(f"http://{host}/articles/{kw}-{rng.choice(vocab)}.html")
                hit = True
            else:
                rows_url.append(
                    f"http://{host}/item/{rng.choice(vocab)}?colour={kw}&ref={rng.choice(DECOYS)}"
                )
            rows_method.append("GET")
            host_hit = truth_host[picks[i]]
        elif roll < 0.6:
            rows_url.append(f"{host}:443")
            rows_method.append("CONNECT")
            host_hit = hit
        else:
            rows_url.append(
                f"http://{host}/{rng.choice(vocab)}/{rng.choice(vocab)}-{_word(rng, vocab)}.html"
            )
            rows_method.append("GET")
            host_hit = hit
        rows_truth.append(hit)
        denied = (host_hit and rng.random() < 0.97) or rng.random() < 0.02
        rows_code.append(
            "TCP_DENIED/403"
            if denied
            else rng.choice(["TCP_MISS/200", "TCP_TUNNEL/200", "TCP_HIT/200"])
        )
    step = 28_800 / lines
    frame = pl.DataFrame(
        {
            "ts": [f"{T0 + i * step:.3f}" for i in range(lines)],
            "elapsed": [f"{rng.randint(1, 60000):6d}" for _ in range(lines)],
            "ip": [f"10.{(u >> 8) & 255}.{u & 255}.{(u * 7) & 255}" for u in user_picks],
            "code": rows_code,
            "bytes": [str(rng.randint(200, 90000)) for _ in range(lines)],
            "method": rows_method,
            "url": rows_url,
            "user": [users[u] for u in user_picks],
            "truth": rows_truth,
        }
    )
    frame = frame.with_columns(
        pl.concat_str(
            ["ts", "elapsed", "ip", "code", "bytes", "method", "url", "user"], separator=" "
        ).alias("line")
        + " HIER_DIRECT/- text/html"
    )
    # ~0.02% malformed: cut short, bad timestamps, binary noise.
    bad = rng.sample(range(lines), max(lines // 5000, 1))
    broken = frame.get_column("line").to_list()
    truth = frame.get_column("truth").to_list()
    for j, i in enumerate(bad):
        broken[i] = [broken[i][:25], "notatime " + broken[i][15:], "\x01\x02 binary"][j % 3]
        truth[i] = False
    frame = pl.DataFrame({"line": broken, "truth": truth})
    with (workdir / "access.log").open("w", encoding="utf-8") as out:
        out.write("\n".join(broken) + "\n")
    keys = frame.filter(pl.col("truth")).select(
        pl.col("line").nchash.xxh3_64().alias("line_key")  # type: ignore[attr-defined]
    )
    keys.write_parquet(workdir / "truth.parquet")
    (workdir / "keywords.txt").write_text("\n".join(KEYWORDS) + "\n")
    meta = {"lines": lines, "list_domains": list_domains, "truth": keys.height, "seed": seed}
    (workdir / "meta.json").write_text(json.dumps(meta))


def _word(rng: random.Random, vocab: list[str]) -> str:
    """A path word: now and then a decoy that contains a keyword without being it."""
    return rng.choice(DECOYS) if rng.random() < 0.01 else rng.choice(vocab)


def _cumulate(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def timed(cmd: list[str] | str, shell: bool = False, timeout: float = 900) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, shell=shell, capture_output=True, text=True, timeout=timeout,
                          check=False)  # fmt: skip
    return time.perf_counter() - start, (done.stdout or done.stderr).strip()[-200:]


def peers(workdir: Path, skip_goaccess: bool) -> dict[str, Any]:
    log = str(workdir / "access.log")
    results: dict[str, Any] = {}
    timed(["cat", log])  # into the page cache
    results["wc -l"] = timed(["wc", "-l", log])
    results["grep -F -c -f keywords.txt"] = timed(
        ["grep", "-F", "-c", "-f", str(workdir / "keywords.txt"), log]
    )
    if not skip_goaccess and shutil.which("goaccess"):
        fmt = "%x.%^ %~%L %h %^/%s %b %m %U"
        cmd = (f"goaccess {log} --log-format='{fmt}' --date-format=%s "
               f"--time-format=%s -o {workdir / 'report.html'}")  # fmt: skip
        # A shell for GoAccess's quoted format string; every part is ours, none is input.
        results["goaccess (HTML report)"] = timed(cmd, shell=True)  # noqa: S604
        results["goaccess (HTML report)"] = (
            results["goaccess (HTML report)"][0],
            str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
        )
    return results


def ingest_child(workdir: Path) -> None:
    """In a fresh process: set up the database and lists (untimed), then time the ingestion."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import polars as pl

    from preventhub.online_safety import compiled_lists
    from preventhub.online_safety.choices import IngestVia
    from preventhub.online_safety.ingest import TIMINGS, ingest_path
    from preventhub.online_safety.models import FlaggedEvent

    provider, source = _prepare(workdir)
    started = time.perf_counter()
    compiled_lists.compiled_lists(provider.pk)
    compile_s = time.perf_counter() - started
    started = time.perf_counter()
    result = ingest_path(
        actor=None, source=source, path=workdir / "access.log", via=IngestVia.COMMAND
    )
    seconds = time.perf_counter() - started
    flagged = {
        int(k)
        for k in FlaggedEvent.objects.filter(source=source).values_list("line_key", flat=True)
    }
    truth = set(pl.read_parquet(workdir / "truth.parquet").get_column("line_key").to_list())
    true_pos = len(flagged & truth)
    data = result.as_dict()
    print(json.dumps({
        "seconds": seconds, "compile_lists_seconds": compile_s,
        "lines": data["lines"], "parsed": data["parsed"], "rejected": data["rejected"],
        "rejects": data["rejects_by_reason"], "flagged": len(flagged), "alerts": data["alerts"],
        "truth": len(truth), "true_positives": true_pos,
        "precision": true_pos / len(flagged) if flagged else 0.0,
        "recall": true_pos / len(truth) if truth else 0.0,
        "stages": {k: round(v, 2) for k, v in TIMINGS.items()},
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))  # fmt: skip


def _prepare(workdir: Path) -> Any:
    """The benchmark provider, its source and lists; the previous run's results removed."""
    from django.db import connection

    from preventhub.core.models import Provider
    from preventhub.online_safety import store
    from preventhub.online_safety.models import (
        Alert,
        Category,
        CategoryDomain,
        DailyCount,
        FlaggedEvent,
        Identity,
        Ingestion,
        Keyword,
        LogSource,
    )  # fmt: skip

    provider, _ = Provider.objects.get_or_create(
        slug="bench-college", defaults={"name": "Benchmark College", "type": "general_fe_college"}
    )
    FlaggedEvent.objects.filter(provider=provider).delete()
    Alert.unscoped.filter(provider=provider).delete()
    Ingestion.unscoped.filter(provider=provider).delete()
    Identity.unscoped.filter(provider=provider).delete()
    DailyCount.objects.filter(provider=provider).delete()
    shutil.rmtree(store.store_root() / f"provider={provider.pk}", ignore_errors=True)
    source, _ = LogSource.unscoped.get_or_create(
        provider=provider, name="Bench proxy",
        defaults={"kind": "web_proxy", "format": "squid_native", "guest_patterns": ["guest*"]},
    )  # fmt: skip
    import polars as pl

    listed = pl.read_parquet(workdir / "list.parquet")
    if CategoryDomain.objects.filter(provider=provider).count() != listed.height:
        CategoryDomain.objects.filter(provider=provider).delete()
        ids = {}
        for key, (severity, blocked, bypass) in CATEGORIES.items():
            cat, _ = Category.unscoped.update_or_create(
                provider=provider, key=key,
                defaults={"name": key.title(), "severity": severity, "blocked": blocked,
                          "is_bypass": bypass},
            )  # fmt: skip
            ids[key] = cat.pk
        table = CategoryDomain._meta.db_table
        insert = (
            f"INSERT INTO {table} (domain, category_id, provider_id, source)"  # noqa: S608
            " VALUES (%s, %s, %s, %s)"
        )

        def db_id(c: str) -> str:
            return ids[c].hex if connection.vendor == "sqlite" else str(ids[c])

        rows = ((d, db_id(c), provider.pk, "bench") for d, c in listed.iter_rows())
        with connection.cursor() as cursor:
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(insert, batch)
                    batch = []
            if batch:
                cursor.executemany(insert, batch)
    for term, (severity, theme) in KEYWORDS.items():
        Keyword.unscoped.update_or_create(
            provider=provider, term=term, defaults={"severity": severity, "theme": theme}
        )
    return provider, source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=5_000_000)
    parser.add_argument("--list-domains", type=int, default=1_000_000)
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench-weblogs"))
    parser.add_argument("--database-url", default="")
    parser.add_argument("--skip-goaccess", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = Path(args.workdir) / f"{args.lines}-{args.list_domains}"
    if args.child:
        ingest_child(workdir)
        return
    meta = workdir / "meta.json"
    if not meta.exists():
        print(
            f"Generating {args.lines:,} lines and a {args.list_domains:,}-domain list ...",
            flush=True,
        )
        started = time.perf_counter()
        generate(workdir, args.lines, args.list_domains)
        print(f"  generated in {time.perf_counter() - started:.1f} s", flush=True)
    info = json.loads(meta.read_text())
    size_mb = (workdir / "access.log").stat().st_size / 1e6
    print(f"File: {workdir / 'access.log'} ({info['lines']:,} lines, {size_mb:.0f} MB); "
          f"{info['truth']:,} true category/keyword hits; load average "
          f"{os.getloadavg()[0]:.2f} before", flush=True)  # fmt: skip
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "preventhub.config.settings.local",
           "PREVENTHUB_VAR_DIR": str(workdir / "var"),
           "PREVENTHUB_WEBLOG_STORE_DIR": str(workdir / "store"),
           "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
    }  # fmt: skip
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--child", "--lines", str(args.lines), "--list-domains",
         str(args.list_domains), "--workdir", args.workdir],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if child.returncode:
        print(child.stdout[-3000:], child.stderr[-3000:])
        raise SystemExit("The ingestion run failed.")
    ours = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"  (setup and ingestion process took {time.perf_counter() - started:.1f} s)")
    results = peers(workdir, args.skip_goaccess)
    lines = info["lines"]
    print(f"\n{'command':<34} {'wall s':>8} {'lines/s':>12} {'vs ours':>8}")
    for name, (seconds, _out) in results.items():
        print(
            f"{name:<34} {seconds:8.2f} {lines / seconds:12,.0f} {ours['seconds'] / seconds:7.2f}x"
        )
    print(f"{'PreventHub ingestion (end to end)':<34} {ours['seconds']:8.2f} "
          f"{lines / ours['seconds']:12,.0f} {1:7.2f}x")  # fmt: skip
    if "goaccess (HTML report)" in results:
        print(f"GoAccess peak RSS: {int(results['goaccess (HTML report)'][1]) / 1024:.0f} MB")
    print(
        f"\nOurs: {ours['lines']:,} lines, {ours['parsed']:,} parsed, "
        f"{ours['rejected']:,} rejected {ours['rejects']}, {ours['flagged']:,} flagged, "
        f"{ours['alerts']:,} new alerts; "
        f"peak RSS {ours['peak_rss_mb']:.0f} MB; compiling the lists from the database "
        f"(first run after a list change only) {ours['compile_lists_seconds']:.1f} s"
    )
    print("Where the time went (s): " + ", ".join(f"{k} {v}" for k, v in ours["stages"].items()))
    print(
        f"Precision {ours['precision']:.4f}, recall {ours['recall']:.4f} "
        f"({ours['true_positives']:,} of {ours['truth']:,} true hits flagged)"
    )
    print(f"Load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
