"""Premises, speakers and events: every external speaker and event checked and decided before
it happens, its benefit to learners recorded, faith rooms monitored, lettings checked.

Ofsted: leaders in weak providers "were unable to identify the range of external speakers,
the dates visited, the topics discussed or the benefits to learners"."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from preventhub.compliance.choices import Tone
from preventhub.compliance.evidence.base import EvidenceContext, Line, plural
from preventhub.premises.selectors import awaiting_follow_up, rota
from preventhub.speakers.choices import RequestKind, Status
from preventhub.speakers.models import EventOutcome, EventRequest
from preventhub.speakers.selectors import held_without_approval, outcome_missing

REGISTER = "speakers.view_register"
ROOMS = "premises.view_register"


def _register(query: str = "") -> str:
    return reverse("speakers:register") + (f"?{query}" if query else "")


def speaker_checks(ctx: EvidenceContext) -> list[Line]:
    term = ctx.term
    events = EventRequest.objects.for_provider(ctx.provider).filter(
        kind=RequestKind.SPEAKER_EVENT, starts_at__gte=term.start, starts_at__lt=term.end
    )
    total = events.exclude(status=Status.WITHDRAWN).count()
    if not EventRequest.objects.for_provider(ctx.provider).exists():
        return [
            Line(
                "The speaker and events register is empty: no external speaker or event "
                "has been recorded.",
                Tone.BAD,
                _register(),
                REGISTER,
            )
        ]
    unapproved = (
        held_without_approval(ctx.provider)
        .filter(starts_at__gte=term.start, starts_at__lt=term.end)
        .count()
    )
    lines = [
        Line(
            f"{unapproved} of {plural(total, 'event')} this term held without approval.",
            Tone.BAD if unapproved else Tone.GOOD,
            _register("status=held"),
            REGISTER,
        )
    ]
    late = events.filter(late=True).count()
    if late:
        lines.append(
            Line(
                f"{plural(late, 'request')} this term made after the notice period.",
                Tone.WARN,
                _register(),
                REGISTER,
            )
        )
    return lines


def speaker_impact(ctx: EvidenceContext) -> list[Line]:
    year = ctx.year
    held = EventOutcome.objects.for_provider(ctx.provider).filter(
        held=True, request__starts_at__gte=year.start, request__starts_at__lt=year.end
    )
    counts = held.aggregate(
        n=Count("pk"),
        benefit=Count("pk", filter=~Q(benefit="")),
        values=Count("pk", filter=~Q(values_addressed=[])),
    )
    lines = []
    if counts["n"]:
        lines.append(
            Line(
                f"Benefit to learners recorded for {counts['benefit']} of "
                f"{plural(counts['n'], 'event')} held this academic year; British "
                f"values named for {counts['values']}.",
                Tone.GOOD if counts["benefit"] == counts["n"] else Tone.WARN,
                _register(),
                REGISTER,
            )
        )
    else:
        lines.append(
            Line(
                "No event held this academic year has an outcome recorded.",
                Tone.WARN,
                _register(),
                REGISTER,
            )
        )
    missing = outcome_missing(ctx.provider, ctx.now).count()
    if missing:
        lines.append(
            Line(
                f"{plural(missing, 'event')} ended with no outcome recorded.",
                Tone.WARN,
                reverse("speakers:queue") + "?view=outcome_due",
                "speakers.manage",
            )
        )
    return lines


def faith_rooms(ctx: EvidenceContext) -> list[Line]:
    rows = rota(ctx.provider, ctx.now)
    url = reverse("premises:overview")
    if not rows:
        return [Line("No faith or reflection room is recorded.", Tone.INFO, url, ROOMS)]
    overdue = sum(1 for r in rows if r.overdue)
    awaiting = awaiting_follow_up(ctx.provider).count()
    lines = [
        Line(
            f"{overdue} of {plural(len(rows), 'room')} overdue a monitoring visit.",
            Tone.BAD if overdue else Tone.GOOD,
            reverse("premises:rota"),
            ROOMS,
        )
    ]
    if awaiting:
        lines.append(
            Line(
                f"{plural(awaiting, 'visit')} found concerns not yet followed up.",
                Tone.BAD,
                url,
                ROOMS,
            )
        )
    return lines


def lettings(ctx: EvidenceContext) -> list[Line]:
    year = ctx.year
    rows = EventRequest.objects.for_provider(ctx.provider).filter(
        kind=RequestKind.LETTING, starts_at__gte=year.start, starts_at__lt=year.end
    )
    url = _register("kind=letting")
    total = rows.count()
    if not total:
        return [
            Line(
                "No letting of the premises is recorded this academic year.",
                Tone.INFO,
                url,
                REGISTER,
            )
        ]
    unapproved = held_without_approval(ctx.provider).filter(kind=RequestKind.LETTING).count()
    return [
        Line(
            f"{plural(total, 'letting')} this academic year; {unapproved} went ahead "
            "without approval.",
            Tone.BAD if unapproved else Tone.GOOD,
            url,
            REGISTER,
        )
    ]
