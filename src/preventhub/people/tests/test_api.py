"""People API: list with the shared FilterSet, one person, the import endpoint."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.people.models import Person
from preventhub.people.services import person_update
from preventhub.people.tests.helpers import LEARNER_HEADER, learner_rows, make_csv
from preventhub.testing.factories import PersonFactory, StaffPersonFactory

pytestmark = pytest.mark.django_db

PEOPLE = "/api/v1/people"
IMPORTS = "/api/v1/people/imports"
NEEDS = "Hearing impairment; uses a radio aid"


def _post_import(client, data: bytes, **fields):
    payload = {"file": SimpleUploadedFile("people.csv", data), "kind": "learner", **fields}
    return client.post(IMPORTS, payload)


def test_list_returns_people_without_support_needs(api_client, dsl, learner, staff_person):
    person_update(actor=dsl, person=learner, support_needs=NEEDS)
    response = api_client(dsl).get(PEOPLE)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {p["last_name"] for p in body["results"]} == {"Learner", "Teacher"}
    assert all("support_needs" not in p for p in body["results"])
    assert NEEDS not in response.content.decode()


def test_list_filters_with_the_shared_filterset(api_client, dsl, provider):
    PersonFactory(provider=provider, first_name="Amira", last_name="Khan", mis_id="A1")
    StaffPersonFactory(provider=provider, first_name="Amir", last_name="Staffer")
    client = api_client(dsl)
    assert [
        p["last_name"]
        for p in client.get(PEOPLE, {"q": "amir", "kind": "learner"}).json()["results"]
    ] == ["Khan"]
    assert client.get(PEOPLE, {"kind": "staff"}).json()["count"] == 1
    assert client.get(PEOPLE, {"kind": "robot"}).status_code == 422


def test_list_pages_hold_50(api_client, dsl, provider):
    PersonFactory.create_batch(51, provider=provider)
    client = api_client(dsl)
    first = client.get(PEOPLE).json()
    assert (first["count"], first["pages"], len(first["results"])) == (51, 2, 50)
    assert len(client.get(PEOPLE, {"page": 2}).json()["results"]) == 1
    assert client.get(PEOPLE, {"page": 3}).json()["results"] == []
    assert client.get(PEOPLE, {"page": 0}).status_code == 422


def test_hr_lists_staff_only(api_client, hr_user, learner, staff_person):
    client = api_client(hr_user)
    assert [p["kind"] for p in client.get(PEOPLE).json()["results"]] == ["staff"]
    assert client.get(f"{PEOPLE}/{learner.pk}").status_code == 404


def test_staff_role_gets_403(api_client, staff):
    response = api_client(staff).get(PEOPLE)
    assert response.status_code == 403
    assert "detail" in response.json()


def test_detail_shows_support_needs_to_the_safeguarding_team_only(
    api_client, make_user, provider, dsl, admin_user, learner
):
    person_update(actor=dsl, person=learner, support_needs=NEEDS)
    assert api_client(dsl).get(f"{PEOPLE}/{learner.pk}").json()["support_needs"] == NEEDS
    body = api_client(admin_user).get(f"{PEOPLE}/{learner.pk}").json()
    assert "support_needs" not in body
    assert body["last_name"] == "Learner"
    assert body["date_of_birth"] is None  # nulls are kept; only support_needs is left out


def test_detail_is_audited(api_client, dsl, learner):
    api_client(dsl).get(f"{PEOPLE}/{learner.pk}")
    assert AuditEvent.objects.filter(action="view", object_id=str(learner.pk)).exists()


def test_another_providers_person_answers_404(api_client, dsl, outsider, learner, foreign_person):
    assert api_client(dsl).get(f"{PEOPLE}/{foreign_person.pk}").status_code == 404
    response = api_client(outsider).get(f"{PEOPLE}/{learner.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_import_dry_run_reports_and_writes_nothing(api_client, admin_user, provider):
    rows = [*learner_rows(2), ["L9", "", "X", "2008-02-30", "", "", ""]]
    response = _post_import(api_client(admin_user), make_csv(LEARNER_HEADER, rows), dry_run="true")
    assert response.status_code == 200
    body = response.json()
    assert (body["dry_run"], body["ok"], body["created"]) == (True, False, 2)
    assert body["errors"] == [
        {"row": 4, "column": "Forename", "reason": "First name is required"},
        {
            "row": 4,
            "column": "DOB",
            "reason": "'2008-02-30' is not a date: use YYYY-MM-DD or DD/MM/YYYY",
        },
    ]
    assert not Person.objects.for_provider(provider).exists()


def test_import_saves_and_is_idempotent(api_client, admin_user, provider):
    client = api_client(admin_user)
    data = make_csv(LEARNER_HEADER, learner_rows(3))
    first = _post_import(client, data, dry_run="false")
    assert first.status_code == 200
    assert first.json()["imported"] is True
    second = _post_import(client, data, dry_run="false").json()
    assert (second["created"], second["unchanged"]) == (0, 3)
    assert Person.objects.for_provider(provider).count() == 3


def test_import_with_row_errors_answers_422_and_saves_nothing(api_client, admin_user, provider):
    rows = [*learner_rows(2), ["L00001", "Dup", "Row", "", "", "", ""]]
    response = _post_import(api_client(admin_user), make_csv(LEARNER_HEADER, rows), dry_run="0")
    assert response.status_code == 422
    body = response.json()
    assert "Nothing was imported" in body["detail"]
    assert body["errors"][0]["row"] == 4
    assert not Person.objects.for_provider(provider).exists()


def test_import_takes_a_json_mapping(api_client, admin_user, provider):
    data = make_csv(["Ref", "Given", "Family"], [["R1", "Ann", "Lee"]])
    mapping = json.dumps({"mis_id": "Ref", "first_name": "Given", "last_name": "Family"})
    response = _post_import(api_client(admin_user), data, dry_run="false", mapping=mapping)
    assert response.status_code == 200, response.json()
    assert Person.objects.for_provider(provider).get().mis_id == "R1"


@pytest.mark.parametrize("mapping", ["{not json", "[1, 2]", '{"mis_id": 3}'])
def test_import_refuses_a_bad_mapping(api_client, admin_user, mapping):
    data = make_csv(LEARNER_HEADER, learner_rows(1))
    response = _post_import(api_client(admin_user), data, mapping=mapping)
    assert response.status_code == 422
    assert "mapping" in response.json()["detail"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("mis_id,first_name,last_name\nL1,Zoë,B\n".encode("utf-16"), "UTF-16"),
        (b"mis_id,first_name,last_name\n", "0 rows"),
        (b"first_name\nA\n", "Required column(s) missing: mis_id"),
        (b"PK\x03\x04rest", "not a CSV file"),
    ],
)
def test_import_file_errors_answer_422(api_client, admin_user, data, message):
    response = _post_import(api_client(admin_user), data, dry_run="true")
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_import_refuses_an_unknown_kind(api_client, admin_user):
    data = make_csv(LEARNER_HEADER, learner_rows(1))
    response = _post_import(api_client(admin_user), data, kind="alien")
    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.DSL, Role.HR, Role.STAFF])
def test_only_admin_may_import(api_client, make_user, provider, role):
    client = api_client(make_user(provider, role))
    assert _post_import(client, make_csv(LEARNER_HEADER, learner_rows(1))).status_code == 403


def test_openapi_lists_the_enum_values(client):
    document = client.get("/api/v1/openapi.json").json()
    text = json.dumps(document)
    assert '"enum": ["staff", "learner"]' in text
    assert '"teaching", "support", "leadership"' in text
    assert "/api/v1/people/{person_id}" in document["paths"]
    assert "/api/v1/people/imports" in document["paths"]


def test_schema_enums_match_the_model_choices():
    from typing import get_args

    from preventhub.people.choices import JobCategory, PersonKind
    from preventhub.people.schemas import JobCategoryKey, PersonKindKey

    assert list(get_args(PersonKindKey)) == PersonKind.values
    assert list(get_args(JobCategoryKey)) == JobCategory.values


def test_every_people_operation_is_guarded():
    from preventhub.core.access import policy_of
    from preventhub.people.api import router

    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            assert (policy_of(operation.view_func) or "").startswith("perm:people.")


def test_import_without_a_file_is_422_for_admin_and_403_for_others(api_client, admin_user, staff):
    from django.test import Client

    response = api_client(admin_user).post(IMPORTS, {"kind": "learner"})
    assert response.status_code == 422
    assert "'file'" in response.json()["detail"]
    from preventhub.accounts.services import token_create

    other = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=None, user=staff)}")
    assert other.post(IMPORTS, "{}", content_type="application/json").status_code == 403
