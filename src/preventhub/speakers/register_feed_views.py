"""The calendar feed of approved events: the page that makes (and revokes) a personal feed URL,
and the feed itself.

Calendar programs cannot sign in, so the feed URL carries a secret token
(``/speakers/calendar.ics?token=...``). ``feed_token`` below turns a valid token into its
user and provider for that one request (no session is made), and the view then passes through
the same ``requires`` gate as every page: the feed answers only while its user still holds a
role that may see it. A wrong or revoked token, or one whose user lost the role or was disabled,
answers 404. Signed in, without a token, the same URL downloads your own calendar file.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.speakers.register_calendar import (
    CONTENT_TYPE,
    MAX_EVENTS,
    calendar_events,
    feed_for_token,
    ical_text,
    live_feed,
)
from preventhub.speakers.register_services import (
    FEED_PERM,
    calendar_feed_create,
    calendar_feed_revoke,
    calendar_feed_used,
)

TOKEN_PARAM = "token"  # noqa: S105  (the name of the query parameter, not a secret)


class ProviderRequest(HttpRequest):
    provider: Provider


def feed_token(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """With ``?token=``: act as the feed's user at the feed's provider, or answer 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raw = request.GET.get(TOKEN_PARAM)
        if raw is not None:
            feed = feed_for_token(raw)
            if feed is None or not feed.user.has_perm(FEED_PERM, feed.provider):
                raise Http404("No such calendar feed.")
            request.user = feed.user
            request.provider = feed.provider  # type: ignore[attr-defined]
            calendar_feed_used(feed)
        return view(request, *args, **kwargs)

    return wrapper


@feed_token
@requires(FEED_PERM)
@require_GET
def calendar_feed(request: ProviderRequest) -> HttpResponse:
    events = calendar_events(request.user, request.provider)[:MAX_EVENTS]
    name = f"Approved events: {request.provider.name}"
    response = HttpResponse(ical_text(events, name=name), content_type=CONTENT_TYPE)
    disposition = "inline" if TOKEN_PARAM in request.GET else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="approved-events.ics"'
    response["Cache-Control"] = "no-store"
    return response


def _calendar_page(request: ProviderRequest, token: str = "") -> HttpResponse:
    feed_url = ""
    if token:
        path = f"{reverse('speakers:calendar_feed')}?{TOKEN_PARAM}={token}"
        feed_url = request.build_absolute_uri(path)
    context = {"feed": live_feed(request.user, request.provider), "feed_url": feed_url}
    return render(request, "speakers/register/calendar.html", context)


@requires(FEED_PERM)
@require_GET
def calendar_page(request: ProviderRequest) -> HttpResponse:
    return _calendar_page(request)


@requires(FEED_PERM)
@require_POST
def calendar_create(request: ProviderRequest) -> HttpResponse:
    """Shows the new URL in the answer to the POST itself: it is never stored, so it is shown
    once (reloading makes another URL and stops this one)."""
    _feed, raw = calendar_feed_create(actor=request.user, provider=request.provider)
    return _calendar_page(request, raw)


@requires(FEED_PERM)
@require_POST
def calendar_revoke(request: ProviderRequest) -> HttpResponse:
    if calendar_feed_revoke(actor=request.user, provider=request.provider):
        messages.success(request, "Your calendar feed URL no longer works.")
    else:
        messages.info(request, "You had no calendar feed URL to stop.")
    return redirect("speakers:calendar")
