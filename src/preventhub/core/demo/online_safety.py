"""Web-filter monitoring in the demo: the neutral example lists, a Squid proxy at the college,
and school days of its logs ingested through the real engine, so the alerts, the daily report
and the drill-down have something to show.

The traffic is made up but shaped like a college's: learners and staff on ordinary sites,
searches on search engines and video sites, about 2% of requests denied, a guest Wi-Fi log-in
or two, and a few stories the monitoring exists for:

- a learner who searches a placeholder extremist phrase several times one afternoon (one
  grouped alert, not five), and visits a listed site the filter blocks;
- a request to a blocked category that the filter let through (a critical filter failure);
- a tunnel to a VPN port and a visit to a listed proxy site (bypass attempts);
- innocent near-misses the classification must not flag ("notextreme-example.test").

``small`` ingests the last five school days (one file); ``large`` a school year of smaller
days, a fortnight per file. Idempotent: once the college has a log source, nothing is added.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from preventhub.core.models import Provider
from preventhub.online_safety.choices import IngestVia, LogFormat, SourceKind
from preventhub.online_safety.examples import install_example_lists
from preventhub.online_safety.ingest import ingest_stream
from preventhub.online_safety.models import LogSource, OnlineSafetySettings

LONDON = ZoneInfo("Europe/London")
SOURCE_NAME = "Town Centre proxy"
SITES = [
    "www.bbc.test", "news.example.test", "www.wikipedia.test", "classroom.example.test",
    "mail.college.test", "vle.college.test", "maths-help.test", "docs.example.test",
    "www.youtube.com", "music.example.test", "sports-scores.test", "recipes.example.test",
    "notextreme-example.test", "extreme-example.test.cdn.example", "library.college.test",
]  # fmt: skip
WORDS = ["revision", "essay", "plan", "photosynthesis", "football", "bus", "times", "weather",
         "history", "tudors", "poem", "algebra", "careers", "apprenticeship", "guitar"]  # fmt: skip
SEARCHES = [
    ("www.google.com", "/search", "q"),
    ("www.bing.com", "/search", "q"),
    ("www.youtube.com", "/results", "search_query"),
]
SIZES = {"small": (5, 1_500, 1), "large": (190, 3_000, 10)}  # school days, lines/day, days/file


def seed_online_safety(
    college: Provider, *, size: str = "small", seed: int = 7, today: date | None = None
) -> int:
    """Lines ingested (0 when the demo already has its log source)."""
    if LogSource.objects.for_provider(college).exists():
        return 0
    install_example_lists(actor=None, provider=college)
    OnlineSafetySettings.objects.get_or_create(provider=college)
    source = LogSource(
        provider=college,
        name=SOURCE_NAME,
        kind=SourceKind.WEB_PROXY,
        format=LogFormat.SQUID_NATIVE,
        guest_patterns=["guest*", "visitor*"],
        identity_mapping={"lowercase": True, "strip_domain": True},
        syslog_hosts=["proxy1.northbridge.test"],
    )
    source.save()
    days, per_day, per_file = SIZES.get(size, SIZES["small"])
    school_days = list(_school_days(today or timezone.localdate(), days))
    rng = random.Random(seed)  # noqa: S311  (made-up traffic, not security)
    total = 0
    for start in range(0, len(school_days), per_file):
        week = school_days[start : start + per_file]
        data = b"".join(_day(rng, day, per_day, story=day == school_days[-1]) for day in week)
        result = ingest_stream(
            actor=None, source=source, stream=io.BytesIO(data),
            file_name=f"access-{week[0]:%Y%m%d}.log", via=IngestVia.COMMAND,
        )  # fmt: skip
        total += result.ingestion.lines
    return total


def _school_days(today: date, count: int) -> Iterator[date]:
    """The last ``count`` weekdays before today, oldest first."""
    found: list[date] = []
    day = today - timedelta(days=1)
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day -= timedelta(days=1)
    return reversed(found)


def _at(day: date, seconds: float) -> float:
    start = datetime.combine(day, time(8, 30), tzinfo=LONDON).timestamp()
    return start + seconds


def _line(at: float, user: str, url: str, *, method: str = "GET", denied: bool = False) -> str:
    code = "TCP_MISS/200" if method != "CONNECT" else "TCP_TUNNEL/200"
    code = "TCP_DENIED/403" if denied else code
    client = f"10.20.{sum(map(ord, user)) % 250}.{len(user) * 7 % 250}"
    return f"{at:.3f} {120:6d} {client} {code} 4123 {method} {url} {user} HIER_DIRECT/- text/html"


def _day(rng: random.Random, day: date, lines: int, story: bool) -> bytes:
    users = [f"NORTHBRIDGE\\student{n:04d}" for n in range(1, 400)] + ["guest-wifi01", "staff0042"]
    out = []
    for i in range(lines):
        at = _at(day, i * (8 * 3600 / lines) + rng.random())
        user = rng.choice(users)
        roll = rng.random()
        if roll < 0.05:
            host, path, param = rng.choice(SEARCHES)
            query = "+".join(rng.sample(WORDS, 2))
            out.append(_line(at, user, f"https://{host}{path}?{param}={query}"))
        elif roll < 0.65:
            out.append(_line(at, user, f"{rng.choice(SITES)}:443", method="CONNECT",
                             denied=rng.random() < 0.02))  # fmt: skip
        else:
            url = f"http://{rng.choice(SITES)}/{rng.choice(WORDS)}/{rng.choice(WORDS)}.html"
            out.append(_line(at, user, url, denied=rng.random() < 0.02))
    out += _stories(day, rng, story)
    return ("\n".join(out) + "\n").encode()


def _stories(day: date, rng: random.Random, full: bool) -> list[str]:
    """The requests the monitoring exists for (all on made-up .test sites and terms)."""
    learner = "NORTHBRIDGE\\student0117"
    lines = [
        _line(_at(day, 3600 * 2 + rng.random()), "NORTHBRIDGE\\student0203",
              "https://www.google.com/search?q=placeholder+weapon+term+review"),
        _line(_at(day, 3600 * 3), "guest-wifi01", "weapons-example.test:443", method="CONNECT",
              denied=True),
    ]  # fmt: skip
    if not full:
        return lines
    afternoon = 3600 * 5.5
    for n, query in enumerate(
        [
            "example+extremist+phrase",
            "example+extremist+phrase+video",
            "what+is+example+extremist+phrase",
            "example+recruitment+phrase",
        ]
    ):
        lines.append(_line(_at(day, afternoon + n * 240), learner,
                           f"https://www.youtube.com/results?search_query={query}"))  # fmt: skip
    lines += [
        _line(_at(day, afternoon + 1200), learner, "http://extreme-example.test/forum",
              denied=True),
        _line(_at(day, afternoon + 1300), learner, "http://graphic-video.test/clip/4521"),
        _line(_at(day, 3600 * 1.5), "NORTHBRIDGE\\student0311", "tunnel-vpn.example.test:1194",
              method="CONNECT"),
        _line(_at(day, 3600 * 1.6), "NORTHBRIDGE\\student0311", "proxy-example.test:443",
              method="CONNECT", denied=True),
    ]  # fmt: skip
    return lines
