"""The termly governor report: anonymised figures and the compliance status, as a PDF kept
for each term and announced to governors with a link (the notification holds no content).

``governor_report_due`` says whether a term's report should be made on a day: in the last
``DUE_DAYS`` days of the term (or any later day, if a run was missed). The scheduled command
calls ``governor_report_send`` for each provider each day; once a term's report exists it is
never made or sent again, so the job may run as often as wanted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.services import audit_record
from preventhub.compliance.dashboards import term_rows
from preventhub.compliance.evidence.base import EvidenceContext
from preventhub.compliance.models import GovernorReport
from preventhub.compliance.render import governor_report_html, to_pdf
from preventhub.compliance.status import area_statuses
from preventhub.concerns.selectors import users_holding
from preventhub.concerns.statistics import Period, concern_statistics, publish, term_of
from preventhub.core.models import Provider
from preventhub.notifications.services import notify
from preventhub.training.reports import counted, totals

DUE_DAYS = 21
MESSAGE = "The termly Prevent report for governors is ready"


def term_period(day: date) -> Period:
    name, first, last = term_of(day)
    return Period("term", f"{name} {first.year}", first, last, min(last, day))


def governor_report_due(day: date) -> bool:
    """From ``DUE_DAYS`` days before the term ends: a report made earlier would miss most of it."""
    period = term_period(day)
    return day >= period.last_day - timedelta(days=DUE_DAYS)


def report_context(provider: Provider, now: datetime) -> dict[str, Any]:
    ctx = EvidenceContext(provider, now)
    period = term_period(ctx.today)
    standings = counted(ctx.training.standings(ctx.today))
    return {
        "provider": provider,
        "generated_at": ctx.now,
        "term": period,
        "statuses": area_statuses(provider, ctx.now, findings=ctx.findings),
        "terms": term_rows(provider, ctx.today),
        "stats": publish(concern_statistics(provider, period, now=ctx.now), exact=False),
        "training": totals(standings) if standings else None,
    }


@dataclass(frozen=True)
class Made:
    report: GovernorReport
    created: bool


def governor_report_make(*, actor: Any, provider: Provider, now: datetime | None = None) -> Made:
    """This term's report, made once: a second call returns the first."""
    now = now or timezone.now()
    period = term_period(timezone.localdate(now))
    existing = GovernorReport.objects.for_provider(provider).filter(term_start=period.first_day)
    if (found := existing.first()) is not None:
        return Made(found, False)
    pdf = to_pdf(governor_report_html(report_context(provider, now)))
    try:
        with transaction.atomic():
            report = GovernorReport.unscoped.create(
                provider=provider,
                term_label=period.label,
                term_start=period.first_day,
                term_end=period.last_day,
                pdf=pdf.content,
                sha256=hashlib.sha256(pdf.content).hexdigest(),
                pages=pdf.pages,
                generated_by=actor,
            )
            audit_record(
                actor=actor,
                action="create",
                obj=report,
                changed_fields=["term_start", "pdf"],
                detail={"pages": pdf.pages},
            )
    except IntegrityError:  # made at the same moment by another run
        return Made(existing.get(), False)
    return Made(report, True)


def governor_report_send(*, actor: Any, report: GovernorReport) -> int:
    """Tell the governors (in the app and by email: a fixed phrase and the link, nothing
    else). Sent once; returns how many were told (0 when already sent)."""
    with transaction.atomic():
        report = (
            GovernorReport.objects.for_provider(report.provider_id)
            .select_for_update()
            .get(pk=report.pk)
        )
        if report.sent_at is not None:
            return 0
        governors = users_holding(report.provider, [Role.GOVERNOR])
        notify(
            provider=report.provider,
            users=governors,
            message=MESSAGE,
            url=reverse("compliance:governor_report", kwargs={"pk": report.pk}),
        )
        report.sent_at = timezone.now()
        report.recipients = len(governors)
        report.save(update_fields=["sent_at", "recipients", "updated_at"])
        audit_record(
            actor=actor, action="notify", obj=report, detail={"recipients": len(governors)}
        )
    return len(governors)


def governor_report_record_view(*, actor: Any, report: GovernorReport) -> None:
    audit_record(actor=actor, action="export", obj=report, detail={"format": "pdf"})
