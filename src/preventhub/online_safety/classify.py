"""Classifying parsed requests against the provider's lists.

- Category domains: a host matches a listed domain exactly or as a subdomain at a label
  boundary (``www.extreme-example.test`` matches ``extreme-example.test``;
  ``notextreme-example.test`` does not). Done once per distinct host, then joined.
- Vendor categories in the log (FortiGate ``cat``/``catdesc``, Sophos ``categoryname``, Zscaler
  ``urlcat``, E2Guardian's category) map to the provider's categories via
  ``Category.vendor_codes`` ("fortigate:12", "fortigate:extremist groups", "sophos:weapons").
- Keywords: whole words/phrases in search terms and path words (``search_terms.py``); a fast
  multi-pattern scan picks the few candidate URLs, the exact test runs on those only.
- Bypass: categories marked as bypass (VPN, proxy, anonymiser), and ``BYPASS_PATTERNS``.
- An ALLOWED request in a category the provider blocks is a filter failure: always critical.

Each request gets at most one flag: a filter failure first, then the most severe hit.
"""

from __future__ import annotations

from urllib.parse import quote

import polars as pl

from preventhub.online_safety.choices import SEVERITY_RANK, HitKind, Severity
from preventhub.online_safety.compiled_lists import CompiledLists
from preventhub.online_safety.search_terms import (
    SEARCH_HOST_PATTERN,
    KeywordMatcher,
    normalise_text,
    path_words,
    search_terms,
)

RANK_SEVERITY = {rank: str(sev) for sev, rank in SEVERITY_RANK.items()}
# Known ways round a filter, each (name, polars expression over url/host/method/port).
# CONNECT to a port other than HTTPS's tunnels arbitrary traffic (VPNs, SSH, Tor bridges);
# the query patterns are web proxies (Glype "browse.php?u=", PHProxy "index.php?q=aHR0c" — a
# base64 "http" —, CroxyProxy "__cpo=") and Google Translate used as a proxy (translate.goog).
HTTPS_PORTS = [443, 8443]
BYPASS_PATTERNS: dict[str, pl.Expr] = {
    "connect-odd-port": (pl.col("method") == "CONNECT")
    & pl.col("port").is_not_null()
    & ~pl.col("port").is_in(HTTPS_PORTS),
    "web-proxy-query": pl.col("url").str.contains(
        r"(?i)/browse\.php\?u=|/index\.php\?q=ahr0c|[?&]__cpo=|/proxy(?:\.php)?\?url=https?"
    ),
    "translate-proxy": pl.col("host").str.ends_with(".translate.goog"),
    "tor-onion": pl.col("host").str.ends_with(".onion"),
}
BYPASS_SEVERITY = Severity.MEDIUM


def classify(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    """Adds category, flag_kind, theme, severity, matched and search_terms (null unless
    flagged)."""
    hosts = _host_table(frame, lists)
    frame = frame.join(hosts, on="host", how="left")
    frame = _vendor_categories(frame, lists)
    frame = frame.join(lists.category_table(), on="category", how="left")
    frame = _keywords(frame, lists)
    frame = frame.with_columns(_bypass_pattern().alias("bypass_pattern"))
    return _decide(frame)


def _host_table(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    """Per distinct host: its category by domain (most severe, then most specific match),
    the listed domain that matched, and whether it is a search or video site."""
    hosts = frame.select(pl.col("host").unique())
    labels = hosts.with_columns(
        pl.col("host").str.split(".").alias("labels"),
        pl.col("host").str.count_matches(".", literal=True).alias("dots"),
    )
    suffixes = (
        labels.with_columns(pl.int_ranges(0, pl.col("dots") + 1).alias("depth"))
        .explode("depth")
        .select(
            "host",
            "depth",
            pl.col("labels").list.slice(pl.col("depth")).list.join(".").alias("domain"),
        )
    )
    hits = suffixes.join(lists.domains, on="domain", how="inner")
    ranks = lists.category_table().select("category", "cat_rank")
    best = (
        hits.join(ranks, on="category", how="left")
        .sort(["host", "cat_rank", "depth"], descending=[False, True, False])
        .unique(subset="host", keep="first")
        .select("host", pl.col("category").alias("domain_category"), "domain")
    )
    return hosts.join(best, on="host", how="left").with_columns(
        pl.col("host").str.contains(SEARCH_HOST_PATTERN).alias("is_search")
    )


def _vendor_categories(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    """The provider's category for the filter's own category, by code or by name."""
    vendor = pl.lit(None, dtype=pl.String)
    if lists.vendor_codes:
        codes = lists.vendor_codes
        prefix = pl.col("vendor_category").str.split(":").list.first()
        by_code = (
            pl.col("vendor_category")
            .str.to_lowercase()
            .replace_strict(codes, default=None, return_dtype=pl.String)
        )
        by_name = (prefix + ":" + pl.col("vendor_label").str.to_lowercase()).replace_strict(
            codes, default=None, return_dtype=pl.String
        )
        vendor = pl.coalesce(by_code, by_name)
    return frame.with_columns(
        vendor.alias("vendor_key"),
        pl.coalesce(pl.col("domain_category"), vendor).alias("category"),
    )


def _prefilter_patterns(lists: CompiledLists) -> list[str]:
    """The longest word of each keyword, raw and percent-encoded: a URL without any of them
    cannot match, so only the rest need the exact (Python) test."""
    patterns: set[str] = set()
    for keyword in lists.keywords:
        words = normalise_text(keyword.term).split()
        if words:
            word = max(words, key=len)
            patterns |= {word, quote(word), quote(word).lower()}
    return sorted(patterns)


def _keywords(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    empty = [pl.lit(None, dtype=pl.String).alias(c) for c in ("kw_term", "kw_theme", "terms")]
    patterns = _prefilter_patterns(lists)
    frame = frame.with_row_index("_row")
    if not patterns:
        return frame.with_columns(*empty, pl.lit(None, dtype=pl.Int8).alias("kw_rank"))
    candidates = frame.filter(
        pl.col("url").str.contains_any(patterns, ascii_case_insensitive=True)
    ).select("_row", "url", "is_search")
    matcher = KeywordMatcher([k.term for k in lists.keywords])
    by_term = {normalise_text(k.term): k for k in lists.keywords}
    rows: list[tuple[int, str, str, int, str]] = []
    for row, url, is_search in candidates.iter_rows():
        terms = search_terms(url) if is_search else ""
        term = matcher.first(([terms] if terms else []) + path_words(url))
        if term is not None and term in by_term:
            info = by_term[term]
            rank = SEVERITY_RANK[Severity(info.severity)]
            rows.append((row, term, info.theme, rank, terms))
    found = pl.DataFrame(
        rows,
        schema={
            "_row": pl.UInt32,
            "kw_term": pl.String,
            "kw_theme": pl.String,
            "kw_rank": pl.Int8,
            "terms": pl.String,
        },
        orient="row",
    )
    return frame.join(found, on="_row", how="left")


def _bypass_pattern() -> pl.Expr:
    expr = pl.lit(None, dtype=pl.String)
    for name, test in reversed(BYPASS_PATTERNS.items()):
        expr = pl.when(test).then(pl.lit(name)).otherwise(expr)
    return expr


def _decide(frame: pl.DataFrame) -> pl.DataFrame:
    has_cat = pl.col("category").is_not_null()
    cat_rank = pl.col("cat_rank").fill_null(0)
    kw_rank = pl.col("kw_rank").fill_null(0)
    failure = has_cat & pl.col("cat_blocked").fill_null(False) & (pl.col("action") == "allowed")
    cat_wins = has_cat & (cat_rank >= kw_rank)
    cat_kind = (
        pl.when(pl.col("cat_bypass").fill_null(False))
        .then(pl.lit(HitKind.BYPASS.value))
        .when(pl.col("domain_category").is_not_null())
        .then(pl.lit(HitKind.CATEGORY.value))
        .otherwise(pl.lit(HitKind.VENDOR_CATEGORY.value))
    )
    matched_cat = pl.coalesce(pl.col("domain"), pl.col("vendor_category"))
    pattern = pl.col("bypass_pattern").is_not_null()
    choose = (
        pl.when(failure)
        .then(pl.struct(kind=pl.lit(HitKind.FILTER_FAILURE.value), theme="category",
                        rank=pl.lit(4, pl.Int8), matched=matched_cat))
        .when(cat_wins)
        .then(pl.struct(kind=cat_kind, theme="category", rank=cat_rank.cast(pl.Int8),
                        matched=matched_cat))
        .when(kw_rank > 0)
        .then(pl.struct(kind=pl.lit(HitKind.KEYWORD.value), theme="kw_theme",
                        rank=kw_rank.cast(pl.Int8), matched="kw_term"))
        .when(pattern)
        .then(pl.struct(kind=pl.lit(HitKind.BYPASS.value), theme=pl.lit("bypass"),
                        rank=pl.lit(SEVERITY_RANK[BYPASS_SEVERITY], pl.Int8),
                        matched="bypass_pattern"))
    )  # fmt: skip
    frame = frame.with_columns(choose.alias("_flag")).unnest("_flag")
    return frame.select(
        pl.exclude(
            "_row", "kind", "theme", "rank", "matched", "domain", "domain_category", "vendor_key",
            "cat_rank", "cat_blocked", "cat_bypass", "kw_term", "kw_theme", "kw_rank",
            "bypass_pattern", "is_search",
        ),
        pl.col("kind").alias("flag_kind"),
        pl.col("theme"),
        pl.col("rank").replace_strict(RANK_SEVERITY, default=None, return_dtype=pl.String)
        .alias("severity"),
        pl.col("matched"),
        pl.col("terms").alias("search_terms"),
    )  # fmt: skip
