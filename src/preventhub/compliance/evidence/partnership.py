"""Working in partnership: engagement with the Prevent partners, lawful information sharing,
referrals made and followed up, and subcontractors' assurance."""

from __future__ import annotations

from django.db.models import Max
from django.urls import reverse

from preventhub.compliance.choices import Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, day, plural, protected
from preventhub.partners.choices import PREVENT_PARTNER_KINDS, PartnerKind
from preventhub.partners.models import Agreement, Engagement
from preventhub.partners.selectors import assurance_rows
from preventhub.referrals.choices import ChannelStatus, ReferralStatus
from preventhub.referrals.models import ChannelCase, PreventReferral

VIEW = "partners.view"
YEAR_DAYS = 365


def prevent_partners(ctx: EvidenceContext) -> list[Line]:
    latest = dict(
        Engagement.objects.for_provider(ctx.provider)
        .filter(partner__kind__in=PREVENT_PARTNER_KINDS)
        .values("partner__kind")
        .annotate(latest=Max("occurred_on"))
        .values_list("partner__kind", "latest")
    )
    url = reverse("partners:engagements")
    lines = []
    for kind in PREVENT_PARTNER_KINDS:
        label = PartnerKind(kind).label
        when = latest.get(kind)
        if when is None:
            lines.append(Line(f"{label}: no engagement recorded.", Tone.WARN, url, VIEW))
        else:
            old = (ctx.today - when).days > YEAR_DAYS
            lines.append(
                Line(
                    f"{label}: latest engagement {day(when)}.",
                    Tone.WARN if old else Tone.GOOD,
                    url,
                    VIEW,
                )
            )
    return lines


def information_sharing(ctx: EvidenceContext) -> list[Line]:
    agreements = list(Agreement.objects.for_provider(ctx.provider))
    url = reverse("partners:agreements")
    if not agreements:
        return [Line("No information-sharing agreement is recorded.", Tone.BAD, url, VIEW)]
    in_force = sum(1 for a in agreements if a.in_force_on(ctx.today))
    lines = [
        Line(
            f"{in_force} of {plural(len(agreements), 'agreement')} in force today.",
            Tone.GOOD if in_force == len(agreements) else Tone.WARN,
            url,
            VIEW,
        )
    ]
    shared = (
        Engagement.objects.for_provider(ctx.provider)
        .filter(kind="intelligence_shared", occurred_on__gte=ctx.today.replace(day=1))
        .count()
    )
    if shared:
        lines.append(
            Line(f"{plural(shared, 'intelligence share')} this month.", Tone.INFO, url, VIEW)
        )
    return lines


def referrals(ctx: EvidenceContext) -> list[Line]:
    year = ctx.year
    sent = (
        PreventReferral.objects.for_provider(ctx.provider)
        .filter(status=ReferralStatus.SENT, sent_on__gte=year.first_day, sent_on__lte=year.last_day)
        .count()
    )
    channel = ChannelCase.objects.for_provider(ctx.provider).filter(
        created_at__gte=year.start, created_at__lt=year.end
    )
    awaiting = channel.filter(
        status__in=[ChannelStatus.AWAITING_SCREENING, ChannelStatus.AWAITING_PANEL]
    ).count()
    url, perm = reverse("concerns:statistics"), "concerns.view_statistics"
    lines = [
        Line(
            f"{protected(sent, 'referral')} to police Prevent this academic year.",
            Tone.INFO,
            url,
            perm,
        ),
        Line(
            f"{protected(channel.count(), 'Channel case')} opened this academic year.",
            Tone.INFO,
            url,
            perm,
        ),
    ]
    if awaiting:
        lines.append(
            Line(
                f"{protected(awaiting, 'Channel case')} awaiting screening or a panel.",
                Tone.INFO,
                url,
                perm,
            )
        )
    return lines


def subcontractors(ctx: EvidenceContext) -> list[Line]:
    rows = assurance_rows(ctx.provider, ctx.today)
    url = reverse("partners:list") + "?kind=subcontractor"
    if not rows:
        return [Line("No subcontractor is recorded.", Tone.INFO, url, VIEW)]
    assured = sum(
        1 for r in rows if not r.overdue and r.latest and r.latest.prevent_awareness_confirmed
    )
    return [
        Line(
            f"{assured} of {plural(len(rows), 'subcontractor')} assured in the last 12 months, "
            "with Prevent awareness confirmed.",
            Tone.GOOD if assured == len(rows) else Tone.WARN if assured else Tone.BAD,
            url,
            VIEW,
        )
    ]
