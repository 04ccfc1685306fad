"""In-app notifications. A notification says that something needs attention and links to it;
it never carries case content, so it is safe in an inbox, on a lock screen or in an email."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from preventhub.core.scoping import ProviderScopedModel


class Notification(ProviderScopedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=200)
    url = models.CharField(max_length=300)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta(ProviderScopedModel.Meta):
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notif_inbox")]

    def __str__(self) -> str:
        return self.message
