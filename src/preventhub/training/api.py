"""Training API (PRODUCT.md contract): add a course, record a completion, read compliance.

Mounted at /training. The training lead adds courses and records; compliance by person (with
names) is for the training lead, the safeguarding team, senior leaders and hr; governors and
inspectors get the figures by group only (403 for by=person). A duplicate course title or
training record answers 409, bad input (a date in the future, an unknown person or course) 422.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.core.models import Department, Provider, Site
from preventhub.people.choices import JobCategory
from preventhub.people.models import Person
from preventhub.training.choices import RecordSource
from preventhub.training.compliance import Standing, TrainingData, load
from preventhub.training.models import Course, TrainingRecord
from preventhub.training.records import record_create
from preventhub.training.reports import GroupRow, counted, group_rows, totals
from preventhub.training.schemas import (
    ByKey,
    ComplianceOut,
    CourseIn,
    CourseOut,
    RecordIn,
    RecordOut,
    StatusKey,
)
from preventhub.training.selectors import is_reader, staff_people
from preventhub.training.services import course_create

router = Router(tags=["training"])
PAGE_SIZE = 200


def _provider(request: HttpRequest) -> Provider:
    provider: Provider = request.provider  # type: ignore[attr-defined]
    return provider


def course_out(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "title": course.title,
        "mode": course.mode,
        "delivered_by": course.delivered_by,
        "duration_minutes": course.duration_minutes,
        "validity_months": course.validity_months,
        "audience": course.audience,
        "learning_outcomes": course.learning_outcomes,
        "counts_as": [c.pk for c in course.counts_as.all()],
        "active": course.active,
    }


@router.post(
    "/courses",
    response={201: CourseOut},
    summary="Add a course to the catalogue (training lead)",
    description="A title already in the catalogue (any case) answers 409; an unknown id in "
    "`counts_as` 422.",
)
@api_requires("training.manage")
def create_course(request: HttpRequest, payload: CourseIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    wanted = set(payload.counts_as)
    others = list(Course.objects.for_provider(provider).filter(pk__in=wanted))
    if len(others) != len(wanted):
        raise ValidationError({"counts_as": "Name courses from your own catalogue."})
    course = course_create(
        actor=request.user, provider=provider, data=payload.model_dump(exclude={"counts_as"}),
        counts_as=others,
    )  # fmt: skip
    return Status(201, course_out(course))


@router.post(
    "/records",
    response={201: RecordOut},
    summary="Record that a member of staff completed a course (training lead)",
    description="Name the person by `person_id` or `email`. The same person, course and day "
    "again answers 409; a date in the future, a learner, or an unknown person or course 422.",
)
@api_requires("training.manage")
def create_record(request: HttpRequest, payload: RecordIn) -> Status[dict[str, Any]]:
    provider = _provider(request)
    course = Course.objects.for_provider(provider).filter(pk=payload.course_id).first()
    if course is None:
        raise ValidationError({"course_id": "No such course in your catalogue."})
    record = record_create(
        actor=request.user, provider=provider, person=_person(provider, payload), course=course,
        completed_on=payload.completed_on, trainer=payload.trainer,
        certificate_id=payload.certificate_id, source=RecordSource.API,
    )  # fmt: skip
    return Status(201, record_out(record))


def _person(provider: Provider, payload: RecordIn) -> Person:
    people = Person.objects.for_provider(provider)
    if payload.person_id is not None:
        found: Person | None = people.filter(pk=payload.person_id).first()
    elif payload.email:
        found = staff_people(provider).filter(email__iexact=payload.email.strip()).first()
    else:
        raise ValidationError({"person_id": "Give the person's id or email."})
    if found is None:
        raise ValidationError({"person_id": "No such member of staff in your register."})
    return found


def record_out(record: TrainingRecord) -> dict[str, Any]:
    return {
        "id": record.pk,
        "person_id": record.person_id,
        "course_id": record.course_id,
        "completed_on": record.completed_on,
        "source": record.source,
        "trainer": record.trainer,
        "certificate_id": record.certificate_id,
    }


# --- compliance ----------------------------------------------------------------------------


def counts_out(row: GroupRow) -> dict[str, Any]:
    return {
        "people": row.total,
        "compliant": row.compliant,
        "due_soon": row.due_soon,
        "overdue": row.overdue,
        "never_trained": row.never_trained,
        "in_date_percent": row.in_date_percent,
    }


@router.get(
    "/compliance",
    response=ComplianceOut,
    summary="Training compliance today, by person, role, staff group, department or site",
    description="`by=person` (default for those who may see names: the training lead, dsl, "
    "deputy_dsl, senior_leader, hr) lists each member of staff with each requirement, "
    "`PAGE_SIZE` 200 a page, optionally one `status`. Governors and inspectors get the figures "
    "by group only (default `by=role`; by=person answers 403), and a group of fewer than 3 "
    "people without its counts.",
)
@api_requires("training.view_figures")
def compliance(
    request: HttpRequest, by: ByKey | None = None, status: StatusKey | None = None, page: int = 1
) -> dict[str, Any]:
    provider = _provider(request)
    named = is_reader(request.user, provider)
    by = by or ("person" if named else "role")
    if by == "person" and not named:
        raise HttpError(403, "Compliance by person names people: your role sees figures only.")
    if page < 1:
        raise HttpError(422, "page must be 1 or more.")
    today = timezone.localdate()
    data = load(provider)
    standings = counted(data.standings(today))
    out: dict[str, Any] = {
        "as_of": today, "by": by, "totals": counts_out(totals(standings)), "groups": [],
        "people": [], "count": 0, "page": page, "pages": 1,
    }  # fmt: skip
    if by == "person":
        chosen = [s for s in standings if status is None or s.status == status]
        paginator = Paginator(chosen, PAGE_SIZE)
        shown = paginator.page(page).object_list if page <= paginator.num_pages else []
        out |= {
            "people": _people_out(provider, data, shown),
            "count": paginator.count,
            "pages": paginator.num_pages,
        }
    else:
        out["groups"] = [
            {
                "key": row.key,
                "label": row.label,
                "suppressed": row.suppressed,
                "counts": None if row.suppressed else counts_out(row),
            }
            for row in group_rows(provider, standings, by, anonymised=not named)
        ]
    return out


def _people_out(provider: Provider, data: TrainingData, shown: Any) -> list[dict[str, Any]]:
    departments = dict(Department.objects.for_provider(provider).values_list("pk", "name"))
    sites = dict(Site.objects.for_provider(provider).values_list("pk", "name"))
    return [_person_out(s, data, departments, sites) for s in shown]


def _person_out(
    standing: Standing, data: TrainingData, departments: dict[Any, str], sites: dict[Any, str]
) -> dict[str, Any]:
    member = standing.member
    return {
        "person_id": member.id,
        "name": member.name,
        "email": member.email,
        "job_category": member.job_category if member.job_category in JobCategory.values else None,
        "department": departments.get(member.department_id),
        "site": sites.get(member.site_id),
        "status": standing.status,
        "requirements": [
            {
                "course_id": item.course_id,
                "course": data.courses[item.course_id].title,
                "status": item.status,
                "last_completed": item.last_completed,
                "due_on": item.due_on,
            }
            for item in standing.items
        ],
    }
