"""The block/allow decision log: the register (filters, htmx table), recording a decision, one
decision, and the CSV/XLSX export."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.core.exports import FORMATS, download, local_naive
from preventhub.filtering import permissions as perms
from preventhub.filtering.filters import DecisionFilterSet
from preventhub.filtering.forms import DecisionForm
from preventhub.filtering.models import Decision
from preventhub.filtering.selectors import decisions_for_user, get_decision_for_user
from preventhub.filtering.services import decision_record, export_recorded
from preventhub.filtering.views import ProviderRequest, form_errors_from, posted, wants_partial

PAGE_SIZE = 25
EXPORT_HEADER = [
    "Decided (UK time)", "Decision", "Applies to", "Domain, address or category", "Reason",
    "Unblocked until", "Review on", "Decided by", "Superseded by a later decision",
]  # fmt: skip


def _results(request: ProviderRequest) -> tuple[DecisionFilterSet, QuerySet[Decision]]:
    filterset = DecisionFilterSet(
        request.GET,
        queryset=decisions_for_user(request.user, request.provider).order_by("-decided_at"),
        request=request,
    )
    results: QuerySet[Decision] = filterset.qs if filterset.is_valid() else filterset.qs.none()
    return filterset, results


@requires(perms.VIEW)
@require_GET
def decision_list(request: ProviderRequest) -> HttpResponse:
    filterset, results = _results(request)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "today": timezone.localdate(),
        "can_record": request.user.has_perm(perms.EDIT, request.provider),
    }
    template = (
        "filtering/partials/decisions_table.html"
        if wants_partial(request)
        else "filtering/decisions.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@requires(perms.EDIT)
def decision_new(request: ProviderRequest) -> HttpResponse:
    initial = {
        "idempotency_key": uuid.uuid4().hex,
        "target_kind": request.GET.get("target_kind", "domain"),
        "target": request.GET.get("target", "")[:2000],
    }
    form = DecisionForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("idempotency_key") or None
        try:
            recorded = decision_record(
                actor=request.user, provider=request.provider, idempotency_key=key, **data
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            d = recorded.decision
            messages.success(request, f"{d.get_decision_display()}: {d.target} is in the log.")
            return redirect("filtering:decision_detail", pk=d.pk)
    return render(request, "filtering/decision_form.html", {"form": form})


@requires(perms.VIEW)
@require_GET
def decision_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    decision = get_decision_for_user(request.user, request.provider, pk)
    context = {
        "d": decision,
        "today": timezone.localdate(),
        "can_record": request.user.has_perm(perms.EDIT, request.provider),
    }
    return render(request, "filtering/decision_detail.html", context)


def _rows(decisions: QuerySet[Decision]) -> Iterator[list[Any]]:
    for d in decisions.iterator(chunk_size=500):
        yield [
            local_naive(d.decided_at), d.get_decision_display(), d.get_target_kind_display(),
            d.target, d.reason, d.until, d.review_on, d.decided_by_name,
            "Yes" if d.superseded else "No",  # type: ignore[attr-defined]  # annotated
        ]  # fmt: skip


@requires(perms.VIEW)
@require_GET
def decisions_export(request: ProviderRequest, fmt: str) -> HttpResponse:
    """The log as filtered on the page, as CSV or XLSX (the download is audited)."""
    if fmt not in FORMATS:
        raise Http404("Choose CSV or XLSX.")
    filterset, results = _results(request)
    if not filterset.is_valid():
        messages.error(request, "The filters need correcting before the download.")
        return redirect("filtering:decisions")
    export_recorded(
        actor=request.user, provider=request.provider, what="decisions", fmt=fmt,
        rows=results.count(),
    )  # fmt: skip
    return download(
        fmt, filename=f"filtering-decisions-{timezone.localdate():%Y-%m-%d}",
        header=EXPORT_HEADER, rows=_rows(results), title="Block and allow decisions",
        sheet_name="Decisions", widths={"Reason": 60, "Domain, address or category": 40},
    )  # fmt: skip
