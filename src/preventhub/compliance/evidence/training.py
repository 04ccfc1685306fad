"""Staff training: the lead trained face to face, every staff group covered for its role,
and the training's impact measured (not just completions counted)."""

from __future__ import annotations

from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.compliance.choices import Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, day, plural
from preventhub.concerns.statistics import add_months
from preventhub.training.choices import IN_PERSON_MODES
from preventhub.training.impact import confidence_change, impact_report
from preventhub.training.reports import GroupBy, counted, group_rows, totals

FIGURES = "training.view_figures"
DSL_VALIDITY_MONTHS = 24  # as training/findings.py: DSL training is refreshed every two years


def dsl_trained(ctx: EvidenceContext) -> list[Line]:
    data = ctx.training
    url = reverse("training:compliance") + "?by=role"
    leads = [m for m in data.members if Role.DSL in m.roles and m.employed_on(ctx.today)]
    if not leads:
        return [
            Line(
                "No designated safeguarding lead is linked to a staff record.",
                Tone.WARN,
                url,
                FIGURES,
            )
        ]
    lines = []
    for n, member in enumerate(leads, start=1):
        latest = None
        for completed, course_id in data.completions.get(member.id, []):
            course = data.courses[course_id]
            if course.mode in IN_PERSON_MODES and completed <= ctx.today:
                latest = (completed, course)
        who = "The designated safeguarding lead" if len(leads) == 1 else f"Lead {n}"
        if latest is None:
            lines.append(
                Line(f"{who} has no face-to-face Prevent training.", Tone.BAD, url, FIGURES)
            )
            continue
        completed, course = latest
        months = course.validity_months or DSL_VALIDITY_MONTHS
        in_date = add_months(completed, months) > ctx.today
        lines.append(
            Line(
                f"{who} was trained face to face on {day(completed)} ({course.title})"
                + ("." if in_date else f": lapsed after {months} months."),
                Tone.GOOD if in_date else Tone.BAD,
                url,
                FIGURES,
            )
        )
    return lines


def staff_coverage(ctx: EvidenceContext) -> list[Line]:
    data = ctx.training
    standings = counted(data.standings(ctx.today))
    url = reverse("training:compliance") + "?by=job_category"
    if not standings:
        return [
            Line(
                "No member of staff has a training requirement.",
                Tone.BAD,
                reverse("training:requirements"),
                "training.view_compliance",
            )
        ]
    all_staff = totals(standings)
    threshold = data.settings.coverage_threshold
    percent = all_staff.in_date_percent or 0
    lines = [
        Line(
            f"{percent}% of staff have in-date training ({all_staff.in_date:,} of "
            f"{all_staff.total:,}); the threshold is {threshold}%.",
            Tone.GOOD if percent >= threshold else Tone.BAD if percent < 50 else Tone.WARN,
            url,
            FIGURES,
        )
    ]
    rows = group_rows(ctx.provider, standings, GroupBy.JOB_CATEGORY, anonymised=True)
    below = [r for r in rows if not r.suppressed and (r.in_date_percent or 0) < threshold]
    if below:
        lowest = min(below, key=lambda r: r.in_date_percent or 0)
        lines.append(
            Line(
                f"{plural(len(below), 'staff group')} below the threshold; lowest: "
                f"{lowest.label} at {lowest.in_date_percent or 0}%.",
                Tone.WARN,
                url,
                FIGURES,
            )
        )
    return lines


def _moved(what: str, before: float, after: float, fmt: str) -> str:
    verb = "rose" if after >= before else "fell"
    return f"{what} {verb} from {before:{fmt}} to {after:{fmt}}"


def impact(ctx: EvidenceContext) -> list[Line]:
    report = impact_report(ctx.provider, ctx.today)
    url, perm = reverse("training:impact"), "training.view_reports"
    pairs = report.overall
    if not pairs.shown():
        too_few = "Fewer than 5 people" if pairs.n else "Nobody"
        return [
            Line(
                f"{too_few} answered the questionnaires before and after training in the last "
                "12 months: its impact is not measured.",
                Tone.WARN,
                url,
                perm,
            )
        ]
    lines = [
        Line(
            f"{plural(pairs.n, 'person', 'people')} answered before and after training in the "
            "last 12 months.",
            Tone.GOOD,
            url,
            perm,
        )
    ]
    for what, change, fmt, unit in (
        ("Average confidence", confidence_change(pairs.after), ".1f", " out of 5"),
        ("Knowledge-check scores", report.knowledge, ".0f", "%"),
    ):
        if change.before is None or change.after is None:
            continue
        text = _moved(what, change.before, change.after, fmt) + f"{unit}."
        lines.append(
            Line(text, Tone.GOOD if change.after > change.before else Tone.WARN, url, perm)
        )
    return lines
