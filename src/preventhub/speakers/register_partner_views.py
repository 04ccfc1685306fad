"""The extract for partners: choose a period and a partner, preview the refused and
conditionally approved speakers, record the share, then download it (CSV) or print it.

A copy can only be taken of a recorded share, so what was shared with whom is always known.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from preventhub.audit.exports import safe_cell
from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.speakers.models import PartnerShare
from preventhub.speakers.register_dashboard import academic_year
from preventhub.speakers.register_exports import BOM
from preventhub.speakers.register_forms import PartnerExtractForm, PartnerShareForm
from preventhub.speakers.register_partners import (
    ExtractRow,
    extract_rows,
    references_of,
    share_rows,
    shares,
)
from preventhub.speakers.register_services import (
    partner_share_downloaded,
    partner_share_record,
)

MANAGE = "speakers.manage"
SHARES_PAGE_SIZE = 20
CSV_HEADER = [
    "Reference", "Speaker", "Organisation or hirer", "Event date (Europe/London)",
    "Event or letting", "Decision", "Conditions", "Rationale (summary)",
]  # fmt: skip


class ProviderRequest(HttpRequest):
    provider: Provider


def _initial() -> dict[str, object]:
    today = timezone.localdate()
    return {"period_start": academic_year(today).first_day, "period_end": today}


SHARE_PREFIX = "share"
CHOSEN = ("period_start", "period_end", "partner")


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def partner_extract(request: ProviderRequest) -> HttpResponse:
    """GET with a period and partner previews; POST records the share and opens it."""
    if request.method == "POST":
        share_form = PartnerShareForm(request.POST, prefix=SHARE_PREFIX)
        if share_form.is_valid():
            share = _record(request, share_form)
            if share is not None:
                messages.success(request, f"Recorded: the extract is shared with {share.partner}.")
                return redirect("speakers:partner_share", pk=share.pk)
        chosen = {name: request.POST.get(f"{SHARE_PREFIX}-{name}", "") for name in CHOSEN}
        return _extract_page(request, PartnerExtractForm(chosen), share_form)
    bound = any(name in request.GET for name in CHOSEN)
    form = PartnerExtractForm(request.GET if bound else None, initial=_initial())
    return _extract_page(request, form, None)


def _record(request: ProviderRequest, form: PartnerShareForm) -> PartnerShare | None:
    data = form.cleaned_data
    try:
        return partner_share_record(
            actor=request.user,
            provider=request.provider,
            partner=data["partner"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            note=data["note"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None


def _extract_page(
    request: ProviderRequest, form: PartnerExtractForm, share_form: PartnerShareForm | None
) -> HttpResponse:
    rows: list[ExtractRow] | None = None
    caption = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        rows = extract_rows(request.provider, data["period_start"], data["period_end"])
        caption = period_caption(data["period_start"], data["period_end"])
        if share_form is None:
            share_form = PartnerShareForm(initial=data, prefix=SHARE_PREFIX)
    history = Paginator(shares(request.provider), SHARES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "share_form": share_form,
        "rows": rows,
        "preview_caption": caption,
        "history": history,
        "errors": error_summary(form, share_form),
    }
    return render(request, "speakers/register/partners.html", context)


def period_caption(start: date, end: date) -> str:
    return (
        "Refused and conditionally approved speakers, events from "
        f"{date_format(start, 'j F Y')} to {date_format(end, 'j F Y')}"
    )


def error_summary(
    form: PartnerExtractForm, share_form: PartnerShareForm | None
) -> list[tuple[str, str]]:
    """(anchor, message) pairs, once each. The share form's period and partner are hidden
    copies of the form's own, so their errors point at the visible fields."""
    found: list[tuple[str, str]] = []
    pairs = [(name, e) for name, errors in form.errors.items() for e in errors]
    if share_form is not None and share_form.is_bound:
        pairs += [(name, e) for name, errors in share_form.errors.items() for e in errors]
    for name, message in pairs:
        anchor = f"id_{SHARE_PREFIX}-note" if name == "note" else f"id_{name}"
        if name == "__all__":
            anchor = "id_period_start"
        if (anchor, str(message)) not in found:
            found.append((anchor, str(message)))
    return found


def _share(request: ProviderRequest, pk: uuid.UUID) -> PartnerShare:
    found: PartnerShare | None = shares(request.provider).filter(pk=pk).first()
    if found is None:
        raise Http404("No such share.")
    return found


@requires(MANAGE)
@require_GET
def partner_share(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    share = _share(request, pk)
    context = {
        "share": share,
        "rows": share_rows(share),
        "references": references_of(request.provider, share),
    }
    return render(request, "speakers/register/share.html", context)


@requires(MANAGE)
@require_GET
def partner_share_print(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    share = _share(request, pk)
    partner_share_downloaded(actor=request.user, share=share, fmt="print")
    context = {"share": share, "rows": share_rows(share), "printed_at": timezone.localtime()}
    return render(request, "speakers/register/share_print.html", context)


def _csv(rows: list[ExtractRow]) -> Iterator[str]:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield BOM + writer.writerow(CSV_HEADER)
    for row in rows:
        cells = [
            row.reference,
            row.speaker,
            row.organisation,
            row.starts_at.strftime("%Y-%m-%d %H:%M"),
            row.title,
            row.decision_label,
            "; ".join(row.conditions),
            row.rationale,
        ]
        yield writer.writerow([safe_cell(c) for c in cells])


@requires(MANAGE)
@require_GET
def partner_share_csv(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    share = _share(request, pk)
    rows = share_rows(share)
    partner_share_downloaded(actor=request.user, share=share, fmt="csv")
    response = StreamingHttpResponse(_csv(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime(share.created_at).date().isoformat()
    name = f"speaker-extract-{request.provider.slug}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response  # type: ignore[return-value]  # streamed; see register_views.register_csv
