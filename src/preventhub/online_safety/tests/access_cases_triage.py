"""Who may reach each alerts, report, drill-down and police-share route (merged into the
route-access test). Every object belongs to the provider under test; another provider's users
get 404."""

from __future__ import annotations

from typing import Any

from preventhub.core.models import Provider
from preventhub.online_safety.models import PoliceShare
from preventhub.online_safety.permissions import ALERT_READERS, REPORT_READERS, TRIAGERS
from preventhub.online_safety.tests.factories_triage import make_alert, make_identity
from preventhub.testing.route_cases import Case

ALERTS = frozenset(ALERT_READERS)
TRIAGE = frozenset(TRIAGERS)
REPORTS = frozenset(REPORT_READERS)


def _alert(p: Provider) -> dict[str, Any]:
    return {"pk": make_alert(p).pk}


def _identity(p: Provider) -> dict[str, Any]:
    return {"pk": make_identity(p).pk}


def _share(p: Provider) -> dict[str, Any]:
    share = PoliceShare.unscoped.create(
        provider=p,
        period_start="2026-01-01",
        period_end="2026-01-31",
        recipient="Police Prevent team",
        rows=[{"domain": "blocked.example.test", "attempts": 12}],
    )
    return {"pk": share.pk}


PAGES: dict[str, Case] = {
    "online_safety:alert_list": Case(ALERTS),
    "online_safety:alert_detail": Case(ALERTS, kwargs=_alert, object_bound=True),
    "online_safety:alert_acknowledge": Case(
        TRIAGE, method="POST", kwargs=_alert, ok=(302,), object_bound=True
    ),
    "online_safety:alert_false_positive": Case(
        TRIAGE,
        method="POST",
        kwargs=_alert,
        data=lambda p: {"reason": "A history lesson."},
        ok=(302,),
        object_bound=True,
    ),
    "online_safety:alert_link_person": Case(TRIAGE, kwargs=_alert, object_bound=True),
    "online_safety:alert_raise_concern": Case(TRIAGE, kwargs=_alert, object_bound=True),
    "online_safety:identity_activity": Case(TRIAGE, kwargs=_identity, object_bound=True),
    "online_safety:daily_report": Case(REPORTS),
    "online_safety:police_shares": Case(TRIAGE),
    "online_safety:police_share_new": Case(TRIAGE),
    "online_safety:police_share_download": Case(TRIAGE, kwargs=_share, object_bound=True),
}
