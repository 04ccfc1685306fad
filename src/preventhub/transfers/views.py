"""Pages of record transfer: the list, sending a file, receiving one, accepting or rejecting
it, and the receipts that carry its status back to the sender."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from preventhub.audit.services import audit_record
from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.transfers.choices import TransferStatus
from preventhub.transfers.forms import AcceptForm, ReceiptForm, ReceiveForm, RejectForm, SendForm
from preventhub.transfers.models import Transfer
from preventhub.transfers.receiving import (
    max_package_bytes,
    receipt_bytes,
    transfer_accept,
    transfer_receipt,
    transfer_receive,
    transfer_reject,
)
from preventhub.transfers.schooldays import receipt_due_on
from preventhub.transfers.selectors import (
    get_person,
    get_transfer_for_user,
    incoming,
    outgoing,
    person_by_mis_id,
)
from preventhub.transfers.services import (
    MAX_RECEIPT_BYTES,
    is_overdue,
    transfer_package,
    transfer_record_receipt,
    transfer_send,
)

PERM = "transfers.transfer_files"
LIST_LIMIT = 100


class ProviderRequest(HttpRequest):
    provider: Provider


AnyForm = SendForm | ReceiveForm | AcceptForm | RejectForm | ReceiptForm


def show_errors(form: AnyForm, exc: ValidationError) -> None:
    """A service's ValidationError shown against the form's fields (or the whole form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def read_upload(upload: UploadedFile[bytes], limit: int) -> bytes | None:
    """The upload's bytes, or None when it is larger than ``limit`` (read no further)."""
    if upload.size is not None and upload.size > limit:
        return None
    content = upload.read(limit + 1)
    return None if len(content) > limit else content


def _row(transfer: Transfer, now: Any) -> dict[str, Any]:
    overdue = is_overdue(transfer, now)
    return {"transfer": transfer, "overdue": overdue}


@requires(PERM)
def transfer_list(request: ProviderRequest) -> HttpResponse:
    now = timezone.now()
    sent = outgoing(request.user, request.provider).defer("person_name")[:LIST_LIMIT]
    received = incoming(request.user, request.provider).defer("person_name")[:LIST_LIMIT]
    rows = [_row(t, now) for t in sent]
    context = {
        "sent": rows,
        "received": list(received),
        "overdue": sum(1 for r in rows if r["overdue"]),
        "limit": LIST_LIMIT,
    }
    return render(request, "transfers/list.html", context)


# --- sending -------------------------------------------------------------------------------


@requires(PERM)
def transfer_new(request: ProviderRequest) -> HttpResponse:
    if request.method == "POST":
        form = SendForm(request.POST)
        if form.is_valid():
            response = _send(request, form)
            if response is not None:
                return response
    else:
        person = get_person(request.user, request.provider, request.GET.get("person", ""))
        form = SendForm(
            initial={"mis_id": person.mis_id if person else "", "idempotency_key": uuid.uuid4().hex}
        )
    return render(request, "transfers/new.html", {"form": form})


def _send(request: ProviderRequest, form: SendForm) -> HttpResponse | None:
    data = form.cleaned_data
    person = person_by_mis_id(request.user, request.provider, data["mis_id"])
    if person is None:
        form.add_error("mis_id", f"Nobody in your register has the MIS id {data['mis_id']}.")
        return None
    try:
        sent = transfer_send(
            actor=request.user,
            provider=request.provider,
            person=person,
            recipient_name=data["recipient_name"],
            idempotency_key=data["idempotency_key"] or None,
        )
    except ValidationError as exc:
        show_errors(form, exc)
        return None
    if sent.passphrase is None:
        messages.info(
            request, "This file was already made; its passphrase was shown when it was made."
        )
        return redirect("transfers:detail", pk=sent.transfer.pk)
    # The passphrase is in this response only: it is not stored, and cannot be shown again.
    context = {"transfer": sent.transfer, "groups": sent.passphrase.split("-")}
    return render(request, "transfers/sent.html", context)


@requires(PERM)
def transfer_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, request.provider, pk)
    audit_record(actor=request.user, action="view", obj=transfer, detail={"part": "transfer"})
    return _detail(request, transfer, receipt_form=ReceiptForm())


def _detail(request: ProviderRequest, transfer: Transfer, **extra: Any) -> HttpResponse:
    context = {
        "transfer": transfer,
        "cases": transfer.concerns.select_related("concern").order_by("created_at"),
        "overdue": is_overdue(transfer),
        "due_on": receipt_due_on(timezone.localdate(transfer.created_at)),
        "awaiting_receipt": transfer.is_outgoing
        and transfer.status in (TransferStatus.SENT, TransferStatus.RECEIVED),
        **extra,
    }
    return render(request, "transfers/detail.html", context)


@requires(PERM)
def transfer_download(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, request.provider, pk)
    if not transfer.is_outgoing:
        messages.error(request, "Only a file you sent can be downloaded.")
        return redirect("transfers:detail", pk=transfer.pk)
    response = HttpResponse(
        transfer_package(actor=request.user, transfer=transfer),
        content_type="application/octet-stream",
    )
    filename = f"safeguarding-file-{transfer.reference}.phsg"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires(PERM)
def receipt_upload(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, request.provider, pk)
    if request.method != "POST":
        return redirect("transfers:detail", pk=transfer.pk)
    form = ReceiptForm(request.POST, request.FILES)
    if form.is_valid():
        raw = read_upload(form.cleaned_data["receipt"], MAX_RECEIPT_BYTES)
        if raw is None:
            form.add_error("receipt", "That file is too big to be a receipt.")
        else:
            try:
                transfer = transfer_record_receipt(actor=request.user, transfer=transfer, raw=raw)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                status = transfer.get_status_display().lower()
                messages.success(request, f"The receipt is recorded: the file was {status}.")
                return redirect("transfers:detail", pk=transfer.pk)
    return _detail(request, transfer, receipt_form=form)


# --- receiving -----------------------------------------------------------------------------


@requires(PERM)
def transfer_receive_view(request: ProviderRequest) -> HttpResponse:
    form = ReceiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        limit = max_package_bytes()
        data = read_upload(form.cleaned_data["package"], limit)
        if data is None:
            form.add_error(
                "package", f"The file is larger than {limit // (1024 * 1024)} MB, the most allowed."
            )
        else:
            try:
                received = transfer_receive(
                    actor=request.user,
                    provider=request.provider,
                    data=data,
                    passphrase=form.cleaned_data["passphrase"],
                )
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                if not received.created:
                    messages.info(request, "You had already received this file.")
                return redirect("transfers:accept", pk=received.transfer.pk)
    return render(request, "transfers/receive.html", {"form": form})


def _received(request: ProviderRequest, pk: uuid.UUID) -> Transfer | HttpResponse:
    transfer = get_transfer_for_user(request.user, request.provider, pk)
    if transfer.is_outgoing or transfer.status != TransferStatus.RECEIVED:
        messages.error(request, f"{transfer.reference} is not waiting for your decision.")
        return redirect("transfers:detail", pk=transfer.pk)
    return transfer


@requires(PERM)
def transfer_accept_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    transfer = _received(request, pk)
    if isinstance(transfer, HttpResponse):
        return transfer
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfer_accept(
                actor=request.user, transfer=transfer, mis_id=form.cleaned_data["mis_id"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, f"{transfer.reference} is accepted: the file is in your records."
            )
            return redirect("transfers:detail", pk=transfer.pk)
    else:
        audit_record(actor=request.user, action="view", obj=transfer, detail={"part": "review"})
    born = transfer.summary.get("date_of_birth")
    context = {
        "transfer": transfer,
        "form": form,
        "born": date.fromisoformat(born) if born else None,
    }
    return render(request, "transfers/accept.html", context)


@requires(PERM)
def transfer_reject_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    transfer = _received(request, pk)
    if isinstance(transfer, HttpResponse):
        return transfer
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = transfer_reject(
                actor=request.user, transfer=transfer, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, f"{transfer.reference} is rejected. Send the receipt back.")
            return redirect("transfers:detail", pk=transfer.pk)
    return render(request, "transfers/reject.html", {"transfer": transfer, "form": form})


@requires(PERM)
def receipt_download(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    transfer = get_transfer_for_user(request.user, request.provider, pk)
    if transfer.is_outgoing:
        messages.error(request, "Receipts are made for files you received.")
        return redirect("transfers:detail", pk=transfer.pk)
    body = transfer_receipt(actor=request.user, transfer=transfer)
    response = HttpResponse(receipt_bytes(body), content_type="application/json")
    filename = f"receipt-{transfer.reference}-{transfer.status}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
