"""Leadership and management: the named lead, the policies, oversight by leaders and
governors, the referral pathway working, and leaders evaluating impact."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse

from preventhub.accounts.selectors import safeguarding_contacts
from preventhub.compliance.choices import Step, Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, day, plural, protected
from preventhub.concerns.choices import Status as ConcernStatus
from preventhub.concerns.models import Concern
from preventhub.concerns.statistics import SMALL_NUMBER, describe_duration, triage_times
from preventhub.people.choices import JobCategory
from preventhub.policies.choices import MUST_REFER_TO_PREVENT, REQUIRED_TYPES, PolicyStatus
from preventhub.policies.models import Policy
from preventhub.risk.selectors import latest_approved
from preventhub.training.reports import counted

WAITING_DAYS = 2


def named_lead(ctx: EvidenceContext) -> list[Line]:
    leads, deputies = safeguarding_contacts(ctx.provider)
    url, perm = reverse("accounts:user_list"), "accounts.list_users"
    if not leads:
        return [Line("No designated safeguarding lead is named.", Tone.BAD, url, perm)]
    lines = [
        Line(
            f"{plural(len(leads), 'designated safeguarding lead')} and "
            f"{plural(len(deputies), 'deputy', 'deputies')} named; every page shows who they are.",
            Tone.GOOD if deputies else Tone.WARN,
            url,
            perm,
        )
    ]
    if not deputies:
        lines.append(Line("No deputy covers the lead's absence.", Tone.WARN, url, perm))
    return lines


def policies(ctx: EvidenceContext) -> list[Line]:
    published = list(
        Policy.objects.for_provider(ctx.provider).filter(status=PolicyStatus.PUBLISHED)
    )
    url, perm = reverse("policies:list"), "policies.view_register"
    types = {p.policy_type for p in published}
    have = sum(1 for t in REQUIRED_TYPES if t in types)
    lines = [
        Line(
            f"{have} of {len(REQUIRED_TYPES)} required policies are published.",
            Tone.GOOD if have == len(REQUIRED_TYPES) else Tone.BAD,
            url,
            perm,
        )
    ]
    for policy in published:
        if policy.policy_type in MUST_REFER_TO_PREVENT and not policy.refers_effectively:
            lines.append(Line(f"{policy.title} does not mention Prevent.", Tone.BAD, url, perm))
    overdue = [p for p in published if p.review_on and p.review_on < ctx.today]
    if overdue:
        lines.append(
            Line(
                f"{plural(len(overdue), 'policy', 'policies')} past review date.",
                Tone.WARN,
                url,
                perm,
            )
        )
    return lines


def oversight(ctx: EvidenceContext) -> list[Line]:
    lines = []
    approved = latest_approved(ctx.provider)
    url, perm = reverse("risk:versions"), "risk.view_assessment"
    if approved is None or approved.approved_at is None:
        lines.append(Line("The risk assessment has never been signed off.", Tone.BAD, url, perm))
    else:
        stale = approved.approved_at < ctx.now - timedelta(days=365)
        lines.append(
            Line(
                f"The risk assessment was last signed off by a senior leader and a governor on "
                f"{day(approved.approved_at)}.",
                Tone.WARN if stale else Tone.GOOD,
                url,
                perm,
            )
        )
    governors = [
        s
        for s in counted(ctx.training.standings(ctx.today))
        if s.member.job_category == JobCategory.GOVERNOR
    ]
    url, perm = reverse("training:compliance") + "?by=job_category", "training.view_figures"
    if governors:
        trained = sum(1 for s in governors if s.in_date)
        lines.append(
            Line(
                f"{trained} of {len(governors)} governors have in-date Prevent training.",
                Tone.GOOD if trained == len(governors) else Tone.WARN,
                url,
                perm,
            )
        )
    else:
        lines.append(Line("No training requirement covers governors.", Tone.WARN, url, perm))
    return lines


def referral_pathway(ctx: EvidenceContext) -> list[Line]:
    concerns = Concern.objects.for_provider(ctx.provider)
    year = ctx.year
    raised = concerns.filter(created_at__gte=year.start, created_at__lt=year.end).count()
    url, perm = reverse("concerns:statistics"), "concerns.view_statistics"
    lines = [
        Line(f"{protected(raised, 'concern')} raised this academic year.", Tone.INFO, url, perm)
    ]
    if raised == 0:
        lines.append(
            Line(
                "No concern has been raised this year: check that staff and learners know how.",
                Tone.WARN,
                url,
                perm,
            )
        )
    times = triage_times(ctx.provider, year)
    if times.median is not None and times.decided >= SMALL_NUMBER:
        lines.append(
            Line(
                f"Half were decided within {describe_duration(times.median)} of being raised.",
                Tone.INFO,
                url,
                perm,
            )
        )
    waiting = concerns.filter(
        Q(status__in=[ConcernStatus.NEW, ConcernStatus.IN_TRIAGE]),
        created_at__lt=ctx.now - timedelta(days=WAITING_DAYS),
    ).count()
    if waiting:
        lines.append(
            Line(
                f"{protected(waiting, 'concern')} waiting more than {WAITING_DAYS} days for a "
                "first decision.",
                Tone.BAD,
                reverse("concerns:inbox"),
                "concerns.view_inbox",
            )
        )
    return lines


def self_evaluation(ctx: EvidenceContext) -> list[Line]:
    from preventhub.compliance.models import SelfAssessment

    url, perm = reverse("compliance:assessments"), "compliance.view_assessment"
    done = (
        SelfAssessment.objects.for_provider(ctx.provider)
        .filter(step=Step.COMPLETE)
        .order_by("-year_start")
        .first()
    )
    if done is None or done.completed_at is None:
        return [Line("No yearly self-assessment has been completed.", Tone.WARN, url, perm)]
    current = done.year_start >= ctx.year_start.replace(year=ctx.year_start.year - 1)
    return [
        Line(
            f"The {done.year_label} self-assessment was completed on {day(done.completed_at)}.",
            Tone.GOOD if current else Tone.WARN,
            url,
            perm,
        )
    ]
