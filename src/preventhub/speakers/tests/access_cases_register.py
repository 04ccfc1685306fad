"""Who may reach the register pages (merged into core/tests/test_route_access.py).

The register, its exports and the overview: the register readers (the events team, senior
leaders, the safeguarding team, governors and inspectors). The calendar feed and the partner
extract: the managers only (no governor or inspector).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from preventhub.core.models import Provider
from preventhub.speakers.models import PartnerShare
from preventhub.speakers.permissions import MANAGERS, REGISTER_READERS
from preventhub.testing.route_cases import Case

READERS = frozenset(REGISTER_READERS)
MANAGE = frozenset(MANAGERS)
SIGNALS_PATH = "/api/v1/speakers/signals"


def _share(p: Provider) -> dict[str, Any]:
    share = PartnerShare.unscoped.create(
        provider=p,
        partner="Regional FE/HE Prevent forum",
        period_start=date(2025, 9, 1),
        period_end=date(2026, 8, 31),
        request_ids=[],
    )
    return {"pk": share.pk}


PAGES: dict[str, Case] = {
    "speakers:dashboard": Case(READERS),
    "speakers:register": Case(READERS),
    "speakers:register_csv": Case(READERS),
    "speakers:register_xlsx": Case(READERS),
    "speakers:calendar": Case(MANAGE),
    # Making a feed URL answers with the page that shows it (once).
    "speakers:calendar_create": Case(MANAGE, method="POST"),
    "speakers:calendar_revoke": Case(MANAGE, method="POST", ok=(302,)),
    # Signed in, without a token: your own calendar file.
    "speakers:calendar_feed": Case(MANAGE),
    "speakers:partner_extract": Case(MANAGE),
    "speakers:partner_share": Case(MANAGE, kwargs=_share, object_bound=True),
    "speakers:partner_share_csv": Case(MANAGE, kwargs=_share, object_bound=True),
    "speakers:partner_share_print": Case(MANAGE, kwargs=_share, object_bound=True),
}


def _api_mounted() -> bool:
    """register_api's router is mounted in api/api.py by the lead; until then it has no route."""
    from preventhub.api.api import api
    from preventhub.speakers.register_api import router

    return any(mounted is router for _prefix, mounted in api._routers)


API: dict[tuple[str, str], Case] = {("GET", SIGNALS_PATH): Case(READERS)} if _api_mounted() else {}
