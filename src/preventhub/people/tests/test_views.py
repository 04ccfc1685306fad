"""Register pages: who reaches what, scoping to the provider, support needs, audit, queries."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.people.models import Person
from preventhub.people.services import person_update
from preventhub.testing.factories import PersonFactory, SiteFactory, StaffPersonFactory

pytestmark = pytest.mark.django_db

NEEDS = "Dyslexia; needs extra time to read documents"


def _url(name, person=None):
    return reverse(f"people:{name}", kwargs={"pk": person.pk} if person else None)


def test_dsl_sees_staff_and_learners_in_the_list(login, dsl, learner, staff_person):
    response = login(dsl).get(_url("list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Learner, Lena" in body
    assert "Teacher, Stan" in body
    assert response["Cache-Control"] == "no-store"


def test_staff_role_cannot_reach_the_list(login, staff):
    assert login(staff).get(_url("list")).status_code == 403


def test_anonymous_user_is_sent_to_sign_in(client):
    response = client.get(_url("list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_hr_sees_staff_but_not_learners(login, hr_user, learner, staff_person):
    client = login(hr_user)
    body = client.get(_url("list")).content.decode()
    assert "Teacher, Stan" in body
    assert "Learner, Lena" not in body
    assert client.get(_url("detail", staff_person)).status_code == 200
    assert client.get(_url("detail", learner)).status_code == 404


def test_list_never_shows_another_providers_people(login, dsl, learner, foreign_person):
    body = login(dsl).get(_url("list")).content.decode()
    assert "Elsewhere" not in body


@pytest.mark.parametrize("page", ["detail", "edit", "support_needs"])
def test_another_providers_person_answers_404(login, dsl, admin_user, foreign_person, page):
    user = admin_user if page == "edit" else dsl
    assert login(user).get(_url(page, foreign_person)).status_code == 404


def test_outsider_dsl_cannot_open_this_providers_person(login, outsider, learner):
    assert login(outsider).get(_url("detail", learner)).status_code == 404


def test_list_filters_by_search_kind_and_site(login, dsl, provider):
    site = SiteFactory(provider=provider, name="South")
    PersonFactory(provider=provider, first_name="Amira", last_name="Khan", mis_id="A1", site=site)
    PersonFactory(provider=provider, first_name="Ben", last_name="Jones", mis_id="B2")
    StaffPersonFactory(provider=provider, first_name="Amir", last_name="Staffer", mis_id="S1")
    client = login(dsl)

    def names(**params):
        people = client.get(_url("list"), params).context["people"]
        return sorted(p.last_name for p in people)

    assert names(q="amir") == ["Khan", "Staffer"]
    assert names(q="b2") == ["Jones"]
    assert names(q="amir khan") == ["Khan"]
    assert names(kind="staff") == ["Staffer"]
    assert names(site=str(site.pk)) == ["Khan"]
    assert names(job_category="teaching") == ["Staffer"]


def test_htmx_request_gets_only_the_table(login, dsl, learner):
    response = login(dsl).get(_url("list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Learner, Lena" in body
    assert "HX-Request" in response["Vary"]
    full = login(dsl).get(_url("list")).content.decode()
    assert "<html" in full
    restore = login(dsl).get(
        _url("list"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in restore.content.decode()


def test_list_is_paginated_50_a_page(login, dsl, provider):
    PersonFactory.create_batch(51, provider=provider)
    client = login(dsl)
    first = client.get(_url("list"))
    assert len(first.context["people"]) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert len(client.get(_url("list"), {"page": 2}).context["people"]) == 1


def test_list_query_count_does_not_grow_with_people(login, dsl, provider, site, department):
    client = login(dsl)
    PersonFactory.create_batch(3, provider=provider, site=site, department=department)
    client.get(_url("list"))  # the first request of a session also records the 2FA check
    cache.clear()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(_url("list"))
    PersonFactory.create_batch(40, provider=provider, site=site, department=department)
    cache.clear()  # factories write around the services, so the cached table is not invalidated
    with CaptureQueriesContext(connection) as many:
        client.get(_url("list"))
    assert len(many) == len(few)


def test_cached_list_shows_changes_made_through_the_services(login, dsl, admin_user, provider):
    person = PersonFactory(provider=provider, last_name="Before")
    client = login(dsl)
    assert "Before" in client.get(_url("list")).content.decode()
    person_update(actor=admin_user, person=person, last_name="After")
    page = client.get(_url("list")).content.decode()
    assert "After" in page
    assert "Before" not in page


def test_cached_list_is_never_shared_between_visibility_scopes(login, dsl, make_user, provider):
    PersonFactory(provider=provider, last_name="Learnerlast")
    assert "Learnerlast" in login(dsl).get(_url("list")).content.decode()
    hr = make_user(provider, "hr")
    assert "Learnerlast" not in login(hr).get(_url("list")).content.decode()


def test_detail_view_is_audited(login, dsl, learner):
    login(dsl).get(_url("detail", learner))
    event = AuditEvent.objects.get(action="view", object_id=str(learner.pk))
    assert event.actor_id == dsl.pk
    assert event.detail == {"kind": "learner", "support_needs_shown": True}


def test_support_needs_are_shown_to_the_safeguarding_team_only(
    login, make_user, provider, dsl, admin_user, hr_user, learner, staff_person
):
    person_update(actor=dsl, person=staff_person, support_needs=NEEDS)
    deputy = make_user(provider, Role.DEPUTY_DSL)
    for user in (dsl, deputy):
        assert NEEDS in login(user).get(_url("detail", staff_person)).content.decode()
    for user in (admin_user, hr_user):
        body = login(user).get(_url("detail", staff_person)).content.decode()
        assert NEEDS not in body
        assert "Support needs" not in body


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HR, Role.SENIOR_LEADER, Role.STAFF])
def test_only_the_safeguarding_team_reaches_the_support_needs_page(
    login, make_user, provider, staff_person, role
):
    user = make_user(provider, role)
    client = login(user)
    assert client.get(_url("support_needs", staff_person)).status_code in (403, 404)
    response = client.post(_url("support_needs", staff_person), {"support_needs": "x"})
    assert response.status_code in (403, 404)
    assert Person.unscoped.get(pk=staff_person.pk).support_needs == ""


def test_dsl_saves_support_needs_and_the_audit_names_only_the_field(login, dsl, learner):
    response = login(dsl).post(_url("support_needs", learner), {"support_needs": NEEDS})
    assert response.status_code == 302
    assert Person.unscoped.get(pk=learner.pk).support_needs == NEEDS
    event = AuditEvent.objects.get(action="update", object_id=str(learner.pk))
    assert event.changed_fields == ["support_needs"]
    assert NEEDS not in str(event.detail)


def test_admin_edits_a_person_and_the_change_is_audited(login, admin_user, learner):
    client = login(admin_user)
    form = client.get(_url("edit", learner))
    assert form.status_code == 200
    assert "support_needs" not in form.content.decode()
    data = {
        "mis_id": learner.mis_id,
        "first_name": "Lena",
        "last_name": "Renamed",
        "date_of_birth": "27/03/2008",
        "course": "Maths",
    }
    response = client.post(_url("edit", learner), data)
    assert response.status_code == 302
    person = Person.unscoped.get(pk=learner.pk)
    assert (person.last_name, person.course, str(person.date_of_birth)) == (
        "Renamed",
        "Maths",
        "2008-03-27",
    )
    event = AuditEvent.objects.get(action="update", object_id=str(learner.pk))
    assert event.changed_fields == ["course", "date_of_birth", "last_name"]
    assert "Renamed" not in str(event.detail)


def test_edit_refuses_a_taken_mis_id_with_a_form_error(login, admin_user, provider, learner):
    PersonFactory(provider=provider, mis_id="TAKEN")
    data = {"mis_id": "TAKEN", "first_name": "Lena", "last_name": "Learner"}
    response = login(admin_user).post(_url("edit", learner), data)
    assert response.status_code == 200
    assert "already has this MIS id" in response.content.decode()
    assert Person.unscoped.get(pk=learner.pk).mis_id != "TAKEN"


def test_edit_cannot_use_another_providers_site(login, admin_user, other_provider, learner):
    foreign_site = SiteFactory(provider=other_provider)
    data = {
        "mis_id": learner.mis_id,
        "first_name": "A",
        "last_name": "B",
        "site": str(foreign_site.pk),
    }
    response = login(admin_user).post(_url("edit", learner), data)
    assert response.status_code == 200
    assert Person.unscoped.get(pk=learner.pk).site_id is None


@pytest.mark.parametrize("role", [Role.DSL, Role.HR, Role.STAFF])
def test_only_admin_reaches_the_edit_page(login, make_user, provider, staff_person, role):
    assert login(make_user(provider, role)).get(_url("edit", staff_person)).status_code == 403


def test_nav_shows_people_to_the_register_roles_only(login, dsl, staff):
    assert 'href="/people/"' in login(dsl).get("/").content.decode()
    assert 'href="/people/"' not in login(staff).get("/").content.decode()
