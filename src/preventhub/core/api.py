"""The provider's structure: sites and departments."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from preventhub.api.access import api_requires
from preventhub.core.models import Department, Site
from preventhub.core.services import department_create, site_create

router = Router(tags=["organisation"])


class SiteIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    code: str = Field(default="", max_length=30)


class SiteOut(Schema):
    id: str
    name: str
    code: str


class DepartmentIn(Schema):
    name: str = Field(min_length=1, max_length=120)
    code: str = Field(default="", max_length=30)
    site_id: str | None = None


class DepartmentOut(Schema):
    id: str
    name: str
    code: str
    site_id: str | None


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str
    sites: list[SiteOut]
    departments: list[DepartmentOut]


def _site_out(site: Site) -> dict[str, Any]:
    return {"id": str(site.pk), "name": site.name, "code": site.code}


def _dept_out(dept: Department) -> dict[str, Any]:
    site_id = str(dept.site_id) if dept.site_id else None
    return {"id": str(dept.pk), "name": dept.name, "code": dept.code, "site_id": site_id}


@router.get(
    "/organisation", response=OrganisationOut, summary="This provider, its sites and departments"
)
@api_requires("core.view_organisation")
def organisation(request: HttpRequest) -> dict[str, Any]:
    provider = request.provider  # type: ignore[attr-defined]
    return {
        "slug": provider.slug,
        "name": provider.name,
        "type": provider.type,
        "sites": [_site_out(s) for s in Site.objects.for_provider(provider)],
        "departments": [_dept_out(d) for d in Department.objects.for_provider(provider)],
    }


@router.post("/sites", response={201: SiteOut}, summary="Add a site (admin)")
@api_requires("core.manage_organisation")
def create_site(request: HttpRequest, payload: SiteIn) -> Status[dict[str, Any]]:
    provider = request.provider  # type: ignore[attr-defined]
    site = site_create(actor=request.user, provider=provider, name=payload.name, code=payload.code)
    return Status(201, _site_out(site))


@router.post("/departments", response={201: DepartmentOut}, summary="Add a department (admin)")
@api_requires("core.manage_organisation")
def create_department(request: HttpRequest, payload: DepartmentIn) -> Status[dict[str, Any]]:
    provider = request.provider  # type: ignore[attr-defined]
    site = None
    if payload.site_id:
        site = Site.objects.for_provider(provider).filter(pk=_uuid_or_none(payload.site_id)).first()
        if site is None:
            raise HttpError(422, "site_id names no site at this provider.")
    dept = department_create(
        actor=request.user, provider=provider, name=payload.name, code=payload.code, site=site
    )
    return Status(201, _dept_out(dept))


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
