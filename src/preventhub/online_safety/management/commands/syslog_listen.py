"""``preventhub syslog_listen --port N``: receive web-filter logs live over syslog (UDP and TCP,
RFC 3164 and RFC 5424, octet counting or newline framing on TCP) and ingest them every second,
so alerts are raised within seconds. Messages are routed to the log source whose syslog hosts
name the sender. SIGTERM or Ctrl-C stops it after flushing what it has received."""

from __future__ import annotations

import asyncio
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.online_safety.syslog_server import Listener


class Command(BaseCommand):
    help = "Receive web-filter logs over syslog (UDP and TCP) and ingest them every second."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, required=True, help="UDP and TCP port (e.g. 5514).")
        parser.add_argument("--host", default="0.0.0.0", help="Address to listen on.")  # noqa: S104  (a syslog receiver listens on the network by design)
        parser.add_argument(
            "--seconds", type=float, default=None, help="Stop after this long (tests, benchmarks)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError("--port must be between 1 and 65535.")
        listener = Listener(options["host"], options["port"], out=self.stdout)
        if not listener.router.by_host:
            self.stderr.write(
                "No active log source lists any syslog hosts: every message will be dropped. "
                "Add the filter's host name or address to a log source's syslog hosts."
            )
        try:
            stats = asyncio.run(listener.run(options["seconds"]))
        except OSError as exc:
            raise CommandError(f"Cannot listen on port {options['port']}: {exc}") from exc
        dropped = sum(listener.batches.unrouted.values())
        self.stdout.write(
            f"Stopped. Received {stats.received} messages; ingested {stats.ingested_lines} lines "
            f"in {stats.batches} batches; {stats.alerts} new alerts; {dropped} from unknown "
            f"senders dropped; {stats.refused} refused."
        )
