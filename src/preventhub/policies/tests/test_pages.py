"""Policy pages through the Django test client: who reads what, adding a policy with its
document, bad input, the owner editing, acknowledging from the home page, coverage by
department, downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.attachments import CheckedFile
from preventhub.policies.models import Acknowledgement, Policy
from preventhub.policies.services import policy_acknowledge
from preventhub.policies.tests.helpers import days, docx_with, make_policy, pdf_with
from preventhub.testing.factories import DepartmentFactory, StaffPersonFactory


@pytest.fixture
def leader(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.SENIOR_LEADER, Role.STAFF, username="leader")


def errors_of(response: Any) -> str:
    page: str = response.content.decode()
    assert "There is a problem" in page, page[:3000]
    return page


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "policy_type": "it_acceptable_use",
        "title": "IT acceptable use and e-safety",
        "version": "3.0",
        "status": "published",
        "approved_on": days(-20).isoformat(),
        "review_on": days(345).isoformat(),
        "refers_to_prevent": "",
    }
    data.update(overrides)
    return data


def test_a_leader_adds_a_policy_and_its_document_is_read(
    login: Any, leader: Any, provider: Any
) -> None:
    client = login(leader)
    document = SimpleUploadedFile(
        "it.pdf", pdf_with("Our filtering meets the Prevent duty and blocks extremist sites.")
    )
    response = client.post(reverse("policies:new"), {**form(), "document": document})
    policy = Policy.objects.for_provider(provider).get()
    assert response["Location"] == reverse("policies:detail", kwargs={"pk": policy.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Found in the document: yes: Prevent duty" in page
    assert "it mentions extremist" in page
    assert "Owner's answer: not answered" in page
    download = client.get(reverse("policies:document", kwargs={"pk": policy.pk}))
    assert download.content.startswith(b"%PDF-1.4")
    assert AuditEvent.objects.filter(object_id=str(policy.pk), action="view").exists()


def test_a_review_date_before_approval_is_refused_on_the_page(
    login: Any, leader: Any, provider: Any
) -> None:
    response = login(leader).post(
        reverse("policies:new"),
        form(approved_on=days(-5).isoformat(), review_on=days(-9).isoformat()),
    )
    assert "on or after the date the policy was approved" in errors_of(response)
    assert not Policy.objects.for_provider(provider).exists()


def test_a_100_mb_document_gets_a_clear_error(
    login: Any, leader: Any, provider: Any, settings: Any
) -> None:
    huge = SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n" + bytes(100 * 1024 * 1024))
    response = login(leader).post(reverse("policies:new"), {**form(), "document": huge})
    assert "policy.pdf is larger than 20 MB" in errors_of(response)
    assert not Policy.objects.for_provider(provider).exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_an_unsupported_document_type_is_refused(login: Any, leader: Any, provider: Any) -> None:
    odt = SimpleUploadedFile("policy.odt", b"PK\x03\x04whatever")
    response = login(leader).post(reverse("policies:new"), {**form(), "document": odt})
    assert "policy.odt cannot be uploaded: choose a PDF, Word (.docx) or plain text" in errors_of(
        response
    )
    assert not Policy.objects.for_provider(provider).exists()


def test_unknown_choices_are_refused(login: Any, leader: Any, provider: Any) -> None:
    response = login(leader).post(reverse("policies:new"), form(policy_type="parking"))
    assert "Select a valid choice" in errors_of(response)


def test_staff_read_published_policies_only(login: Any, staff: Any, provider: Any) -> None:
    published = make_policy(provider)
    draft = make_policy(
        provider, title="Draft lettings", status="draft", approved_on=None, review_on=None
    )
    client = login(staff)
    page = client.get(reverse("policies:list")).content.decode()
    assert published.title in page
    assert "Draft lettings" not in page
    assert "Gaps" not in page  # the findings are for leaders, governors and inspectors
    assert client.get(reverse("policies:detail", kwargs={"pk": draft.pk})).status_code == 404
    assert client.get(reverse("policies:edit", kwargs={"pk": published.pk})).status_code == 403


def test_the_owner_edits_their_own_policy(login: Any, staff: Any, provider: Any) -> None:
    mine = make_policy(provider, owner=staff, status="draft", approved_on=None, review_on=None)
    client = login(staff)
    url = reverse("policies:edit", kwargs={"pk": mine.pk})
    assert client.get(url).status_code == 200
    data = form(policy_type="safeguarding", title=mine.title, version="4.1", owner=str(staff.pk))
    assert client.post(url, data).status_code == 302
    mine.refresh_from_db()
    assert mine.version == "4.1"
    assert mine.status == "published"


def test_governors_see_the_gaps(login: Any, make_user: Any, provider: Any) -> None:
    governor = make_user(provider, Role.GOVERNOR)
    make_policy(
        provider,
        policy_type="it_acceptable_use",
        title="IT use",
        document=CheckedFile("it.txt", "text/plain", b"Keep passwords secret."),
    )
    page = login(governor).get(reverse("policies:list")).content.decode()
    assert "does not refer to Prevent explicitly" in page
    assert "There is no published whistleblowing policy." in page


def test_staff_acknowledge_from_the_home_page(login: Any, staff: Any, provider: Any) -> None:
    policy = make_policy(provider, acknowledgement_required=True)
    client = login(staff)
    home = client.get(reverse("core:home")).content.decode()
    assert "Policies to acknowledge" in home
    assert policy.title in home
    url = reverse("policies:acknowledge", kwargs={"pk": policy.pk})
    assert client.get(url).status_code == 405
    client.post(url)
    client.post(url)  # a double click acknowledges once
    assert Acknowledgement.objects.for_provider(provider).count() == 1
    assert "Policies to acknowledge" not in client.get(reverse("core:home")).content.decode()
    mine = client.get(reverse("policies:to_acknowledge")).content.decode()
    assert "You have acknowledged every policy" in mine


def test_coverage_by_department(login: Any, leader: Any, make_user: Any, provider: Any) -> None:
    policy = make_policy(provider, acknowledgement_required=True)
    construction = DepartmentFactory(provider=provider, name="Construction")
    for n in range(3):
        user = make_user(provider, Role.STAFF)
        StaffPersonFactory(provider=provider, department=construction, user=user)
        if n == 0:
            policy_acknowledge(actor=user, policy=policy)
    page = login(leader).get(reverse("policies:coverage")).content.decode()
    assert "Construction" in page
    assert "33%" in page  # one of three in Construction
    assert "No department recorded" in page  # the leader has no staff record
    assert 'class="ph-chart"' in page
    assert "<caption" in page


def test_exports_are_formula_safe_and_follow_the_filters(
    login: Any, leader: Any, provider: Any
) -> None:
    make_policy(provider, title="=cmd|' /C calc'!A0")
    make_policy(provider, title="Complaints", policy_type="complaints")
    client = login(leader)
    body = client.get(
        reverse("policies:export", kwargs={"fmt": "csv"}), {"policy_type": "safeguarding"}
    ).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert AuditEvent.objects.filter(action="export", object_type="policies.policy").exists()
    bad = client.get(reverse("policies:export", kwargs={"fmt": "csv"}), {"review": "someday"})
    assert bad.status_code == 302
    assert client.get(reverse("policies:export", kwargs={"fmt": "pdf"})).status_code == 404


def test_a_word_document_replaces_the_stored_one(login: Any, leader: Any, provider: Any) -> None:
    policy = make_policy(provider)
    url = reverse("policies:edit", kwargs={"pk": policy.pk})
    word = SimpleUploadedFile("policy.docx", docx_with("Staff complete Prevent training."))
    data = form(policy_type="safeguarding", title=policy.title, version="4.0")
    login(leader).post(url, {**data, "document": word})
    policy.refresh_from_db()
    assert policy.document_name == "policy.docx"
    assert policy.prevent_detected is True


def test_the_register_takes_a_fixed_number_of_queries(
    login: Any, leader: Any, provider: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(8):
        make_policy(provider, title=f"Policy {n}", owner=leader)
    client = login(leader)
    client.get(reverse("policies:coverage"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("policies:list")).status_code == 200
