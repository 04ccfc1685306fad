"""Telling the people who triage that alerts are waiting: the provider's dsl, deputy_dsl and
it_manager, with a fixed phrase and a link — never a URL, term or name from the logs.

A big first ingestion can raise hundreds of alerts; past ``PER_INGESTION`` the rest are
announced once, linking to the alert list, so nobody receives hundreds of e-mails.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.concerns.selectors import users_holding
from preventhub.core.models import Provider
from preventhub.notifications.services import notify

MESSAGE = "An online-safety alert needs triage"
PER_INGESTION = 10


def notify_new_alerts(provider_id: int, alerts: list[Any]) -> None:
    if not alerts:
        return
    provider = Provider.objects.get(pk=provider_id)
    people = users_holding(provider, [Role.DSL, Role.DEPUTY_DSL, Role.IT_MANAGER])
    if not people:
        return
    for alert in alerts[:PER_INGESTION]:
        url = reverse("online_safety:alert_detail", kwargs={"pk": alert.pk})
        notify(provider=provider, users=people, message=MESSAGE, url=url)
    if len(alerts) > PER_INGESTION:
        notify(
            provider=provider,
            users=people,
            message=MESSAGE,
            url=reverse("online_safety:alert_list"),
        )
