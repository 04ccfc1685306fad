"""Every parser: good lines, each malformed reason, odd encodings, IDNs, long lines, and the
promise that lines == parsed + rejected for any bytes at all (bounded hypothesis runs)."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preventhub.online_safety.parsers import LogParser, MappingError, UnreadableLogError
from preventhub.online_safety.parsers.lines import ChunkReader, count_lines, lines_column

SQUID = (
    "1795424400.123    845 10.1.2.3 TCP_DENIED/403 3890 GET http://Example.TEST:8080/page "
    "CORP\\jsmith HIER_NONE/- text/html"
)


def parse(fmt: str, text: str | bytes, **kwargs):
    data = text.encode() if isinstance(text, str) else text
    return LogParser(fmt, **kwargs).parse(lines_column(data))


def rows(result):
    return result.good.drop("line").to_dicts()


def reasons(result):
    return dict(result.rejected.iter_rows())


def test_squid_native_line_is_read_field_by_field():
    (row,) = rows(parse("squid_native", SQUID + "\n"))
    assert row["ts"] == datetime(2026, 11, 23, 9, 0, 0, 123000, tzinfo=UTC)
    assert (row["user"], row["client_ip"], row["action"], row["status"]) == (
        "CORP\\jsmith", "10.1.2.3", "blocked", 403,
    )  # fmt: skip
    assert (row["method"], row["host"], row["port"], row["bytes"]) == (
        "GET",
        "example.test",
        8080,
        3890,
    )


def test_squid_native_tolerates_unpadded_elapsed_time_and_extra_fields():
    line = "1795424400.5 12345678 10.0.0.1 TCP_MISS/200 10 CONNECT www.example.test:443 - HIER_DIRECT/1.2.3.4 - extra"  # noqa: E501  (a log line as it is written)
    (row,) = rows(parse("squid_native", line))
    assert (row["host"], row["port"], row["method"], row["action"]) == (
        "www.example.test",
        443,
        "CONNECT",
        "allowed",
    )


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "empty_line"),
        ("garbage", "too_few_fields"),
        ("yesterday 845 10.1.2.3 TCP_MISS/200 1 GET http://a.test/ u - -", "bad_timestamp"),
        (
            "99999999999999.000 845 10.1.2.3 TCP_MISS/200 1 GET http://a.test/ u - -",
            "bad_timestamp",
        ),
        ("1795424400.000 845 10.1.2.3 TCP_MISS/200 1 GET http://exa mple/ u - -", None),
        ("1795424400.000 845 10.1.2.3 TCP_MISS/200 1 GET http://bad_%host!/ u - -", "bad_url"),
        ("1795424400.000 845 10.1.2.3 TCP_MISS/200 1 GET http://a.test/\x07 u - -", "not_text"),
        (
            "1795424400.000 845 10.1.2.3 TCP_MISS/200 1 GET http://a.test/"
            + "x" * 17000
            + " u - -",
            "line_too_long",
        ),
    ],
)
def test_each_malformed_line_is_counted_under_its_reason(line, reason):
    result = parse("squid_native", line + "\n")
    assert result.lines == 1
    assert reasons(result) == ({} if reason is None else {line[:1] and line or None: reason})


def test_ten_kilobyte_lines_and_crlf_endings_are_read():
    long_url = "http://a.test/" + "p" * 10_000
    text = f"1795424400.000 845 10.1.2.3 TCP_MISS/200 1 GET {long_url} u - -\r\n" * 2
    result = parse("squid_native", text)
    assert result.good.height == 2
    assert result.good.get_column("url").to_list() == [long_url, long_url]


def test_odd_encodings_and_international_names():
    raw = (
        "1795424400.000 1 10.1.2.3 TCP_MISS/200 1 GET http://b\u00fccher.example.test/%C3%A9t%C3%A9 u - -\n"  # noqa: E501  (a log line as it is written)
        "1795424400.000 1 10.1.2.3 TCP_MISS/200 1 GET http://xn--bcher-kva.example.test/ u - -\n"
    ).encode() + b"1795424400.000 1 10.1.2.3 TCP_MISS/200 1 GET http://caf\xe9.test/ u - -\n"
    result = parse("squid_native", raw)
    hosts = result.good.get_column("host").to_list()
    assert hosts[:2] == ["xn--bcher-kva.example.test"] * 2
    # Latin-1 bytes are not UTF-8: the host cannot be trusted, so the line is rejected, counted.
    assert result.lines == 3
    assert list(reasons(result).values()) == ["bad_url"]


def test_squid_combined():
    text = (
        '10.1.2.3 - jsmith [23/Nov/2026:09:00:00 +0000] "GET http://example.test/a HTTP/1.1" 403 3890 "-" "Mozilla/5.0" TCP_DENIED:HIER_NONE\n'  # noqa: E501  (a log line as it is written)
        '10.1.2.4 - - [23/Nov/2026:10:00:00 +0100] "CONNECT ex.test:443 HTTP/1.1" 200 0\n'
        "not a combined line\n"
    )
    result = parse("squid_combined", text)
    first, second = rows(result)
    assert (first["action"], first["user"], first["host"]) == ("blocked", "jsmith", "example.test")
    assert second["ts"] == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert (second["action"], second["port"]) == ("allowed", 443)
    assert reasons(result) == {"not a combined line": "too_few_fields"}


def test_e2guardian_every_log_file_format():
    text = (
        "2026.11.23 9:00:00 jsmith 10.1.2.3 http://example.test/page *DENIED* Banned site: example.test GET 3890 0 Banned Sites 1 403 text/html\n"  # noqa: E501  (a log line as it is written)
        '"2026.11.23 9:00:01","amy","10.1.2.4","http://example.test/","","GET","10","0","","1","200","text/html"\n'
        "2026.11.23 9:00:02\tbob\t10.1.2.5\thttp://ok.test/\t\tGET\t10\t0\t\t1\t200\ttext/html\n"
        "1795424400.000 1 10.1.2.3 TCP_MISS/200 1 GET http://squid.test/ u - -\n"
    )
    result = parse("e2guardian", text, time_zone="Europe/London")
    assert result.rejected.is_empty()
    by_user = {r["user"]: r for r in rows(result)}
    assert by_user["jsmith"]["action"] == "blocked"
    assert by_user["jsmith"]["vendor_category"] == "e2guardian:banned sites"
    assert by_user["amy"]["action"] == "allowed"
    assert by_user["bob"]["host"] == "ok.test"
    assert by_user["u"]["host"] == "squid.test"
    assert by_user["jsmith"]["ts"] == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # GMT in November


def test_fortigate_sophos_and_zscaler_key_value_lines():
    text = (
        '<189>date=2026-11-23 time=09:00:00 devname="FGT60F" type="utm" subtype="webfilter" srcip=10.1.2.3 dstport=443 service="HTTPS" hostname="example.test" action="blocked" url="/page" cat=12 catdesc="Extremist Groups" user="jsmith"\n'  # noqa: E501  (a log line as it is written)
        'date=2026-11-23 time=09:00:01 eventtime=1795424401000000000 srcip=10.1.2.4 hostname="ok.test" action="passthrough" url="https://ok.test/x" user="amy"\n'  # noqa: E501  (a log line as it is written)
        '2026:11:23-09:00:02 utm httpproxy[1]: id="0060" action="block" method="GET" srcip="10.0.0.2" user="bob" statuscode="403" url="http://w.test/a" categoryname="Weapons"\n'  # noqa: E501  (a log line as it is written)
        'date=2026-11-23 time=09:00:03 login="cy" cip=10.0.0.9 action="allowed" url="http://z.test/" urlcat="Militancy/Extremism"\n'  # noqa: E501  (a log line as it is written)
        "no pairs at all\n"
    )
    result = parse("fortigate", text, time_zone="Europe/London")
    by_user = {r["user"]: r for r in rows(result)}
    assert by_user["jsmith"]["url"] == "https://example.test/page"
    assert (by_user["jsmith"]["vendor_category"], by_user["jsmith"]["vendor_label"]) == (
        "fortigate:12", "Extremist Groups",
    )  # fmt: skip
    assert by_user["amy"]["ts"] == datetime(2026, 11, 23, 9, 0, 1, tzinfo=UTC)
    assert by_user["bob"]["vendor_category"] == "sophos:weapons"
    assert by_user["bob"]["action"] == "blocked"
    assert by_user["cy"]["vendor_category"] == "zscaler:militancy/extremism"
    assert reasons(result) == {"no pairs at all": "too_few_fields"}


def test_csv_with_a_saved_mapping():
    mapping = {"columns": {"timestamp": "Time", "user": "User", "url": "URL", "action": "Action",
                           "category": "Category"}}  # fmt: skip
    text = (
        "Time,User,URL,Action,Category\n"
        "2026-11-23 09:00:00,amy,http://x.test/a,Blocked,Weapons\n"
        '2026-11-23T10:00:00+01:00,"bob, jr",http://y.test/,allowed,\n'
        "soon,amy,http://x.test/a,blocked,Weapons\n"
    )
    result = parse("csv", text, csv_mapping=mapping, time_zone="Europe/London")
    assert result.lines == 3  # the header is not a log line
    amy, bob = rows(result)
    assert (amy["action"], amy["vendor_category"]) == ("blocked", "csv:weapons")
    assert bob["user"] == "bob, jr"
    assert bob["ts"] == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert list(reasons(result).values()) == ["bad_timestamp"]


def test_csv_mapping_that_does_not_fit_the_file_says_which_column_is_missing():
    mapping = {"columns": {"timestamp": "When", "url": "URL"}}
    with pytest.raises(MappingError, match="'When'"):
        parse("csv", "Time,URL\n2026-11-23 09:00:00,http://x.test/\n", csv_mapping=mapping)
    with pytest.raises(MappingError, match="timestamp"):
        LogParser("csv", csv_mapping={"columns": {"url": "URL"}})


def test_unknown_format_is_refused():
    with pytest.raises(UnreadableLogError, match="Unknown log format"):
        LogParser("apache")


def _read(data: bytes, chunk: int = 64) -> tuple[list[bytes], str]:
    reader = ChunkReader(io.BytesIO(data), chunk)
    chunks = list(reader.chunks())
    return chunks, reader.hexdigest()


def test_chunks_end_on_line_boundaries_and_the_hash_covers_the_raw_bytes():
    import hashlib

    data = b"".join(f"line {i} {'x' * (i % 40)}\n".encode() for i in range(200))
    chunks, digest = _read(data, chunk=100)
    assert b"".join(chunks) == data
    assert all(c.endswith(b"\n") for c in chunks)
    assert digest == hashlib.sha256(data).hexdigest()


def test_gzip_is_read_and_a_truncated_gzip_is_refused():
    data = b"".join(f"line {i}\n".encode() for i in range(5000))
    packed = gzip.compress(data)
    chunks, _ = _read(packed, chunk=1000)
    assert b"".join(chunks) == data
    with pytest.raises(UnreadableLogError, match="truncated"):
        _read(packed[: len(packed) // 2], chunk=1000)


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"PK\x03\x04rest", b"%PDF-1.7", b"a\x00b\nc\n"])
def test_empty_and_binary_files_are_refused_whole(data):
    with pytest.raises(UnreadableLogError):
        _read(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=600),
    st.sampled_from(["squid_native", "squid_combined", "e2guardian", "fortigate"]),
)
def test_any_bytes_give_lines_equal_parsed_plus_rejected(data, fmt):
    result = LogParser(fmt).parse(lines_column(data))
    assert result.good.height + result.rejected.height == count_lines(data)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80), max_size=30)
)
def test_any_text_lines_are_all_accounted_for(lines):
    data = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines).encode()
    result = LogParser("squid_native").parse(lines_column(data))
    assert result.lines == count_lines(data)
