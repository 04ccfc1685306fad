"""The MIS import pages: upload -> choose columns and check (dry run) -> import or cancel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from preventhub.core.access import requires
from preventhub.people.forms import ImportMappingForm, ImportUploadForm
from preventhub.people.importing import ImportFileError, ImportReport, default_mapping
from preventhub.people.services import people_import
from preventhub.people.staging import StagedImport, discard_staged, stage_upload, staged_import
from preventhub.people.views import PeopleRequest

ERRORS_SHOWN = 1000


@requires("people.import_people")
def import_upload(request: PeopleRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stage_upload(request.session, upload, kind=form.cleaned_data["kind"], name=upload.name)
        except ImportFileError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            return redirect("people:import_review")
    return render(request, "people/import_upload.html", {"form": form})


@requires("people.import_people")
def import_review(request: PeopleRequest) -> HttpResponse:
    staged = staged_import(request.session)
    if staged is None:
        messages.info(request, "Upload a file to import.")
        return redirect("people:import")
    if request.method == "POST" and "cancel" in request.POST:
        discard_staged(request.session)
        messages.info(request, "The import was cancelled and the uploaded file deleted.")
        return redirect("people:import")
    try:
        headers = staged.table().headers
    except ImportFileError as exc:  # e.g. the size limit was lowered since the upload
        discard_staged(request.session)
        messages.error(request, " ".join(exc.messages))
        return redirect("people:import")
    return _review(request, staged, headers)


def _review(request: PeopleRequest, staged: StagedImport, headers: list[str]) -> HttpResponse:
    initial = default_mapping(headers, staged.kind)
    form = ImportMappingForm(
        request.POST or None, headers=headers, kind=staged.kind, initial=initial
    )
    report = None
    confirmed = request.method == "POST" and "import" in request.POST
    if request.method != "POST" or form.is_valid():
        mapping = form.mapping() if request.method == "POST" else initial
        report = _run(request, staged, mapping, dry_run=not confirmed)
    if report is not None and report.imported:
        discard_staged(request.session)
        messages.success(request, f"Import finished. {report.summary()}")
        return redirect("people:list")
    context = {"staged": staged, "form": form, "report": report, "errors_shown": ERRORS_SHOWN}
    return render(request, "people/import_review.html", context)


def _run(
    request: PeopleRequest, staged: StagedImport, mapping: dict[str, str], *, dry_run: bool
) -> ImportReport:
    return people_import(
        actor=request.user,
        provider=request.provider,
        source=staged.read(),
        kind=staged.kind,
        mapping=mapping,
        dry_run=dry_run,
    )
