"""Pages of the Prevent referral: the record, its draft, sending, outcome and follow-ups, the
printable page and the PDF for the local referral form. Channel pages are in channel_views.py.

Every page is for the safeguarding team only and reaches the referral through its concern;
every view of its content, print and export is audited.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from preventhub.accounts.models import User
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.selectors import users_holding
from preventhub.core.access import requires
from preventhub.core.forms import Form
from preventhub.core.models import Provider
from preventhub.referrals.export import referral_pdf, render_referral_document
from preventhub.referrals.forms import FollowUpForm, OutcomeForm, ReferralForm, SendForm
from preventhub.referrals.models import NARRATIVE_FIELDS, PreventReferral
from preventhub.referrals.permissions import TEAM
from preventhub.referrals.selectors import (
    follow_ups,
    get_referral_concern,
    get_referral_for_user,
)
from preventhub.referrals.services import (
    follow_up_add,
    missing_to_send,
    referral_record_export,
    referral_record_outcome,
    referral_record_view,
    referral_send,
    referral_start,
    referral_update,
)


class ProviderRequest(HttpRequest):
    provider: Provider


def posted_data(request: HttpRequest) -> Any:
    """The submitted data on a POST (even an empty one, so it shows errors), else None."""
    return request.POST if request.method == "POST" else None


def form_errors_from(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def refused(request: HttpRequest, exc: IllegalTransitionError, concern_pk: Any) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect("referrals:detail", concern_pk=concern_pk)


def document_context(referral: PreventReferral, *, printing: bool = False) -> dict[str, Any]:
    return {
        "referral": referral,
        "concern": referral.concern,
        "follow_ups": list(follow_ups(referral)),
        "printing": printing,
        "printed_at": timezone.localtime(),
    }


# --- the record ----------------------------------------------------------------------------


@requires("referrals.view_referral")
def referral_detail(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk)
    referral_record_view(actor=request.user, referral=referral)
    return render(request, "referrals/detail.html", document_context(referral))


@requires("referrals.work_referral")
def start(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    concern = get_referral_concern(
        request.user, request.provider, concern_pk, "referrals.work_referral"
    )
    if request.method != "POST":
        return redirect("concerns:detail", pk=concern.pk)
    try:
        started = referral_start(actor=request.user, concern=concern)
    except IllegalTransitionError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("concerns:detail", pk=concern.pk)
    if started.created:
        messages.success(request, "A draft referral is started, filled in from the concern.")
        return redirect("referrals:edit", concern_pk=concern.pk)
    return redirect("referrals:detail", concern_pk=concern.pk)


@requires("referrals.work_referral")
def edit(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk, "work")
    if referral.is_sent:
        messages.error(request, "This referral has been sent: what was sent is not changed.")
        return redirect("referrals:detail", concern_pk=concern_pk)
    initial = {name: getattr(referral, name) for name in [*NARRATIVE_FIELDS, "person_aware"]}
    form = ReferralForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral_update(actor=request.user, referral=referral, **form.cleaned_data)
        except IllegalTransitionError as exc:
            return refused(request, exc, concern_pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The draft referral is saved.")
            return redirect("referrals:detail", concern_pk=concern_pk)
    if request.method != "POST":
        referral_record_view(actor=request.user, referral=referral, part="edit")
    context = {"referral": referral, "concern": referral.concern, "form": form}
    return render(request, "referrals/edit.html", context)


def _senders(provider: Provider) -> Any:
    return User.objects.filter(pk__in=[u.pk for u in users_holding(provider, TEAM)])


@requires("referrals.work_referral")
def send(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk, "work")
    if referral.is_sent:
        messages.error(request, f"This referral was already sent on {referral.sent_on:%d %B %Y}.")
        return redirect("referrals:detail", concern_pk=concern_pk)
    form = SendForm(
        posted_data(request),
        senders=_senders(request.provider),
        initial={"sent_on": timezone.localdate(), "sent_by": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral_send(actor=request.user, referral=referral, **form.cleaned_data)
        except IllegalTransitionError as exc:
            return refused(request, exc, concern_pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The referral is recorded as sent.")
            return redirect("referrals:detail", concern_pk=concern_pk)
    return _form_page(
        request,
        referral,
        form,
        missing=list(missing_to_send(referral).values()),
        title="Record that the referral was sent",
        button="Record as sent",
        intro="Send the referral by the route your local police Prevent team or local "
        "authority asks for (the printable page or the PDF fills their form), then record it "
        "here. What was sent is then kept as it is.",
    )


@requires("referrals.work_referral")
def outcome(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk, "work")
    if not referral.is_sent:
        messages.error(request, "Record that the referral was sent before its outcome.")
        return redirect("referrals:detail", concern_pk=concern_pk)
    initial = {"external_reference": referral.external_reference, "outcome": referral.outcome}
    form = OutcomeForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral_record_outcome(actor=request.user, referral=referral, **form.cleaned_data)
        except IllegalTransitionError as exc:
            return refused(request, exc, concern_pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The reference and outcome are saved.")
            return redirect("referrals:detail", concern_pk=concern_pk)
    if request.method != "POST":
        referral_record_view(actor=request.user, referral=referral, part="outcome")
    return _form_page(
        request, referral, form, title="Reference and outcome", button="Save", intro=""
    )


@requires("referrals.work_referral")
def follow_up(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk, "work")
    if not referral.is_sent:
        messages.error(request, "Record that the referral was sent before adding follow-ups.")
        return redirect("referrals:detail", concern_pk=concern_pk)
    form = FollowUpForm(posted_data(request), initial={"happened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_add(actor=request.user, referral=referral, **form.cleaned_data)
        except IllegalTransitionError as exc:
            return refused(request, exc, concern_pk)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The follow-up is added.")
            return redirect("referrals:detail", concern_pk=concern_pk)
    return _form_page(request, referral, form, title="Add a follow-up", button="Add", intro="")


def _form_page(
    request: HttpRequest,
    referral: PreventReferral,
    form: Form,
    *,
    title: str,
    button: str,
    intro: str,
    missing: list[str] | None = None,
) -> HttpResponse:
    context = {
        "missing": missing or [],
        "concern": referral.concern,
        "form": form,
        "title": title,
        "button": button,
        "intro": intro,
        "back_url": "referrals:detail",
        "back_label": "Back to the Prevent referral",
    }
    return render(request, "referrals/form_page.html", context)


# --- printing and export -----------------------------------------------------------------------


@requires("referrals.export_referral")
def print_view(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk, "export")
    referral_record_view(actor=request.user, referral=referral, part="print")
    return render(request, "referrals/print.html", document_context(referral, printing=True))


@requires("referrals.export_referral")
def pdf_view(request: ProviderRequest, concern_pk: uuid.UUID) -> HttpResponse:
    referral = get_referral_for_user(request.user, request.provider, concern_pk, "export")
    html = render_referral_document(document_context(referral, printing=True))
    body = referral_pdf(html)
    referral_record_export(actor=request.user, referral=referral, fmt="pdf")
    response = HttpResponse(body, content_type="application/pdf")
    name = f"prevent-referral-{referral.concern.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
