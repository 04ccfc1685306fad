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

from collections.abc import Callable
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
HTTPS_PORTS = [443, 8443]
# Known ways round a filter (documented in docs/online-safety-ingestion.md). CONNECT to a port
# other than HTTPS's tunnels arbitrary traffic (VPNs, SSH, Tor bridges); the query patterns are
# web proxies (Glype "browse.php?u=", PHProxy "index.php?q=aHR0c" — base64 for "http" —,
# CroxyProxy "__cpo=", "proxy.php?url=http") and the hosts are Google Translate used as a proxy
# (*.translate.goog) and Tor (*.onion).
PROXY_QUERY_HINTS = ["browse.php", "index.php?q=ahr0c", "__cpo=", "proxy"]
PROXY_QUERY = r"(?i)/browse\.php\?u=|/index\.php\?q=ahr0c|[?&]__cpo=|/proxy(?:\.php)?\?url=https?"
BYPASS_HOST_SUFFIXES = {".translate.goog": "translate-proxy", ".onion": "tor-onion"}
BYPASS_SEVERITY = Severity.MEDIUM
FLAG_COLUMNS = ["category", "flag_kind", "theme", "severity", "matched", "search_terms"]


def host_annotator(lists: CompiledLists) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """Per distinct host (see ``parsers.hosts.host_table``): the listed domain it falls under
    (the most severe category, then the most specific match), whether it is a search or video
    site, and whether the host itself is a bypass (Tor, translation proxy)."""

    def annotate(hosts: pl.DataFrame) -> pl.DataFrame:
        valid = hosts.filter(pl.col("host").is_not_null()).select(pl.col("host").unique())
        labels = valid.with_columns(
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
        best = (
            hits.join(lists.category_table(), on="category", how="left")
            .sort(["host", "cat_rank", "depth"], descending=[False, True, False])
            .unique(subset="host", keep="first")
            .select("host", pl.col("category").cast(pl.String).alias("h_category"),
                    pl.col("domain").cast(pl.String).alias("h_domain"))
        )  # fmt: skip
        bypass = pl.lit(None, dtype=pl.String)
        for suffix, name in BYPASS_HOST_SUFFIXES.items():
            bypass = (
                pl.when(pl.col("host").str.ends_with(suffix)).then(pl.lit(name)).otherwise(bypass)
            )
        return hosts.join(best, on="host", how="left").with_columns(
            pl.col("host").str.contains(SEARCH_HOST_PATTERN).fill_null(False).alias("h_search"),
            bypass.alias("h_bypass"),
        )

    return annotate


def classify(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    """Adds ``FLAG_COLUMNS`` (null unless the request was flagged) to parsed rows that carry
    the host annotations; flagged rows are decided apart, the others only get nulls."""
    frame = _vendor_categories(frame, lists).with_row_index("_row")
    keywords = _keywords(frame, lists)
    pattern = _bypass_patterns(frame)
    candidate = pl.col("category").is_not_null() | pl.col("h_bypass").is_not_null()
    if not keywords.is_empty():
        candidate = candidate | pl.col("_row").is_in(keywords.get_column("_row").implode())
    if not pattern.is_empty():
        candidate = candidate | pl.col("_row").is_in(pattern.get_column("_row").implode())
    mask = frame.select(candidate).to_series()
    rest = frame.filter(~mask).with_columns(
        pl.lit(None, dtype=pl.String).alias(name) for name in FLAG_COLUMNS if name != "category"
    )
    dropped = ("_row", "vendor_label", "path_at")
    keep = [c for c in rest.columns if not c.startswith("h_") and c not in dropped]
    hits = frame.filter(mask)
    if hits.is_empty():
        return rest.select(keep)
    hits = hits.join(keywords, on="_row", how="left").join(pattern, on="_row", how="left")
    hits = _decide(hits.join(lists.category_table(), on="category", how="left"))
    return pl.concat([rest.select(keep), hits.select(keep)], how="vertical_relaxed")


def _vendor_categories(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    """The provider's category: by listed domain, else the filter's own category mapped by
    code or by name (``Category.vendor_codes``)."""
    vendor = pl.lit(None, dtype=pl.String)
    if lists.vendor_codes and frame.get_column("vendor_category").null_count() < frame.height:
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
    return frame.with_columns(pl.coalesce(pl.col("h_category"), vendor).alias("category"))


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


_KEYWORD_SCHEMA = {"_row": pl.UInt32, "kw_term": pl.String, "kw_theme": pl.String,
                   "kw_rank": pl.Int8, "terms": pl.String}  # fmt: skip


def _keywords(frame: pl.DataFrame, lists: CompiledLists) -> pl.DataFrame:
    """Rows whose search terms or path words hold a keyword: _row, term, theme, rank, terms."""
    patterns = _prefilter_patterns(lists)
    if not patterns:
        return pl.DataFrame(schema=_KEYWORD_SCHEMA)
    # Only the path and query can hold a keyword: the host is not scanned (CONNECT has none).
    beyond_host = pl.col("url").str.slice(pl.col("path_at").clip(lower_bound=0))
    candidates = frame.filter(
        (pl.col("path_at") >= 0)
        & beyond_host.str.contains_any(patterns, ascii_case_insensitive=True)
    ).select("_row", "url", "h_search")
    matcher = KeywordMatcher([k.term for k in lists.keywords])
    by_term = {normalise_text(k.term): k for k in lists.keywords}
    rows: list[tuple[int, str, str, int, str]] = []
    for row, url, is_search in candidates.iter_rows():
        terms = search_terms(url) if is_search else ""
        term = matcher.first(([terms] if terms else []) + path_words(url))
        if term is not None and term in by_term:
            info = by_term[term]
            rows.append((row, term, info.theme, SEVERITY_RANK[Severity(info.severity)], terms))
    return pl.DataFrame(rows, schema=_KEYWORD_SCHEMA, orient="row")


def _bypass_patterns(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows matching a bypass pattern: _row, pattern (CONNECT to an odd port, a web proxy's
    query, or a bypass host)."""
    odd_port = (
        (pl.col("method") == "CONNECT")
        & pl.col("port").is_not_null()
        & ~pl.col("port").is_in(HTTPS_PORTS)
    )
    proxy_like = pl.col("url").str.contains_any(PROXY_QUERY_HINTS, ascii_case_insensitive=True)
    found = frame.filter(odd_port | proxy_like | pl.col("h_bypass").is_not_null()).select(
        "_row",
        pl.when(pl.col("h_bypass").is_not_null())
        .then(pl.col("h_bypass"))
        .when(odd_port)
        .then(pl.lit("connect-odd-port"))
        .when(pl.col("url").str.contains(PROXY_QUERY))
        .then(pl.lit("web-proxy-query"))
        .alias("bypass_pattern"),
    )
    return found.filter(pl.col("bypass_pattern").is_not_null())


def _decide(frame: pl.DataFrame) -> pl.DataFrame:
    has_cat = pl.col("category").is_not_null()
    cat_rank = pl.col("cat_rank").fill_null(0)
    kw_rank = pl.col("kw_rank").fill_null(0)
    failure = has_cat & pl.col("cat_blocked").fill_null(False) & (pl.col("action") == "allowed")
    cat_wins = has_cat & (cat_rank >= kw_rank)
    cat_kind = (
        pl.when(pl.col("cat_bypass").fill_null(False))
        .then(pl.lit(HitKind.BYPASS.value))
        .when(pl.col("h_category").is_not_null())
        .then(pl.lit(HitKind.CATEGORY.value))
        .otherwise(pl.lit(HitKind.VENDOR_CATEGORY.value))
    )
    matched_cat = pl.coalesce(pl.col("h_domain"), pl.col("vendor_category"))
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
        .when(pl.col("bypass_pattern").is_not_null())
        .then(pl.struct(kind=pl.lit(HitKind.BYPASS.value), theme=pl.lit("bypass"),
                        rank=pl.lit(SEVERITY_RANK[BYPASS_SEVERITY], pl.Int8),
                        matched="bypass_pattern"))
    )  # fmt: skip
    frame = frame.with_columns(choose.alias("_flag")).unnest("_flag")
    return frame.with_columns(
        pl.col("kind").alias("flag_kind"),
        pl.col("rank").replace_strict(RANK_SEVERITY, default=None, return_dtype=pl.String)
        .alias("severity"),
        pl.col("terms").alias("search_terms"),
    )  # fmt: skip
