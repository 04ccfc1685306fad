"""The central register of speakers, events and lettings: the page, its CSV and XLSX exports,
and the module dashboard. Thin: the rows, filters, figures and audit live in register_*.py."""

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
from preventhub.core.navigation import NavItem, register_nav
from preventhub.speakers.models import EventRequest
from preventhub.speakers.register_dashboard import dashboard as dashboard_figures
from preventhub.speakers.register_exports import XLSX_CONTENT_TYPE, csv_lines, xlsx_bytes
from preventhub.speakers.register_filters import RegisterFilterSet
from preventhub.speakers.register_rows import iter_rows, register_queryset, rows_for
from preventhub.speakers.register_services import FEED_PERM, register_export_recorded

PAGE_SIZE = 25
VIEW_REGISTER = "speakers.view_register"
MANAGE = "speakers.manage"


class ProviderRequest(HttpRequest):
    provider: Provider


def _wants_partial(request: HttpRequest) -> bool:
    """An htmx request for the table; a history restore needs the whole page."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != "true"
    )


def links_to_requests(request: ProviderRequest) -> bool:
    """Managers follow a reference to the request page; governors and inspectors, who may not
    open it, get the register filtered to that reference instead."""
    return bool(request.user.has_perm(MANAGE, request.provider))


def _filtered(request: ProviderRequest) -> RegisterFilterSet:
    return RegisterFilterSet(
        request.GET, queryset=register_queryset(request.provider), request=request
    )


def _results(filterset: RegisterFilterSet) -> QuerySet[EventRequest]:
    """Invalid filters show their errors and no rows, never the unfiltered register."""
    requests: QuerySet[EventRequest] = filterset.qs
    return requests if filterset.is_valid() else requests.none()


@requires(VIEW_REGISTER)
@require_GET
def register_list(request: ProviderRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(_results(filterset), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows_for(page.object_list),
        "link_requests": links_to_requests(request),
        "can_manage": request.user.has_perm(MANAGE, request.provider),
        "now": timezone.now(),
    }
    partial = _wants_partial(request)
    template = "speakers/register/partials/table.html" if partial else "speakers/register/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _export_refused(request: ProviderRequest) -> HttpResponse:
    messages.error(request, "Correct the filters before exporting.")
    return redirect(f"{reverse('speakers:register')}?{request.GET.urlencode()}")


def _filename(provider: Provider, extension: str) -> str:
    return f"speaker-register-{provider.slug}-{timezone.localdate().isoformat()}.{extension}"


@requires(VIEW_REGISTER)
@require_GET
def register_csv(request: ProviderRequest) -> HttpResponse:
    filterset = _filtered(request)
    if not filterset.is_valid():
        return _export_refused(request)
    requests = _results(filterset)
    register_export_recorded(
        actor=request.user,
        provider=request.provider,
        rows=requests.count(),
        fmt="csv",
        filters=filterset.used(),
    )
    response = StreamingHttpResponse(
        csv_lines(iter_rows(requests)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request.provider, "csv")}"'
    # Streamed so a long register never sits in memory; ``requires`` types views as returning
    # HttpResponse, which StreamingHttpResponse is not (both are HttpResponseBase).
    return response  # type: ignore[return-value]


@requires(VIEW_REGISTER)
@require_GET
def register_xlsx(request: ProviderRequest) -> HttpResponse:
    filterset = _filtered(request)
    if not filterset.is_valid():
        return _export_refused(request)
    requests = _results(filterset)
    body = xlsx_bytes(iter_rows(requests), title=f"Speaker register: {request.provider.name}")
    register_export_recorded(
        actor=request.user,
        provider=request.provider,
        rows=requests.count(),
        fmt="xlsx",
        filters=filterset.used(),
    )
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    name = _filename(request.provider, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(VIEW_REGISTER)
@require_GET
def dashboard(request: ProviderRequest) -> HttpResponse:
    context = {
        "figures": dashboard_figures(request.provider),
        "link_requests": links_to_requests(request),
        "can_manage": request.user.has_perm(MANAGE, request.provider),
        "has_feed": request.user.has_perm(FEED_PERM, request.provider),
        "now": timezone.now(),
    }
    return render(request, "speakers/register/dashboard.html", context)


def register_navigation() -> None:
    """The module's entry for the register readers: the overview, which links onwards."""
    register_nav(
        NavItem(
            label="Speakers and events",
            url_name="speakers:dashboard",
            perm=VIEW_REGISTER,
            description="One register of every speaker, event and letting; what needs attention",
            order=29,
        )
    )
