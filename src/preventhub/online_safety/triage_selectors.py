"""Reads for online-safety alerts, always through what the user may see.

The safeguarding team (dsl, deputy_dsl) sees alerts in full: the identity's user name
(decrypted) and the person it is linked to. The IT manager sees the same alerts pseudonymised:
the identity's pseudonym only, never the user name or the person. An alert of another provider,
or any alert for someone without the permission, is reported as not existing (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from preventhub.concerns.selectors import CONCERN_NARRATIVES
from preventhub.core.models import Provider
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import Alert, Category, FlaggedEvent, Identity

# Open alerts first, then acknowledged ones, then the closed; within each, critical first.
STATUS_ORDER = {AlertStatus.OPEN: 0, AlertStatus.ACKNOWLEDGED: 1}
SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.LOW: 3}
MAX_EVENTS_SHOWN = 200


def sees_identities(user: Any, provider: Provider) -> bool:
    """Whether the user may see who is behind a pseudonym (the safeguarding team only)."""
    return bool(user.has_perm("online_safety.link_identity", provider))


def _rank(field: str, order: dict[Any, int]) -> Case:
    whens = [When(**{field: key}, then=Value(rank)) for key, rank in order.items()]
    return Case(*whens, default=Value(len(order)), output_field=IntegerField())


def alerts_for_user(user: Any, provider: Provider) -> QuerySet[Alert]:
    """The provider's alerts for anyone who may see alerts, open and critical first."""
    alerts: QuerySet[Alert] = Alert.objects.for_provider(provider)
    if not user.has_perm("online_safety.view_alerts", provider):
        return alerts.none()
    alerts = alerts.select_related("identity", "identity__person", "concern").defer(
        *(f"concern__{name}" for name in CONCERN_NARRATIVES), "identity__person__support_needs"
    )
    if not sees_identities(user, provider):
        # The IT manager never sees who is behind a pseudonym: not even decrypted in memory.
        alerts = alerts.defer("identity__username")
    return alerts.annotate(
        status_rank=_rank("status", STATUS_ORDER),
        severity_rank=_rank("severity", SEVERITY_ORDER),
    ).order_by("status_rank", "severity_rank", "-last_seen")


def get_alert_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Alert:
    """The access gate for an alert: the alert, or 404."""
    try:
        found: Alert = alerts_for_user(user, provider).get(pk=pk)
    except (Alert.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such alert.") from exc
    return found


def get_identity_for_user(user: Any, provider: Provider, pk: uuid.UUID | str) -> Identity:
    """The access gate for an identity's activity: the safeguarding team only, else 404."""
    identities: QuerySet[Identity] = Identity.objects.for_provider(provider)
    if not user.has_perm("online_safety.view_identity_activity", provider):
        identities = identities.none()
    try:
        found: Identity = identities.select_related("person", "linked_by").get(pk=pk)
    except (Identity.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such identity.") from exc
    return found


def alert_events(alert: Alert) -> QuerySet[FlaggedEvent]:
    """The alert's hits, oldest first (the order they happened in)."""
    return (
        FlaggedEvent.objects.filter(provider_id=alert.provider_id, alert=alert)
        .select_related("source")
        .order_by("occurred_at", "id")
    )


def theme_names(provider: Provider) -> dict[str, str]:
    """Category keys to their names; a keyword theme without a category shows as its key."""
    return dict(Category.objects.for_provider(provider).values_list("key", "name"))


@dataclass(frozen=True)
class IdentityShown:
    """How an identity is shown to this user: always the pseudonym; the user name and the
    linked person only to the safeguarding team."""

    pseudonym: str
    username: str | None
    person: Any | None
    is_guest: bool

    @property
    def label(self) -> str:
        if self.person is not None:
            return f"{self.person.full_name} ({self.pseudonym})"
        if self.username:
            return f"{self.username} ({self.pseudonym})"
        return self.pseudonym


def identity_shown(identity: Identity, *, full: bool) -> IdentityShown:
    if not full:
        return IdentityShown(identity.pseudonym, None, None, identity.is_guest)
    return IdentityShown(
        identity.pseudonym, identity.username or "", identity.person, identity.is_guest
    )


def theme_label(theme: str, names: dict[str, str]) -> str:
    return names.get(theme) or theme.replace("-", " ").replace("_", " ").capitalize()
