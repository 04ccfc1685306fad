"""The training overview pages: the dashboard, compliance by person or group, the action list
(and its CSV), and the impact report.

Governors and inspectors reach the dashboard and compliance by group only: figures without
names. Everything named (people, the action list) is for the training lead, the safeguarding
team, senior leaders and hr.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.access import requires
from preventhub.core.exports import FORMATS, download
from preventhub.core.models import Department, Provider, Site
from preventhub.training.charts import Chart, ChartRow, coverage_chart
from preventhub.training.choices import Phase, Status
from preventhub.training.compliance import load
from preventhub.training.exports import HEADER, WIDTHS, action_rows_out
from preventhub.training.findings import findings_from
from preventhub.training.forms import ActionFilterForm, ComplianceForm, ImpactForm
from preventhub.training.impact import Change, confidence_change, impact_report
from preventhub.training.outcomes import outcome_link
from preventhub.training.pages import ProviderRequest, uuid_or_none
from preventhub.training.reports import (
    GroupBy,
    action_rows,
    cached_coverage,
    counted,
    group_rows,
    totals,
)
from preventhub.training.selectors import is_reader

PAGE_SIZE = 50


def _valid(form: Any, field: str, default: Any = "") -> Any:
    if form.is_bound and form.is_valid():
        return form.cleaned_data.get(field) or default
    return default


@requires("training.view_figures")
def dashboard(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    today = timezone.localdate()
    data = load(provider)
    standings = counted(data.standings(today))
    by_group = group_rows(
        provider, standings, GroupBy.JOB_CATEGORY, anonymised=not is_reader(request.user, provider)
    )
    context = {
        "totals": totals(standings),
        "coverage": coverage_chart(cached_coverage(data, today)),
        "groups_chart": _groups_chart(by_group),
        "findings": sorted(
            findings_from(data, timezone.now()), key=lambda f: (f.severity != "red", f.code)
        ),
        "settings": data.settings,
        "named": is_reader(request.user, provider),
        "can_manage": request.user.has_perm("training.manage", provider),
        "can_report": request.user.has_perm("training.view_reports", provider),
    }
    return render(request, "training/dashboard.html", context)


def _groups_chart(rows: list[Any]) -> Chart:
    shown = [r for r in rows if not r.suppressed and r.total]
    return Chart(
        "chart-groups",
        "In-date training by staff group",
        "The share of each staff group whose training is in date today.",
        [
            ChartRow(
                f"{r.label} ({r.in_date} of {r.total})", r.in_date_percent, f"{r.in_date_percent}%"
            )
            for r in shown
        ],
        "Staff group",
        "In date",
        empty="There are no staff with a training requirement yet.",
    )


@requires("training.view_figures")
def compliance(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    named = is_reader(request.user, provider)
    default_by = "person" if named else GroupBy.ROLE.value
    form = ComplianceForm(
        request.GET if "by" in request.GET else None, named=named, initial={"by": default_by}
    )
    by = _valid(form, "by", default_by)
    if request.GET.get("by") == "person" and not named:
        raise PermissionDenied("Compliance by person names people: your role sees figures only.")
    today = timezone.localdate()
    data = load(provider)
    standings = counted(data.standings(today))
    context: dict[str, Any] = {
        "form": form, "by": by, "named": named, "totals": totals(standings), "today": today,
    }  # fmt: skip
    if by == "person":
        filters = ActionFilterForm(request.GET, provider=provider, everyone=True)
        chosen = _filtered(standings, filters)
        context |= {
            "filters": filters,
            "page": Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page")),
            "courses": data.courses,
            "departments": _names(Department, provider),
            "sites": _names(Site, provider),
        }
        audit_record(
            actor=request.user, action="view", object_type="training.compliance",
            provider_id=provider.pk, detail={"by": "person", "people": len(chosen)},
        )  # fmt: skip
    else:
        context["rows"] = group_rows(provider, standings, by, anonymised=not named)
        context["by_label"] = GroupBy(by).label
    return render(request, "training/compliance.html", context)


def _names(model: Any, provider: Provider) -> dict[Any, str]:
    return dict(model.objects.for_provider(provider).values_list("pk", "name"))


def _filtered(standings: list[Any], filters: ActionFilterForm) -> list[Any]:
    status = _valid(filters, "status")
    department = uuid_or_none(_valid(filters, "department"))
    site = uuid_or_none(_valid(filters, "site"))
    return [
        s
        for s in standings
        if (not status or s.status == status)
        and (department is None or s.member.department_id == department)
        and (site is None or s.member.site_id == site)
    ]


def _action_list(request: ProviderRequest) -> tuple[ActionFilterForm, list[Any], Any]:
    provider = request.provider
    form = ActionFilterForm(request.GET or None, provider=provider)
    status = _valid(form, "status")
    data = load(provider)
    standings = counted(data.standings(timezone.localdate()))
    rows = action_rows(
        data,
        standings,
        statuses=[status] if status else [Status.NEVER_TRAINED, Status.OVERDUE, Status.DUE_SOON],
        department=uuid_or_none(_valid(form, "department")),
        site=uuid_or_none(_valid(form, "site")),
    )
    return form, rows, data


@requires("training.view_compliance")
def actions(request: ProviderRequest) -> HttpResponse:
    form, rows, _ = _action_list(request)
    audit_record(
        actor=request.user, action="view", object_type="training.actions",
        provider_id=request.provider.pk, detail={"rows": len(rows)},
    )  # fmt: skip
    context = {
        "form": form,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
        "count": len(rows),
        "today": timezone.localdate(),
        "departments": _names(Department, request.provider),
        "query": request.GET.urlencode(),
    }
    return render(request, "training/actions.html", context)


@requires("training.view_compliance")
def actions_export(request: ProviderRequest) -> HttpResponse:
    """The action list with the page's filters, as CSV (default) or XLSX (``?format=xlsx``)."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404("Choose CSV or XLSX.")
    _, rows, _ = _action_list(request)
    audit_record(
        actor=request.user, action="export", object_type="training.actions",
        provider_id=request.provider.pk, detail={"rows": len(rows), "format": fmt},
    )  # fmt: skip
    departments = _names(Department, request.provider)
    sites = _names(Site, request.provider)
    return download(
        fmt,
        filename=f"training-actions-{timezone.localdate().isoformat()}",
        header=HEADER,
        rows=action_rows_out(rows, departments, sites),
        title="Training action list",
        sheet_name="Action list",
        widths=WIDTHS,
    )


@requires("training.view_reports")
def impact(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    data = request.GET.copy()
    data.setdefault("months", "12")
    data.setdefault("by", GroupBy.ROLE.value)
    form = ImpactForm(data, provider=provider)
    months = _valid(form, "months", 12)
    course = uuid_or_none(_valid(form, "course"))
    by = _valid(form, "by", GroupBy.ROLE.value)
    report = impact_report(provider, timezone.localdate(), months=months, course=course)
    prevent_only = request.GET.get("concerns") == "prevent"
    context = {
        "form": form,
        "report": report,
        "by": by,
        "by_label": GroupBy(by).label,
        "group_rows": report.groups.get(by, []),
        "charts": _impact_charts(report),
        "outcomes": outcome_link(request.user, provider, prevent_only=prevent_only),
        "prevent_only": prevent_only,
        "phases": Phase,
    }
    return render(request, "training/impact.html", context)


def _row(label: str, value: float | None, fmt: str) -> ChartRow:
    return ChartRow(label, value, fmt.format(value) if value is not None else "no answers yet")


def _later_row(report: Any, value: float | None, fmt: str) -> ChartRow:
    if not report.overall.follow_up_shown():
        return ChartRow("Three months later", None, "fewer than 3 answered yet")
    return _row("Three months later", value, fmt)


def _impact_charts(report: Any) -> dict[str, Chart]:
    after: Change = report.knowledge
    later: Change = report.follow_up_knowledge
    conf_after = confidence_change(report.overall.after)
    conf_later = confidence_change(report.overall.follow_up)
    return {
        "confidence": Chart(
            "chart-confidence",
            "Average confidence (1 to 5)",
            "The mean of the three confidence ratings, for people who answered before and after "
            "the same session (and, for three months later, before and at follow-up).",
            [
                _row("Before", conf_after.before, "{:.1f}"),
                _row("Straight after", conf_after.after, "{:.1f}"),
                _later_row(report, conf_later.after, "{:.1f}"),
            ]
            if report.overall.n
            else [],
            "When",
            "Average rating",
            max=5,
            empty="No one has answered both a before and an after questionnaire yet.",
        ),  # fmt: skip
        "knowledge": Chart(
            "chart-knowledge",
            "Knowledge questions answered right",
            "The share of knowledge questions answered right, by the same people before and "
            "after a session (and three months later).",
            [
                _row("Before", after.before, "{:.0f}%"),
                _row("Straight after", after.after, "{:.0f}%"),
                _later_row(report, later.after, "{:.0f}%"),
            ]
            if report.overall.n
            else [],
            "When",
            "Answered right",
            empty="No one has answered both a before and an after questionnaire yet.",
        ),  # fmt: skip
    }
