"""The three dashboards: leaders (this week), governors (termly trend), the safeguarding lead.
Each figure links to the records behind it for users who may open them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from preventhub.compliance import dashboards as d
from preventhub.compliance import permissions as perms
from preventhub.compliance.models import GovernorReport
from preventhub.compliance.status import area_statuses
from preventhub.compliance.views import ProviderRequest, allowed
from preventhub.core.access import requires


@requires(perms.LEADER_DASHBOARD)
@require_GET
def leaders(request: ProviderRequest) -> HttpResponse:
    now = timezone.now()
    statuses = area_statuses(request.provider)
    tiles = d.leader_tiles(request.provider, now, statuses)
    context = {
        "statuses": statuses,
        "tiles": tiles,
        "chart": d.findings_chart(statuses),
        "perms": allowed(
            request.user, request.provider, [t.perm for t in tiles] + [perms.VIEW_SUMMARY]
        ),
    }
    return render(request, "compliance/dashboards/leaders.html", context)


@requires(perms.GOVERNOR_DASHBOARD)
@require_GET
def governors(request: ProviderRequest) -> HttpResponse:
    now = timezone.now()
    rows = d.term_rows(request.provider, timezone.localdate(now))
    context = {
        "statuses": area_statuses(request.provider),
        "terms": rows,
        "concerns_chart": d.concerns_by_term_chart(rows),
        "events_chart": d.events_by_term_chart(rows),
        "reports": GovernorReport.objects.for_provider(request.provider).defer("pdf")[:6],
        "perms": allowed(
            request.user,
            request.provider,
            [
                "concerns.view_statistics",
                "speakers.view_register",
                "premises.view_register",
                "curriculum.view_coverage",
                perms.VIEW_SUMMARY,
                perms.GOVERNOR_REPORTS,
            ],
        ),
    }
    return render(request, "compliance/dashboards/governors.html", context)


@requires(perms.DSL_DASHBOARD)
@require_GET
def safeguarding(request: ProviderRequest) -> HttpResponse:
    now = timezone.now()
    tiles = d.dsl_tiles(request.provider, now)
    context = {
        "tiles": tiles,
        "open_chart": d.open_cases_chart(request.provider, now),
        "alerts_chart": d.alerts_chart(request.provider, now),
        "perms": allowed(request.user, request.provider, [t.perm for t in tiles]),
    }
    return render(request, "compliance/dashboards/safeguarding.html", context)
