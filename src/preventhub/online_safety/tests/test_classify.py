"""Classification precision: label boundaries, whole-word keywords only in search terms and
path words, vendor categories, bypass patterns, and filter failures."""

from __future__ import annotations

from typing import Any

import pytest

from preventhub.online_safety.classify import classify, host_annotator
from preventhub.online_safety.compiled_lists import compiled_lists
from preventhub.online_safety.parsers import LogParser
from preventhub.online_safety.parsers.lines import lines_column
from preventhub.online_safety.tests import factories_ingest as f

pytestmark = pytest.mark.django_db


def flags(provider, *lines: str, fmt: str = "squid_native") -> list[Any]:
    lists = compiled_lists(provider.pk)
    parsed = LogParser(fmt).parse(
        lines_column(("\n".join(lines) + "\n").encode()), annotate=host_annotator(lists)
    )
    frame = classify(parsed.good, lists)
    by_url = {row["url"]: row for row in frame.to_dicts()}
    return [by_url.get(_url(line)) for line in lines]


def _url(line: str) -> str:
    return line.split()[6] if line[0].isdigit() else ""


@pytest.fixture
def lists(provider):
    f.standard_lists(provider)
    return provider


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://extreme-example.test/", "extremism"),
        ("http://www.extreme-example.test/a", "extremism"),
        ("http://a.b.extreme-example.test/", "extremism"),
        ("http://EXTREME-EXAMPLE.TEST./x", "extremism"),
        ("extreme-example.test:443", "extremism"),
        ("http://notextreme-example.test/", None),
        ("http://extreme-example.test.evil.example/", None),
        ("http://example.test/extreme-example.test", None),
        ("http://xextreme-example.test/", None),
    ],
)
def test_domains_match_at_label_boundaries_only(lists, url, expected):
    method = "CONNECT" if "://" not in url else "GET"
    (row,) = flags(lists, f.squid(url, method=method, code="TCP_DENIED/403"))
    assert row["category"] == expected


@pytest.mark.parametrize(
    ("url", "term"),
    [
        ("https://www.google.com/search?q=how+to+make+a+bomb&hl=en", "make a bomb"),
        ("https://www.google.co.uk/search?q=how%20to%20MAKE%20A%20BOMB", "make a bomb"),
        ("https://www.youtube.com/results?search_query=gun+review", "gun"),
        ("https://search.yahoo.com/search?p=gun", "gun"),
        ("http://shop.test/videos/gun-cleaning_kit.html", "gun"),
        ("http://shop.test/guides/how%20to%20make%20a%20bomb/", "make a bomb"),
        ("https://www.google.com/search?q=burgundy+dress", None),
        ("https://www.google.com/search?q=begun", None),
        ("http://shop.test/item?colour=gun", None),
        ("http://gunshop.test/", None),
        ("http://shop.test/burgundy/shotgunwedding.html", None),
        ("https://www.google.com/search?q=make+a+bombastic+speech", None),
    ],
)
def test_keywords_are_whole_words_in_search_terms_and_paths_only(lists, url, term):
    (row,) = flags(lists, f.squid(url))
    assert row["matched"] == term
    if term is not None:
        assert row["flag_kind"] == "keyword"


def test_search_terms_are_kept_decoded_on_the_event(lists):
    (row,) = flags(lists, f.squid("https://www.bing.com/search?q=how+to+make+a+bomb"))
    assert row["search_terms"] == "how to make a bomb"
    assert (row["severity"], row["theme"]) == ("critical", "violence")


def test_an_allowed_request_in_a_blocked_category_is_a_critical_filter_failure(lists):
    allowed, blocked = flags(
        lists,
        f.squid("http://extreme-example.test/a", code="TCP_MISS/200"),
        f.squid("http://extreme-example.test/b", code="TCP_DENIED/403"),
    )
    assert (allowed["flag_kind"], allowed["severity"]) == ("filter_failure", "critical")
    assert (blocked["flag_kind"], blocked["severity"]) == ("category", "high")


def test_an_allowed_category_is_flagged_but_is_no_filter_failure(provider):
    f.category(provider, "gambling", "bets.test", severity="low", blocked=False)
    (row,) = flags(provider, f.squid("http://bets.test/", code="TCP_MISS/200"))
    assert (row["flag_kind"], row["severity"]) == ("category", "low")


def test_vendor_categories_map_by_code_or_by_name(lists):
    lines = [
        'date=2026-11-23 time=09:00:00 srcip=10.0.0.1 hostname="a.test" action="blocked" url="/" cat=12 catdesc="Extremist Groups" user="u"',  # noqa: E501  (a log line as it is written)
        'date=2026-11-23 time=09:00:01 srcip=10.0.0.1 hostname="b.test" action="blocked" url="/" cat=99 catdesc="Extremist groups" user="u"',  # noqa: E501  (a log line as it is written)
        'date=2026-11-23 time=09:00:02 srcip=10.0.0.1 hostname="c.test" action="blocked" url="/" categoryname="Weapons" user="u"',  # noqa: E501  (a log line as it is written)
        'date=2026-11-23 time=09:00:03 srcip=10.0.0.1 hostname="d.test" action="blocked" url="/" cat=3 catdesc="News" user="u"',  # noqa: E501  (a log line as it is written)
    ]
    lists_ = compiled_lists(lists.pk)
    parsed = LogParser("fortigate").parse(
        lines_column(("\n".join(lines) + "\n").encode()), annotate=host_annotator(lists_)
    )
    frame = classify(parsed.good, lists_).sort("ts")
    assert frame.get_column("category").to_list() == ["extremism", "extremism", "weapons", None]
    assert frame.get_column("flag_kind").to_list()[:3] == ["vendor_category"] * 3


@pytest.mark.parametrize(
    ("line", "pattern"),
    [
        (f.squid("vpn.test:1194", method="CONNECT"), "connect-odd-port"),
        (f.squid("http://free.test/browse.php?u=aHR0cDovL2V4YW1wbGUudGVzdA"), "web-proxy-query"),
        (f.squid("https://x.test/index.php?q=aHR0cDovL2EudGVzdA"), "web-proxy-query"),
        (f.squid("https://example-test.translate.goog/page"), "translate-proxy"),
        (f.squid("www.example.test:443", method="CONNECT"), None),
        (f.squid("http://shop.test/proxy-chargers.html"), None),
    ],
)
def test_bypass_patterns(lists, line, pattern):
    (row,) = flags(lists, line)
    assert row["matched"] == pattern
    if pattern:
        assert row["flag_kind"] == "bypass"


def test_a_bypass_category_flags_bypass(lists):
    (row,) = flags(
        lists, f.squid("proxy-example.test:443", method="CONNECT", code="TCP_DENIED/403")
    )
    assert (row["flag_kind"], row["category"]) == ("bypass", "proxy-avoidance")
