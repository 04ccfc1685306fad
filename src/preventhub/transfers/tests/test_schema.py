"""The published JSON Schema is the one the code validates against, and a real file passes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from preventhub.transfers.package import open_package
from preventhub.transfers.schema import build_schema, schema_errors, schema_json
from preventhub.transfers.tests.builders import closed_case, full_case, learner, sent_file

PUBLISHED = Path(__file__).resolve().parents[4] / "docs/schemas/safeguarding-file-v1.schema.json"


def test_the_published_schema_is_the_one_in_the_code() -> None:
    assert PUBLISHED.read_text() == schema_json(), (
        "docs/schemas/safeguarding-file-v1.schema.json is out of date: run "
        "python -m preventhub.transfers.schema > docs/schemas/safeguarding-file-v1.schema.json"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(build_schema())
    assert json.loads(PUBLISHED.read_text())["$defs"]["concern"]["additionalProperties"] is False


@pytest.mark.django_db
def test_an_exported_manifest_follows_the_schema(provider: Any, dsl: Any) -> None:
    person = learner(provider)
    full_case(provider, dsl, person)
    closed_case(provider, dsl, person)
    _, data, passphrase = sent_file(provider, dsl, person)
    assert schema_errors(open_package(data, passphrase).manifest) == []
