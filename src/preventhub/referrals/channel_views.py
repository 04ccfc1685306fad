"""Channel tracking pages: the record, opening it, and one form page per step (screening,
panel, consent, support plan, review, exit). Safeguarding team only; views are audited."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from preventhub.concerns.errors import IllegalTransitionError
from preventhub.core.access import requires
from preventhub.core.forms import Form
from preventhub.referrals.channel import (
    channel_add_review,
    channel_exit,
    channel_record_consent,
    channel_record_panel,
    channel_record_screening,
    channel_record_view,
    channel_start,
    channel_update_support_plan,
)
from preventhub.referrals.choices import CHANNEL_STEPS
from preventhub.referrals.forms import (
    ConsentForm,
    ExitForm,
    PanelForm,
    ReviewForm,
    ScreeningForm,
    SupportPlanForm,
)
from preventhub.referrals.models import ChannelCase
from preventhub.referrals.selectors import (
    channel_reviews,
    get_channel_for_user,
    get_referral_concern,
    referral_of,
    subject_is_child,
)
from preventhub.referrals.views import ProviderRequest, form_errors_from, posted_data


@requires("referrals.view_channel")
def channel_detail(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    channel = get_channel_for_user(request.user, request.provider, concern_pk)
    channel_record_view(actor=request.user, channel=channel)
    steps = {step for step, states in CHANNEL_STEPS.items() if channel.status in states}
    context = {
        "channel": channel,
        "concern": channel.concern,
        "referral": referral_of(channel.concern),
        "reviews": channel_reviews(channel),
        "steps": steps,
        "today": timezone.localdate(),
    }
    return render(request, "referrals/channel_detail.html", context)


@requires("referrals.work_channel")
def channel_open(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    concern = get_referral_concern(
        request.user, request.provider, concern_pk, "referrals.work_channel"
    )
    if request.method != "POST":
        return redirect("concerns:detail", pk=concern.pk)
    try:
        started = channel_start(actor=request.user, concern=concern)
    except IllegalTransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("concerns:detail", pk=concern.pk)
    if started.created:
        messages.success(request, "Channel tracking is open: record the screening when it is done.")
    return redirect("referrals:channel", concern_pk=concern.pk)


# --- one page per step -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    title: str
    button: str
    form: Callable[..., Form]
    save: Callable[..., Any]
    intro: str = ""
    shows_content: bool = False


def _consent_form(channel: ChannelCase, *args: Any, **kwargs: Any) -> Form:
    known = subject_is_child(channel.concern, timezone.localdate()) is not None
    return ConsentForm(*args, age_known=known, **kwargs)


STEPS: dict[str, Step] = {
    "screening": Step(
        "Record the screening",
        "Record screening",
        lambda c, *a, **k: ScreeningForm(*a, **k),
        channel_record_screening,
        intro="Police Prevent (or the local authority) screens a referral to decide whether "
        "it goes to a Channel panel.",
    ),
    "panel": Step(
        "Record the panel's decision",
        "Record decision",
        lambda c, *a, **k: PanelForm(*a, **k),
        channel_record_panel,
    ),
    "consent": Step(
        "Record consent",
        "Record consent",
        _consent_form,
        channel_record_consent,
        intro="Channel is voluntary: support is given only with consent, which is a parent's "
        "or carer's when the person is under 18.",
    ),
    "support-plan": Step(
        "Support plan",
        "Save the support plan",
        lambda c, *a, **k: SupportPlanForm(*a, **k),
        channel_update_support_plan,
        shows_content=True,
    ),
    "review": Step(
        "Record a Channel review",
        "Record review",
        lambda c, *a, **k: ReviewForm(*a, **k),
        channel_add_review,
    ),
    "exit": Step(
        "Record exit from Channel",
        "Record exit",
        lambda c, *a, **k: ExitForm(*a, **k),
        channel_exit,
    ),
}


def _initial(step: str, channel: ChannelCase) -> dict[str, Any]:
    today = timezone.localdate()
    initial: dict[str, dict[str, Any]] = {
        "screening": {"screened_on": today},
        "panel": {"panel_on": today},
        "consent": {
            "consent": channel.consent,
            "parental": channel.consent_parental,
            "recorded_on": today,
        },
        "support-plan": {"support_plan": channel.support_plan},
        "review": {"held_on": today},
        "exit": {"exited_on": today},
    }
    return initial[step]


@requires("referrals.work_channel")
def channel_step(request: ProviderRequest, concern_pk: uuid.UUID, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404("No such Channel step.")
    channel = get_channel_for_user(request.user, request.provider, concern_pk, "work")
    spec = STEPS[step]
    if channel.status not in CHANNEL_STEPS[step]:
        messages.error(request, f"{spec.title} is not possible now: the case is {_state(channel)}.")
        return redirect("referrals:channel", concern_pk=concern_pk)
    form = spec.form(channel, posted_data(request), initial=_initial(step, channel))
    if request.method == "POST" and form.is_valid():
        try:
            spec.save(actor=request.user, channel=channel, **form.cleaned_data)
        except IllegalTransitionError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("referrals:channel", concern_pk=concern_pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"{spec.title}: saved.")
            return redirect("referrals:channel", concern_pk=concern_pk)
    if request.method != "POST" and spec.shows_content:
        channel_record_view(actor=request.user, channel=channel, part=step)
    context = {
        "concern": channel.concern,
        "form": form,
        "title": spec.title,
        "button": spec.button,
        "intro": spec.intro,
        "back_url": "referrals:channel",
        "back_label": "Back to Channel",
    }
    return render(request, "referrals/form_page.html", context)


def _state(channel: ChannelCase) -> str:
    return str(channel.get_status_display()).lower()
