"""The live syslog receiver: RFC 3164/5424 headers, TCP framing, routing by sender, and a real
listener on a local port receiving UDP and TCP messages, ingesting them within seconds and
flushing what is pending when it stops."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest

from preventhub.online_safety.models import Alert, Ingestion
from preventhub.online_safety.syslog import Batches, OctetFramer, Router, parse_message
from preventhub.online_safety.syslog_server import Listener
from preventhub.online_safety.tests import factories_ingest as f

SQUID_LINE = f.squid("https://www.google.com/search?q=make+a+bomb")


@pytest.mark.parametrize(
    ("raw", "host", "payload"),
    [
        (
            b"<134>Nov 23 09:00:00 proxy1 squid[123]: " + SQUID_LINE.encode(),
            "proxy1",
            SQUID_LINE.encode(),
        ),
        (
            b"<134>1 2026-11-23T09:00:00Z Proxy1 squid 123 - - " + SQUID_LINE.encode(),
            "proxy1",
            SQUID_LINE.encode(),
        ),
        (
            b'<134>1 2026-11-23T09:00:00Z fw app - ID47 [x@1 a="b"] \xef\xbb\xbfdate=1 url="/"',
            "fw",
            b'date=1 url="/"',
        ),
        (
            b'<189>date=2026-11-23 time=09:00:00 devname="FGT"\n',
            "",
            b'date=2026-11-23 time=09:00:00 devname="FGT"',
        ),
        (b"a bare line", "", b"a bare line"),
    ],
)
def test_headers_are_taken_off_and_the_host_kept(raw, host, payload):
    message = parse_message(raw)
    assert (message.host, message.payload) == (host, payload)


def test_tcp_framing_handles_octet_counting_newlines_and_split_reads():
    framer = OctetFramer()
    first = b"<134>1 - h a - - - one"
    stream = f"{len(first)} ".encode() + first + b"<134>two\n<134>thr"
    assert list(framer.feed(stream)) == [first, b"<134>two"]
    assert list(framer.feed(b"ee\n")) == [b"<134>three"]


@pytest.mark.django_db
def test_messages_are_routed_by_header_host_or_sender(provider):
    source = f.source(provider, syslog_hosts=["proxy1", "10.9.9.9"])
    router = Router.load()
    batches = Batches()
    batches.add(router, b"<134>Nov 23 09:00:00 proxy1 squid: x", "127.0.0.1")
    batches.add(router, b"<134>y", "10.9.9.9")
    batches.add(router, b"<134>z", "10.0.0.66")
    ((routed, data),) = batches.take()
    assert routed.pk == source.pk
    assert data == b"x\ny\n"
    assert batches.unrouted == {"10.0.0.66": 1}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.django_db(transaction=True)
def test_a_live_listener_ingests_udp_and_tcp_within_seconds_and_flushes_on_stop(provider):
    f.standard_lists(provider)
    f.source(provider, syslog_hosts=["127.0.0.1"])
    port = _free_port()
    listener = Listener("127.0.0.1", port)
    thread = threading.Thread(target=lambda: asyncio.run(listener.run(seconds=4)))
    thread.start()
    time.sleep(0.5)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(b"<134>Nov 23 09:00:00 box squid: " + SQUID_LINE.encode(), ("127.0.0.1", port))
    tcp_line = f.squid("http://www.bbc.test/", at=f.T0 + 1).encode()
    with socket.create_connection(("127.0.0.1", port)) as tcp:
        tcp.sendall(f"{len(tcp_line)} ".encode() + tcp_line)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and not Alert.unscoped.filter(provider=provider).exists():
        time.sleep(0.1)
    assert Alert.unscoped.filter(provider=provider).exists()  # within seconds, before stopping
    thread.join(timeout=10)
    assert sum(Ingestion.unscoped.filter(provider=provider).values_list("parsed", flat=True)) == 2
    assert listener.stats.received == 2
