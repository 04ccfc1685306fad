"""Reads on the referral pathway, always through the user's role and relationship.

A concern the user may not see is reported as not existing (404), never as forbidden.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from preventhub.accounts.models import RoleAssignment, User
from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.concerns.choices import Status, SubjectType
from preventhub.concerns.models import (
    Attachment,
    CaseAction,
    ChronologyEntry,
    Concern,
    RotaSlot,
    SafeguardingSettings,
)
from preventhub.concerns.permissions import TEAM
from preventhub.core.models import Provider

# The concern's encrypted free text: deferred where a list shows only its reference or status.
CONCERN_NARRATIVES = ("description", "location", "outcome", "subject_name")


def users_holding(provider: Provider, roles: Iterable[str]) -> list[User]:
    """Active users with any of ``roles`` (unexpired) at ``provider``."""
    now = timezone.now()
    ids = (
        RoleAssignment.objects.for_provider(provider)
        .filter(role__in=list(roles))
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "username"))


def team_to_notify(provider: Provider, subject_type: str) -> list[User]:
    """The safeguarding team, and hr as well when the concern is about a member of staff."""
    roles = [*TEAM, *([Role.HR] if subject_type == SubjectType.STAFF else [])]
    return users_holding(provider, roles)


def visible_concerns(user: Any, provider: Provider) -> QuerySet[Concern]:
    """Concerns whose content the user may see: all for the team, staff subjects for hr."""
    roles = roles_for(user, provider)
    concerns = Concern.objects.for_provider(provider)
    if roles & set(TEAM):
        return concerns
    if Role.HR in roles:
        return concerns.filter(subject_type=SubjectType.STAFF)
    return concerns.none()


def get_concern_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Concern:
    try:
        # The provider too: the case page's panels read it (choosing owners and leads).
        return (
            visible_concerns(user, provider)
            .select_related("lead", "subject_person", "provider")
            .get(pk=pk)
        )
    except (Concern.DoesNotExist, ValueError) as exc:
        raise Http404("No such concern.") from exc


def own_concerns(user: Any, provider: Provider) -> QuerySet[Concern]:
    """What a reporter may see of the concerns they raised: the list, never the content."""
    return Concern.objects.for_provider(provider).filter(reporter=user)


def get_own_concern(user: Any, provider: Provider, pk: uuid.UUID | str) -> Concern:
    try:
        return own_concerns(user, provider).get(pk=pk)
    except (Concern.DoesNotExist, ValueError) as exc:
        raise Http404("No such concern.") from exc


INBOX_FILTERS = {
    "triage": Q(status__in=[Status.NEW, Status.IN_TRIAGE]),
    "open": Q(status=Status.OPEN),
    "closed": Q(status=Status.CLOSED),
    "all": Q(),
}


def inbox(user: Any, provider: Provider, view: str = "triage") -> QuerySet[Concern]:
    condition = INBOX_FILTERS.get(view, INBOX_FILTERS["triage"])
    return (
        visible_concerns(user, provider)
        .filter(condition)
        .select_related("lead")
        .order_by("-immediate_risk", "-created_at")
        if view == "triage"
        else visible_concerns(user, provider)
        .filter(condition)
        .select_related("lead")
        .order_by("-created_at")
    )


def inbox_counts(user: Any, provider: Provider) -> dict[str, int]:
    """Concerns to triage and open cases; counted in the database (one row per status), since
    a large provider has thousands of open cases."""
    concerns = visible_concerns(user, provider)
    counts = {"triage": 0, "open": 0}
    for row in (
        concerns.filter(status__in=[Status.NEW, Status.IN_TRIAGE, Status.OPEN])
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = "open" if row["status"] == Status.OPEN else "triage"
        counts[key] += row["n"]
    return counts


def chronology(concern: Concern, *, include_superseded: bool = False) -> QuerySet[ChronologyEntry]:
    entries = ChronologyEntry.objects.for_provider(concern.provider_id).filter(concern=concern)
    if not include_superseded:
        entries = entries.filter(superseded=False)
    return entries.order_by("occurred_at", "created_at")


def entry_versions(entry: ChronologyEntry) -> QuerySet[ChronologyEntry]:
    return (
        ChronologyEntry.objects.for_provider(entry.provider_id)
        .filter(root_id=entry.root_id or entry.pk)
        .order_by("version")
    )


def _in_case[M: ChronologyEntry | CaseAction | Attachment](
    model: type[M], concern: Concern, pk: uuid.UUID | str, what: str
) -> M:
    """A record of one case, found only through that case (another case's id answers 404)."""
    try:
        found: M = model.objects.for_provider(concern.provider_id).get(concern=concern, pk=pk)
    except (model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(f"No such {what}.") from exc
    return found


def get_entry(concern: Concern, pk: uuid.UUID | str) -> ChronologyEntry:
    return _in_case(ChronologyEntry, concern, pk, "chronology entry")


def get_action(concern: Concern, pk: uuid.UUID | str) -> CaseAction:
    return _in_case(CaseAction, concern, pk, "action")


def get_attachment(concern: Concern, pk: uuid.UUID | str) -> Attachment:
    return _in_case(Attachment, concern, pk, "document")


def my_open_actions(user: Any, provider: Provider) -> QuerySet[CaseAction]:
    return (
        CaseAction.objects.for_provider(provider)
        .filter(owner=user, completed_at=None)
        .select_related("concern")
        # Lists show the case's reference: its narratives are not decrypted for that.
        .defer(*(f"concern__{name}" for name in CONCERN_NARRATIVES))
        .order_by("due_on")
    )


def settings_for(provider: Provider) -> SafeguardingSettings:
    found, _ = SafeguardingSettings.objects.get_or_create(provider=provider)
    return found


def on_call_now(provider: Provider, when: Any = None) -> User | None:
    """Who the rota says covers urgent concerns at ``when`` (None: use the default contact)."""
    when = when or timezone.now()
    slot = (
        RotaSlot.objects.for_provider(provider)
        .filter(starts_at__lte=when, ends_at__gt=when, contact__is_active=True)
        .select_related("contact")
        .order_by("-starts_at")
        .first()
    )
    return slot.contact if slot else None


def acknowledgement_names(provider: Provider) -> list[str]:
    """Names the reporter is told: the designated safeguarding lead(s)."""
    leads = users_holding(provider, [Role.DSL])
    return [u.get_full_name() or u.username for u in leads]


def oldest_waiting(user: Any, provider: Provider) -> Any:
    """When the longest-waiting untriaged concern the user may see was raised (or None)."""
    return (
        visible_concerns(user, provider)
        .filter(status=Status.NEW)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
