"""The ways in: the upload page, the ingestion history and result pages, the upload API and the
``ingest_weblogs`` / ``purge_weblogs`` commands — with the bad inputs of issue 7 answered
clearly and nothing written."""

from __future__ import annotations

import gzip
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.online_safety.models import FlaggedEvent, Ingestion
from preventhub.online_safety.tests import factories_ingest as f

pytestmark = pytest.mark.django_db
API = "/api/v1/weblogs/uploads"
LOG = ("\n".join([
    f.squid("https://www.google.com/search?q=make+a+bomb"),
    f.squid("http://www.bbc.test/"),
    "1795424400.000 1 10.1.2.3 TCP_MISS/200 1 GET http://a.test/ u",
    "nonsense",
]) + "\n").encode()  # fmt: skip


@pytest.fixture
def it_manager(make_user, provider):
    return make_user(provider, Role.IT_MANAGER, Role.STAFF, username="it")


@pytest.fixture
def source(provider):
    f.standard_lists(provider)
    return f.source(provider, name="Main proxy")


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_it_manager_uploads_a_log_and_sees_the_result_with_rejected_lines(
    login, it_manager, source
):
    client = login(it_manager)
    page = client.get(reverse("online_safety:upload"))
    assert page.status_code == 200
    assert "Main proxy" in page.content.decode()
    response = client.post(
        reverse("online_safety:upload"),
        {"source": source.pk, "log_format": "", "file": upload("access.log", LOG)},
        follow=True,
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "The log was ingested." in text
    assert "Too few fields for this format: 1 line" in text
    assert "nonsense" in text  # the sample, for the IT manager to fix the log
    ingestion = Ingestion.objects.for_provider(source.provider).get()
    assert AuditEvent.objects.filter(object_id=str(ingestion.pk), action="view").exists()
    history = client.get(reverse("online_safety:ingestion_list")).content.decode()
    assert "access.log" in history
    assert "Complete" in history


def test_uploading_the_same_file_again_says_so(login, it_manager, source):
    client = login(it_manager)
    for _ in range(2):
        response = client.post(
            reverse("online_safety:upload"),
            {"source": source.pk, "file": upload("access.log", LOG)},
            follow=True,
        )
    assert "This file was ingested before: nothing was added." in response.content.decode()
    assert Ingestion.objects.for_provider(source.provider).count() == 1


@pytest.mark.parametrize(
    ("data", "fmt", "error"),
    [
        (b"", "", "The file is empty: there are no log lines to ingest."),
        (b"\x00\x01\x02binary", "", "binary file"),
        (LOG, "fortigate", "None of the 4 lines could be read as fortigate"),
        (gzip.compress(LOG)[:-10], "", "damaged or truncated"),
    ],
)
def test_bad_uploads_are_refused_on_the_form_and_write_nothing(
    login, it_manager, source, data, fmt, error
):
    response = login(it_manager).post(
        reverse("online_safety:upload"),
        {"source": source.pk, "log_format": fmt, "file": upload("x.log", data)},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Ingestion.objects.for_provider(source.provider).exists()


def test_another_providers_source_cannot_be_chosen(login, it_manager, source, other_provider):
    theirs = f.source(other_provider, name="Their proxy")
    response = login(it_manager).post(
        reverse("online_safety:upload"), {"source": theirs.pk, "file": upload("x.log", LOG)}
    )
    assert "Choose one of this provider&#x27;s active log sources." in response.content.decode()
    assert not Ingestion.unscoped.exists()


def test_the_api_ingests_and_answers_the_contract(api_client, it_manager, source):
    response = api_client(it_manager).post(
        API, {"file": upload("access.log", LOG), "format": "squid_native"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {k: body[k] for k in ("lines", "parsed", "rejected", "flagged", "alerts")} == {
        "lines": 4, "parsed": 3, "rejected": 1, "flagged": 1, "alerts": 1,
    }  # fmt: skip
    again = api_client(it_manager).post(
        API, {"file": upload("access.log", LOG), "format": "squid_native", "source": "Main proxy"}
    )
    assert again.status_code == 200
    assert again.json()["already_ingested"] is True


@pytest.mark.parametrize(
    ("form", "detail"),
    [
        ({"format": "squid_native"}, "multipart field 'file'"),
        ({"file": LOG, "format": "apache"}, "format must be one of"),
        ({"file": LOG, "format": "squid_native", "source": "Nowhere"}, "No active log source"),
        ({"file": LOG, "format": "e2guardian"}, "No active log source has the format"),
        ({"file": b"", "format": "squid_native"}, "empty"),
        ({"file": b"PK\x03\x04\x00\x00", "format": "squid_native"}, "binary"),
        ({"file": LOG, "format": "squid_combined", "source": "Main proxy"}, "Check the format"),
    ],
)
def test_the_api_refuses_bad_uploads_with_422_and_writes_nothing(
    api_client, it_manager, source, form, detail
):
    data = {k: (upload("x.log", v) if k == "file" else v) for k, v in form.items()}
    response = api_client(it_manager).post(API, data)
    assert response.status_code == 422, response.content
    assert detail in response.json()["detail"]
    assert not Ingestion.objects.for_provider(source.provider).exists()
    assert not FlaggedEvent.objects.exists()


def test_the_command_ingests_files_folders_and_gzip_and_skips_repeats(tmp_path, source, provider):
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "a.log").write_bytes(LOG)
    (tmp_path / "logs" / "b.log.gz").write_bytes(gzip.compress(LOG.replace(b"bomb", b"gun")))
    out = StringIO()
    call_command("ingest_weblogs", str(tmp_path / "logs"), provider=provider.slug,
                 source="Main proxy", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert (
        "a.log: 4 lines, 3 parsed, 1 rejected (too_few_fields 1), 1 flagged, 1 new alerts." in text
    )
    assert "b.log.gz: 4 lines" in text
    out = StringIO()
    call_command("ingest_weblogs", str(tmp_path / "logs" / "a.log"), provider=provider.slug,
                 source="Main proxy", stdout=out)  # fmt: skip
    assert "already ingested, nothing added." in out.getvalue()


def test_the_command_reports_bad_arguments_and_refused_files(tmp_path, source, provider):
    with pytest.raises(CommandError, match="No provider"):
        call_command("ingest_weblogs", "x", provider="nowhere", source="Main proxy")
    with pytest.raises(CommandError, match="No active log source"):
        call_command("ingest_weblogs", "x", provider=provider.slug, source="Other")
    with pytest.raises(CommandError, match="neither a file nor a folder"):
        call_command("ingest_weblogs", str(tmp_path / "missing"), provider=provider.slug,
                     source="Main proxy")  # fmt: skip
    (tmp_path / "bad.gz").write_bytes(gzip.compress(LOG)[:-8])
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("ingest_weblogs", str(tmp_path / "bad.gz"), provider=provider.slug,
                     source="Main proxy", stderr=err)  # fmt: skip
    assert "refused, nothing written" in err.getvalue()
    assert not Ingestion.objects.for_provider(provider).exists()


def test_purge_command_says_what_it_would_delete(tmp_path, source, provider):
    out = StringIO()
    call_command("purge_weblogs", "--dry-run", stdout=out)
    assert "No raw logs are stored." in out.getvalue()
    (tmp_path / "a.log").write_bytes(LOG)
    call_command("ingest_weblogs", str(tmp_path / "a.log"), provider=provider.slug,
                 source="Main proxy", stdout=StringIO())  # fmt: skip
    out = StringIO()
    call_command("purge_weblogs", "--dry-run", stdout=out)
    assert f"{provider.slug}: Would delete 0 day(s) of raw logs: nothing" in out.getvalue()


def test_the_api_accepts_the_source_by_id(api_client, it_manager, source):
    response = api_client(it_manager).post(
        API, {"file": upload("a.log", LOG), "format": "squid_native", "source": str(source.pk)}
    )
    assert response.status_code == 201
