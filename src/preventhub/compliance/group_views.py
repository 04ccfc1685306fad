"""The group roll-up: a trust, college group or region sees its providers side by side.
Reached by group membership (a group user may hold no role at any provider)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from preventhub.accounts.selectors import groups_for_user
from preventhub.compliance.framework import AREAS
from preventhub.compliance.group import group_rollup
from preventhub.concerns.statistics import SMALL_NUMBER
from preventhub.core.access import signed_in


@signed_in
@require_GET
def group_compliance(request: HttpRequest, slug: str) -> HttpResponse:
    group = groups_for_user(request.user).filter(slug=slug).first()  # type: ignore[arg-type]
    if group is None:
        raise Http404("No such group.")
    context = {
        "group": group,
        "rows": group_rollup(group),
        "areas": list(AREAS.values()),
        "small": SMALL_NUMBER,
    }
    return render(request, "compliance/group.html", context)
