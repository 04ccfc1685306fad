"""The API's contract for failure: JSON errors with the right status, never HTML, never 500."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from preventhub.accounts.models import ApiToken
from preventhub.accounts.roles import Role
from preventhub.accounts.services import token_create, user_set_active


@pytest.fixture
def api_admin(make_user, provider):
    return make_user(provider, Role.ADMIN)


@pytest.fixture
def bearer(api_admin):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(actor=None, user=api_admin)}"}


def test_missing_token_answers_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"] == "Bearer"


def test_invalid_token_answers_401(client, db):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer ph_not-a-real-token")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_expired_token_answers_401(client, api_admin):
    raw = token_create(
        actor=None, user=api_admin, expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401


def test_revoked_token_answers_401(client, api_admin, bearer):
    ApiToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/me", **bearer).status_code == 401


def test_disabled_users_token_stops_working(client, api_admin, bearer):
    assert client.get("/api/v1/me", **bearer).status_code == 200
    user_set_active(actor=None, user=api_admin, active=False)
    assert client.get("/api/v1/me", **bearer).status_code == 401


def test_me_names_user_provider_and_roles(client, api_admin, bearer, provider):
    body = client.get("/api/v1/me", **bearer).json()
    assert body == {
        "username": api_admin.username,
        "provider": {"slug": provider.slug, "name": provider.name, "type": provider.type},
        "roles": ["admin"],
    }


def test_non_json_body_answers_400(client, bearer):
    response = client.post(
        "/api/v1/sites", data="not json", content_type="application/json", **bearer
    )
    assert response.status_code == 400
    assert "parse" in response.json()["detail"].lower()


def test_wrong_shape_answers_422_with_field_errors(client, bearer):
    response = client.post(
        "/api/v1/sites", data={"name": ""}, content_type="application/json", **bearer
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"


def test_oversized_body_answers_413(client, bearer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = '{"name": "' + "a" * 5000 + '"}'
    response = client.post("/api/v1/sites", data=big, content_type="application/json", **bearer)
    assert response.status_code == 413
    assert response.json() == {"detail": "Request body is too large."}


def test_unknown_path_answers_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_wrong_method_answers_json_405(client, bearer):
    response = client.delete("/api/v1/sites", **bearer)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["detail"]


def test_role_without_permission_answers_403(client, make_user, provider):
    staff = make_user(provider, Role.STAFF)
    raw = token_create(actor=None, user=staff)
    response = client.post(
        "/api/v1/sites",
        data={"name": "X"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403


def test_duplicate_site_answers_409(client, bearer):
    first = client.post(
        "/api/v1/sites", data={"name": "North"}, content_type="application/json", **bearer
    )
    second = client.post(
        "/api/v1/sites", data={"name": "North"}, content_type="application/json", **bearer
    )
    assert (first.status_code, second.status_code) == (201, 409)


def test_another_providers_site_cannot_be_used(client, bearer, other_provider):
    from preventhub.testing.factories import SiteFactory

    foreign = SiteFactory(provider=other_provider)
    response = client.post(
        "/api/v1/departments",
        data={"name": "Maths", "site_id": str(foreign.pk)},
        content_type="application/json",
        **bearer,
    )
    assert response.status_code == 422


def test_user_at_two_providers_must_name_one(client, api_admin, bearer, other_provider):
    from preventhub.testing.factories import grant

    grant(api_admin, other_provider, Role.STAFF)
    assert client.get("/api/v1/me", **bearer).status_code == 400
    named = client.get("/api/v1/me", HTTP_X_PROVIDER=other_provider.slug, **bearer)
    assert named.json()["roles"] == ["staff"]
    assert client.get("/api/v1/me", HTTP_X_PROVIDER="nowhere", **bearer).status_code == 404


def test_api_ignores_session_cookies_and_csrf(dsl, bearer):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(dsl)
    # A signed-in browser session is not an API credential.
    assert csrf_client.get("/api/v1/me").status_code == 401
    posted = csrf_client.post(
        "/api/v1/sites", data={"name": "Y"}, content_type="application/json", **bearer
    )
    assert posted.status_code == 201


def test_openapi_lists_every_enum_value(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    assert "/api/v1/health" in schema["paths"]
