"""The provider's own structure page: its sites and departments (admins add them)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from preventhub.core.access import requires
from preventhub.core.errors import ConflictError
from preventhub.core.forms import Form
from preventhub.core.models import Department, Provider, Site
from preventhub.core.services import department_create, site_create


class SiteForm(Form):
    name = forms.CharField(label="Site name", max_length=120)
    code = forms.CharField(label="Code (optional)", max_length=30, required=False)


class DepartmentForm(Form):
    name = forms.CharField(label="Department name", max_length=120)
    code = forms.CharField(label="Code (optional)", max_length=30, required=False)
    site = forms.ModelChoiceField(
        label="Site (optional)", queryset=Site.unscoped.none(), required=False
    )

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)  # noqa: S101  (narrows the type)
        site_field.queryset = Site.objects.for_provider(provider)


@requires("core.view_organisation")
def organisation(request: HttpRequest) -> HttpResponse:
    provider = request.provider  # type: ignore[attr-defined]
    can_manage = request.user.has_perm("core.manage_organisation", provider)
    site_form = SiteForm(prefix="site")
    dept_form = DepartmentForm(prefix="dept", provider=provider)
    if request.method == "POST":
        if not can_manage:
            return render(request, "403.html", status=403)
        if "add_site" in request.POST:
            site_form = SiteForm(request.POST, prefix="site")
            if _add_site(request, site_form):
                return redirect("core:organisation")
        else:
            dept_form = DepartmentForm(request.POST, prefix="dept", provider=provider)
            if _add_department(request, dept_form):
                return redirect("core:organisation")
    context = {
        "sites": Site.objects.for_provider(provider),
        "departments": Department.objects.for_provider(provider).select_related("site"),
        "can_manage": can_manage,
        "site_form": site_form,
        "dept_form": dept_form,
    }
    return render(request, "core/organisation.html", context)


def _add_site(request: HttpRequest, form: SiteForm) -> bool:
    provider = request.provider  # type: ignore[attr-defined]
    if not form.is_valid():
        return False
    try:
        site = site_create(
            actor=request.user,
            provider=provider,
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
        )
    except ConflictError as exc:
        form.add_error("name", exc.messages)
        return False
    messages.success(request, f"Site {site.name} added.")
    return True


def _add_department(request: HttpRequest, form: DepartmentForm) -> bool:
    provider = request.provider  # type: ignore[attr-defined]
    if not form.is_valid():
        return False
    try:
        dept = department_create(
            actor=request.user,
            provider=provider,
            name=form.cleaned_data["name"],
            code=form.cleaned_data["code"],
            site=form.cleaned_data["site"],
        )
    except ConflictError as exc:
        form.add_error("name", exc.messages)
        return False
    messages.success(request, f"Department {dept.name} added.")
    return True
