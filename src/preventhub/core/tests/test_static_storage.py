"""Production static storage: hashed URLs from the manifest, each worked out once."""

from __future__ import annotations

import json

import pytest

from preventhub.core.static_storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STATIC_URL = "/static/"
    manifest = {"version": "1.1", "hash": "h", "paths": {"css/app.css": "css/app.0123abcd.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_url_is_the_hashed_name_and_is_remembered(storage, monkeypatch):
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
    looked_up = []

    def stored_name(name):
        looked_up.append(name)
        return "x"

    monkeypatch.setattr(storage, "stored_name", stored_name)
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
    assert looked_up == []


def test_a_name_missing_from_the_manifest_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


def test_debug_urls_are_not_remembered(storage, settings):
    settings.DEBUG = True
    assert storage.url("css/app.css") == "/static/css/app.css"
    settings.DEBUG = False
    assert storage.url("css/app.css") == "/static/css/app.0123abcd.css"
