"""Writes for speakers, events and lettings. Each validates, saves and audits in one
transaction; the rules of issue 4 (notice period, minimum checks, consent, approver by risk,
outcome after the event) live here so the pages and the API cannot differ."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any

import holidays
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.accounts.selectors import roles_for
from preventhub.audit.services import audit_record
from preventhub.concerns.attachments import CheckedFile, check_bytes, delete_stored, store_encrypted
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.selectors import users_holding
from preventhub.core.models import Provider, Site
from preventhub.notifications.services import notify
from preventhub.speakers.choices import (
    APPROVED_STATUSES,
    FINAL_STATUSES,
    Audience,
    BritishValue,
    CheckKind,
    CheckOutcome,
    Condition,
    Consent,
    Decision,
    RequestKind,
    RiskLevel,
    Status,
)
from preventhub.speakers.models import (
    Check,
    EventOutcome,
    EventRequest,
    Material,
    ReferenceCounter,
    RequestDecision,
    RequestSpeaker,
    Speaker,
    SpeakerSettings,
)

MAX_TEXT = 10_000
MAX_MATERIALS = 10


def actor_name(actor: Any) -> str:
    if actor is None:
        return "PreventHub"
    return str(actor.get_full_name() or actor.username)


def settings_for(provider: Provider) -> SpeakerSettings:
    found, _ = SpeakerSettings.objects.get_or_create(provider=provider)
    return found


# --- working days ---------------------------------------------------------------------------


def _bank_holidays(years: Iterable[int]) -> set[date]:
    # England and Wales share their bank holidays (Scotland and Northern Ireland differ).
    return set(holidays.country_holidays("GB", subdiv="ENG", years=list(years)))


def working_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end``, not counting bank holidays."""
    if end <= start:
        return 0
    closed = _bank_holidays(range(start.year, end.year + 1))
    days = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            days += 1
    return days


def first_on_time_date(provider: Provider, today: date | None = None) -> date:
    """The first day an event can be on without being late (a reason and a senior leader)."""
    today = today or timezone.localdate()
    notice = settings_for(provider).minimum_notice_working_days
    closed = _bank_holidays(range(today.year, today.year + 2))
    day, counted = today, 0
    while counted < notice:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            counted += 1
    return day


# --- text and choice cleaning ---------------------------------------------------------------


def _text(value: Any, field: str, *, required: bool, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({field: "This cannot be empty."})
    if len(text) > limit:
        raise ValidationError({field: f"Keep this under {limit:,} characters."})
    return text


def _choice(value: Any, field: str, choices: Sequence[str]) -> str:
    if value not in choices:
        raise ValidationError({field: f"Unknown {field.replace('_', ' ')}: {value}."})
    return str(value)


def match_key(name: str, organisation: str) -> str:
    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip().casefold()

    return f"{norm(name)}|{norm(organisation)}"[:420]


# --- requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerIn:
    name: str
    organisation: str = ""
    online_presence: str = ""


@dataclass(frozen=True)
class Submitted:
    request: EventRequest
    created: bool


def next_reference(provider: Provider, kind: str, when: datetime) -> str:
    """S-2026-0042 for speakers and events, L-2026-0007 for lettings (per provider and year)."""
    prefix = "L" if kind == RequestKind.LETTING else "S"
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
        provider=provider, series=prefix, year=when.year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"{prefix}-{when.year}-{counter.last_number:04d}"


def request_submit(
    *,
    actor: Any,
    provider: Provider,
    kind: str = RequestKind.SPEAKER_EVENT,
    title: str,
    topic: str,
    starts_at: datetime | None,
    ends_at: datetime | None = None,
    venue: str,
    audience: str,
    speakers: Sequence[SpeakerIn] = (),
    site: Site | None = None,
    expected_size: int | None = None,
    open_to_public: bool = False,
    recorded_or_streamed: bool = False,
    hirer: str = "",
    hirer_contact: str = "",
    purpose: str = "",
    late_reason: str = "",
    idempotency_key: str | None = None,
    materials: Sequence[CheckedFile] = (),
    now: datetime | None = None,
) -> Submitted:
    """Record a request. Later than the notice period it needs a reason and a senior leader."""
    key = (idempotency_key or "").strip()[:100] or None
    if key and actor is not None:
        existing = _by_key(provider, actor, key)
        if existing is not None:
            return Submitted(existing, created=False)
    now = now or timezone.now()
    kind = _choice(kind, "kind", RequestKind.values)
    fields = {
        "title": _text(title, "title", required=True, limit=200),
        "topic": _text(topic, "topic", required=True),
        "venue": _text(venue, "venue", required=True, limit=200),
        "audience": _choice(audience, "audience", Audience.values),
        "hirer": _text(hirer, "hirer", required=kind == RequestKind.LETTING, limit=200),
        "hirer_contact": _text(hirer_contact, "hirer_contact", required=False, limit=200),
        "purpose": _text(purpose, "purpose", required=kind == RequestKind.LETTING),
    }
    starts_at, ends_at = _clean_dates(starts_at, ends_at, now)
    if expected_size is not None and not 0 < expected_size <= 100_000:
        raise ValidationError({"expected_size": "Enter an expected size between 1 and 100,000."})
    if site is not None and site.provider_id != provider.pk:
        raise ValidationError({"site": "No such site."})
    if kind == RequestKind.SPEAKER_EVENT and not speakers:
        raise ValidationError({"speakers": "Name at least one speaker."})
    if len(materials) > MAX_MATERIALS:
        raise ValidationError({"materials": f"Attach at most {MAX_MATERIALS} files."})
    cleaned_speakers = [_clean_speaker(s) for s in speakers]
    notice = settings_for(provider).minimum_notice_working_days
    late = working_days_between(timezone.localdate(now), timezone.localdate(starts_at)) < notice
    reason = _text(late_reason, "late_reason", required=False)
    if late and not reason:
        raise ValidationError(
            {
                "late_reason": f"This is less than {notice} working days away: give the reason "
                "it is late. A senior leader will decide it."
            }
        )
    try:
        return Submitted(
            _create_request(
                actor, provider, kind, fields, starts_at, ends_at, site, expected_size,
                open_to_public, recorded_or_streamed, late, reason if late else "", key,
                cleaned_speakers, materials,
            ),
            created=True,
        )  # fmt: skip
    except IntegrityError:
        existing = _by_key(provider, actor, key) if key else None
        if existing is None:
            raise
        return Submitted(existing, created=False)


def organiser_department_id(provider: Provider, actor: Any) -> Any:
    """The organiser's department from their people-register record, so the register can say
    which department asked for each speaker (the survey's college where departments did not)."""
    if actor is None:
        return None
    from preventhub.people.models import Person

    return (
        Person.objects.for_provider(provider)
        .filter(user=actor)
        .values_list("department_id", flat=True)
        .first()
    )


def _by_key(provider: Provider, actor: Any, key: str) -> EventRequest | None:
    return (
        EventRequest.objects.for_provider(provider)
        .filter(organiser=actor, idempotency_key=key)
        .first()
    )


def _clean_dates(
    starts_at: datetime | None, ends_at: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    if starts_at is None:
        raise ValidationError({"starts_at": "Enter when the event starts."})
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= now:
        raise ValidationError({"starts_at": "The event must be in the future."})
    if ends_at is None:
        ends_at = starts_at + timedelta(hours=1)
    if timezone.is_naive(ends_at):
        ends_at = timezone.make_aware(ends_at)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The end must be after the start."})
    if ends_at - starts_at > timedelta(days=31):
        raise ValidationError({"ends_at": "An event or letting lasts at most 31 days."})
    if starts_at > now + timedelta(days=3 * 366):
        raise ValidationError({"starts_at": "Enter a date within the next three years."})
    return starts_at, ends_at


def _clean_speaker(speaker: SpeakerIn) -> SpeakerIn:
    return SpeakerIn(
        name=_text(speaker.name, "speaker_name", required=True, limit=200),
        organisation=_text(speaker.organisation, "organisation", required=False, limit=200),
        online_presence=_text(speaker.online_presence, "online_presence", required=False),
    )


def _create_request(
    actor: Any,
    provider: Provider,
    kind: str,
    fields: dict[str, Any],
    starts_at: datetime,
    ends_at: datetime,
    site: Site | None,
    expected_size: int | None,
    open_to_public: bool,
    recorded_or_streamed: bool,
    late: bool,
    late_reason: str,
    key: str | None,
    speakers: Sequence[SpeakerIn],
    materials: Sequence[CheckedFile],
) -> EventRequest:
    stored: list[str] = []
    try:
        with transaction.atomic():
            request = EventRequest.unscoped.create(
                provider=provider,
                kind=kind,
                reference=next_reference(provider, kind, timezone.now()),
                organiser=actor,
                organiser_name=actor_name(actor),
                department_id=organiser_department_id(provider, actor),
                idempotency_key=key,
                starts_at=starts_at,
                ends_at=ends_at,
                site=site,
                expected_size=expected_size,
                open_to_public=bool(open_to_public),
                recorded_or_streamed=bool(recorded_or_streamed),
                late=late,
                late_reason=late_reason,
                **fields,
            )
            for speaker in speakers:
                _add_speaker(request, speaker)
            for checked in materials:
                stored.append(_store_material(request, actor, checked))
            audit_record(
                actor=actor,
                action="create",
                obj=request,
                changed_fields=[*fields, "starts_at", "ends_at"],
                detail={"reference": request.reference, "late": late, "speakers": len(speakers)},
            )
            _notify_new(request)
    except BaseException:
        for name in stored:
            delete_stored(name)
        raise
    return request


def _add_speaker(request: EventRequest, data: SpeakerIn) -> RequestSpeaker:
    key = match_key(data.name, data.organisation)
    speaker, created = Speaker.unscoped.get_or_create(
        provider_id=request.provider_id,
        match_key=key,
        defaults={
            "name": data.name,
            "organisation": data.organisation,
            "online_presence": data.online_presence,
        },
    )
    if not created and data.online_presence and data.online_presence != speaker.online_presence:
        speaker.online_presence = data.online_presence
        speaker.save(update_fields=["online_presence", "updated_at"])
    link, _ = RequestSpeaker.unscoped.get_or_create(
        provider_id=request.provider_id, request=request, speaker=speaker
    )
    return link


def _store_material(request: EventRequest, actor: Any, checked: CheckedFile) -> str:
    storage_name = store_encrypted(request.provider_id, checked)
    Material.unscoped.create(
        provider_id=request.provider_id,
        request=request,
        original_name=checked.name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        storage_name=storage_name,
        uploaded_by=actor,
    )
    return storage_name


def material_max_bytes() -> int:
    return int(settings.SPEAKER_MATERIAL_MAX_BYTES)


def check_material(upload: UploadedFile[bytes]) -> CheckedFile:
    """Size against SPEAKER_MATERIAL_MAX_BYTES, then the concern attachments' content checks
    (type by the file's own bytes, agreeing with its extension)."""
    limit = material_max_bytes()
    name = PurePath(upload.name or "material").name[:255]
    too_big = ValidationError(
        f"{name} is larger than {limit // (1024 * 1024)} MB: send a smaller file, or give a link "
        "to it in the topic."
    )
    if upload.size is not None and upload.size > limit:
        raise too_big
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise too_big
    return check_bytes(name, content)


def material_record_view(*, actor: Any, material: Material) -> None:
    """A download of materials supplied in advance (they may hold personal data)."""
    audit_record(actor=actor, action="view", obj=material, detail={"part": "download"})


def request_record_view(*, actor: Any, request: EventRequest, check_notes: bool) -> None:
    """The request page: the speakers' details, and the check notes when shown."""
    audit_record(actor=actor, action="view", obj=request, detail={"check_notes": check_notes})


def material_add(*, actor: Any, request: EventRequest, checked: CheckedFile) -> Material:
    if request.materials.count() >= MAX_MATERIALS:
        raise ValidationError({"file": f"A request holds at most {MAX_MATERIALS} files."})
    stored = ""
    try:
        with transaction.atomic():
            stored = _store_material(request, actor, checked)
            material = Material.unscoped.get(storage_name=stored)
            audit_record(actor=actor, action="create", obj=material, detail={"size": material.size})
    except BaseException:
        if stored:
            delete_stored(stored)
        raise
    return material


def speaker_add(*, actor: Any, request: EventRequest, speaker: SpeakerIn) -> RequestSpeaker:
    _require_open(request, "add a speaker to")
    with transaction.atomic():
        link = _add_speaker(request, _clean_speaker(speaker))
        audit_record(actor=actor, action="create", obj=link, changed_fields=["speaker"])
    return link


def consent_record(*, actor: Any, link: RequestSpeaker, consent: str) -> RequestSpeaker:
    link.consent = _choice(consent, "consent", Consent.values)
    with transaction.atomic():
        link.save(update_fields=["consent", "updated_at"])
        audit_record(actor=actor, action="update", obj=link, changed_fields=["consent"])
    return link


# --- notifications (fixed phrases: no names, titles or topics) -------------------------------

NEW_REQUEST_MESSAGE = {
    RequestKind.SPEAKER_EVENT: "A new speaker or event request needs checks",
    RequestKind.LETTING: "A new letting request needs checks",
}
LATE_SUFFIX = " (late: a senior leader decides it)"
DECIDED_MESSAGE = "Your request has a decision"
REOPENED_MESSAGE = "The decision on your request is being reviewed again"


def _request_url(request: EventRequest) -> str:
    return reverse("speakers:detail", kwargs={"pk": request.pk})


def _notify_new(request: EventRequest) -> None:
    """Coordinators check every request (the safeguarding lead when there is no coordinator);
    senior leaders hear of late ones, which only they may decide."""
    provider = request.provider
    users = users_holding(provider, [Role.SPEAKER_COORDINATOR]) or users_holding(
        provider, [Role.DSL]
    )
    if request.late:
        users += users_holding(provider, [Role.SENIOR_LEADER])
    message = NEW_REQUEST_MESSAGE[RequestKind(request.kind)] + (LATE_SUFFIX if request.late else "")
    notify(provider=provider, users=users, message=message, url=_request_url(request))


def _notify_organiser(request: EventRequest, message: str, actor: Any) -> None:
    organiser = request.organiser
    if organiser is None or not organiser.is_active or organiser == actor:
        return
    notify(provider=request.provider, users=[organiser], message=message, url=_request_url(request))


# --- checks ----------------------------------------------------------------------------------


def _require_open(request: EventRequest, doing: str) -> None:
    if request.status in FINAL_STATUSES:
        raise IllegalTransitionError(
            f"{request.reference} is {request.get_status_display().lower()}: you cannot {doing} it."
        )


def check_record(
    *,
    actor: Any,
    request: EventRequest,
    kind: str,
    outcome: str,
    notes: str = "",
    speaker: Speaker | None = None,
) -> Check:
    """Record one check. "Consent refused" marks the speaker(s) as refusing (blocks approval)."""
    kind = _choice(kind, "kind", CheckKind.values)
    outcome = _choice(outcome, "outcome", CheckOutcome.values)
    _require_open(request, "record a check on")
    if speaker is not None and not request.speakers.filter(speaker=speaker).exists():
        raise ValidationError({"speaker": "That speaker is not on this request."})
    with transaction.atomic():
        check = Check.unscoped.create(
            provider_id=request.provider_id,
            request=request,
            speaker=speaker,
            kind=kind,
            outcome=outcome,
            notes=_text(notes, "notes", required=False),
            checked_by=actor,
            checked_by_name=actor_name(actor),
        )
        if outcome == CheckOutcome.CONSENT_REFUSED:
            links = request.speakers.all()
            if speaker is not None:
                links = links.filter(speaker=speaker)
            links.update(consent=Consent.REFUSED)
        audit_record(
            actor=actor,
            action="create",
            obj=check,
            changed_fields=["kind", "outcome", "notes"],
            detail={"kind": kind, "outcome": outcome},
        )
    return check


def missing_checks(request: EventRequest) -> list[str]:
    required = settings_for(request.provider).required_checks
    done = set(request.checks.values_list("kind", flat=True))
    return [k for k in required if k not in done]


def consent_refused(request: EventRequest) -> bool:
    return (
        request.speakers.filter(consent=Consent.REFUSED).exists()
        or request.checks.filter(outcome=CheckOutcome.CONSENT_REFUSED).exists()
    )


# --- decisions -------------------------------------------------------------------------------


def approver_roles(provider: Provider, risk_level: str, late: bool) -> list[str]:
    """Roles that may decide at this risk. A late request always goes to a senior leader."""
    configured = settings_for(provider).approvers.get(risk_level) or [Role.SENIOR_LEADER]
    return [Role.SENIOR_LEADER] if late else list(configured)


def request_decide(
    *,
    actor: Any,
    request: EventRequest,
    decision: str,
    risk_level: str,
    rationale: str,
    conditions: Sequence[str] = (),
    conditions_detail: str = "",
    risk_reasons: str = "",
) -> RequestDecision:
    decision = _choice(decision, "decision", Decision.values)
    risk_level = _choice(risk_level, "risk_level", RiskLevel.values)
    unknown = [c for c in conditions if c not in Condition.values]
    if unknown:
        raise ValidationError({"conditions": f"Unknown condition: {', '.join(unknown)}."})
    reason = _text(rationale, "rationale", required=True)
    detail = _text(conditions_detail, "conditions_detail", required=False)
    if decision == Decision.APPROVED_WITH_CONDITIONS and not (conditions or detail):
        raise ValidationError({"conditions": "Name the conditions of the approval."})
    with transaction.atomic():
        request = EventRequest.unscoped.select_for_update().get(pk=request.pk)
        if request.status != Status.SUBMITTED:
            raise IllegalTransitionError(
                f"{request.reference} is already decided: re-open it for review to decide again."
            )
        allowed = approver_roles(request.provider, risk_level, request.late)
        held = roles_for(actor, request.provider_id) & set(allowed)
        if not held:
            who = " or ".join(Role(r).label.lower() for r in allowed)
            raise PermissionDenied(
                f"A {risk_level}-risk{' late' if request.late else ''} request is decided by a "
                f"{who}."
            )
        if decision != Decision.REFUSED:
            missing = missing_checks(request)
            if missing:
                names = ", ".join(CheckKind(k).label.lower() for k in missing)
                raise ValidationError({"decision": f"Approval needs these checks first: {names}."})
            if consent_refused(request):
                raise ValidationError(
                    {"decision": "A speaker refused consent to checks: the request cannot be "
                     "approved."}
                )  # fmt: skip
        decided_as = _strongest(held)
        row = RequestDecision.unscoped.create(
            provider_id=request.provider_id,
            request=request,
            decision=decision,
            risk_level=risk_level,
            risk_reasons=_text(risk_reasons, "risk_reasons", required=False),
            conditions=list(dict.fromkeys(conditions)),
            conditions_detail=detail,
            rationale=reason,
            decided_by=actor,
            decided_by_name=actor_name(actor),
            decided_as=decided_as,
        )
        request.status = decision
        request.risk_level = risk_level
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "risk_level", "decided_at", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=request,
            changed_fields=["status", "risk_level"],
            detail={"decision": decision, "risk_level": risk_level, "as": decided_as},
        )
        _notify_organiser(request, DECIDED_MESSAGE, actor)
    return row


_ROLE_STRENGTH = [Role.SENIOR_LEADER, Role.DSL, Role.DEPUTY_DSL, Role.SPEAKER_COORDINATOR]


def _strongest(roles: set[str] | frozenset[str]) -> str:
    return next((r for r in _ROLE_STRENGTH if r in roles), sorted(roles)[0])


def request_reopen(*, actor: Any, request: EventRequest, reason: str) -> EventRequest:
    """Circumstances changed before the date: the decision is set aside for a new one."""
    text = _text(reason, "reason", required=True)
    with transaction.atomic():
        request = EventRequest.unscoped.select_for_update().get(pk=request.pk)
        if request.status not in (*APPROVED_STATUSES, Status.REFUSED):
            raise IllegalTransitionError(f"{request.reference} has no decision to review.")
        if request.starts_at <= timezone.now():
            raise IllegalTransitionError(
                f"{request.reference} has started: record its outcome instead."
            )
        RequestDecision.unscoped.filter(request=request, superseded=False).update(
            superseded=True, reopen_reason=text
        )
        request.status = Status.SUBMITTED
        request.reopened_at = timezone.now()
        request.save(update_fields=["status", "reopened_at", "updated_at"])
        audit_record(actor=actor, action="update", obj=request, changed_fields=["status"])
        _notify_organiser(request, REOPENED_MESSAGE, actor)
    return request


def request_withdraw(*, actor: Any, request: EventRequest, reason: str) -> EventRequest:
    text = _text(reason, "reason", required=True)
    with transaction.atomic():
        request = EventRequest.unscoped.select_for_update().get(pk=request.pk)
        _require_open(request, "withdraw")
        request.status = Status.WITHDRAWN
        request.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="update",
            obj=request,
            changed_fields=["status"],
            detail={"reason_length": len(text)},
        )
    return request


# --- after the event ----------------------------------------------------------------------------


def outcome_record(
    *,
    actor: Any,
    request: EventRequest,
    held: bool,
    attendance: int | None = None,
    conditions_met: bool | None = None,
    issues_raised: str = "",
    benefit: str = "",
    values_addressed: Sequence[str] = (),
    now: datetime | None = None,
) -> EventOutcome:
    """What happened. Recorded even for an event never approved (that is a compliance red flag)."""
    now = now or timezone.now()
    unknown = [v for v in values_addressed if v not in BritishValue.values]
    if unknown:
        raise ValidationError({"values_addressed": f"Unknown value: {', '.join(unknown)}."})
    if attendance is not None and not 0 <= attendance <= 1_000_000:
        raise ValidationError({"attendance": "Enter the number who attended."})
    if held and attendance is None:
        raise ValidationError({"attendance": "Enter how many attended."})
    issues = _text(issues_raised, "issues_raised", required=False)
    gain = _text(benefit, "benefit", required=held)
    with transaction.atomic():
        request = EventRequest.unscoped.select_for_update().get(pk=request.pk)
        if request.starts_at > now:
            raise IllegalTransitionError(
                f"{request.reference} has not happened yet: record the outcome after "
                f"{timezone.localtime(request.starts_at):%d %B %Y %H:%M}."
            )
        if request.status in (Status.HELD, Status.NOT_HELD):
            raise IllegalTransitionError(f"The outcome of {request.reference} is already recorded.")
        if request.status == Status.WITHDRAWN:
            raise IllegalTransitionError(f"{request.reference} was withdrawn.")
        outcome = EventOutcome.unscoped.create(
            provider_id=request.provider_id,
            request=request,
            held=held,
            attendance=attendance,
            conditions_met=conditions_met,
            issues_raised=issues,
            benefit=gain,
            values_addressed=list(dict.fromkeys(values_addressed)),
            recorded_by=actor,
        )
        request.status = Status.HELD if held else Status.NOT_HELD
        request.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="create",
            obj=outcome,
            changed_fields=["held", "attendance", "issues_raised", "benefit", "values_addressed"],
        )
    return outcome


def settings_update(*, actor: Any, provider: Provider, **values: Any) -> SpeakerSettings:
    current = settings_for(provider)
    if "required_checks" in values:
        values["required_checks"] = [
            _choice(k, "required_checks", CheckKind.values) for k in values["required_checks"]
        ]
        if not values["required_checks"]:
            raise ValidationError({"required_checks": "Choose at least one check."})
    limits = (("minimum_notice_working_days", 0, 60), ("outcome_overdue_days", 1, 90))
    for field, low, high in limits:
        if field in values and not low <= int(values[field]) <= high:
            raise ValidationError({field: f"Enter a number from {low} to {high}."})
    if "approvers" in values:
        for level, roles in values["approvers"].items():
            _choice(level, "approvers", RiskLevel.values)
            for role in roles:
                _choice(role, "approvers", Role.values)
            if not roles:
                raise ValidationError({"approvers": f"Name who approves {level}-risk requests."})
    changed = [k for k, v in values.items() if getattr(current, k) != v]
    for key, value in values.items():
        setattr(current, key, value)
    with transaction.atomic():
        current.save()
        audit_record(
            actor=actor, action="update", obj=current, provider_id=provider.pk,
            changed_fields=changed,
        )  # fmt: skip
    return current


def mark_outcome_reminded(request: EventRequest, on: date) -> None:
    EventRequest.unscoped.filter(pk=request.pk).update(outcome_reminded_on=on)
