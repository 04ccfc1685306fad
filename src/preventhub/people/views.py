"""People register pages: list, record, edit, support needs. Selectors read; services write."""

from __future__ import annotations

import uuid
from functools import cache

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django_htmx.middleware import HtmxDetails

from preventhub.core.access import requires
from preventhub.core.models import Provider
from preventhub.core.register_cache import cached_fragments
from preventhub.people.filters import PersonFilterSet
from preventhub.people.forms import PersonForm, SupportNeedsForm, person_initial
from preventhub.people.models import Person
from preventhub.people.selectors import (
    can_read_support_needs,
    get_person_for_user,
    person_list_for_user,
    person_visibility,
)
from preventhub.people.services import person_record_view, person_update

PAGE_SIZE = 50


class PeopleRequest(HttpRequest):
    """A request after the project's middleware: the provider worked at, and htmx details."""

    provider: Provider
    htmx: HtmxDetails


@requires("people.view_register")
def person_list(request: PeopleRequest) -> HttpResponse:

    @cache
    def filterset() -> PersonFilterSet:
        people = person_list_for_user(request.user, request.provider)
        return PersonFilterSet(request.GET or None, queryset=people, request=request)

    def render_table() -> str:
        page = Paginator(filterset().qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {"filter": filterset(), "page": page, "people": page.object_list}
        return render_to_string("people/partials/person_table.html", context, request=request)

    # Rendering is the costly part: the table (per visibility scope) and the filter panel are
    # cached per query string until the register changes.
    scope = person_visibility(request.user, request.provider)
    fragments = cached_fragments(
        "people",
        request.provider.pk,
        request.GET.urlencode(),
        {f"table-{scope}": render_table, "filters": lambda: _filter_panel(filterset())},
    )
    table = fragments[f"table-{scope}"]
    partial = request.htmx and not (request.htmx.boosted or request.htmx.history_restore_request)
    if partial:
        response = HttpResponse(table)
    else:
        context = {
            # Both fragments come from our own auto-escaping templates.
            "filter_panel": mark_safe(fragments["filters"]),  # noqa: S308
            "table": mark_safe(table),  # noqa: S308
            "can_import": request.user.has_perm("people.import_people", request.provider),
        }
        response = render(request, "people/person_list.html", context)
    patch_vary_headers(response, ["HX-Request"])  # one URL, two bodies: caches must tell them apart
    return response


def _filter_panel(filterset: PersonFilterSet) -> str:
    context = {
        "filter": filterset,
        "url": reverse("people:list"),
        "target": "people-results",
        "heading": "Find people",
        "trigger": "submit, change, input changed delay:400ms from:#id_q",
    }
    return render_to_string("includes/filter_form.html", context)


@requires("people.view_register")
def person_detail(request: PeopleRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_person_for_user(request.user, request.provider, pk, "view")
    show_needs = can_read_support_needs(request.user, person)
    person_record_view(actor=request.user, person=person, support_needs_shown=show_needs)
    context = {
        "person": person,
        "show_support_needs": show_needs,
        "can_edit": request.user.has_perm("people.change_person", person),
    }
    return render(request, "people/person_detail.html", context)


@requires("people.change_person")
def person_edit(request: PeopleRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_person_for_user(request.user, request.provider, pk, "change")
    form = PersonForm(
        request.POST or None,
        initial=person_initial(person),
        provider=request.provider,
        kind=person.kind,
    )
    if request.method == "POST" and form.is_valid() and _saved(request, form, person):
        messages.success(request, f"{person.full_name}'s record is saved.")
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"person": person, "form": form})


def _saved(request: HttpRequest, form: PersonForm, person: Person) -> bool:
    """Save through the service; its checks (e.g. a taken MIS id) become form errors."""
    try:
        person_update(actor=request.user, person=person, **form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@requires("people.view_support_needs")
def person_support_needs(request: PeopleRequest, pk: uuid.UUID) -> HttpResponse:
    person = get_person_for_user(request.user, request.provider, pk, "view")
    if not can_read_support_needs(request.user, person):
        raise Http404("No such person.")
    form = SupportNeedsForm(request.POST or None, initial={"support_needs": person.support_needs})
    if request.method == "POST" and form.is_valid():
        person_update(
            actor=request.user, person=person, support_needs=form.cleaned_data["support_needs"]
        )
        messages.success(request, f"Support needs for {person.full_name} are saved.")
        return redirect("people:detail", pk=person.pk)
    if request.method != "POST":
        person_record_view(actor=request.user, person=person, support_needs_shown=True)
    return render(request, "people/support_needs_form.html", {"person": person, "form": form})
