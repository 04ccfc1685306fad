"""The training home-page panel: your questionnaires and what is due for you; for those who
manage training, how many need to act."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from preventhub.training.choices import ACTION_STATUSES
from preventhub.training.compliance import load
from preventhub.training.questionnaires import questionnaires_due
from preventhub.training.selectors import own_person


def panel_context(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    today = timezone.localdate()
    person = own_person(request.user, provider)
    context: dict[str, Any] = {"linked": person is not None, "questionnaires": [], "due": 0}
    if person is not None:
        context["questionnaires"] = questionnaires_due(person, today)
        data = load(provider, people=[person.pk])
        standing = data.standing(data.members[0], today) if data.members else None
        if standing is not None:
            context["due"] = sum(1 for i in standing.items if i.status in ACTION_STATUSES)
    return context
