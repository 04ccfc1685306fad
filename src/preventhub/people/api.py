"""People register API: list, one person, and the MIS import (dry run or real)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import File, Form, Router, Status, UploadedFile
from ninja.errors import HttpError

from preventhub.api.access import api_requires
from preventhub.people.filters import PersonFilterSet
from preventhub.people.models import Person
from preventhub.people.schemas import (
    ImportFailedOut,
    ImportReportOut,
    JobCategoryKey,
    PersonDetailOut,
    PersonKindKey,
    PersonPageOut,
)
from preventhub.people.selectors import (
    can_read_support_needs,
    get_person_for_user,
    person_list_for_user,
)
from preventhub.people.services import people_import, person_record_view

router = Router(tags=["people"])
PAGE_SIZE = 50
LIST_FIELDS = [
    "mis_id",
    "first_name",
    "last_name",
    "preferred_name",
    "full_name",
    "email",
    "job_title",
    "course",
    "group_name",
    "apprenticeship_employer",
    "start_date",
    "end_date",
]


def _place(place: Any) -> dict[str, str] | None:
    return None if place is None else {"id": str(place.pk), "name": place.name, "code": place.code}


def person_out(person: Person) -> dict[str, Any]:
    data = {name: getattr(person, name) for name in LIST_FIELDS}
    return {
        **data,
        "id": str(person.pk),
        "kind": person.kind,
        "site": _place(person.site),
        "department": _place(person.department),
        "job_category": person.job_category or None,
    }


@router.get("", response=PersonPageOut, summary="The people register (50 a page)")
@api_requires("people.view_register")
def list_people(
    request: HttpRequest,
    kind: PersonKindKey | None = None,
    q: str = "",
    job_category: JobCategoryKey | None = None,
    site: uuid.UUID | None = None,
    department: uuid.UUID | None = None,
    page: int = 1,
) -> dict[str, Any]:
    filters = {
        "kind": kind,
        "q": q,
        "job_category": job_category,
        "site": site,
        "department": department,
    }
    data = {key: str(value) for key, value in filters.items() if value}
    people = person_list_for_user(request.user, request.provider)  # type: ignore[attr-defined]
    filterset = PersonFilterSet(data, queryset=people, request=request)
    if page < 1:
        raise HttpError(422, "page: pages are numbered from 1.")
    if not filterset.is_valid():
        problems = [f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()]
        raise HttpError(422, "; ".join(problems))
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    results = paginator.page(page).object_list if page <= paginator.num_pages else []
    return {
        "count": paginator.count,
        "page": page,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "results": [person_out(p) for p in results],
    }


@router.post(
    "/imports",
    response={200: ImportReportOut, 422: ImportFailedOut},
    summary="Import staff or learners from an MIS CSV export (dry run by default)",
    description=(
        "Multipart form: `file` (CSV, UTF-8), `kind` (staff|learner), `dry_run` (default "
        "true) and optionally `mapping`, a JSON object of field name to column header, e.g. "
        '`{"mis_id": "Learner Ref"}`. A dry run answers 200 with every row error listed. '
        "A real import saves all rows or none: 200 when saved, 422 with the errors when not. "
        "Unreadable files (size, encoding, columns) answer 422."
    ),
)
@api_requires("people.import_people")
def import_people(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    kind: Form[PersonKindKey | None] = None,
    dry_run: Form[bool] = True,
    mapping: Form[str] = "",
) -> Status[dict[str, Any]]:
    # file and kind are required, but checked here, after the permission check: a caller
    # without the permission gets 403 whatever they sent.
    if file is None or kind is None:
        raise HttpError(
            422, "Send the CSV as the multipart field 'file' and 'kind' (staff|learner)."
        )
    report = people_import(
        actor=request.user,
        provider=request.provider,  # type: ignore[attr-defined]
        source=file,
        kind=kind,
        mapping=_parse_mapping(mapping),
        dry_run=dry_run,
    )
    body = report.as_dict()
    if report.file_errors or (report.errors and not dry_run):
        return Status(422, {**body, "detail": report.summary()})
    return Status(200, body)


# After /imports, so that path is not taken for a person id.
@router.get(
    "/{person_id}",
    response=PersonDetailOut,
    exclude_unset=True,
    summary="One person; support_needs only for the safeguarding team",
)
@api_requires("people.view_register")
def get_person(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    person = get_person_for_user(request.user, provider, person_id, "view")
    show_needs = can_read_support_needs(request.user, person)
    person_record_view(actor=request.user, person=person, support_needs_shown=show_needs)
    data = {
        **person_out(person),
        "date_of_birth": person.date_of_birth,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }
    if show_needs:
        data["support_needs"] = person.support_needs
    return data


def _parse_mapping(raw: str) -> dict[str, str] | None:
    if not raw.strip():
        return None
    try:
        mapping = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise HttpError(422, f"mapping is not valid JSON: {exc.msg}.") from exc
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        example = '{"mis_id": "Learner Ref"}'
        raise HttpError(422, f"mapping must be a JSON object of field to column, e.g. {example}.")
    return mapping
