"""Security headers: CSP without inline scripts, no framing, no caching of personal data."""

from django.test import Client


def test_pages_send_a_strict_csp(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_have_no_inline_scripts(login, dsl):
    html = login(dsl).get("/").content.decode()
    for chunk in html.split("<script")[1:]:
        assert "src=" in chunk.split(">")[0], "inline <script> found"


def test_signed_in_pages_are_not_cached(login, dsl):
    response = login(dsl).get("/")
    assert response["Cache-Control"] == "no-store"


def test_api_responses_are_not_cached(client, db):
    assert client.get("/api/v1/health")["Cache-Control"] == "no-store"


def test_forged_csrf_is_rejected(dsl, provider):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dsl)
    response = client.post("/provider/switch/", {"provider": provider.slug})
    assert response.status_code == 403


def test_oversized_form_post_is_rejected_without_a_500(login, dsl, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"f{i}": "x" for i in range(50)}
    response = login(dsl).post("/provider/switch/", data)
    assert response.status_code == 400


def test_view_without_access_policy_is_refused(client, db, settings):
    from django.http import HttpResponse
    from django.urls import path

    from preventhub.config import urls

    def naked(request):
        return HttpResponse("should never be served")

    settings.ROOT_URLCONF = type(
        "U", (), {"urlpatterns": [path("naked/", naked), *urls.urlpatterns]}
    )
    assert client.get("/naked/").status_code == 404
