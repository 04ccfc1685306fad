import pytest


@pytest.mark.django_db
def test_health_needs_no_token_and_answers_ok(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_openapi_document_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "PreventHub API"


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_dsl_sees_home_with_their_name_as_lead(login, dsl):
    response = login(dsl).get("/")
    assert response.status_code == 200
    assert dsl.display_name in response.content.decode()
