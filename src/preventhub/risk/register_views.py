"""The risk register: every risk with its ratings and actions, filtered (the heat maps link
here), and its CSV and XLSX exports on the same FilterSet. Exports are audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.risk.exports import XLSX_CONTENT_TYPE, csv_lines, export_recorded, xlsx_bytes
from preventhub.risk.filters import RiskFilterSet
from preventhub.risk.models import Risk
from preventhub.risk.permissions import EDIT, VIEW
from preventhub.risk.selectors import in_template_order, risks_with_actions
from preventhub.risk.services import is_overdue

PAGE_SIZE = 25


class ProviderRequest(HttpRequest):
    provider: Provider


def _filtered(request: ProviderRequest) -> RiskFilterSet:
    return RiskFilterSet(
        request.GET, queryset=risks_with_actions(request.provider), request=request
    )


def _results(filterset: RiskFilterSet) -> QuerySet[Risk]:
    """Invalid filters show their errors and no rows, never the unfiltered register."""
    found: QuerySet[Risk] = in_template_order(filterset.qs)
    return found if filterset.is_valid() else found.none()


@requires(VIEW)
@require_GET
def register(request: ProviderRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(_results(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        (risk, [a for a in risk.actions.all() if is_overdue(a, today)]) for risk in page.object_list
    ]
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "can_edit": request.user.has_perm(EDIT, request.provider),
        "query": request.GET.urlencode(),
    }
    htmx = request.headers.get("HX-Request") == "true"
    restore = request.headers.get("HX-History-Restore-Request") == "true"
    template = "risk/partials/register_table.html" if htmx and not restore else "risk/register.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _refused(request: ProviderRequest) -> HttpResponse:
    messages.error(request, "Correct the filters before exporting.")
    return redirect(f"{reverse('risk:register')}?{request.GET.urlencode()}")


def _filename(provider: Provider, extension: str) -> str:
    return f"prevent-risk-assessment-{provider.slug}-{timezone.localdate().isoformat()}.{extension}"


@requires(VIEW)
@require_GET
def register_csv(request: ProviderRequest) -> HttpResponse:
    filterset = _filtered(request)
    if not filterset.is_valid():
        return _refused(request)
    risks = _results(filterset)
    export_recorded(
        actor=request.user,
        provider=request.provider,
        risks=risks,
        fmt="csv",
        filters=filterset.used(),
    )
    response = StreamingHttpResponse(csv_lines(risks), content_type="text/csv; charset=utf-8")
    name = _filename(request.provider, "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # ``requires`` types views as returning HttpResponse; a streamed one is HttpResponseBase.
    return response  # type: ignore[return-value]


@requires(VIEW)
@require_GET
def register_xlsx(request: ProviderRequest) -> HttpResponse:
    filterset = _filtered(request)
    if not filterset.is_valid():
        return _refused(request)
    risks = _results(filterset)
    body = xlsx_bytes(risks, title=f"Prevent risk assessment: {request.provider.name}")
    export_recorded(
        actor=request.user,
        provider=request.provider,
        risks=risks,
        fmt="xlsx",
        filters=filterset.used(),
    )
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    name = _filename(request.provider, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
