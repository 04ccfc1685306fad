"""Policy register rules through the services: dates, publishing, owners, acknowledgement,
versions; bad input changes nothing; writes are audited by field name."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.errors import ConflictError
from preventhub.policies import services
from preventhub.policies.models import Acknowledgement, Policy
from preventhub.policies.selectors import to_acknowledge
from preventhub.policies.tests.helpers import days, docx_with, make_policy, pdf_with, policy_in


def test_a_review_date_before_approval_is_refused(provider: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_policy(provider, approved_on=days(-10), review_on=days(-20))
    assert "on or after the date the policy was approved" in " ".join(exc.value.messages)
    assert not Policy.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"approved_on": None}, "Enter the date it was approved to publish it."),
        ({"review_on": None}, "Enter the review date to publish it."),
        ({"approved_on": days(3)}, "cannot be in the future"),
        ({"review_on": days(3000)}, "within the next 5 years"),
        ({"policy_type": "parking"}, "Unknown policy type: parking."),
        ({"status": "archived"}, "Unknown status: archived."),
        ({"refers_to_prevent": "maybe"}, "Unknown answer: maybe."),
        ({"title": " "}, "Enter the policy's title."),
        ({"version": ""}, "Enter the version"),
        ({"status": "draft", "acknowledgement_required": True}, "publish it first"),
    ],
)
def test_bad_policy_input(provider: Any, overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        make_policy(provider, **overrides)
    assert message in " ".join(exc.value.messages)
    assert not Policy.objects.for_provider(provider).exists()


def test_a_draft_needs_no_dates(provider: Any) -> None:
    draft = make_policy(provider, status="draft", approved_on=None, review_on=None)
    assert draft.status == "draft"


def test_the_owner_must_work_here(provider: Any, outsider: Any, staff: Any) -> None:
    with pytest.raises(ValidationError, match="Choose someone who works here"):
        make_policy(provider, owner=outsider)
    assert make_policy(provider, owner=staff).owner == staff


def test_titles_are_unique_per_provider(provider: Any, other_provider: Any) -> None:
    make_policy(provider)
    with pytest.raises(ConflictError):
        make_policy(provider, title="SAFEGUARDING and child protection policy")
    make_policy(other_provider)


def test_a_document_is_read_for_prevent_terms(provider: Any, dsl: Any) -> None:
    it = make_policy(
        provider,
        actor=dsl,
        policy_type="it_acceptable_use",
        title="IT acceptable use",
        document=CheckedFile(
            "it.pdf", "application/pdf", pdf_with("Filtering supports our Prevent duty.")
        ),
    )
    assert it.prevent_detected is True
    assert it.text_readable is True
    assert it.detected_terms == ["Prevent duty", "Prevent"]
    assert it.refers_effectively
    event = AuditEvent.objects.get(object_id=str(it.pk), action="create")
    assert "detected_terms" in event.changed_fields


def test_the_owners_answer_takes_precedence(provider: Any) -> None:
    word = CheckedFile(
        "p.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx_with("Nothing about it here."),
    )
    said_yes = make_policy(provider, document=word, refers_to_prevent="yes")
    assert said_yes.prevent_detected is False
    assert said_yes.refers_effectively
    found = CheckedFile("q.txt", "text/plain", b"Our Prevent lead is the DSL.")
    said_no = make_policy(provider, title="Other", document=found, refers_to_prevent="no")
    assert said_no.prevent_detected is True
    assert not said_no.refers_effectively


def test_an_unreadable_document_is_not_detected(provider: Any) -> None:
    broken = CheckedFile("p.pdf", "application/pdf", b"%PDF-1.4\nnot a real pdf")
    policy = make_policy(provider, document=broken)
    assert policy.prevent_detected is False
    assert policy.text_readable is False


def test_acknowledging_is_once_per_version(provider: Any, staff: Any) -> None:
    policy = make_policy(provider, acknowledgement_required=True)
    assert list(to_acknowledge(staff, provider)) == [policy]
    _ack, created = services.policy_acknowledge(actor=staff, policy=policy)
    assert created
    _ack, again = services.policy_acknowledge(actor=staff, policy=policy)
    assert not again
    assert list(to_acknowledge(staff, provider)) == []
    assert AuditEvent.objects.filter(action="acknowledge", object_id=str(policy.pk)).count() == 1
    services.policy_update(
        actor=None, policy=policy, data=policy_in(version="4.1", acknowledgement_required=True)
    )
    assert list(to_acknowledge(staff, provider)) == [policy]
    assert Acknowledgement.objects.for_provider(provider).get().version == "4.0"


def test_only_policies_asked_for_can_be_acknowledged(provider: Any, staff: Any) -> None:
    policy = make_policy(provider)
    with pytest.raises(ValidationError, match="not waiting for staff"):
        services.policy_acknowledge(actor=staff, policy=policy)


def test_an_update_without_changes_writes_no_audit_row(provider: Any, make_user: Any) -> None:
    owner = make_user(provider, Role.STAFF)
    policy = make_policy(provider, owner=owner)
    before = AuditEvent.objects.count()
    services.policy_update(actor=None, policy=policy, data=policy_in(owner=owner))
    assert AuditEvent.objects.count() == before
