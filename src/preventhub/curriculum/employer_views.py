"""Pages of apprenticeship employers told about the Prevent duty: the list with who is due,
recording a communication, reading, changing and removing one."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from preventhub.core.access import requires
from preventhub.curriculum.choices import CommunicationTopic
from preventhub.curriculum.forms import CommunicationForm
from preventhub.curriculum.models import EmployerCommunication
from preventhub.curriculum.permissions import MANAGE, VIEW_EMPLOYERS
from preventhub.curriculum.selectors import (
    communications,
    employer_names,
    employer_rows,
    get_communication,
)
from preventhub.curriculum.services import (
    communication_delete,
    communication_record,
    communication_record_view,
    communication_update,
)
from preventhub.curriculum.views import ProviderRequest, form_errors_from

RECENT = 50


@requires(VIEW_EMPLOYERS)
def employers(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    rows = employer_rows(provider)
    # Employers to act on first: apprentices now and not told; then the rest by name.
    rows.sort(key=lambda r: (not r.finding, r.apprentices == 0, r.name.casefold()))
    log = communications(provider).order_by("-communicated_on", "-created_at")[:RECENT]
    context = {
        "rows": rows,
        "due": sum(1 for r in rows if r.finding),
        "with_apprentices": sum(1 for r in rows if r.apprentices),
        "log": log,
        "topics": dict(CommunicationTopic.choices),
        "can_manage": request.user.has_perm(MANAGE, provider),
    }
    return render(request, "curriculum/employers.html", context)


def _fields(form: CommunicationForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "employer": data["employer"],
        "communicated_on": data["communicated_on"],
        "method": data["method"],
        "topics": data["topics"],
        "notes": data["notes"],
        "communicated_by": data["communicated_by"],
    }


@requires(MANAGE)
def communication_new(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    names = employer_names(provider)
    if request.method == "POST":
        form = CommunicationForm(request.POST, employers=names)
        if form.is_valid():
            try:
                recorded = communication_record(
                    actor=request.user,
                    provider=provider,
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                    **_fields(form),
                )
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                name = recorded.communication.employer
                messages.success(request, f"The communication with {name} is recorded.")
                return redirect("curriculum:employers")
    else:
        wanted = request.GET.get("employer", "")
        form = CommunicationForm(
            initial={
                "employer": wanted if wanted in names else "",
                "communicated_on": timezone.localdate(),
                "idempotency_key": uuid.uuid4().hex,
            },
            employers=names,
        )
    return render(request, "curriculum/communication_form.html", {"form": form, "item": None})


@requires(VIEW_EMPLOYERS)
def communication_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    item = get_communication(request.provider, pk)
    communication_record_view(actor=request.user, communication=item)
    context = {
        "item": item,
        "topics": [dict(CommunicationTopic.choices).get(t, t) for t in item.topics],
        "can_manage": request.user.has_perm(MANAGE, request.provider),
    }
    return render(request, "curriculum/communication_detail.html", context)


@requires(MANAGE)
def communication_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    item = get_communication(request.provider, pk)
    names = employer_names(request.provider)
    names += [item.employer] if item.employer not in names else []
    if request.method == "POST":
        form = CommunicationForm(request.POST, employers=names)
        if form.is_valid():
            try:
                communication_update(actor=request.user, communication=item, **_fields(form))
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, "The communication is changed.")
                return redirect("curriculum:communication_detail", pk=item.pk)
    else:
        form = CommunicationForm(initial=_initial(item), employers=names)
    return render(request, "curriculum/communication_form.html", {"form": form, "item": item})


def _initial(item: EmployerCommunication) -> dict[str, Any]:
    return {
        "employer": item.employer,
        "communicated_on": item.communicated_on,
        "method": item.method,
        "topics": item.topics,
        "notes": item.notes,
        "communicated_by": item.communicated_by,
    }


@requires(MANAGE)
def communication_remove(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    item = get_communication(request.provider, pk)
    if request.method == "POST":
        communication_delete(actor=request.user, communication=item)
        messages.success(request, f"The communication with {item.employer} is removed.")
        return redirect("curriculum:employers")
    return render(request, "curriculum/communication_remove.html", {"item": item})
