"""Partnership pages through the Django test client: adding and editing, filters, downloads,
documents (type and size checked), who sees encrypted details, other providers' records."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.attachments import CheckedFile
from preventhub.partners.models import Agreement, Engagement, Partner
from preventhub.partners.tests.helpers import agreement, days, engagement, partner


@pytest.fixture
def governor(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.GOVERNOR, username="governor")


def errors_of(response: Any) -> str:
    page: str = response.content.decode()
    assert "There is a problem" in page, page[:3000]
    return page


def agreement_form(police: Partner, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Police Prevent protocol",
        "partners": [str(police.pk)],
        "scope": "Concerns about learners at risk, shared with the police Prevent team.",
        "lawful_basis": "public_task",
        "signed_on": days(-30).isoformat(),
        "review_on": days(335).isoformat(),
    }
    data.update(overrides)
    return data


def test_a_manager_adds_a_partner_and_a_contact(login: Any, dsl: Any, provider: Any) -> None:
    client = login(dsl)
    response = client.post(reverse("partners:new"), {"name": "Jisc", "kind": "jisc"})
    made = Partner.objects.for_provider(provider).get()
    assert response["Location"] == reverse("partners:detail", kwargs={"pk": made.pk})
    url = reverse("partners:contact_add", kwargs={"pk": made.pk})
    assert "Enter the contact" in errors_of(client.post(url, {"name": ""}))
    client.post(url, {"name": "Ada Advisor", "email": "ada@example.org"})
    page = client.get(reverse("partners:detail", kwargs={"pk": made.pk})).content.decode()
    assert "Ada Advisor" in page
    assert "mailto:ada@example.org" in page


def test_a_duplicate_partner_gets_a_clear_error(login: Any, dsl: Any, provider: Any) -> None:
    partner(provider, "Jisc", kind="jisc")
    page = errors_of(login(dsl).post(reverse("partners:new"), {"name": "jisc", "kind": "jisc"}))
    assert "jisc is already in your partner directory" in page
    assert Partner.objects.for_provider(provider).count() == 1


def test_the_directory_filters_and_refuses_bad_filters(login: Any, dsl: Any, provider: Any) -> None:
    partner(provider, "Northbridge Police Prevent")
    partner(provider, "Skills Ltd", kind="subcontractor")
    client = login(dsl)
    page = client.get(reverse("partners:list"), {"kind": "subcontractor"}).content.decode()
    assert "Skills Ltd" in page
    assert "Northbridge Police Prevent" not in page
    bad = client.get(reverse("partners:list"), {"kind": "spies"}).content.decode()
    assert "The filters need correcting" in bad
    assert "Skills Ltd" not in bad
    partial = client.get(reverse("partners:list"), {"q": "skills"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    assert b"Skills Ltd" in partial.content


def test_an_agreement_with_its_signed_copy(login: Any, dsl: Any, provider: Any) -> None:
    police = partner(provider)
    client = login(dsl)
    copy = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n% signed\n" + b"0" * 64)
    response = client.post(
        reverse("partners:agreement_new"), {**agreement_form(police), "document": copy}
    )
    made = Agreement.objects.for_provider(provider).get()
    assert response["Location"] == reverse("partners:agreement_detail", kwargs={"pk": made.pk})
    download = client.get(reverse("partners:agreement_document", kwargs={"pk": made.pk}))
    assert download.content.startswith(b"%PDF-1.4")
    assert 'filename="protocol.pdf"' in download["Content-Disposition"]
    assert AuditEvent.objects.filter(object_id=str(made.pk), action="view").exists()


def test_an_agreement_reviewed_before_it_was_signed_is_refused(
    login: Any, dsl: Any, provider: Any
) -> None:
    police = partner(provider)
    form = agreement_form(police, signed_on=days(-10).isoformat(), review_on=days(-40).isoformat())
    page = errors_of(login(dsl).post(reverse("partners:agreement_new"), form))
    assert "The review date must be on or after the date the agreement was signed." in page
    assert not Agreement.objects.for_provider(provider).exists()


def test_a_100_mb_document_gets_a_clear_error_and_nothing_is_made(
    login: Any, dsl: Any, provider: Any, settings: Any
) -> None:
    police = partner(provider)
    huge = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    response = login(dsl).post(
        reverse("partners:agreement_new"), {**agreement_form(police), "document": huge}
    )
    assert "protocol.pdf is larger than 20 MB" in errors_of(response)
    assert not Agreement.objects.for_provider(provider).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protocol.exe", b"MZ\x90\x00", "protocol.exe cannot be uploaded"),
        ("photo.png", b"\x89PNG\r\n\x1a\n", "photo.png cannot be uploaded"),
        ("protocol.pdf", b"MZ\x90\x00" + b"\x00" * 100, "is not really a .pdf file"),
    ],
)
def test_unsupported_documents_are_refused(
    login: Any, dsl: Any, provider: Any, name: str, content: bytes, message: str
) -> None:
    police = partner(provider)
    upload = SimpleUploadedFile(name, content)
    response = login(dsl).post(
        reverse("partners:agreement_new"), {**agreement_form(police), "document": upload}
    )
    assert message in errors_of(response)
    assert not Agreement.objects.for_provider(provider).exists()


def test_special_category_without_a_condition_is_refused_on_the_page(
    login: Any, dsl: Any, provider: Any
) -> None:
    police = partner(provider)
    page = errors_of(
        login(dsl).post(
            reverse("partners:agreement_new"), agreement_form(police, special_category="on")
        )
    )
    assert "choose the Article 9 condition" in page


def test_another_providers_partner_cannot_be_named(
    login: Any, dsl: Any, provider: Any, other_provider: Any
) -> None:
    theirs = partner(other_provider, "Their police")
    page = errors_of(login(dsl).post(reverse("partners:agreement_new"), agreement_form(theirs)))
    assert "Choose partners from the list." in page
    url = reverse("partners:detail", kwargs={"pk": theirs.pk})
    assert login(dsl).get(url).status_code == 404


def test_logging_an_engagement_once_despite_a_double_submission(
    login: Any, dsl: Any, provider: Any
) -> None:
    police = partner(provider)
    client = login(dsl)
    form = {
        "occurred_on": days(-2).isoformat(),
        "kind": "intelligence_shared",
        "partner": str(police.pk),
        "summary": "Shared concern about online material",
        "details": "Learner A, Level 2 Construction.",
        "idempotency_key": "key-1",
    }
    first = client.post(reverse("partners:engagement_new"), form)
    second = client.post(reverse("partners:engagement_new"), form)
    assert first["Location"] == second["Location"]
    assert Engagement.objects.for_provider(provider).count() == 1
    page = client.get(first["Location"]).content.decode()
    assert "Learner A, Level 2 Construction." in page
    assert "no information-sharing agreement in force" in page


def test_an_engagement_in_the_future_is_refused(login: Any, dsl: Any, provider: Any) -> None:
    police = partner(provider)
    form = {
        "occurred_on": days(5).isoformat(),
        "kind": "meeting",
        "partner": str(police.pk),
        "summary": "Planned",
    }
    assert "cannot be in the future" in errors_of(
        login(dsl).post(reverse("partners:engagement_new"), form)
    )


def test_governors_read_the_log_without_the_encrypted_details(
    login: Any, governor: Any, provider: Any
) -> None:
    entry = engagement(provider, partner(provider))
    client = login(governor)
    page = client.get(reverse("partners:engagement_detail", kwargs={"pk": entry.pk}))
    text = page.content.decode()
    assert "Termly review of local risks" in text
    assert "named in the notes" not in text
    event = AuditEvent.objects.filter(object_id=str(entry.pk), action="view").get()
    assert event.detail == {"narrative_shown": False}
    assert client.get(reverse("partners:engagement_new")).status_code == 403


def test_the_overview_lists_findings(login: Any, governor: Any, provider: Any) -> None:
    engagement(provider, partner(provider), kind="intelligence_shared")
    page = login(governor).get(reverse("partners:overview")).content.decode()
    assert "with no information-sharing agreement in force" in page
    assert "Must fix" in page


def test_csv_and_xlsx_downloads_are_formula_safe_and_audited(
    login: Any, dsl: Any, provider: Any
) -> None:
    police = partner(provider, '=HYPERLINK("http://evil")')
    engagement(provider, police, summary="+cmd|' /C calc'!A0")
    client = login(dsl)
    url = reverse("partners:export", kwargs={"register": "engagements", "fmt": "csv"})
    body = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Date"
    assert rows[1][2].startswith("'=")
    assert rows[1][4].startswith("'+")
    assert "named in the notes" not in body  # never the encrypted details
    xlsx = client.get(reverse("partners:export", kwargs={"register": "partners", "fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["A2"].value.startswith("'=")
    exports = AuditEvent.objects.filter(action="export", provider_id=provider.pk)
    assert {e.object_type for e in exports} == {"partners.engagements", "partners.partners"}


def test_a_download_with_bad_filters_goes_back_to_the_register(
    login: Any, dsl: Any, provider: Any
) -> None:
    url = reverse("partners:export", kwargs={"register": "agreements", "fmt": "csv"})
    response = login(dsl).get(url, {"status": "lapsed"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("partners:agreements"))
    bogus = reverse("partners:export", kwargs={"register": "secrets", "fmt": "csv"})
    assert login(dsl).get(bogus).status_code == 404


def test_assurance_page_and_form(login: Any, dsl: Any, provider: Any) -> None:
    sub = partner(provider, "Skills Ltd", kind="subcontractor")
    client = login(dsl)
    assert "Never" in client.get(reverse("partners:assurance")).content.decode()
    url = reverse("partners:assurance_add", kwargs={"pk": sub.pk})
    assert "Choose yes or no." in errors_of(client.post(url, {"assured_on": days(-1).isoformat()}))
    client.post(
        url,
        {
            "assured_on": days(-1).isoformat(),
            "prevent_awareness_confirmed": "yes",
            "checks": ["staff_training"],
            "training_evidence": "All tutors completed the e-learning.",
        },
    )
    page = client.get(reverse("partners:detail", kwargs={"pk": sub.pk})).content.decode()
    assert "Staff Prevent training records seen" in page
    assert "All tutors completed the e-learning." in page


def test_agreement_register_filters_by_status(login: Any, dsl: Any, provider: Any) -> None:
    police = partner(provider)
    agreement(provider, [police], title="Current one")
    agreement(provider, [police], title="Old one", signed_on=days(-900), review_on=days(-2))
    client = login(dsl)
    page = client.get(reverse("partners:agreements"), {"status": "expired"}).content.decode()
    assert "Old one" in page
    assert "Current one" not in page
    agreement(
        provider,
        [police],
        title="With copy",
        document=CheckedFile("x.txt", "text/plain", b"Signed."),
    )
    page = client.get(reverse("partners:agreements")).content.decode()
    assert page.count("No copy stored") == 2


def test_registers_take_a_fixed_number_of_queries(
    login: Any, dsl: Any, provider: Any, django_assert_max_num_queries: Any
) -> None:
    police = partner(provider)
    for n in range(6):
        other = partner(provider, f"Partner {n}", kind="community_group")
        agreement(provider, [police, other], title=f"Agreement {n}")
        engagement(provider, other, summary=f"Meeting {n}")
    client = login(dsl)
    client.get(reverse("partners:overview"))  # warm the per-request caches of the session
    for name in ("partners:list", "partners:engagements", "partners:agreements"):
        with django_assert_max_num_queries(8):
            assert client.get(reverse(name)).status_code == 200


def test_reading_a_subcontractors_assurance_is_audited(login: Any, dsl: Any, provider: Any) -> None:
    from preventhub.partners import services

    sub = partner(provider, "Skills Ltd", kind="subcontractor")
    services.assurance_record(
        actor=None, partner=sub, assured_on=days(-3), prevent_awareness_confirmed=True
    )
    login(dsl).get(reverse("partners:detail", kwargs={"pk": sub.pk}))
    event = AuditEvent.objects.get(object_id=str(sub.pk), action="view")
    assert event.detail == {"part": "assurance"}
