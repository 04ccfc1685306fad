"""In-app notifications: listed for their user only, opened and marked read, no content."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.notifications.models import Notification
from preventhub.notifications.services import notify
from preventhub.testing.factories import make_concern

pytestmark = pytest.mark.django_db


def test_a_new_concern_appears_in_the_teams_notifications(
    login: Any, staff: Any, dsl: Any, provider: Any
) -> None:
    concern = make_concern(provider, staff, description="CANARY content")
    client = login(dsl)
    home = client.get("/").content.decode()
    assert "1 unread notification" in home
    page = client.get(reverse("notifications:list")).content.decode()
    assert "A new concern needs triage" in page
    assert "CANARY" not in page
    note = Notification.objects.for_provider(provider).get(user=dsl)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("concerns:detail", args=[concern.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    assert "unread notification" not in client.get("/").content.decode()


def test_others_notifications_are_not_found(
    login: Any, staff: Any, make_user: Any, provider: Any
) -> None:
    other = make_user(provider, Role.STAFF)
    note = notify(provider=provider, users=[other], message="For someone else", url="/")[0]
    client = login(staff)
    assert "For someone else" not in client.get(reverse("notifications:list")).content.decode()
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404


def test_mark_all_read_and_outside_links_are_not_followed(
    login: Any, staff: Any, provider: Any
) -> None:
    note = notify(provider=provider, users=[staff], message="Odd", url="https://evil.example/")[0]
    client = login(staff)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")
    notify(provider=provider, users=[staff], message="Two", url="/")
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.for_provider(provider).filter(read_at=None).exists()
