"""Unblock-request pages: asking (learners and staff), your own requests, the register (names
for those who decide only), one request, and the decision."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.filtering import permissions as perms
from preventhub.filtering.filters import RequestFilterSet
from preventhub.filtering.forms import DecideForm, UnblockRequestForm
from preventhub.filtering.models import UnblockRequest
from preventhub.filtering.selectors import (
    get_request_for_user,
    get_request_to_decide,
    own_requests,
    requests_for_user,
)
from preventhub.filtering.services import settings_for
from preventhub.filtering.unblock import (
    request_create,
    request_decide,
    request_record_view,
    requests_listed,
)
from preventhub.filtering.views import ProviderRequest, form_errors_from, posted, wants_partial

PAGE_SIZE = 25


@requires(perms.REQUEST)
@require_GET
def my_requests(request: ProviderRequest) -> HttpResponse:
    rows = own_requests(request.user, request.provider).defer("reason").order_by("-created_at")
    return render(request, "filtering/my_requests.html", {"requests": rows})


@requires(perms.REQUEST)
def request_new(request: ProviderRequest) -> HttpResponse:
    form = UnblockRequestForm(posted(request), initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("idempotency_key") or None
        try:
            asked = request_create(
                actor=request.user, provider=request.provider, idempotency_key=key, **data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(
                request,
                f"Your request for {asked.request.domain} is sent. You will be told of the "
                "decision here and by email.",
            )
            return redirect("filtering:request_detail", pk=asked.request.pk)
    return render(request, "filtering/request_form.html", {"form": form})


def _results(request: ProviderRequest) -> tuple[RequestFilterSet, QuerySet[UnblockRequest]]:
    filterset = RequestFilterSet(
        request.GET,
        queryset=requests_for_user(request.user, request.provider)
        .defer("reason")
        .order_by("-created_at"),
        request=request,
    )
    results: QuerySet[UnblockRequest] = (
        filterset.qs if filterset.is_valid() else filterset.qs.none()
    )
    return filterset, results


@requires(perms.VIEW)
@require_GET
def request_list(request: ProviderRequest) -> HttpResponse:
    """The register: names for those who decide (the read is audited), none for the others."""
    provider = request.provider
    filterset, results = _results(request)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    names = request.user.has_perm(perms.SEE_REQUESTERS, provider)
    if names:
        requests_listed(actor=request.user, provider=provider, rows=len(page.object_list))
    context = {
        "filter": filterset,
        "page": page,
        "names": names,
        "can_decide": request.user.has_perm(perms.DECIDE, provider),
    }
    template = (
        "filtering/partials/requests_table.html"
        if wants_partial(request)
        else "filtering/requests.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(perms.VIEW_OR_REQUEST)
@require_GET
def request_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    provider = request.provider
    unblock = get_request_for_user(request.user, provider, pk)
    own = unblock.requester_id == request.user.pk
    names = own or request.user.has_perm(perms.SEE_REQUESTERS, provider)
    request_record_view(actor=request.user, request=unblock)
    context = {
        "r": unblock,
        "own": own,
        "names": names,
        "can_decide": request.user.has_perm(perms.DECIDE, provider) and unblock.is_pending,
    }
    return render(request, "filtering/request_detail.html", context)


@requires(perms.DECIDE)
def request_decide_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    provider = request.provider
    unblock = get_request_to_decide(request.user, provider, pk)
    if not unblock.is_pending:
        messages.error(request, "This request has already been decided.")
        return redirect("filtering:request_detail", pk=unblock.pk)
    days = settings_for(provider).default_unblock_days
    form = DecideForm(
        posted(request),
        initial={"scope": "domain", "until": timezone.localdate() + timedelta(days=days)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            unblock = request_decide(actor=request.user, request=unblock, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            outcome = "approved" if unblock.decision_id else "refused"
            messages.success(
                request,
                f"The request is {outcome}; {unblock.requester_name or 'the requester'} is told.",
            )
            return redirect("filtering:request_detail", pk=unblock.pk)
    request_record_view(actor=request.user, request=unblock)
    return render(request, "filtering/request_decide.html", {"form": form, "r": unblock})
