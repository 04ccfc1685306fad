"""Filter-test pages: the tests overview (coverage by device type, open failures, runs), the
plan (test addresses and device types), recording a run, one run, and following up a failure.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from preventhub.core.access import requires
from preventhub.filtering import permissions as perms
from preventhub.filtering.choices import SUGGESTED_CATEGORIES, CheckResult
from preventhub.filtering.filter_tests import (
    CheckIn,
    address_add,
    address_set_active,
    address_update,
    check_follow_up,
    device_type_add,
    device_type_set_active,
    device_types_ensure,
    plan_for,
    run_record,
)
from preventhub.filtering.forms import DeviceTypeForm, FollowUpForm, RunForm, TestUrlForm
from preventhub.filtering.selectors import (
    addresses,
    coverage,
    decisions_for_user,
    device_types,
    get_check_to_follow_up,
    get_device_for_user,
    get_run_for_user,
    get_test_url_for_user,
    open_failures,
    runs_for_user,
)
from preventhub.filtering.services import settings_for
from preventhub.filtering.views import ProviderRequest, form_errors_from, posted

PAGE_SIZE = 20


@requires(perms.VIEW)
@require_GET
def tests_overview(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    runs = runs_for_user(request.user, provider).order_by("-run_at")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "coverage": coverage(provider),
        "failures": list(open_failures(provider)),
        "page": page,
        "settings": settings_for(provider),
        "can_test": request.user.has_perm(perms.RECORD_TESTS, provider),
        "can_plan": request.user.has_perm(perms.PLAN_TESTS, provider),
        "has_addresses": addresses(provider).filter(is_active=True).exists(),
    }
    return render(request, "filtering/tests.html", context)


@requires(perms.RECORD_TESTS)
def test_plan(request: ProviderRequest) -> HttpResponse:
    """The test addresses and the device types; the IT manager adds device types here."""
    provider = request.provider
    device_types_ensure(provider)
    can_plan = request.user.has_perm(perms.PLAN_TESTS, provider)
    form = DeviceTypeForm(posted(request) if can_plan else None)
    if request.method == "POST" and can_plan and form.is_valid():
        try:
            device = device_type_add(actor=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{device.name} is added to the device types.")
            return redirect("filtering:test_plan")
    context = {
        "addresses": addresses(provider),
        "devices": device_types(provider),
        "form": form,
        "can_plan": can_plan,
    }
    return render(request, "filtering/test_plan.html", context)


@requires(perms.PLAN_TESTS)
@require_POST
def device_toggle(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    device = get_device_for_user(request.user, request.provider, pk)
    active = not device.is_active
    device_type_set_active(actor=request.user, device=device, active=active)
    state = "is back in use" if active else "is retired: it is no longer tested"
    messages.success(request, f"{device.name} {state}.")
    return redirect("filtering:test_plan")


def _address_form(request: ProviderRequest, **kwargs: Any) -> TestUrlForm:
    devices = device_types(request.provider, active_only=True)
    return TestUrlForm(posted(request), devices=devices, **kwargs)


@requires(perms.PLAN_TESTS)
def address_new(request: ProviderRequest) -> HttpResponse:
    device_types_ensure(request.provider)
    form = _address_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            address_add(actor=request.user, provider=request.provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['url']} is added to the test plan.")
            return redirect("filtering:test_plan")
    context = {"form": form, "address": None, "suggestions": SUGGESTED_CATEGORIES}
    return render(request, "filtering/address_form.html", context)


@requires(perms.PLAN_TESTS)
def address_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    test_url = get_test_url_for_user(request.user, request.provider, pk)
    if request.method == "POST" and request.POST.get("action") in ("retire", "restore"):
        active = request.POST["action"] == "restore"
        address_set_active(actor=request.user, test_url=test_url, active=active)
        messages.success(
            request, f"{test_url.url} is {'back in' if active else 'out of'} the plan."
        )
        return redirect("filtering:test_plan")
    initial = {
        "category": test_url.category,
        "url": test_url.url,
        "notes": test_url.notes,
        "device_types": list(test_url.device_types.all()),
    }
    form = _address_form(request, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            address_update(actor=request.user, test_url=test_url, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{test_url.url} is saved.")
            return redirect("filtering:test_plan")
    context = {"form": form, "address": test_url, "suggestions": SUGGESTED_CATEGORIES}
    return render(request, "filtering/address_form.html", context)


@requires(perms.RECORD_TESTS)
def run_new(request: ProviderRequest) -> HttpResponse:
    """Choose the device type, then record a result for each of its test addresses."""
    provider = request.provider
    devices = list(device_types(provider, active_only=True)) or [
        d for d in device_types_ensure(provider) if d.is_active
    ]
    device = next((d for d in devices if str(d.pk) == request.GET.get("device")), None)
    if device is None:
        context = {"devices": devices, "coverage": coverage(provider)}
        return render(request, "filtering/run_device.html", context)
    plan = plan_for(provider, device)
    form = RunForm(
        posted(request), plan=plan,
        initial={"run_at": timezone.localtime().replace(second=0, microsecond=0),
                 "idempotency_key": uuid.uuid4().hex},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        checks = [
            CheckIn(u, data[f"result_{u.pk}"], data[f"note_{u.pk}"])
            for u in plan
            if data.get(f"result_{u.pk}")
        ]
        try:
            recorded = run_record(
                actor=request.user, provider=provider, device_type=device, run_at=data["run_at"],
                checks=checks, network=data["network"], notes=data["notes"],
                idempotency_key=data["idempotency_key"] or None,
            )  # fmt: skip
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            failures = recorded.run.checks.filter(result=CheckResult.NOT_BLOCKED).count()
            note = (
                f" {failures} address{'es were' if failures != 1 else ' was'} not blocked: "
                "follow each up and re-test."
                if failures
                else ""
            )
            messages.success(request, f"The test run on {device.name} is recorded.{note}")
            return redirect("filtering:run_detail", pk=recorded.run.pk)
    return render(request, "filtering/run_form.html", {"form": form, "device": device})


@requires(perms.VIEW)
@require_GET
def run_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    run = get_run_for_user(request.user, request.provider, pk)
    open_ids = set(open_failures(request.provider).filter(run=run).values_list("pk", flat=True))
    context = {
        "run": run,
        "checks": run.checks.select_related("test_url", "follow_up_decision").order_by(
            "test_url__category", "test_url__url"
        ),
        "open_ids": open_ids,
        "can_test": request.user.has_perm(perms.RECORD_TESTS, request.provider),
    }
    return render(request, "filtering/run_detail.html", context)


@requires(perms.RECORD_TESTS)
def follow_up(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    check = get_check_to_follow_up(request.user, request.provider, pk)
    decisions = decisions_for_user(request.user, request.provider).order_by("-decided_at")[:50]
    form = FollowUpForm(posted(request), decisions=decisions)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["decision"]
        decision = next((d for d in decisions if str(d.pk) == chosen), None)
        try:
            check_follow_up(
                actor=request.user, check=check, text=form.cleaned_data["follow_up"],
                decision=decision,
            )  # fmt: skip
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The follow-up is recorded. Re-test the address to close it.")
            return redirect("filtering:run_detail", pk=check.run_id)
    return render(request, "filtering/follow_up_form.html", {"form": form, "check": check})
