"""The import pages: upload -> mapping and dry run -> import; the staged file is cleaned up."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.people.models import Person
from preventhub.people.staging import SESSION_KEY
from preventhub.people.tests.helpers import LEARNER_HEADER, learner_rows, make_csv

pytestmark = pytest.mark.django_db

UPLOAD = reverse("people:import")
REVIEW = reverse("people:import_review")


def _upload(client, data: bytes, kind: str = "learner", name: str = "learners.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "kind": kind})


def _staged_files(settings) -> list[Path]:
    return list((Path(settings.MEDIA_ROOT) / "imports").glob("*.csv"))


def test_upload_check_and_import_end_to_end(login, admin_user, provider, settings):
    client = login(admin_user)
    assert client.get(UPLOAD).status_code == 200
    response = _upload(client, make_csv(LEARNER_HEADER, learner_rows(3)))
    assert response.status_code == 302
    assert response["Location"] == REVIEW
    assert len(_staged_files(settings)) == 1
    review = client.get(REVIEW)
    body = review.content.decode()
    assert review.context["report"].created == 3
    assert 'value="Learner Ref" selected' in body
    mapping = review.context["form"].initial
    response = client.post(REVIEW, {**mapping, "import": "1"})
    assert response.status_code == 302
    assert Person.objects.for_provider(provider).count() == 3
    assert AuditEvent.objects.filter(action="import").count() == 1
    assert _staged_files(settings) == []
    assert SESSION_KEY not in client.session


def test_review_lists_row_errors_and_import_saves_nothing(login, admin_user, provider):
    client = login(admin_user)
    rows = [*learner_rows(2), ["L9", "", "Surname", "not a date", "", "", ""]]
    _upload(client, make_csv(LEARNER_HEADER, rows))
    review = client.get(REVIEW)
    body = review.content.decode()
    assert "2 problems to fix" in body
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">4</td>' in body
    assert "Import 3 rows" not in body  # the import button appears only for a clean check
    response = client.post(REVIEW, {**review.context["form"].initial, "import": "1"})
    assert response.status_code == 200
    assert len(response.context["report"].errors) == 2
    assert not Person.objects.for_provider(provider).exists()


def test_changing_the_mapping_and_checking_again(login, admin_user, provider):
    client = login(admin_user)
    _upload(client, make_csv(["Ref", "Given", "Family"], [["R1", "Ann", "Lee"]]))
    review = client.get(REVIEW)
    # Required columns are not recognised: the check says so, and the user chooses them.
    assert "Required column(s) missing: mis_id" in review.content.decode()
    assert not review.context["report"].ok
    mapping = {"mis_id": "Ref", "first_name": "Given", "last_name": "Family"}
    checked = client.post(REVIEW, {**mapping, "check": "1"})
    assert checked.context["report"].ok
    assert checked.context["report"].created == 1
    client.post(REVIEW, {**mapping, "import": "1"})
    assert Person.objects.for_provider(provider).get().mis_id == "R1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Learner Ref,Forename,Surname\nL1,Zoë,Brontë\n".encode("utf-16"), "UTF-16"),
        ("Learner Ref,Forename,Surname\nL1,Zoë,Brontë\n".encode("latin-1"), "not UTF-8"),
        (b"Learner Ref,Forename,Surname\n", "0 rows"),
    ],
)
def test_file_problems_are_shown_on_the_upload_form(login, admin_user, settings, data, message):
    response = _upload(login(admin_user), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _staged_files(settings) == []


def test_too_large_upload_is_refused_with_the_limit(login, admin_user, settings):
    settings.PEOPLE_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    data = make_csv(LEARNER_HEADER, learner_rows(5)) + b"#" * (3 * 1024 * 1024)
    response = _upload(login(admin_user), data)
    assert "The file is too large (3.0 MB); the limit is 2 MB" in response.content.decode()
    assert _staged_files(settings) == []


def test_cancel_deletes_the_uploaded_file(login, admin_user, settings):
    client = login(admin_user)
    _upload(client, make_csv(LEARNER_HEADER, learner_rows(1)))
    assert len(_staged_files(settings)) == 1
    response = client.post(REVIEW, {"cancel": "1"})
    assert response.status_code == 302
    assert _staged_files(settings) == []


def test_review_without_an_upload_goes_back_to_upload(login, admin_user):
    response = login(admin_user).get(REVIEW)
    assert response.status_code == 302
    assert response["Location"] == UPLOAD


def test_a_staged_file_belongs_to_its_session_only(login, admin_user, make_user, provider, client):
    _upload(login(admin_user), make_csv(LEARNER_HEADER, learner_rows(1)))
    from django.test import Client

    other = Client()
    other.force_login(make_user(provider, Role.ADMIN))
    assert other.get(REVIEW)["Location"] == UPLOAD


@pytest.mark.parametrize("role", [Role.DSL, Role.HR, Role.STAFF])
def test_only_admin_can_import(login, make_user, provider, role):
    client = login(make_user(provider, role))
    assert client.get(UPLOAD).status_code == 403
    assert _upload(client, make_csv(LEARNER_HEADER, learner_rows(1))).status_code == 403
    assert client.get(REVIEW).status_code == 403
