"""Reads for filtering governance, always through what the user may see.

A record the user may not see answers 404, never 403: another provider's decision, someone
else's unblock request for a learner or member of staff, any review for a learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.accounts.roles import Role
from preventhub.concerns.selectors import users_holding
from preventhub.core.models import Provider
from preventhub.filtering.choices import (
    OPENING_DECISIONS,
    PERSON_KINDS,
    CheckResult,
    RequestStatus,
    ResponsibilityKind,
    ReviewStatus,
)
from preventhub.filtering.models import (
    Decision,
    DeviceType,
    Responsibility,
    Review,
    TestCheck,
    TestRun,
    TestUrl,
    UnblockRequest,
)
from preventhub.filtering.permissions import DECIDE, EDIT, RECORD_TESTS, REQUEST, VIEW
from preventhub.filtering.services import settings_for
from preventhub.transfers.schooldays import is_school_day


def _get[M: Decision | Review | TestRun | TestCheck | TestUrl | UnblockRequest | Responsibility](
    queryset: QuerySet[M], pk: Any, what: str
) -> M:
    try:
        found: M = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(f"No such {what}.") from exc
    return found


# --- responsibilities ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Responsibilities:
    senior_leader: Responsibility | None
    governor: Responsibility | None
    filtering: list[Responsibility]
    monitoring: list[Responsibility]
    history: list[Responsibility]


def responsibilities(provider: Provider) -> Responsibilities:
    """Who is named now and what is in use now, and every earlier row (newest first)."""
    rows = list(
        Responsibility.objects.for_provider(provider)
        .select_related("user")
        .order_by("-from_date", "-created_at")
    )
    current = [r for r in rows if r.to_date is None]

    def first(kind: str) -> Responsibility | None:
        return next((r for r in current if r.kind == kind), None)

    return Responsibilities(
        senior_leader=first(ResponsibilityKind.SENIOR_LEADER),
        governor=first(ResponsibilityKind.GOVERNOR),
        filtering=[r for r in current if r.kind == ResponsibilityKind.FILTERING],
        monitoring=[r for r in current if r.kind == ResponsibilityKind.MONITORING],
        history=[r for r in rows if r.to_date is not None],
    )


def get_responsibility_to_end(user: Any, provider: Provider, pk: Any) -> Responsibility:
    rows: QuerySet[Responsibility] = Responsibility.objects.for_provider(provider)
    if not user.has_perm(EDIT, provider):
        rows = rows.none()
    return _get(rows.filter(to_date__isnull=True), pk, "responsibility")


def people_for(provider: Provider, kind: str) -> list[User]:
    """Who may be named: the provider's senior leaders, or its governors with an account."""
    role = Role.SENIOR_LEADER if kind == ResponsibilityKind.SENIOR_LEADER else Role.GOVERNOR
    return users_holding(provider, [role]) if kind in PERSON_KINDS else []


# --- decisions ----------------------------------------------------------------------------------


NOT_SUPERSEDED = {"superseded": False}  # a dict: the annotation is unknown to the type checker


def with_superseded(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Each decision marked ``superseded`` when a later one on the same target exists."""
    later = Decision.unscoped.filter(
        provider_id=OuterRef("provider_id"),
        target_kind=OuterRef("target_kind"),
        target=OuterRef("target"),
        decided_at__gt=OuterRef("decided_at"),
    )
    return decisions.annotate(superseded=Exists(later))


def decisions_for_user(user: Any, provider: Provider) -> QuerySet[Decision]:
    if not user.has_perm(VIEW, provider):
        return Decision.objects.for_provider(provider).none()
    return with_superseded(Decision.objects.for_provider(provider))


def get_decision_for_user(user: Any, provider: Provider, pk: Any) -> Decision:
    return _get(decisions_for_user(user, provider), pk, "decision")


def past_review(provider: Provider, today: date) -> QuerySet[Decision]:
    """Allow and unblock decisions whose review date has passed with no later decision on the
    same target (oldest first)."""
    return (
        with_superseded(Decision.objects.for_provider(provider))
        .filter(decision__in=OPENING_DECISIONS, review_on__lt=today)
        .filter(**NOT_SUPERSEDED)
        .order_by("review_on")
    )


# --- reviews ------------------------------------------------------------------------------------


def reviews_for_user(user: Any, provider: Provider) -> QuerySet[Review]:
    if not user.has_perm(VIEW, provider):
        return Review.objects.for_provider(provider).none()
    return Review.objects.for_provider(provider).defer("findings")


def get_review_for_user(user: Any, provider: Provider, pk: Any) -> Review:
    reviews: QuerySet[Review] = Review.objects.for_provider(provider)
    if not user.has_perm(VIEW, provider):
        reviews = reviews.none()
    return _get(reviews.prefetch_related("actions__risk_action"), pk, "review")


def last_signed_off(provider: Provider) -> Review | None:
    found: Review | None = (
        Review.objects.for_provider(provider)
        .filter(status=ReviewStatus.SIGNED_OFF)
        .defer("findings")
        .order_by("-reviewed_on")
        .first()
    )
    return found


def review_due_on(provider: Provider) -> date | None:
    """Twelve months after the last signed-off review (None: there has been none)."""
    last = last_signed_off(provider)
    return add_months(last.reviewed_on, 12) if last else None


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has 28 days


# --- filter tests -------------------------------------------------------------------------------


def device_types(provider: Provider, *, active_only: bool = False) -> QuerySet[DeviceType]:
    rows = DeviceType.objects.for_provider(provider)
    return rows.filter(is_active=True) if active_only else rows


def addresses(provider: Provider) -> QuerySet[TestUrl]:
    """The test addresses, active first."""
    return (
        TestUrl.objects.for_provider(provider)
        .prefetch_related("device_types")
        .order_by("-is_active", "category", "url")
    )


def get_test_url_for_user(user: Any, provider: Provider, pk: Any) -> TestUrl:
    rows = addresses(provider) if user.has_perm(RECORD_TESTS, provider) else None
    if rows is None:
        raise Http404("No such test address.")
    return _get(rows, pk, "test address")


def get_device_for_user(user: Any, provider: Provider, pk: Any) -> DeviceType:
    if not user.has_perm(RECORD_TESTS, provider):
        raise Http404("No such device type.")
    try:
        found: DeviceType = DeviceType.objects.for_provider(provider).get(pk=pk)
    except (DeviceType.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such device type.") from exc
    return found


def runs_for_user(user: Any, provider: Provider) -> QuerySet[TestRun]:
    if not user.has_perm(VIEW, provider):
        return TestRun.objects.for_provider(provider).none()
    return TestRun.objects.for_provider(provider).select_related("device_type")


def get_run_for_user(user: Any, provider: Provider, pk: Any) -> TestRun:
    return _get(runs_for_user(user, provider), pk, "test run")


def get_check_to_follow_up(user: Any, provider: Provider, pk: Any) -> TestCheck:
    rows: QuerySet[TestCheck] = TestCheck.objects.for_provider(provider).select_related(
        "test_url", "device_type", "run"
    )
    if not user.has_perm(RECORD_TESTS, provider):
        rows = rows.none()
    return _get(rows.filter(result=CheckResult.NOT_BLOCKED), pk, "failed check")


def open_failures(provider: Provider) -> QuerySet[TestCheck]:
    """Failures with no later check of the same address on the same device type that passed."""
    passed_later = TestCheck.unscoped.filter(
        provider_id=OuterRef("provider_id"),
        test_url_id=OuterRef("test_url_id"),
        device_type_id=OuterRef("device_type_id"),
        checked_at__gt=OuterRef("checked_at"),
        result=CheckResult.BLOCKED,
    )
    checks: QuerySet[TestCheck] = TestCheck.objects.for_provider(provider)
    return (
        checks.filter(result=CheckResult.NOT_BLOCKED)
        .annotate(retested=Exists(passed_later))
        .filter(retested=False)
        .select_related("test_url", "device_type", "run")
        .order_by("checked_at")
    )


@dataclass(frozen=True)
class Coverage:
    """One device type: its last run and whether it is due another."""

    device: DeviceType
    last_run: datetime | None
    due_on: date
    days_overdue: int

    @property
    def never_tested(self) -> bool:
        return self.last_run is None

    @property
    def due(self) -> bool:
        return self.days_overdue >= 0


def coverage(provider: Provider, now: datetime | None = None) -> list[Coverage]:
    """Each active device type, the most overdue first (never tested: due today)."""
    today = timezone.localdate(now or timezone.now())
    interval = settings_for(provider).test_interval_days
    rows = []
    for device in device_types(provider, active_only=True).annotate(last=Max("runs__run_at")):
        last = device.last  # annotated above
        due = timezone.localdate(last) + timedelta(days=interval) if last else today
        rows.append(Coverage(device, last, due, (today - due).days))
    return sorted(rows, key=lambda c: (-c.days_overdue, c.device.position, c.device.name))


def last_run_at(provider: Provider) -> datetime | None:
    found: datetime | None = TestRun.objects.for_provider(provider).aggregate(m=Max("run_at"))["m"]
    return found


# --- unblock requests ---------------------------------------------------------------------------


def requests_for_user(user: Any, provider: Provider) -> QuerySet[UnblockRequest]:
    """Every request for the register readers (names only for the deciders, in templates and
    the API); a requester's own requests for learners and staff."""
    rows = UnblockRequest.objects.for_provider(provider).select_related("decision")
    if user.has_perm(VIEW, provider) or user.has_perm(DECIDE, provider):
        return rows
    if user.has_perm(REQUEST, provider):
        return rows.filter(requester=user)
    return rows.none()


def own_requests(user: Any, provider: Provider) -> QuerySet[UnblockRequest]:
    if not user.has_perm(REQUEST, provider):
        return UnblockRequest.objects.for_provider(provider).none()
    return UnblockRequest.objects.for_provider(provider).filter(requester=user)


def get_request_for_user(user: Any, provider: Provider, pk: Any) -> UnblockRequest:
    """The register readers see any request; anyone else only their own."""
    rows: QuerySet[UnblockRequest] = UnblockRequest.objects.for_provider(provider)
    rows = rows.select_related("decision")
    if not (user.has_perm(VIEW, provider) or user.has_perm(DECIDE, provider)):
        rows = rows.filter(requester=user) if user.has_perm(REQUEST, provider) else rows.none()
    return _get(rows, pk, "request")


def get_request_to_decide(user: Any, provider: Provider, pk: Any) -> UnblockRequest:
    rows: QuerySet[UnblockRequest] = UnblockRequest.objects.for_provider(provider)
    return _get(rows if user.has_perm(DECIDE, provider) else rows.none(), pk, "request")


def school_days_between(start: date, end: date) -> int:
    """School days after ``start`` up to and including ``end``."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_school_day(day)
    return days


def waiting_too_long(provider: Provider, now: datetime | None = None) -> list[UnblockRequest]:
    """Pending requests older than the settings' school days (oldest first)."""
    today = timezone.localdate(now or timezone.now())
    limit = settings_for(provider).request_wait_school_days
    pending = (
        UnblockRequest.objects.for_provider(provider)
        .filter(status=RequestStatus.PENDING)
        .defer("reason")
        .order_by("created_at")
    )
    return [
        r for r in pending if school_days_between(timezone.localdate(r.created_at), today) > limit
    ]


def pending_count(provider: Provider) -> int:
    return int(
        UnblockRequest.objects.for_provider(provider).filter(status=RequestStatus.PENDING).count()
    )
