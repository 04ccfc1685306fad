"""The compliance summary (seven areas, their status and findings) and one area's page with
its items' live evidence. Views are thin: selectors compute, templates show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preventhub.compliance import permissions as perms
from preventhub.compliance.evidence.base import EvidenceContext, Line
from preventhub.compliance.framework import AREAS, items_of
from preventhub.compliance.models import SelfAssessment
from preventhub.compliance.selectors import evidence_for
from preventhub.compliance.status import area_statuses
from preventhub.core.access import requires
from preventhub.core.models import Provider


class ProviderRequest(HttpRequest):
    provider: Provider


def allowed(user: Any, provider: Provider, wanted: Iterable[str]) -> set[str]:
    """The permissions among ``wanted`` that the user holds: a link is shown only for these."""
    return {p for p in set(wanted) if p and user.has_perm(p, provider)}


def line_perms(lines: Iterable[Line]) -> set[str]:
    return {line.perm for line in lines if line.perm}


def finding_link_perm(url: str) -> str:
    """The permission a finding's "put it right" link needs: the module's own page access."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(url.split("?")[0])
    except Resolver404:
        return ""
    policy = getattr(match.func, "preventhub_access", "") or ""
    return policy.removeprefix("perm:") if policy.startswith("perm:") else ""


def _links(request: ProviderRequest, statuses: list[Any]) -> dict[str, bool]:
    """For each finding's URL, whether this user may open it."""
    urls = {f.url for s in statuses for f in s.findings if f.url}
    needed = {url: finding_link_perm(url) for url in urls}
    ok = allowed(request.user, request.provider, needed.values())
    return {url: (not perm) or perm in ok for url, perm in needed.items()}


@requires(perms.VIEW_SUMMARY)
@require_GET
def summary(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    statuses = area_statuses(provider)
    current = SelfAssessment.objects.for_provider(provider).order_by("-year_start").first()
    user = request.user
    context = {
        "statuses": statuses,
        "links": _links(request, statuses),
        "current": current,
        "can": allowed(
            user,
            provider,
            [
                perms.LEADER_DASHBOARD,
                perms.GOVERNOR_DASHBOARD,
                perms.DSL_DASHBOARD,
                perms.EVIDENCE_PACK,
                perms.VIEW_ASSESSMENT,
                perms.GOVERNOR_REPORTS,
            ],
        ),
    }
    return render(request, "compliance/summary.html", context)


@requires(perms.VIEW_SUMMARY)
@require_GET
def area(request: ProviderRequest, key: str) -> HttpResponse:
    if key not in AREAS:
        raise Http404("No such area.")
    provider = request.provider
    ctx = EvidenceContext(provider)
    items = items_of(key)
    evidence = evidence_for(ctx, items)
    status = next(
        s for s in area_statuses(provider, ctx.now, findings=ctx.findings) if s.area == key
    )
    context = {
        "info": AREAS[key],
        "status": status,
        "links": _links(request, [status]),
        "rows": [(item, evidence[item.key]) for item in items],
        "perms": allowed(
            request.user, provider, line_perms(line for v in evidence.values() for line in v)
        ),
    }
    return render(request, "compliance/area.html", context)
