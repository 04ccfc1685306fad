"""Filter tests: the device types and test addresses (the plan), test runs with a result for
each address, and the follow-up of a failure.

A run is one session on one device type: the tester opens each test address that applies to
that device type and records blocked, not blocked (a failure) or could not test. A failure is
followed up (what was fixed, or the decision taken) and re-tested: a later run on the same
device type where the address is blocked closes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.services import audit_record
from preventhub.concerns.selectors import users_holding
from preventhub.core.errors import ConflictError
from preventhub.core.models import Provider
from preventhub.filtering.choices import DEFAULT_DEVICE_TYPES, CheckResult
from preventhub.filtering.cleaning import Collected, clean_choice, clean_text, clean_url, given
from preventhub.filtering.models import Decision, DeviceType, TestCheck, TestRun, TestUrl
from preventhub.filtering.services import actor_name
from preventhub.notifications.services import notify

CLOCK_SKEW = timedelta(minutes=5)
MAX_RUN_AGE = timedelta(days=366)
FAILURE_MESSAGE = "A filter test found a site that was not blocked"


# --- device types -------------------------------------------------------------------------------


def device_types_ensure(provider: Provider) -> list[DeviceType]:
    """The provider's device types, starting them with the usual five the first time."""
    existing = list(DeviceType.objects.for_provider(provider))
    if existing:
        return existing
    with transaction.atomic():
        for position, name in enumerate(DEFAULT_DEVICE_TYPES):
            DeviceType.unscoped.get_or_create(
                provider=provider, name=name, defaults={"position": position}
            )
        audit_record(
            actor=None, action="create", object_type="filtering.devicetype",
            provider_id=provider.pk, detail={"defaults": len(DEFAULT_DEVICE_TYPES)},
        )  # fmt: skip
    return list(DeviceType.objects.for_provider(provider))


def device_type_add(*, actor: Any, provider: Provider, name: Any) -> DeviceType:
    clean = clean_text(name, "name", required="Enter the device type's name.", limit=80)
    with transaction.atomic():
        if DeviceType.objects.for_provider(provider).filter(name__iexact=clean).exists():
            raise ConflictError({"name": f"{clean} is already a device type."})
        last = DeviceType.objects.for_provider(provider).order_by("-position").first()
        try:
            with transaction.atomic():
                device = DeviceType.unscoped.create(
                    provider=provider, name=clean, position=(last.position + 1) if last else 0
                )
        except IntegrityError as exc:
            raise ConflictError({"name": f"{clean} is already a device type."}) from exc
        audit_record(actor=actor, action="create", obj=device, changed_fields=["name"])
    return device


def device_type_set_active(*, actor: Any, device: DeviceType, active: bool) -> DeviceType:
    """Retire a device type no longer in use (its results stay), or bring it back."""
    with transaction.atomic():
        if device.is_active != active:
            device.is_active = active
            device.save(update_fields=["is_active", "updated_at"])
            audit_record(actor=actor, action="update", obj=device, changed_fields=["is_active"])
    return device


# --- test addresses -----------------------------------------------------------------------------


def _devices(provider: Provider, devices: Iterable[Any]) -> list[DeviceType]:
    chosen = list(devices or [])
    ids = {getattr(d, "pk", d) for d in chosen}
    found = list(DeviceType.objects.for_provider(provider).filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"device_types": "Choose device types from the list."})
    return found


def _test_url_values(provider: Provider, values: dict[str, Any]) -> dict[str, Any]:
    checks = Collected()
    cleaned = {
        "category": checks.take(
            clean_text, values.get("category"), "category", required="Enter the category.",
            limit=120,
        ),
        "url": (checks.take(clean_url, values.get("url"), "url") or ("",))[0],
        "notes": checks.take(clean_text, values.get("notes"), "notes", limit=500),
        "device_types": checks.take(_devices, provider, values.get("device_types") or []),
    }  # fmt: skip
    checks.raise_any()
    return cleaned


def _refuse_duplicate_url(provider: Provider, url: str, exclude: Any = None) -> None:
    same = TestUrl.objects.for_provider(provider).filter(url__iexact=url)
    if (same.exclude(pk=exclude) if exclude else same).exists():
        raise ConflictError({"url": f"{url} is already a test address."})


def address_add(*, actor: Any, provider: Provider, **values: Any) -> TestUrl:
    """Add a test address (``category``, ``url``, ``device_types`` (none: all), ``notes``)."""
    cleaned = _test_url_values(provider, values)
    devices = cleaned.pop("device_types")
    with transaction.atomic():
        _refuse_duplicate_url(provider, cleaned["url"])
        try:
            with transaction.atomic():
                test_url = TestUrl.unscoped.create(provider=provider, **cleaned)
        except IntegrityError as exc:
            raise ConflictError({"url": f"{cleaned['url']} is already a test address."}) from exc
        test_url.device_types.set(devices)
        audit_record(
            actor=actor, action="create", obj=test_url,
            changed_fields=["category", "url", "device_types", "notes"],
        )  # fmt: skip
    return test_url


def address_update(*, actor: Any, test_url: TestUrl, **values: Any) -> TestUrl:
    provider = test_url.provider
    cleaned = _test_url_values(provider, values)
    devices = cleaned.pop("device_types")
    with transaction.atomic():
        _refuse_duplicate_url(provider, cleaned["url"], exclude=test_url.pk)
        changed = [k for k, v in cleaned.items() if getattr(test_url, k) != v]
        if {d.pk for d in devices} != {d.pk for d in test_url.device_types.all()}:
            changed.append("device_types")
        for key, value in cleaned.items():
            setattr(test_url, key, value)
        test_url.save()
        test_url.device_types.set(devices)
        audit_record(actor=actor, action="update", obj=test_url, changed_fields=changed)
    return test_url


def address_set_active(*, actor: Any, test_url: TestUrl, active: bool) -> TestUrl:
    with transaction.atomic():
        if test_url.is_active != active:
            test_url.is_active = active
            test_url.save(update_fields=["is_active", "updated_at"])
            audit_record(actor=actor, action="update", obj=test_url, changed_fields=["is_active"])
    return test_url


def applies_to(test_url: TestUrl, device: DeviceType, device_ids: set[Any]) -> bool:
    """A test address with no device types chosen applies to every device type."""
    return not device_ids or device.pk in device_ids


def plan_for(provider: Provider, device: DeviceType) -> list[TestUrl]:
    """The active test addresses to check on ``device``."""
    urls = TestUrl.objects.for_provider(provider).filter(is_active=True)
    return [
        u
        for u in urls.prefetch_related("device_types")
        if applies_to(u, device, {d.pk for d in u.device_types.all()})
    ]


# --- runs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    test_url: Any  # a TestUrl or its id
    result: str
    notes: str = ""


@dataclass(frozen=True)
class RunRecorded:
    run: TestRun
    created: bool


def _run_at(value: Any, now: datetime) -> datetime:
    if value is None or value == "":
        raise ValidationError({"run_at": "Enter when the test was done."})
    if not isinstance(value, datetime):
        raise ValidationError({"run_at": "Enter a real date and time, e.g. 2026-03-27 10:30."})
    moment = timezone.make_aware(value) if timezone.is_naive(value) else value
    if moment > now + CLOCK_SKEW:
        raise ValidationError({"run_at": "A test run cannot be in the future."})
    if moment < now - MAX_RUN_AGE:
        raise ValidationError({"run_at": "Record a test run from the last year."})
    return moment


def _checks(provider: Provider, device: DeviceType | None, items: list[CheckIn]) -> list[Any]:
    if not items:
        raise ValidationError({"checks": "Record a result for at least one test address."})
    plan = {u.pk: u for u in plan_for(provider, device)} if device is not None else {}
    out: list[Any] = []
    errors = Collected()
    seen: set[Any] = set()
    for index, item in enumerate(items, start=1):
        pk = getattr(item.test_url, "pk", item.test_url)
        test_url = next((u for k, u in plan.items() if str(k) == str(pk)), None)
        if test_url is None:
            errors.add(
                ValidationError(
                    {"checks": f"Check {index}: not an active test address for this device type."}
                )
            )
            continue
        if test_url.pk in seen:
            errors.add(ValidationError({"checks": f"Check {index}: {test_url.url} is repeated."}))
        seen.add(test_url.pk)
        result = errors.take(clean_choice, item.result, "checks", CheckResult, "a result")
        notes = errors.take(clean_text, item.notes, "checks", limit=1000)
        out.append((test_url, result, notes or ""))
    errors.raise_any()
    return out


def run_record(
    *,
    actor: Any,
    provider: Provider,
    device_type: Any,
    run_at: Any,
    checks: list[CheckIn],
    network: str = "",
    notes: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> RunRecorded:
    """Record a test run on one device type with a result for each address checked."""
    now = now or timezone.now()
    if idempotency_key:
        earlier = TestRun.objects.for_provider(provider).filter(
            tested_by=actor, idempotency_key=idempotency_key
        )
        if (found := earlier.first()) is not None:
            return RunRecorded(found, False)
    values = Collected()
    device = values.take(_device, provider, device_type)
    moment = values.take(_run_at, run_at, now)
    network = values.take(clean_text, network, "network") or ""
    notes = values.take(clean_text, notes, "notes", limit=1000) or ""
    cleaned = values.take(_checks, provider, device, checks) if device else None
    values.raise_any()
    cleaned, moment = given(cleaned), given(moment)
    with transaction.atomic():
        run = TestRun.unscoped.create(
            provider=provider, device_type=device, run_at=moment, network=network, notes=notes,
            tested_by=actor, tested_by_name=actor_name(actor), idempotency_key=idempotency_key,
        )  # fmt: skip
        TestCheck.unscoped.bulk_create(
            TestCheck(
                provider=provider, run=run, test_url=u, device_type=device, checked_at=moment,
                result=result, notes=text,
            )
            for u, result, text in cleaned
        )  # fmt: skip
        failures = sum(1 for _, result, _ in cleaned if result == CheckResult.NOT_BLOCKED)
        audit_record(
            actor=actor, action="create", obj=run,
            changed_fields=["device_type", "run_at", "network", "notes", "checks"],
            detail={"checks": len(cleaned), "failures": failures},
        )  # fmt: skip
        if failures:
            _tell_about_failures(provider, run)
    return RunRecorded(run, True)


def _device(provider: Provider, value: Any) -> DeviceType:
    pk = getattr(value, "pk", value)
    found = None
    if pk not in (None, ""):
        try:
            found = DeviceType.objects.for_provider(provider).filter(pk=pk, is_active=True).first()
        except (ValueError, ValidationError):
            found = None
    if found is None:
        raise ValidationError({"device_type": "Choose the device type tested from the list."})
    result: DeviceType = found
    return result


def _tell_about_failures(provider: Provider, run: TestRun) -> None:
    """The safeguarding team and IT hear at once that filtering let something through."""
    people = users_holding(provider, [Role.DSL, Role.DEPUTY_DSL, Role.IT_MANAGER])
    url = reverse("filtering:run_detail", kwargs={"pk": run.pk})
    notify(provider=provider, users=people, message=FAILURE_MESSAGE, url=url)


def check_follow_up(
    *, actor: Any, check: TestCheck, text: Any, decision: Decision | None = None
) -> TestCheck:
    """Record what was done about a failure (a fix, or a decision logged); once."""
    follow_up = clean_text(
        text, "follow_up", required="Say what was done: what was fixed, or what was decided.",
        limit=2000,
    )  # fmt: skip
    if decision is not None and decision.provider_id != check.provider_id:
        raise ValidationError({"decision": "Choose a decision from this provider's log."})
    with transaction.atomic():
        locked: TestCheck = (
            TestCheck.objects.for_provider(check.provider_id).select_for_update().get(pk=check.pk)
        )
        if locked.result != CheckResult.NOT_BLOCKED:
            raise ConflictError("Only a failure (not blocked) is followed up.")
        if locked.followed_up_at is not None:
            raise ConflictError("This failure has already been followed up.")
        locked.follow_up = follow_up
        locked.follow_up_decision = decision
        locked.followed_up_at = timezone.now()
        locked.followed_up_by_name = actor_name(actor)
        locked.save()
        audit_record(
            actor=actor, action="update", obj=locked,
            changed_fields=["follow_up", "followed_up_at", *(["decision"] if decision else [])],
        )  # fmt: skip
    return locked
