"""The live syslog receiver: framing (UDP datagrams; TCP with octet counting or newlines),
RFC 3164 and RFC 5424 headers, routing each message to a log source, and batching.

A message belongs to the active source whose ``syslog_hosts`` holds the HOSTNAME of its header
or the sender's address. Its payload (the log line after the header: a FortiGate
``date=... `` line, a Squid line) is appended to that source's batch; every second the batches
are ingested like small files (``via=syslog``), so an alert is raised within seconds of the
request. Messages from unknown senders are counted and dropped (logged once per sender).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from preventhub.online_safety.models import LogSource

MAX_MESSAGE = 64 * 1024
_RFC5424 = re.compile(
    rb"^<(\d{1,3})>\d{1,2} (\S+) (\S+) (\S+) (\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+) ?(.*)$",
    re.DOTALL,
)
_RFC3164 = re.compile(
    rb"^<(\d{1,3})>(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\S+) (\S+) "
    rb"(?:[\w./-]+(?:\[\d+\])?: ?)?(.*)$",
    re.DOTALL,
)
_BARE_PRI = re.compile(rb"^<(\d{1,3})>(.*)$", re.DOTALL)
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Message:
    host: str  # the header's HOSTNAME, or "" when the header has none
    payload: bytes


def parse_message(raw: bytes) -> Message:
    """Header off, payload kept. A message with no recognisable header is all payload (some
    devices send bare lines)."""
    raw = raw.rstrip(b"\r\n\x00")
    found = _RFC5424.match(raw)
    if found:
        payload = found.group(8)
        return Message(_host(found.group(3)), payload.removeprefix(_BOM))
    found = _RFC3164.match(raw)
    if found:
        host = found.group(2)
        # FortiGate's own header is "<189>date=...": no timestamp, no host.
        return Message(_host(host), found.group(3))
    bare = _BARE_PRI.match(raw)
    if bare:
        return Message("", bare.group(2))
    return Message("", raw)


def _host(value: bytes) -> str:
    text = value.decode("utf-8", "replace").lower()
    return "" if text == "-" else text


@dataclass
class OctetFramer:
    """Splits a TCP byte stream into messages: RFC 6587 octet counting ("123 <34>1 ...") when
    a frame starts with digits and a space, else one message per line."""

    buffer: bytes = b""

    def feed(self, data: bytes) -> Iterator[bytes]:
        self.buffer += data
        while self.buffer:
            message = self._next()
            if message is None:
                return
            if message:
                yield message

    def _next(self) -> bytes | None:
        buffer = self.buffer
        space = buffer.find(b" ", 0, 8)
        if space > 0 and buffer[:space].isdigit():
            length = int(buffer[:space])
            end = space + 1 + length
            if length > MAX_MESSAGE:
                self.buffer = b""  # a broken sender: drop what we have and resynchronise
                return b""
            if len(buffer) < end:
                return None
            self.buffer = buffer[end:]
            return buffer[space + 1 : end]
        newline = buffer.find(b"\n")
        if newline < 0:
            if len(buffer) > MAX_MESSAGE:
                self.buffer = b""
            return None
        self.buffer = buffer[newline + 1 :]
        return buffer[:newline]


@dataclass
class Router:
    """Which source a message belongs to: by header HOSTNAME, then by sender address."""

    by_host: dict[str, LogSource] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Router:
        router = cls()
        for source in LogSource.unscoped.filter(is_active=True).exclude(syslog_hosts=[]):
            for host in source.syslog_hosts or []:
                router.by_host[str(host).strip().lower()] = source
        return router

    def route(self, message: Message, sender: str) -> LogSource | None:
        return self.by_host.get(message.host) or self.by_host.get(sender)


@dataclass
class Batches:
    """Payload lines waiting to be ingested, per source."""

    lines: dict[int, list[bytes]] = field(default_factory=dict)
    sources: dict[int, LogSource] = field(default_factory=dict)
    unrouted: dict[str, int] = field(default_factory=dict)

    def add(self, router: Router, raw: bytes, sender: str) -> None:
        message = parse_message(raw)
        source = router.route(message, sender)
        if source is None:
            self.unrouted[sender] = self.unrouted.get(sender, 0) + 1
            return
        key = id(source)
        self.sources[key] = source
        self.lines.setdefault(key, []).append(message.payload.replace(b"\n", b" "))

    def take(self) -> list[tuple[LogSource, bytes]]:
        taken = [(self.sources[k], b"\n".join(v) + b"\n") for k, v in self.lines.items() if v]
        self.lines = {}
        return taken

    def pending(self) -> int:
        return sum(len(v) for v in self.lines.values())
