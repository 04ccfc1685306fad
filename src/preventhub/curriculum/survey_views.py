"""Pages of learner-voice surveys for staff: the question bank, building, opening and closing a
survey, issuing its links, and the anonymised results (per survey and over time)."""

from __future__ import annotations

import base64
import csv
import io
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from preventhub.concerns.statistics_views import Chart, ChartRow
from preventhub.core.access import requires
from preventhub.core.errors import ConflictError
from preventhub.core.models import Site
from preventhub.curriculum.choices import QuestionTheme, SurveyStatus
from preventhub.curriculum.models import Question, Survey
from preventhub.curriculum.permissions import MANAGE_SURVEYS, VIEW_RESULTS
from preventhub.curriculum.results import (
    FEWER_THAN,
    SMALL_NUMBER,
    Cell,
    Segment,
    survey_results,
    trends,
)
from preventhub.curriculum.selectors import course_groups
from preventhub.curriculum.survey_forms import AnonymousLinksForm, QuestionForm, SurveyForm
from preventhub.curriculum.surveys import (
    MAX_LEARNER_BATCH,
    Issued,
    SurveyIn,
    audience,
    link_counts,
    links_anonymous,
    links_for_learners,
    not_yet_invited,
    question_add,
    question_in_use,
    question_set_active,
    question_update,
    questions,
    questions_ensure_defaults,
    state_of,
    survey_close,
    survey_create,
    survey_open,
    survey_questions,
    survey_update,
    surveys,
)
from preventhub.curriculum.views import ProviderRequest, form_errors_from

QR_LIMIT = 300  # printable slips carry a QR code up to this many links


def _survey(request: ProviderRequest, pk: uuid.UUID) -> Survey:
    try:
        found: Survey = (
            surveys(request.provider).select_related("audience_site", "created_by").get(pk=pk)
        )
    except (Survey.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such survey.") from exc
    return found


# --- the question bank -------------------------------------------------------------------------


@requires(MANAGE_SURVEYS)
def question_bank(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    questions_ensure_defaults(actor=request.user, provider=provider)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_add(actor=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The question is added to the bank.")
            return redirect("curriculum:questions")
    bank = questions(provider).order_by("-active", "theme", "text")
    context = {"form": form, "bank": bank, "themes": dict(QuestionTheme.choices)}
    return render(request, "curriculum/questions.html", context)


@requires(MANAGE_SURVEYS)
def question_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    try:
        question: Question = questions(request.provider).get(pk=pk)
    except (Question.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404("No such question.") from exc
    if request.method == "POST" and request.POST.get("active") in ("yes", "no"):
        active = request.POST["active"] == "yes"
        question_set_active(actor=request.user, question=question, active=active)
        messages.success(
            request, "The question is back in use." if active else "The question is retired."
        )
        return redirect("curriculum:questions")
    form = QuestionForm(
        request.POST or None, initial={"text": question.text, "theme": question.theme}
    )
    if request.method == "POST" and form.is_valid():
        try:
            question_update(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The question is changed.")
            return redirect("curriculum:questions")
    context = {"form": form, "question": question, "in_use": question_in_use(question)}
    return render(request, "curriculum/question_edit.html", context)


# --- surveys ---------------------------------------------------------------------------------


@requires(VIEW_RESULTS)
def survey_list(request: ProviderRequest) -> HttpResponse:
    provider = request.provider
    rows = [
        (s, state_of(s), link_counts(s)["responses"])
        for s in surveys(provider).select_related("audience_site").order_by("-created_at")
    ]
    context = {
        "rows": rows,
        "can_manage": request.user.has_perm(MANAGE_SURVEYS, provider),
        "small": SMALL_NUMBER,
    }
    return render(request, "curriculum/surveys.html", context)


def _survey_form(request: ProviderRequest, data: Any, initial: dict[str, Any]) -> SurveyForm:
    provider = request.provider
    bank = list(questions(provider).filter(active=True).order_by("theme", "text"))
    return SurveyForm(
        data,
        initial=initial,
        courses=list(course_groups(provider)),
        sites=Site.objects.for_provider(provider).order_by("name"),
        bank=bank,
    )


def _survey_in(form: SurveyForm) -> SurveyIn:
    data = form.cleaned_data
    return SurveyIn(
        title=data["title"],
        closes_on=data["closes_on"],
        question_ids=data["questions"],
        introduction=data["introduction"],
        audience_course=data["audience_course"],
        audience_site=data["audience_site"],
    )


@requires(MANAGE_SURVEYS)
def survey_new(request: ProviderRequest) -> HttpResponse:
    questions_ensure_defaults(actor=request.user, provider=request.provider)
    form = _survey_form(request, request.POST or None, {})
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_create(
                actor=request.user, provider=request.provider, data=_survey_in(form)
            )
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The survey is saved as a draft. Open it when it is ready.")
            return redirect("curriculum:survey_detail", pk=survey.pk)
    return render(request, "curriculum/survey_form.html", {"form": form, "survey": None})


@requires(MANAGE_SURVEYS)
def survey_edit(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(request, pk)
    if survey.status != SurveyStatus.DRAFT:
        messages.error(request, "Only a draft survey can be changed: this one has been opened.")
        return redirect("curriculum:survey_detail", pk=survey.pk)
    initial = {
        "title": survey.title,
        "introduction": survey.introduction,
        "audience_course": survey.audience_course,
        "audience_site": survey.audience_site_id,
        "closes_on": survey.closes_on,
        "questions": [str(q.pk) for q in survey_questions(survey)],
    }
    form = _survey_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            survey_update(actor=request.user, survey=survey, data=_survey_in(form))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "The draft is saved.")
            return redirect("curriculum:survey_detail", pk=survey.pk)
    return render(request, "curriculum/survey_form.html", {"form": form, "survey": survey})


@requires(VIEW_RESULTS)
def survey_detail(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(request, pk)
    manage = request.user.has_perm(MANAGE_SURVEYS, request.provider)
    context = {
        "survey": survey,
        "state": state_of(survey),
        "items": survey_questions(survey),
        "counts": link_counts(survey),
        "audience_size": audience(survey).count() if manage else None,
        "can_manage": manage,
        "small": SMALL_NUMBER,
    }
    return render(request, "curriculum/survey_detail.html", context)


@requires(MANAGE_SURVEYS)
def survey_open_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    return _change_state(request, pk, "open")


@requires(MANAGE_SURVEYS)
def survey_close_view(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    return _change_state(request, pk, "close")


def _change_state(request: ProviderRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    survey = _survey(request, pk)
    if request.method != "POST":
        return redirect("curriculum:survey_detail", pk=survey.pk)
    try:
        if action == "open":
            survey_open(actor=request.user, survey=survey)
            messages.success(request, "The survey is open. Issue its links to learners.")
        else:
            survey_close(actor=request.user, survey=survey)
            messages.success(request, "The survey is closed: its links no longer work.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("curriculum:survey_detail", pk=survey.pk)


# --- links -----------------------------------------------------------------------------------


@requires(MANAGE_SURVEYS)
def survey_links(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    """Issue links: the page that answers the POST is the only place they are ever shown."""
    survey = _survey(request, pk)
    courses = (
        [survey.audience_course]
        if survey.audience_course
        else list(course_groups(request.provider))
    )
    anonymous = AnonymousLinksForm(
        request.POST if request.POST.get("kind") == "anonymous" else None,
        courses=courses,
        initial={"count": 30, "key": uuid.uuid4().hex},
    )
    error = ""
    if request.method == "POST":
        try:
            issued = _issue(request, survey, anonymous)
        except ConflictError as exc:
            error = " ".join(exc.messages)
            # A fresh form (and key), so that the next press makes new links.
            anonymous = AnonymousLinksForm(
                courses=courses, initial={"count": 30, "key": uuid.uuid4().hex}
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form_errors_from(anonymous, exc)
            else:
                error = " ".join(exc.messages)
        else:
            if issued is not None:
                return _issued_page(request, survey, issued)
    context = {
        "survey": survey,
        "state": state_of(survey),
        "anonymous": anonymous,
        "waiting": not_yet_invited(survey).count(),
        "batch": MAX_LEARNER_BATCH,
        "counts": link_counts(survey),
        "error": error,
    }
    return render(request, "curriculum/survey_links.html", context)


def _issue(
    request: ProviderRequest, survey: Survey, anonymous: AnonymousLinksForm
) -> Issued | None:
    if request.POST.get("kind") == "learners":
        return links_for_learners(actor=request.user, survey=survey)
    if request.POST.get("kind") == "anonymous" and anonymous.is_valid():
        return links_anonymous(
            actor=request.user,
            survey=survey,
            count=anonymous.cleaned_data["count"],
            course=anonymous.cleaned_data["course"],
            key=anonymous.cleaned_data["key"] or None,
        )
    return None


def _issued_page(request: ProviderRequest, survey: Survey, issued: Issued) -> HttpResponse:
    base = request.build_absolute_uri(reverse("curriculum:answer_start"))
    rows = [
        {
            "link": request.build_absolute_uri(reverse("curriculum:answer", args=[link.code])),
            "code": link.display,
            "name": link.learner.full_name if link.learner else "",
            "course": link.course,
            "group": link.group,
        }
        for link in issued.links
    ]
    with_qr = len(rows) <= QR_LIMIT
    if with_qr:
        for row in rows:
            row["qr"] = qr_data_uri(row["link"])
    context = {
        "survey": survey,
        "rows": rows,
        "named": any(r["name"] for r in rows),
        "with_qr": with_qr,
        "qr_limit": QR_LIMIT,
        "remaining": issued.remaining,
        "start_url": base,
        "csv_uri": _csv_data_uri(rows),
        "closes_on": survey.closes_on,
    }
    return render(request, "curriculum/survey_issued.html", context)


def _csv_data_uri(rows: list[dict[str, Any]]) -> str:
    """The links as a CSV file inside the page (no copy is kept anywhere to download later)."""
    from preventhub.audit.exports import safe_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Learner", "Course", "Group", "Code", "Link"])
    for row in rows:
        writer.writerow([safe_cell(row[k]) for k in ("name", "course", "group", "code", "link")])
    encoded = base64.b64encode(("\ufeff" + out.getvalue()).encode()).decode()
    return f"data:text/csv;charset=utf-8;base64,{encoded}"


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI (the CSP allows data: images, no inline SVG
    styles)."""
    import qrcode  # type: ignore[import-untyped, unused-ignore]  # ships no type hints
    import qrcode.image.svg  # type: ignore[import-untyped, unused-ignore]

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


# --- results ------------------------------------------------------------------------------------


class PercentChart(Chart):
    """A chart of percentages: bars are drawn on a scale of 0 to 100, not to the largest."""

    @property
    def max(self) -> int:
        return 100


def _cell_row(cell: Cell, label: str) -> ChartRow:
    return ChartRow(label, cell.agree, cell.display, cell.short)


@requires(VIEW_RESULTS)
def survey_results_page(request: ProviderRequest, pk: uuid.UUID) -> HttpResponse:
    survey = _survey(request, pk)
    results = survey_results(survey)
    chart = PercentChart(
        "chart-agree",
        "Learners agreeing with each statement",
        "The share of responses that agree or strongly agree, statement by statement.",
        [_cell_row(r.overall, r.question.text) for r in results.results] if results.shown else [],
        "Statement",
        "Agree",
        empty=f"Fewer than {SMALL_NUMBER} responses so far: results are shown from {SMALL_NUMBER}.",
    )
    context = {
        "survey": survey,
        "state": state_of(survey),
        "results": results,
        "chart": chart,
        "small": SMALL_NUMBER,
        "distribution_charts": [
            PercentChart(
                f"chart-q{n}",
                r.question.text,
                "The share of responses giving each answer.",
                [
                    ChartRow(label, share, f"{share}%", f"{share}%")
                    for label, share in r.distribution
                ],
                "Answer",
                "Share",
            )
            for n, r in enumerate(results.results, start=1)
            if r.distribution
        ],
    }
    return render(request, "curriculum/survey_results.html", context)


def _segment(request: ProviderRequest) -> tuple[Segment, list[tuple[str, str]], str]:
    """The segment a trend shows, from ?segment=course:<name> or site:<id> (else everyone)."""
    provider = request.provider
    courses = list(course_groups(provider, on=None))
    sites = list(Site.objects.for_provider(provider).order_by("name").values_list("pk", "name"))
    options = [("", "All learners")]
    options += [(f"course:{c}", f"Course: {c}") for c in courses]
    options += [(f"site:{pk}", f"Site: {name}") for pk, name in sites]
    wanted = request.GET.get("segment", "")
    if wanted and wanted not in dict(options):
        return Segment(), options, "Choose learners from the list: all learners are shown."
    if wanted.startswith("course:"):
        name = wanted.removeprefix("course:")
        return Segment("course", name, f"Course: {name}"), options, ""
    if wanted.startswith("site:"):
        site_id = int(wanted.removeprefix("site:"))
        return Segment("site", site_id, dict(options)[wanted]), options, ""
    return Segment(), options, ""


@requires(VIEW_RESULTS)
def survey_trends(request: ProviderRequest) -> HttpResponse:
    segment, options, error = _segment(request)
    found = trends(request.provider, segment)
    charts = [
        PercentChart(
            f"chart-trend-{n}",
            trend.question.text,
            f"The share of {segment.label.lower() if not segment.by else segment.label} "
            "agreeing, survey by survey (oldest first).",
            [
                ChartRow(
                    f"{p.survey.title} (closes {p.survey.closes_on:%d %b %Y})",
                    p.cell.agree,
                    p.cell.display,
                    p.cell.short,
                    f"{p.survey.closes_on:%b}",
                    f"{p.survey.closes_on:%Y}",
                )
                for p in trend.points
            ],
            "Survey",
            "Agree",
            legend=f"<{SMALL_NUMBER} means {FEWER_THAN}; – means not shown, so that a small "
            "group cannot be worked out from the total."
            if any(not p.cell.shown for p in trend.points)
            else "",
        )
        for n, trend in enumerate(found, start=1)
    ]
    context = {
        "segment": segment,
        "options": options,
        "error": error,
        "charts": charts,
        "small": SMALL_NUMBER,
        "today": timezone.localdate(),
    }
    return render(request, "curriculum/survey_trends.html", context)
