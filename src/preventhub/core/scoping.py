"""Provider scoping: the only easy way to query provider data is through a provider.

``Model.objects`` on a provider-scoped model refuses to build an unscoped queryset; callers
write ``Model.objects.for_provider(provider)``. The explicit escape hatch ``Model.unscoped`` is
for system jobs (migrations, retention, audit verification) and is easy to find in review.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Manager as PlainManager

if TYPE_CHECKING:
    from preventhub.core.models import Provider


class UnscopedQueryError(RuntimeError):
    """Raised when provider data is queried without naming the provider."""


class ScopedManager(models.Manager[Any]):
    def get_queryset(self) -> models.QuerySet[Any]:
        raise UnscopedQueryError(
            f"{self.model.__name__}.objects must be scoped: "
            f"use {self.model.__name__}.objects.for_provider(provider)."
        )

    def for_provider(self, provider: Provider | int) -> models.QuerySet[Any]:
        provider_id = provider if isinstance(provider, int) else provider.pk
        return super().get_queryset().filter(provider_id=provider_id)

    def for_providers(self, provider_ids: list[int]) -> models.QuerySet[Any]:
        return super().get_queryset().filter(provider_id__in=provider_ids)


class ProviderScopedModel(models.Model):
    """Base for every record that belongs to one provider (the data controller)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey("core.Provider", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    unscoped = PlainManager()
    objects = ScopedManager()

    class Meta:
        abstract = True
        # Reverse relations and serialisers use the plain manager; the relation already scopes.
        default_manager_name = "unscoped"

    def same_provider(self, other: Self | Any) -> bool:
        return bool(getattr(other, "provider_id", None) == self.provider_id)
