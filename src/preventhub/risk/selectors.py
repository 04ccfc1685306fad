"""Reads of the risk assessment, always through what the user may see.

A risk, action or version the user may not see (another provider's, or an action they neither
own nor may edit) is reported as not existing (404), never as forbidden.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment, User
from preventhub.core.models import Provider
from preventhub.risk.choices import OPEN_ACTION_STATUSES, Area, InputKind, VersionStatus
from preventhub.risk.models import (
    AssessmentInput,
    AssessmentVersion,
    Risk,
    RiskAction,
    RiskAssessment,
)
from preventhub.risk.permissions import ACTION_OWNER_ROLES, UPDATE_ACTION, VIEW


def assessment_for(provider: Provider) -> RiskAssessment:
    """The provider's assessment, or an unsaved empty one (reading never creates a row)."""
    found: RiskAssessment | None = RiskAssessment.objects.for_provider(provider).first()
    return found or RiskAssessment(provider=provider)


def risks(provider: Provider) -> QuerySet[Risk]:
    return Risk.objects.for_provider(provider).select_related("owner")


def in_template_order(rows: QuerySet[Risk]) -> QuerySet[Risk]:
    """Areas in the DfE template's order (not alphabetical), highest rating first in each."""
    position = Case(
        *(When(area=area, then=Value(i)) for i, area in enumerate(Area.values)),
        default=Value(len(Area.values)),
        output_field=IntegerField(),
    )
    return rows.alias(area_position=position).order_by(
        "area_position", "-inherent_score", "title", "pk"
    )


def risks_with_actions(provider: Provider) -> QuerySet[Risk]:
    """Every risk with its actions (and their owners) in two queries."""
    actions = RiskAction.objects.for_provider(provider).select_related("owner")
    return risks(provider).prefetch_related(Prefetch("actions", queryset=actions))


def _lookup[M: Risk | RiskAction | AssessmentVersion](
    rows: QuerySet[M], pk: uuid.UUID | str, what: str
) -> M:
    try:
        return rows.get(pk=pk)
    except (rows.model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(f"No such {what}.") from exc


def get_risk_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Risk:
    if not user.has_perm(VIEW, provider):
        raise Http404("No such risk.")
    return _lookup(risks(provider), pk, "risk")


def get_action_for_user(
    user: Any, provider: Provider, pk: uuid.UUID | str, action: str = "view"
) -> RiskAction:
    """``view``: readers of the assessment and the action's owner; ``update`` (status and
    evidence): editors and the owner. Anyone else is told it does not exist."""
    rows: QuerySet[RiskAction] = RiskAction.objects.for_provider(provider)
    found = _lookup(rows.select_related("risk", "owner"), pk, "action")
    allowed = user.has_perm(UPDATE_ACTION, found)
    if action == "view":
        allowed = allowed or user.has_perm(VIEW, provider)
    if not allowed:
        raise Http404("No such action.")
    return found


def my_actions(user: Any, provider: Provider) -> QuerySet[RiskAction]:
    return (
        RiskAction.objects.for_provider(provider)
        .filter(owner=user)
        .select_related("risk")
        .order_by("status", "due_on", "created_at")
    )


def my_open_action_count(user: Any, provider: Provider) -> int:
    return my_actions(user, provider).filter(status__in=OPEN_ACTION_STATUSES).count()


def overdue_actions(provider: Provider, today: Any = None) -> QuerySet[RiskAction]:
    today = today or timezone.localdate()
    return (
        RiskAction.objects.for_provider(provider)
        .filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)
        .select_related("risk", "owner")
        .order_by("due_on")
    )


def inputs(provider: Provider, kind: str | None = None) -> QuerySet[AssessmentInput]:
    rows = AssessmentInput.objects.for_provider(provider).select_related("recorded_by")
    return rows.filter(kind=kind) if kind else rows


def latest_input_dates(provider: Provider) -> dict[str, Any]:
    """The most recent learner consultation and partner input (None when none is recorded)."""
    found = dict.fromkeys(InputKind.values)
    rows = (
        AssessmentInput.objects.for_provider(provider)
        .order_by()
        .values("kind")
        .annotate(latest=Max("held_on"))
    )
    found.update({row["kind"]: row["latest"] for row in rows})
    return found


def versions(provider: Provider) -> QuerySet[AssessmentVersion]:
    return AssessmentVersion.objects.for_provider(provider).prefetch_related("signatures")


def get_version_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> AssessmentVersion:
    if not user.has_perm(VIEW, provider):
        raise Http404("No such version.")
    return _lookup(versions(provider).select_related("created_by"), pk, "version")


def latest_approved(provider: Provider) -> AssessmentVersion | None:
    found: AssessmentVersion | None = (
        versions(provider).filter(status=VersionStatus.APPROVED).order_by("-number").first()
    )
    return found


def awaiting_version(provider: Provider) -> AssessmentVersion | None:
    found: AssessmentVersion | None = (
        versions(provider).filter(status=VersionStatus.AWAITING).order_by("-number").first()
    )
    return found


def previous_version(version: AssessmentVersion) -> AssessmentVersion | None:
    """The approved version before ``version`` (what it is compared with)."""
    found: AssessmentVersion | None = (
        AssessmentVersion.objects.for_provider(version.provider_id)
        .filter(status=VersionStatus.APPROVED, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    return found


def _unexpired() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())


def possible_owners(provider: Provider) -> QuerySet[User]:
    """Active users working at the provider who may be given a risk or an action."""
    ids = (
        RoleAssignment.objects.for_provider(provider)
        .filter(role__in=ACTION_OWNER_ROLES)
        .filter(_unexpired())
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def action_counts(provider: Provider) -> dict[str, int]:
    """Open, overdue and done actions, counted in the database."""
    today = timezone.localdate()
    found = RiskAction.objects.for_provider(provider).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=OPEN_ACTION_STATUSES, due_on__lt=today)),
        done=Count("pk", filter=Q(status="done")),
    )
    return {k: int(v or 0) for k, v in found.items()}
