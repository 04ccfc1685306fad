"""Bounded fuzzing: whatever a client sends, the API answers JSON — never a 500."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preventhub.accounts.roles import Role
from preventhub.accounts.services import token_create
from preventhub.people.models import Person

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def _bearer(make_user, provider):
    token = token_create(actor=None, user=make_user(provider, Role.ADMIN))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@FUZZ
@given(body=st.binary(max_size=300))
def test_any_bytes_to_a_json_endpoint_get_a_json_answer(client, make_user, provider, body):
    response = client.post(
        "/api/v1/sites", data=body, content_type="application/json", **_bearer(make_user, provider)
    )
    assert response.status_code in (201, 400, 409, 422)
    assert "detail" in response.json() or response.status_code == 201


@FUZZ
@given(payload=json_values)
def test_any_json_shape_gets_a_json_answer(client, make_user, provider, payload):
    response = client.post(
        "/api/v1/departments",
        data=json.dumps(payload),
        content_type="application/json",
        **_bearer(make_user, provider),
    )
    assert response.status_code in (201, 409, 422)


@FUZZ
@given(content=st.binary(max_size=2000), kind=st.sampled_from(["staff", "learner", "x", ""]))
def test_any_upload_to_the_import_changes_nothing_unless_valid(
    client, make_user, provider, content, kind
):
    upload = SimpleUploadedFile("mis.csv", content, content_type="text/csv")
    response = client.post(
        "/api/v1/people/imports",
        data={"file": upload, "kind": kind, "dry_run": "false"},
        **_bearer(make_user, provider),
    )
    assert response.status_code in (200, 422, 400)
    if response.status_code != 200:
        assert not Person.objects.for_provider(provider).exists()


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "kind", "page", "job_category", "site"]),
        st.text(max_size=20),
        max_size=4,
    )
)
def test_any_people_query_string_is_handled(client, make_user, provider, query):
    response = client.get("/api/v1/people", data=query, **_bearer(make_user, provider))
    assert response.status_code in (200, 422)
