"""``preventhub seed_demo [--size small|large] [--historical-concerns N]``: load (or complete) the
demo data set; with ``--historical-concerns`` also five years of imported concerns (benchmarks)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from preventhub.core.demo.historical import seed_historical_concerns
from preventhub.core.demo.seed import DEFAULT_SEED, PROVIDER_SLUG, SIZES, SeedReport, seed_demo
from preventhub.core.demo.users import DEMO_TOTP_SECRET
from preventhub.core.models import Provider


class Command(BaseCommand):
    help = (
        "Create the demo college group: two providers, sites, departments, staff, learners and "
        "one sign-in per role. Re-running never duplicates anything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=list(SIZES),
            default="small",
            help="small: ~60 staff, ~400 learners; large: ~3,000 staff, ~30,000 learners.",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="Random seed (names, dates)."
        )
        parser.add_argument(
            "--historical-concerns",
            type=int,
            default=0,
            metavar="N",
            help="Also top the demo college up to N historical concerns over five years, bulk-"
            "inserted as if imported at go-live (benchmarks; e.g. 200000 with --size large).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even though DEBUG is off. The demo users have published passwords and a "
            "published TOTP secret: only for benchmark or throw-away databases.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off, so this looks like a live system: the demo users have published "
                "passwords. Use the local settings, or --allow-production for a throw-away "
                "database."
            )
        if options["historical_concerns"] < 0:
            raise CommandError("--historical-concerns cannot be negative.")
        started = time.perf_counter()
        report = seed_demo(size=options["size"], seed=options["seed"])
        self.print_summary(report, time.perf_counter() - started)
        if options["historical_concerns"]:
            self.seed_history(options["historical_concerns"], options["seed"])

    def seed_history(self, target: int, seed: int) -> None:
        started = time.perf_counter()

        def progress(added: int, have: int, total: int) -> None:
            rate = added / max(time.perf_counter() - started, 1e-9)
            self.stdout.write(f"  historical concerns: {have:,} of {total:,} ({rate:,.0f}/s)")

        college = Provider.objects.get(slug=PROVIDER_SLUG)
        added = seed_historical_concerns(
            provider=college, target=target, seed=seed, progress=progress
        )
        self.stdout.write(
            f"Historical concerns: added {added:,} in {time.perf_counter() - started:.1f} s "
            f"(the demo college now has {target:,} or more)."
            if added
            else f"Historical concerns: {target:,} already there; added none."
        )

    def print_summary(self, report: SeedReport, seconds: float) -> None:
        created = ", ".join(
            f"{what.replace('_', ' ')} {n:,}" for what, n in sorted(report.created.items()) if n
        )
        self.stdout.write(
            f"Demo data ({report.size}) ready in {seconds:.1f} s. "
            f"Created: {created or 'nothing (already seeded)'}."
        )
        for slug, totals in report.totals.items():
            self.stdout.write(
                f"  {slug}: " + ", ".join(f"{what} {n:,}" for what, n in totals.items())
            )
        self.stdout.write("\nSign in at /accounts/login/ as (passwords unless since changed):")
        self.stdout.write(f"  {'username':<20} {'password':<36} {'where':<20} roles")
        for login in report.logins:
            roles = ", ".join(login.roles) or "group aggregates only"
            extra = f"; expires {login.expires_at:%Y-%m-%d}" if login.expires_at else ""
            extra += "; 2FA" if login.totp else ""
            self.stdout.write(
                f"  {login.username:<20} {login.password:<36} {login.provider:<20} {roles}{extra}"
            )
        self.stdout.write(
            f"\n2FA users share the demo TOTP secret {DEMO_TOTP_SECRET} (add it to an "
            "authenticator app) or print the current code with `preventhub demo_totp USERNAME`."
        )
