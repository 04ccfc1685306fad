"""Reads of the people register, always starting from what the user may see."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from preventhub.accounts.selectors import roles_for
from preventhub.core.models import Provider
from preventhub.people.choices import PersonKind
from preventhub.people.models import Person
from preventhub.people.permissions import SEES_ALL_PEOPLE, SEES_STAFF


def person_visibility(user: Any, provider: Provider) -> str:
    """Which part of the register the user may see: "all", "staff" or "none"."""
    roles = roles_for(user, provider)
    if roles & set(SEES_ALL_PEOPLE):
        return "all"
    if roles & set(SEES_STAFF):
        return "staff"
    return "none"


def person_list_for_user(user: Any, provider: Provider) -> QuerySet[Person]:
    """The people this user may see at ``provider``.

    Support needs are deferred: they are decrypted only when a page that may show them (to
    the safeguarding team) reads them.
    """
    people = (
        Person.objects.for_provider(provider)
        .select_related("site", "department")
        .defer("support_needs")
    )
    scope = person_visibility(user, provider)
    if scope == "all":
        return people
    if scope == "staff":
        return people.filter(kind=PersonKind.STAFF)
    return people.none()


def get_person_for_user(
    user: Any, provider: Provider, pk: uuid.UUID | str, action: str = "view"
) -> Person:
    """The access gate for a person: the person, or 404 if this user may not ``action`` them."""
    try:
        person = person_list_for_user(user, provider).get(pk=pk)
    except (Person.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such person.") from exc
    if not user.has_perm(f"people.{action}_person", person):
        raise Http404("No such person.")
    return person


def can_read_support_needs(user: Any, person: Person) -> bool:
    return bool(user.has_perm("people.view_support_needs", person))
