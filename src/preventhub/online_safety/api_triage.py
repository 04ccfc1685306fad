"""Online-safety alerts API, mounted at /api/v1/weblogs, and the daily report at
/api/v1/reports/daily-it.

Alerts: the safeguarding team and the IT manager list and read them (the IT manager sees
pseudonyms only: ``username`` and ``person`` are null); reading one is audited. The safeguarding
team triages: acknowledge, false positive (reason required), raise a concern (201 with its
reference), link an identity to a person. An illegal move answers 409 naming the alert's state;
bad input 422; an alert or identity the caller may not see 404. Identity activity (at most 31
days) and the police shares are for the safeguarding team. The daily report: its readers; a
malformed or future date answers 422.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from preventhub.api.access import api_requires
from preventhub.core.models import Provider
from preventhub.online_safety.alerts_filters import AlertFilterSet
from preventhub.online_safety.drilldown import (
    identity_activity,
    identity_record_view,
    parse_period,
)
from preventhub.online_safety.models import Alert, Identity, PoliceShare
from preventhub.online_safety.police_export import police_share_create, shares_for_user
from preventhub.online_safety.reports_selectors import (
    daily_report_for,
    parse_report_date,
    report_as_dict,
)
from preventhub.online_safety.reports_services import report_record_read
from preventhub.online_safety.triage_schemas import (
    AcknowledgeIn,
    AlertConcernRefOut,
    AlertDetailOut,
    AlertFilters,
    AlertOut,
    AlertPageOut,
    AlertRaiseConcernIn,
    DailyReportOut,
    DailyReportQuery,
    FalsePositiveIn,
    IdentityActivityOut,
    IdentityOut,
    LinkPersonIn,
    PoliceShareIn,
    PoliceShareOut,
)
from preventhub.online_safety.triage_selectors import (
    MAX_EVENTS_SHOWN,
    alert_events,
    alerts_for_user,
    get_alert_for_user,
    get_identity_for_user,
    sees_identities,
    theme_label,
    theme_names,
)
from preventhub.online_safety.triage_services import (
    alert_acknowledge,
    alert_mark_false_positive,
    alert_raise_concern,
    alert_record_view,
    identity_link_person,
)
from preventhub.people.models import Person

router = Router(tags=["online safety"])
reports_router = Router(tags=["online safety"])
PAGE_SIZE = 50


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def identity_out(identity: Identity, *, full: bool) -> dict[str, Any]:
    person = identity.person if full else None
    return {
        "id": identity.pk,
        "pseudonym": identity.pseudonym,
        "is_guest": identity.is_guest,
        "username": (identity.username or "") if full else None,
        "person": {"id": person.pk, "name": person.full_name, "kind": person.kind}
        if person
        else None,
    }


def alert_out(alert: Alert, names: dict[str, str], *, full: bool) -> dict[str, Any]:
    concern = alert.concern
    return {
        "id": alert.pk,
        "theme": alert.theme,
        "theme_name": theme_label(alert.theme, names),
        "severity": alert.severity,
        "status": alert.status,
        "is_filter_failure": alert.is_filter_failure,
        "is_bypass": alert.is_bypass,
        "first_seen": alert.first_seen,
        "last_seen": alert.last_seen,
        "hit_count": alert.hit_count,
        "identity": identity_out(alert.identity, full=full),
        "triaged_at": alert.triaged_at,
        "triage_note": alert.triage_note,
        "false_positive_reason": alert.false_positive_reason,
        "concern": {"id": concern.pk, "reference": concern.reference, "status": concern.status}
        if concern
        else None,
    }


def _alert_out(request: HttpRequest, alert: Alert) -> dict[str, Any]:
    provider = _provider(request)
    return alert_out(alert, theme_names(provider), full=sees_identities(request.user, provider))


def _reloaded(request: HttpRequest, alert: Alert) -> dict[str, Any]:
    return _alert_out(request, get_alert_for_user(request.user, _provider(request), alert.pk))


# --- alerts -------------------------------------------------------------------------------------


@router.get(
    "/alerts",
    response=AlertPageOut,
    summary="Alerts, open and critical first (pseudonymised for the IT manager)",
)
@api_requires("online_safety.view_alerts")
def list_alerts(request: HttpRequest, filters: Query[AlertFilters]) -> dict[str, Any]:
    provider = _provider(request)
    filterset = AlertFilterSet(
        request.GET, queryset=alerts_for_user(request.user, provider), request=request
    )
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.get_json_data())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(_page(request))
    names = theme_names(provider)
    full = sees_identities(request.user, provider)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [alert_out(a, names, full=full) for a in page.object_list],
    }


@router.get(
    "/alerts/{alert_id}",
    response=AlertDetailOut,
    summary="One alert with its hits (audited)",
)
@api_requires("online_safety.view_alerts")
def get_alert(request: HttpRequest, alert_id: uuid.UUID) -> dict[str, Any]:
    alert = get_alert_for_user(request.user, _provider(request), alert_id)
    alert_record_view(actor=request.user, alert=alert, via="api")
    events = [
        {
            "occurred_at": e.occurred_at,
            "action": e.action,
            "host": e.host,
            "url": e.url,
            "kind": e.kind,
            "matched": e.matched,
            "search_terms": e.search_terms,
            "severity": e.severity,
        }
        for e in alert_events(alert)[:MAX_EVENTS_SHOWN]
    ]
    return _alert_out(request, alert) | {"events": events}


@router.post(
    "/alerts/{alert_id}/acknowledge",
    response=AlertOut,
    summary="Acknowledge an alert (with an optional note)",
    description="An alert already acknowledged, marked a false positive or turned into a "
    "concern answers 409.",
)
@api_requires("online_safety.triage_alerts")
def acknowledge_alert(request: HttpRequest, alert_id: uuid.UUID, payload: AcknowledgeIn) -> Any:
    alert = get_alert_for_user(request.user, _provider(request), alert_id)
    return _reloaded(request, alert_acknowledge(actor=request.user, alert=alert, note=payload.note))


@router.post(
    "/alerts/{alert_id}/false-positive",
    response=AlertOut,
    summary="Mark an alert a false positive (the reason is required)",
    description="An empty reason answers 422; an alert already closed answers 409.",
)
@api_requires("online_safety.triage_alerts")
def false_positive(request: HttpRequest, alert_id: uuid.UUID, payload: FalsePositiveIn) -> Any:
    alert = get_alert_for_user(request.user, _provider(request), alert_id)
    marked = alert_mark_false_positive(actor=request.user, alert=alert, reason=payload.reason)
    return _reloaded(request, marked)


@router.post(
    "/alerts/{alert_id}/concern",
    response={201: AlertConcernRefOut},
    summary="Raise a concern in the referral pathway from an alert (no re-keying)",
    description=(
        "The subject is the person the identity is linked to (else 'someone else'), the time "
        "the first hit, the description a summary of the hits unless one is given; the alert "
        "becomes concern_raised. A second concern, or a closed alert, answers 409."
    ),
)
@api_requires("online_safety.triage_alerts")
def raise_concern(
    request: HttpRequest, alert_id: uuid.UUID, payload: AlertRaiseConcernIn
) -> Status[dict[str, Any]]:
    alert = get_alert_for_user(request.user, _provider(request), alert_id)
    concern = alert_raise_concern(
        actor=request.user,
        alert=alert,
        category=payload.category,
        ideology=payload.ideology,
        description=payload.description,
    )
    return Status(201, {"id": concern.pk, "reference": concern.reference, "status": concern.status})


# --- identities ---------------------------------------------------------------------------------


@router.post(
    "/identities/{identity_id}/person",
    response=IdentityOut,
    summary="Link an identity to a learner or member of staff (null unlinks)",
    description="A person of another provider, or not in the register, answers 422.",
)
@api_requires("online_safety.link_identity")
def link_person(request: HttpRequest, identity_id: uuid.UUID, payload: LinkPersonIn) -> Any:
    provider = _provider(request)
    identity = get_identity_for_user(request.user, provider, identity_id)
    person = None
    if payload.person_id is not None:
        person = Person.objects.for_provider(provider).filter(pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": "No such person in your register."})
    linked = identity_link_person(actor=request.user, identity=identity, person=person)
    return identity_out(get_identity_for_user(request.user, provider, linked.pk), full=True)


@router.get(
    "/identities/{identity_id}/activity",
    response=IdentityActivityOut,
    summary="One identity's activity over at most 31 days (?from=&to=, audited)",
    description="More than 31 days, a malformed date or 'to' before 'from' answers 422.",
)
@api_requires("online_safety.view_identity_activity")
def get_activity(request: HttpRequest, identity_id: uuid.UUID) -> dict[str, Any]:
    identity = get_identity_for_user(request.user, _provider(request), identity_id)
    period = parse_period(request.GET.get("from"), request.GET.get("to"), timezone.localdate())
    identity_record_view(actor=request.user, identity=identity, period=period)
    activity = identity_activity(identity, period)
    return {
        "identity": identity_out(identity, full=True),
        "date_from": period.start,
        "date_to": period.end,
        "requests": activity.requests,
        "blocked": activity.blocked,
        "flagged": activity.event_count,
        "alerts": [a.pk for a in activity.alerts],
        "hours": [vars(h) for h in activity.hours],
        "top_sites": [vars(s) for s in activity.sites],
    }


# --- police shares ------------------------------------------------------------------------------


def share_out(share: PoliceShare) -> dict[str, Any]:
    by = share.shared_by
    return {
        "id": share.pk,
        "period_start": share.period_start,
        "period_end": share.period_end,
        "recipient": share.recipient,
        "note": share.note,
        "shared_at": share.created_at,
        "shared_by": (by.get_full_name() or by.username) if by else "",
        "rows": share.rows,
    }


@router.get(
    "/police-shares",
    response=list[PoliceShareOut],
    summary="What was shared with the police Prevent team (most recent first)",
)
@api_requires("online_safety.share_with_police")
def list_shares(request: HttpRequest) -> list[dict[str, Any]]:
    return [share_out(s) for s in shares_for_user(request.user, _provider(request))[:200]]


@router.post(
    "/police-shares",
    response={201: PoliceShareOut},
    summary="Record a share of the most attempted blocked sites (domains and counts only)",
    description="A period ending in the future, longer than 366 days, or with no blocked "
    "attempts recorded answers 422.",
)
@api_requires("online_safety.share_with_police")
def create_share(request: HttpRequest, payload: PoliceShareIn) -> Status[dict[str, Any]]:
    share = police_share_create(
        actor=request.user,
        provider=_provider(request),
        today=timezone.localdate(),
        **payload.dict(),
    )
    return Status(201, share_out(share))


# --- the daily report ---------------------------------------------------------------------------


@reports_router.get(
    "/daily-it",
    response=DailyReportOut,
    summary="The daily online-safety report for ?date=YYYY-MM-DD (default yesterday)",
    description="Counts and pseudonyms only. A malformed or future date answers 422. Each "
    "reader's first reading of a day's report is recorded.",
)
@api_requires("online_safety.view_daily_report")
def daily_it(request: HttpRequest, query: Query[DailyReportQuery]) -> dict[str, Any]:
    provider = _provider(request)
    day = parse_report_date(request.GET.get("date"))
    report = daily_report_for(provider, day)
    report_record_read(user=request.user, provider=provider, day=day)
    out = report_as_dict(report)
    return out | {"date": day.isoformat()}
