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


def _alert_id(p: Provider) -> dict[str, Any]:
    return {"alert_id": make_alert(p).pk}


def _identity_id(p: Provider) -> dict[str, Any]:
    return {"identity_id": make_identity(p).pk}


def _learner(p: Provider) -> dict[str, Any]:
    from preventhub.testing.factories import PersonFactory

    return {"person_id": str(PersonFactory(provider=p).pk)}


BASE = "/api/v1/weblogs"
API: dict[tuple[str, str], Case] = {
    ("GET", BASE + "/alerts"): Case(ALERTS),
    ("GET", BASE + "/alerts/{alert_id}"): Case(ALERTS, kwargs=_alert_id),
    ("POST", BASE + "/alerts/{alert_id}/acknowledge"): Case(TRIAGE, kwargs=_alert_id),
    ("POST", BASE + "/alerts/{alert_id}/false-positive"): Case(
        TRIAGE, kwargs=_alert_id, data=lambda p: {"reason": "A history lesson."}
    ),
    ("POST", BASE + "/alerts/{alert_id}/concern"): Case(TRIAGE, kwargs=_alert_id, ok=(201,)),
    ("POST", BASE + "/identities/{identity_id}/person"): Case(
        TRIAGE, kwargs=_identity_id, data=_learner
    ),
    ("GET", BASE + "/identities/{identity_id}/activity"): Case(TRIAGE, kwargs=_identity_id),
    ("GET", BASE + "/police-shares"): Case(TRIAGE),
    # With no blocked attempts recorded there is nothing to share: 422 for those who may share.
    ("POST", BASE + "/police-shares"): Case(
        TRIAGE,
        data=lambda p: {
            "period_start": "2026-01-01",
            "period_end": "2026-01-31",
            "recipient": "Police Prevent team",
        },
        ok=(422,),
    ),
    ("GET", "/api/v1/reports/daily-it"): Case(REPORTS),
}
