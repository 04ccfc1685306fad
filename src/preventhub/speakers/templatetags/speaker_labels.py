"""Labels for the keys stored in lists (conditions, British values) on speaker pages."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from preventhub.accounts.roles import Role
from preventhub.speakers.choices import BritishValue, Condition

register = template.Library()


@register.filter
def condition_labels(keys: Iterable[str]) -> list[str]:
    labels = dict(Condition.choices)
    return [labels.get(k, k) for k in keys or ()]


@register.filter
def value_labels(keys: Iterable[str]) -> list[str]:
    labels = dict(BritishValue.choices)
    return [labels.get(k, k) for k in keys or ()]


@register.filter
def role_label(key: str) -> str:
    labels = dict(Role.choices)
    return str(labels.get(key, key))
