"""The signed-in user's notifications at the provider they work at: list, open, mark read."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from preventhub.core.access import signed_in
from preventhub.notifications.models import Notification
from preventhub.notifications.services import mark_read

PAGE_SIZE = 30


def _mine(request: HttpRequest) -> QuerySet[Notification]:
    provider = getattr(request, "provider", None)
    if provider is None:
        raise Http404("No provider selected.")
    mine: QuerySet[Notification] = Notification.objects.for_provider(provider).filter(
        user=request.user
    )
    return mine


@signed_in
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = _mine(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@signed_in
def notification_open(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Mark one notification read and follow its link (only ever a path inside this site)."""
    note = _mine(request).filter(pk=pk).first()
    if note is None:
        raise Http404("No such notification.")
    if note.read_at is None:
        Notification.unscoped.filter(pk=note.pk).update(read_at=timezone.now())
    safe = url_has_allowed_host_and_scheme(note.url, allowed_hosts=None) and note.url.startswith(
        "/"
    )
    return redirect(note.url if safe else "notifications:list")


@require_POST
@signed_in
def notification_read_all(request: HttpRequest) -> HttpResponse:
    provider = getattr(request, "provider", None)
    if provider is None:
        raise Http404("No provider selected.")
    count = mark_read(request.user, provider)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")
