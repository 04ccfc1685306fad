"""The import_people command calls the same service as the pages and the API."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from preventhub.audit.models import AuditEvent
from preventhub.people.models import Person
from preventhub.people.tests.helpers import LEARNER_HEADER, learner_rows, make_csv

pytestmark = pytest.mark.django_db


def test_command_imports_and_audits(provider, tmp_path, capsys):
    path = tmp_path / "learners.csv"
    path.write_bytes(make_csv(LEARNER_HEADER, learner_rows(4)))
    call_command("import_people", str(path), provider=provider.slug, kind="learner")
    assert "Created 4" in capsys.readouterr().out
    assert Person.objects.for_provider(provider).count() == 4
    assert AuditEvent.objects.get(action="import").actor_label == "system"


def test_command_dry_run_and_mapping(provider, tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_bytes(make_csv(["Ref", "Given", "Family"], [["R1", "A", "B"]]))
    call_command(
        "import_people",
        str(path),
        "--dry-run",
        "--map",
        "mis_id=Ref",
        "--map",
        "first_name=Given",
        "--map",
        "last_name=Family",
        provider=provider.slug,
        kind="learner",
    )
    assert "Would create 1" in capsys.readouterr().out
    assert not Person.objects.for_provider(provider).exists()


def test_command_fails_with_row_errors_listed(provider, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(make_csv(LEARNER_HEADER, [["L1", "", "B", "", "", "", ""]]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_people", str(path), provider=provider.slug, kind="learner")
    assert "row 2, Forename: First name is required" in capsys.readouterr().err
