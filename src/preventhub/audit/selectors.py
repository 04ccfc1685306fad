"""Reads of the audit trail: a provider's users see that provider's events and nothing else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from preventhub.audit.models import AuditEvent
from preventhub.core.models import Provider

VIEW_TRAIL = "audit.view_trail"


def audit_events_for_user(user: Any, provider: Provider | None) -> QuerySet[AuditEvent]:
    """Events recorded at ``provider``, newest first; none unless the user may read the trail.

    Installation-wide events (no provider, e.g. key rotation) are left out: they belong to no
    one provider's users.
    """
    if provider is None or not user.has_perm(VIEW_TRAIL, provider):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(provider_id=provider.pk).order_by("-seq")


def get_audit_event_for_user(user: Any, provider: Provider | None, seq: int) -> AuditEvent:
    """The access gate for one event: the event, or 404 if it is not this user's to see."""
    event = audit_events_for_user(user, provider).filter(seq=seq).first()
    if event is None:
        raise Http404("No such audit event.")
    return event
