"""Partnership rules through the services: bad input is refused with a specific message and
changes nothing; every write is audited by field name, never by value."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from preventhub.audit.models import AuditEvent
from preventhub.concerns.attachments import CheckedFile
from preventhub.core.errors import ConflictError
from preventhub.partners import services
from preventhub.partners.models import Agreement, Engagement, Partner, SubcontractorAssurance
from preventhub.partners.tests.helpers import (
    agreement,
    agreement_values,
    days,
    engagement,
    partner,
)


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_a_partner_is_added_once_and_audited(provider: Any, dsl: Any) -> None:
    made = services.partner_create(actor=dsl, provider=provider, name="Jisc", kind="jisc")
    event = AuditEvent.objects.get(object_id=str(made.pk), action="create")
    assert event.changed_fields == ["description", "kind", "name", "website"]
    with pytest.raises(ConflictError, match="already in your partner directory"):
        services.partner_create(actor=dsl, provider=provider, name="JISC ", kind="jisc")
    assert Partner.objects.for_provider(provider).count() == 1


def test_bad_partner_input_names_the_field(provider: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.partner_create(actor=None, provider=provider, name="X", kind="mosque")
    assert "Unknown partner kind: mosque." in messages_of(exc)
    with pytest.raises(ValidationError, match="cannot be empty"):
        services.partner_create(actor=None, provider=provider, name="  ", kind="jisc")
    with pytest.raises(ValidationError, match="web address"):
        services.partner_create(
            actor=None, provider=provider, name="Y", kind="jisc", website="javascript:alert(1)"
        )
    assert not Partner.objects.for_provider(provider).exists()


def test_a_subcontractor_with_assurance_stays_a_subcontractor(provider: Any) -> None:
    sub = partner(provider, "Skills Ltd", kind="subcontractor")
    services.assurance_record(
        actor=None, partner=sub, assured_on=days(-1), prevent_awareness_confirmed=True
    )
    with pytest.raises(ValidationError, match="stays a subcontractor"):
        services.partner_update(actor=None, partner=sub, name="Skills Ltd", kind="employer")


def test_contacts_are_added_and_removed_with_audit(provider: Any) -> None:
    police = partner(provider)
    with pytest.raises(ValidationError, match="email address"):
        services.contact_add(actor=None, partner=police, name="PC Lee", email="not-an-email")
    contact = services.contact_add(
        actor=None, partner=police, name="PC Lee", role="Prevent officer", email="lee@example.org"
    )
    contact_id = str(contact.pk)
    services.contact_remove(actor=None, contact=contact)
    assert not police.contacts.exists()
    assert AuditEvent.objects.filter(object_id=contact_id, action="delete").exists()


# --- agreements ----------------------------------------------------------------------------


def test_an_agreement_review_before_signing_is_refused(provider: Any) -> None:
    police = partner(provider)
    with pytest.raises(ValidationError) as exc:
        agreement(provider, [police], signed_on=days(-10), review_on=days(-20))
    assert "must be on or after the date the agreement was signed" in messages_of(exc)
    assert not Agreement.objects.for_provider(provider).exists()


def test_a_signed_agreement_needs_a_review_date_and_no_future_signing(provider: Any) -> None:
    police = partner(provider)
    with pytest.raises(ValidationError, match="Enter the review date"):
        agreement(provider, [police], review_on=None)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        agreement(provider, [police], signed_on=days(3), review_on=days(300))


def test_special_category_data_needs_its_article_9_condition(provider: Any) -> None:
    police = partner(provider)
    with pytest.raises(ValidationError, match="choose the Article 9 condition"):
        agreement(provider, [police], special_category=True)
    with pytest.raises(ValidationError, match="choose the Article 10 route"):
        agreement(
            provider,
            [police],
            criminal_offence=True,
            special_category=True,
            special_conditions=["art9_safeguarding"],
        )
    with pytest.raises(ValidationError, match="Unknown condition: art99"):
        agreement(provider, [police], special_conditions=["art99"])
    with pytest.raises(ValidationError, match="tick that special-category data is shared"):
        agreement(provider, [police], special_conditions=["art9_safeguarding"])
    made = agreement(
        provider,
        [police],
        special_category=True,
        criminal_offence=True,
        special_conditions=["art9_safeguarding", "art10_criminal_offence"],
    )
    assert made.special_conditions == ["art9_safeguarding", "art10_criminal_offence"]


def test_an_agreement_needs_partners_of_this_provider(provider: Any, other_provider: Any) -> None:
    theirs = partner(other_provider, "Their police")
    with pytest.raises(ValidationError, match="Choose at least one partner"):
        agreement(provider, [])
    with pytest.raises(ValidationError, match="No such partner in your directory"):
        agreement(provider, [theirs])
    assert not Agreement.objects.for_provider(provider).exists()


def test_an_agreement_title_is_unique(provider: Any) -> None:
    police = partner(provider)
    agreement(provider, [police])
    with pytest.raises(ConflictError, match="already exists"):
        agreement(provider, [police], title="prevent INFORMATION-sharing protocol")


def test_replacing_the_signed_copy_stores_the_new_one(provider: Any, settings: Any) -> None:
    police = partner(provider)
    first = CheckedFile("v1.txt", "text/plain", b"Version one, signed.")
    made = agreement(provider, [police], document=first)
    old = made.document_storage
    services.agreement_update(
        actor=None,
        agreement=made,
        partners=[police],
        document=CheckedFile("v2.txt", "text/plain", b"Version two, signed."),
        **agreement_values(),
    )
    made.refresh_from_db()
    assert made.document_name == "v2.txt"
    assert made.document_storage != old
    event = AuditEvent.objects.filter(object_id=str(made.pk), action="update").get()
    assert "document_name" in event.changed_fields


# --- the engagement log --------------------------------------------------------------------


def test_an_engagement_is_logged_once_per_idempotency_key(provider: Any, dsl: Any) -> None:
    police = partner(provider)
    first = engagement(provider, police, actor=dsl, idempotency_key="abc")
    again = engagement(provider, police, actor=dsl, idempotency_key="abc")
    assert first.pk == again.pk
    assert Engagement.objects.for_provider(provider).count() == 1
    event = AuditEvent.objects.get(object_id=str(first.pk), action="create")
    assert "details" in event.changed_fields
    assert "Construction" not in str(event.detail)


def test_engagement_input_is_checked(provider: Any, other_provider: Any) -> None:
    police = partner(provider)
    jisc = partner(provider, "Jisc", kind="jisc")
    theirs = partner(other_provider, "Elsewhere")
    police_only = agreement(provider, [police])
    with pytest.raises(ValidationError, match="cannot be in the future"):
        engagement(provider, police, occurred_on=days(2))
    with pytest.raises(ValidationError, match="Unknown kind of engagement: gossip"):
        engagement(provider, police, kind="gossip")
    with pytest.raises(ValidationError, match="No such partner"):
        engagement(provider, theirs)
    with pytest.raises(ValidationError, match="Jisc is not a party to"):
        engagement(provider, jisc, agreement=police_only)
    assert not Engagement.objects.for_provider(provider).exists()


def test_intelligence_shared_without_an_agreement_is_still_logged(provider: Any) -> None:
    police = partner(provider)
    entry = engagement(provider, police, kind="intelligence_shared")
    assert entry.agreement is None


# --- subcontractor assurance ---------------------------------------------------------------


def test_assurance_is_for_subcontractors_once_a_day(provider: Any) -> None:
    police = partner(provider)
    sub = partner(provider, "Skills Ltd", kind="subcontractor")
    with pytest.raises(ValidationError, match="is not a subcontractor"):
        services.assurance_record(
            actor=None, partner=police, assured_on=days(-1), prevent_awareness_confirmed=True
        )
    with pytest.raises(ValidationError, match="Unknown check: vibes"):
        services.assurance_record(
            actor=None,
            partner=sub,
            assured_on=days(-1),
            prevent_awareness_confirmed=True,
            checks=["vibes"],
        )
    services.assurance_record(
        actor=None,
        partner=sub,
        assured_on=days(-1),
        prevent_awareness_confirmed=True,
        checks=["staff_training", "dbs_checks"],
        training_evidence="Certificates for all 12 tutors seen.",
    )
    with pytest.raises(ConflictError, match="already recorded"):
        services.assurance_record(
            actor=None, partner=sub, assured_on=days(-1), prevent_awareness_confirmed=False
        )
    assert SubcontractorAssurance.objects.for_provider(provider).count() == 1
