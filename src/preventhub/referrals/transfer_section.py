"""The "referrals" section of a safeguarding file (record transfer): the Prevent referral and
Channel records of the concerns that travel with a person to their next institution.

Format (``manifest.json`` → ``sections.referrals``), every date ISO 8601::

    {"version": 1,
     "referrals": [{"concern_id", "status": draft|sent, <the eleven narrative sections>,
                    "person_aware": yes|no|not_yet|"", "sent_on", "sent_to", "sent_by_name",
                    "external_reference", "outcome",
                    "follow_ups": [{"happened_on", "what", "by_whom"}]}],
     "channel": [{"concern_id", "status", "screened_on", "screening_outcome", "panel_on",
                  "consent", "consent_parental", "consent_recorded_on", "support_plan",
                  "next_review_on", "exited_on", "exit_reason",
                  "reviews": [{"held_on", "notes", "next_review_on"}]}]}

The receiver keeps the records as they were (what was sent stays sent; a Channel case stays
at its stage) and continues them. A record whose concern was already imported from an earlier
file is not imported twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from preventhub.audit.services import audit_record
from preventhub.concerns.models import Concern
from preventhub.concerns.services import MAX_NARRATIVE, actor_name
from preventhub.referrals.choices import (
    ChannelStatus,
    Consent,
    PersonAware,
    ReferralStatus,
    ScreeningOutcome,
)
from preventhub.referrals.models import (
    NARRATIVE_FIELDS,
    ChannelCase,
    ChannelReview,
    PreventReferral,
    ReferralFollowUp,
)
from preventhub.referrals.services import chronicle

VERSION = 1
LABEL = "Prevent referrals and Channel"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- export -------------------------------------------------------------------------------------


def export_referrals(person: Any, concerns: Sequence[Concern]) -> dict[str, Any]:
    """The referral and Channel records of ``concerns`` ({} when there are none)."""
    if not concerns:
        return {}
    provider_id = concerns[0].provider_id
    ids = [c.pk for c in concerns]
    referrals = (
        PreventReferral.objects.for_provider(provider_id)
        .filter(concern_id__in=ids)
        .prefetch_related("follow_ups")
        .order_by("created_at")
    )
    channels = (
        ChannelCase.objects.for_provider(provider_id)
        .filter(concern_id__in=ids)
        .prefetch_related("reviews")
        .order_by("created_at")
    )
    out = {
        "version": VERSION,
        "referrals": [_referral_data(r) for r in referrals],
        "channel": [_channel_data(c) for c in channels],
    }
    return out if out["referrals"] or out["channel"] else {}


def _referral_data(referral: PreventReferral) -> dict[str, Any]:
    return {
        "concern_id": str(referral.concern_id),
        "status": referral.status,
        **{name: getattr(referral, name) for name in NARRATIVE_FIELDS},
        "person_aware": referral.person_aware,
        "sent_on": _iso(referral.sent_on),
        "sent_to": referral.sent_to,
        "sent_by_name": referral.sent_by_name,
        "external_reference": referral.external_reference,
        "outcome": referral.outcome,
        "follow_ups": [
            {"happened_on": _iso(f.happened_on), "what": f.what, "by_whom": f.by_whom}
            for f in sorted(referral.follow_ups.all(), key=lambda f: (f.happened_on, f.created_at))
        ],
    }


def _channel_data(channel: ChannelCase) -> dict[str, Any]:
    return {
        "concern_id": str(channel.concern_id),
        "status": channel.status,
        "screened_on": _iso(channel.screened_on),
        "screening_outcome": channel.screening_outcome,
        "panel_on": _iso(channel.panel_on),
        "consent": channel.consent,
        "consent_parental": channel.consent_parental,
        "consent_recorded_on": _iso(channel.consent_recorded_on),
        "support_plan": channel.support_plan,
        "next_review_on": _iso(channel.next_review_on),
        "exited_on": _iso(channel.exited_on),
        "exit_reason": channel.exit_reason,
        "reviews": [
            {
                "held_on": _iso(r.held_on),
                "notes": r.notes,
                "next_review_on": _iso(r.next_review_on),
            }
            for r in sorted(channel.reviews.all(), key=lambda r: (r.held_on, r.created_at))
        ],
    }


# --- reading a received section (validate, describe, import all use this) ------------------------


class _Reader:
    """Reads one record of the section, naming the record in every error."""

    def __init__(self, item: Any, where: str) -> None:
        if not isinstance(item, dict):
            raise ValidationError(f"{where} is not a record.")
        self.item, self.where = item, where

    def fail(self, message: str) -> ValidationError:
        return ValidationError(f"{self.where}: {message}")

    def text(self, key: str, limit: int = MAX_NARRATIVE, *, required: bool = False) -> str:
        value = self.item.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise self.fail(f"{key} must be text.")
        if len(value) > limit:
            raise self.fail(f"{key} is longer than {limit:,} characters.")
        if required and not value.strip():
            raise self.fail(f"{key} is empty.")
        return value

    def choice(self, key: str, allowed: Sequence[str], *, blank: bool = False) -> str:
        value = self.text(key, 40)
        if not (value in allowed or (blank and value == "")):
            raise self.fail(f"{key} {value!r} is not one of {', '.join(allowed)}.")
        return value

    def day(self, key: str, *, required: bool = False) -> date | None:
        value = self.item.get(key)
        if value in (None, ""):
            if required:
                raise self.fail(f"{key} is missing.")
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise self.fail(f"{key} {value!r} is not a date (YYYY-MM-DD).") from exc

    def concern_id(self) -> str:
        value = self.text("concern_id", 40, required=True)
        try:
            return str(uuid.UUID(value))
        except ValueError as exc:
            raise self.fail(f"concern_id {value!r} is not an id.") from exc

    def items(self, key: str) -> list[Any]:
        value = self.item.get(key, [])
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list.")
        return value


def _read_referral(item: Any, n: int) -> dict[str, Any]:
    r = _Reader(item, f"Prevent referral {n}")
    status = r.choice("status", ReferralStatus.values)
    sent = status == ReferralStatus.SENT
    values: dict[str, Any] = {
        "concern_id": r.concern_id(),
        "status": status,
        **{name: r.text(name) for name in NARRATIVE_FIELDS},
        "person_aware": r.choice("person_aware", PersonAware.values, blank=True),
        "sent_on": r.day("sent_on", required=sent),
        "sent_to": r.text("sent_to", 200, required=sent),
        "sent_by_name": r.text("sent_by_name", 200),
        "external_reference": r.text("external_reference", 100),
        "outcome": r.text("outcome"),
    }
    follow_ups = []
    for i, follow in enumerate(r.items("follow_ups"), start=1):
        f = _Reader(follow, f"Prevent referral {n}, follow-up {i}")
        follow_ups.append(
            {
                "happened_on": f.day("happened_on", required=True),
                "what": f.text("what", required=True),
                "by_whom": f.text("by_whom", 200),
            }
        )
    if follow_ups and not sent:
        raise r.fail("a draft referral cannot have follow-ups.")
    return {**values, "follow_ups": follow_ups}


def _read_channel(item: Any, n: int) -> dict[str, Any]:
    r = _Reader(item, f"Channel record {n}")
    status = r.choice("status", ChannelStatus.values)
    screened = status != ChannelStatus.AWAITING_SCREENING
    paneled = status in (ChannelStatus.NOT_ADOPTED, ChannelStatus.ADOPTED, ChannelStatus.EXITED)
    parental = r.item.get("consent_parental", False)
    if not isinstance(parental, bool):
        raise r.fail("consent_parental must be true or false.")
    values: dict[str, Any] = {
        "concern_id": r.concern_id(),
        "status": status,
        "screened_on": r.day("screened_on", required=screened),
        "screening_outcome": r.choice(
            "screening_outcome", ScreeningOutcome.values, blank=not screened
        ),
        "panel_on": r.day("panel_on", required=paneled),
        "consent": r.choice("consent", Consent.values),
        "consent_parental": parental,
        "consent_recorded_on": r.day("consent_recorded_on"),
        "support_plan": r.text("support_plan"),
        "next_review_on": r.day("next_review_on"),
        "exited_on": r.day("exited_on", required=status == ChannelStatus.EXITED),
        "exit_reason": r.text("exit_reason"),
    }
    reviews = []
    for i, review in enumerate(r.items("reviews"), start=1):
        v = _Reader(review, f"Channel record {n}, review {i}")
        reviews.append(
            {
                "held_on": v.day("held_on", required=True),
                "notes": v.text("notes", required=True),
                "next_review_on": v.day("next_review_on"),
            }
        )
    if reviews and status not in (ChannelStatus.ADOPTED, ChannelStatus.EXITED):
        raise r.fail("only an adopted case has reviews.")
    return {**values, "reviews": reviews}


def read_section(data: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The section's referral and Channel records, checked; ValidationError names the fault."""
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise ValidationError(f"Only version {VERSION} of the referral records can be read.")
    whole = _Reader(data, "The referral records")
    referrals = [_read_referral(x, n) for n, x in enumerate(whole.items("referrals"), start=1)]
    channels = [_read_channel(x, n) for n, x in enumerate(whole.items("channel"), start=1)]
    for kind, records in (("Prevent referral", referrals), ("Channel record", channels)):
        ids = [r["concern_id"] for r in records]
        if len(ids) != len(set(ids)):
            raise ValidationError(f"A concern has more than one {kind} in the file.")
    return referrals, channels


def validate_referrals(data: dict[str, Any]) -> None:
    read_section(data)


def describe_referrals(data: dict[str, Any]) -> list[str]:
    """Counts and stages only, for the receiver's review page."""
    referrals, channels = read_section(data)
    lines = []
    if referrals:
        sent = sum(1 for r in referrals if r["status"] == ReferralStatus.SENT)
        noun = "Prevent referral" if len(referrals) == 1 else "Prevent referrals"
        lines.append(f"{len(referrals)} {noun} ({sent} sent, {len(referrals) - sent} draft)")
    for channel in channels:
        lines.append(f"Channel: {ChannelStatus(channel['status']).label.lower()}")
    return lines


# --- import -------------------------------------------------------------------------------------


def _target(provider: Any, concern_map: Mapping[str, Any], concern_id: str) -> Concern | None:
    """The receiver's concern for a sending concern id; None when it came in an earlier file."""
    from preventhub.transfers.models import TransferConcern

    if concern_id in concern_map:
        found: Concern = concern_map[concern_id]
        return found
    held = TransferConcern.objects.for_provider(provider).filter(
        direction="incoming", source_concern_id=concern_id
    )
    if held.exists():
        return None
    raise ValidationError("The referral records name a concern that is not in the file.")


def import_referrals(
    provider: Any, person: Any, concern_map: Mapping[str, Any], data: dict[str, Any], actor: Any
) -> None:
    """Recreate the records at the receiving provider, audited, inside the acceptance."""
    referrals, channels = read_section(data)
    with transaction.atomic():
        for values in referrals:
            concern = _target(provider, concern_map, values["concern_id"])
            if concern is not None and not _has_referral(concern):
                _import_referral(actor, concern, values)
        for values in channels:
            concern = _target(provider, concern_map, values["concern_id"])
            if concern is not None and not _has_channel(concern):
                _import_channel(actor, concern, values)


def _has_referral(concern: Concern) -> bool:
    return (
        PreventReferral.objects.for_provider(concern.provider_id).filter(concern=concern).exists()
    )


def _has_channel(concern: Concern) -> bool:
    return ChannelCase.objects.for_provider(concern.provider_id).filter(concern=concern).exists()


def _import_referral(actor: Any, concern: Concern, values: dict[str, Any]) -> None:
    fields = {k: v for k, v in values.items() if k not in ("concern_id", "follow_ups")}
    referral = PreventReferral.unscoped.create(
        provider_id=concern.provider_id, concern=concern, created_by=actor, **fields
    )
    for follow in values["follow_ups"]:
        ReferralFollowUp.unscoped.create(
            provider_id=concern.provider_id, referral=referral, recorded_by=actor, **follow
        )
    chronicle(
        concern, actor, f"Prevent referral record transferred in ({referral.get_status_display()})."
    )
    audit_record(
        actor=actor,
        action="create",
        obj=referral,
        changed_fields=sorted(fields),
        detail={"source": "transfer", "follow_ups": len(values["follow_ups"])},
    )


def _import_channel(actor: Any, concern: Concern, values: dict[str, Any]) -> None:
    fields = {k: v for k, v in values.items() if k not in ("concern_id", "reviews")}
    channel = ChannelCase.unscoped.create(
        provider_id=concern.provider_id, concern=concern, created_by=actor, **fields
    )
    for review in values["reviews"]:
        ChannelReview.unscoped.create(
            provider_id=concern.provider_id, channel=channel, reviewer=None, **review
        )
    chronicle(
        concern,
        actor,
        f"Channel record transferred in ({channel.get_status_display().lower()}); "
        f"accepted by {actor_name(actor)}.",
    )
    audit_record(
        actor=actor,
        action="create",
        obj=channel,
        changed_fields=sorted(fields),
        detail={"source": "transfer", "reviews": len(values["reviews"])},
    )
