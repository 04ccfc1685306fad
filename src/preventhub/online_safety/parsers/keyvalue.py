"""FortiGate web-filter logs (key=value, usually over syslog), and the same shape from other
filters: Sophos UTM (``categoryname``) and Zscaler NSS key=value feeds (``urlcat``)::

    date=2026-11-22 time=10:15:32 devname="FGT60F" logid="0316013056" type="utm" \
        subtype="webfilter" eventtype="ftgd_blk" level="warning" srcip=10.1.2.3 dstport=443 \
        service="HTTPS" hostname="example.test" action="blocked" \
        url="https://example.test/page" cat=12 catdesc="Extremist Groups" user="jsmith"

A syslog header before the pairs is ignored. The time is ``eventtime`` (epoch seconds, ms, us
or ns by its length) when present, else ``date`` + ``time`` with the log's ``tz`` offset or the
source's time zone, else a Sophos prefix ``2026:11:22-10:15:32``. Blocked actions: blocked,
block, deny, denied, drop, dropped, reject. The vendor category is kept as ``fortigate:12``,
``sophos:<name>`` or ``zscaler:<name>``; a FortiGate ``url`` that is a path is joined to
``hostname``.
"""

from __future__ import annotations

import polars as pl

from preventhub.online_safety.parsers.e2guardian import local_datetime
from preventhub.online_safety.parsers.normal import empty_fields

BLOCKED = ["blocked", "block", "deny", "denied", "drop", "dropped", "reject"]
_KEYS = (
    "date", "time", "eventtime", "tz", "srcip", "cip", "user", "login", "hostname", "url",
    "action", "cat", "catdesc", "categoryname", "urlcat", "status", "statuscode", "method",
    "service", "dstport", "rcvdbyte", "size",
)  # fmt: skip


def _value(key: str) -> pl.Expr:
    raw = pl.col("line").str.extract(rf'(?:^|[\s,>]){key}=("[^"]*"|[^\s,]*)', 1)
    return raw.str.strip_chars('"').alias(f"k_{key}")


def _k(key: str) -> pl.Expr:
    value = pl.col(f"k_{key}")
    return pl.when(value.is_in(["", "N/A", "-"])).then(None).otherwise(value)


def _epoch(text: pl.Expr) -> pl.Expr:
    digits = text.str.len_chars()
    number = text.cast(pl.Int64, strict=False)
    micros = (
        pl.when(digits >= 19)
        .then(number // 1000)
        .when(digits >= 16)
        .then(number)
        .when(digits >= 13)
        .then(number * 1000)
        .otherwise(number * 1_000_000)
    )
    return micros.cast(pl.Datetime("us", "UTC"))


def _timestamp(time_zone: str) -> pl.Expr:
    stamp = _k("date") + " " + _k("time")
    with_offset = (stamp + " " + _k("tz")).str.to_datetime(
        "%Y-%m-%d %H:%M:%S %z", strict=False, time_unit="us"
    )
    sophos = pl.col("line").str.extract(r"^(\d{4}:\d{2}:\d{2}-\d{2}:\d{2}:\d{2})", 1)
    return pl.coalesce(
        _epoch(_k("eventtime")),
        with_offset.dt.convert_time_zone("UTC"),
        local_datetime(stamp, "%Y-%m-%d %H:%M:%S", time_zone),
        local_datetime(sophos, "%Y:%m:%d-%H:%M:%S", time_zone),
    )


def _url() -> pl.Expr:
    host, url = _k("hostname"), _k("url")
    scheme = (
        pl.when((_k("service").str.to_uppercase() == "HTTPS") | (_k("dstport") == "443"))
        .then(pl.lit("https://"))
        .otherwise(pl.lit("http://"))
    )
    return (
        pl.when(url.is_null() & host.is_not_null())
        .then(scheme + host + "/")
        .when(url.str.starts_with("/") & host.is_not_null())
        .then(scheme + host + url)
        .otherwise(url)
    )


def _vendor() -> tuple[pl.Expr, pl.Expr]:
    code = pl.coalesce(
        pl.lit("fortigate:") + _k("cat"),
        pl.lit("sophos:") + _k("categoryname").str.to_lowercase(),
        pl.lit("zscaler:") + _k("urlcat").str.to_lowercase(),
    )
    label = pl.coalesce(_k("catdesc"), _k("categoryname"), _k("urlcat"))
    return code, label


def parse(frame: pl.DataFrame, time_zone: str) -> pl.DataFrame:
    frame = frame.with_columns(_value(key) for key in _KEYS)
    action = _k("action").str.to_lowercase()
    code, label = _vendor()
    return frame.select(
        "line",
        "reason",
        _timestamp(time_zone).alias("ts"),
        **{
            **empty_fields(),
            "user": pl.coalesce(_k("user"), _k("login")),
            "client_ip": pl.coalesce(_k("srcip"), _k("cip")),
            "action": pl.when(action.is_in(BLOCKED))
            .then(pl.lit("blocked"))
            .otherwise(pl.lit("allowed")),
            "status": pl.coalesce(_k("status"), _k("statuscode")),
            "bytes": pl.coalesce(_k("rcvdbyte"), _k("size")),
            "method": _k("method"),
            "url": _url(),
            "host_hint": _k("hostname"),
            "vendor_category": code,
            "vendor_label": label,
            "enough_fields": (_k("url").is_not_null() | _k("hostname").is_not_null())
            & pl.col("line").str.contains("=", literal=True),
        },
    )
