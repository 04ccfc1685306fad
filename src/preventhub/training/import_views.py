"""The certificate import: upload → check (a dry run listing every problem) → import or cancel."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from preventhub.core.access import requires
from preventhub.people.importing import ImportFileError
from preventhub.training.forms import ImportForm
from preventhub.training.importing import certificates_import, max_bytes
from preventhub.training.pages import ProviderRequest, posted, posted_files
from preventhub.training.selectors import get_course
from preventhub.training.staging import discard, stage, staged

PROBLEMS_SHOWN = 500


@requires("training.manage")
def import_upload(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    form = ImportForm(posted(request), posted_files(request), provider=provider)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        course = (
            get_course(provider, form.cleaned_data["course"])
            if form.cleaned_data["course"]
            else None
        )
        try:
            stage(
                request.session,
                upload,
                name=upload.name or "certificates.csv",
                course_id=course.pk if course else None,
            )
        except ImportFileError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            return redirect("training:import_review")
    context = {"form": form, "max_mb": max_bytes() // (1024 * 1024)}
    return render(request, "training/import_upload.html", context)


@requires("training.manage")
def import_review(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    found = staged(request.session)
    if found is None:
        messages.info(request, "Upload a file to import.")
        return redirect("training:import")
    if request.method == "POST" and "cancel" in request.POST:
        discard(request.session)
        messages.info(request, "The import was cancelled and the uploaded file deleted.")
        return redirect("training:import")
    course = get_course(provider, found.course_id) if found.course_id else None
    confirmed = request.method == "POST" and "import" in request.POST
    report = certificates_import(
        actor=request.user, provider=provider, source=found.read(), fixed_course=course,
        dry_run=not confirmed,
    )  # fmt: skip
    if report.imported:
        discard(request.session)
        messages.success(request, f"Import finished. {report.summary()}")
        return redirect("training:dashboard")
    context = {
        "staged": found,
        "course": course,
        "report": report,
        "shown": PROBLEMS_SHOWN,
    }
    return render(request, "training/import_review.html", context)
