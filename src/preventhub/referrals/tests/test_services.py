"""The Prevent referral's rules, called as plain functions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.choices import EntryKind
from preventhub.concerns.errors import IllegalTransitionError
from preventhub.concerns.selectors import chronology
from preventhub.concerns.services import concern_close, concern_decide
from preventhub.referrals.models import PreventReferral, ReferralFollowUp
from preventhub.referrals.services import (
    follow_up_add,
    referral_record_outcome,
    referral_send,
    referral_start,
    referral_update,
)
from preventhub.referrals.tests.helpers import concern_for, draft_referral, sent_referral
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _audits(obj: Any, action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_id=str(obj.pk), action=action))


# --- starting ---------------------------------------------------------------------------------


def test_a_new_referral_is_a_draft_prefilled_from_the_concern(provider: Any, dsl: Any) -> None:
    concern = concern_for(
        provider,
        description="Drew a symbol linked to a proscribed group on his planner.",
        indicators=["extremist_language", "social_circles"],
    )
    started = referral_start(actor=dsl, concern=concern)
    referral = started.record
    assert started.created
    assert referral.status == "draft"
    assert referral.how_arose == "Drew a symbol linked to a proscribed group on his planner."
    assert referral.warning_signs.splitlines() == [
        "- Using extremist language, or passionate about extremist views",
        "- Change in social circles",
    ]
    assert referral.support_needs == ""
    [audit] = _audits(referral, "create")
    assert audit.detail == {"prefilled": ["how_arose", "warning_signs"]}
    assert "Drew" not in str(audit.detail) + str(audit.changed_fields)
    assert [e.kind for e in chronology(concern)][-1] == EntryKind.REFERRAL


def test_support_needs_come_from_the_linked_register_record(provider: Any, dsl: Any) -> None:
    person = PersonFactory(provider=provider, support_needs="EHCP: autism; young carer.")
    concern = concern_for(provider, subject_person=person)
    referral = referral_start(actor=dsl, concern=concern).record
    assert referral.support_needs == "EHCP: autism; young carer."


def test_support_needs_are_not_copied_for_someone_who_may_not_read_them(
    provider: Any, make_user: Any
) -> None:
    # Only dsl and deputy_dsl reach referrals, and both may read support needs; a caller of
    # the service without that permission (a script, a future role) still gets none of it.
    person = PersonFactory(provider=provider, support_needs="Sensitive need")
    concern = concern_for(provider, subject_person=person)
    admin = make_user(provider, Role.ADMIN)
    referral = referral_start(actor=admin, concern=concern).record
    assert referral.support_needs == ""


def test_starting_twice_returns_the_same_referral(provider: Any, dsl: Any) -> None:
    concern = concern_for(provider)
    first = referral_start(actor=dsl, concern=concern)
    second = referral_start(actor=dsl, concern=concern)
    assert not second.created
    assert second.record.pk == first.record.pk
    assert PreventReferral.objects.for_provider(provider).count() == 1


def test_a_closed_case_cannot_start_a_referral(provider: Any, dsl: Any) -> None:
    concern = concern_for(provider)
    concern_decide(actor=dsl, concern=concern, decision="monitor", rationale="Watch.")
    concern_close(actor=dsl, concern=concern, reason="resolved", outcome="Settled.")
    with pytest.raises(IllegalTransitionError, match="closed"):
        referral_start(actor=dsl, concern=concern)
    assert PreventReferral.objects.for_provider(provider).count() == 0


# --- the draft --------------------------------------------------------------------------------


def test_updating_the_draft_audits_field_names_only(provider: Any, dsl: Any) -> None:
    referral = draft_referral(provider, dsl)
    referral_update(
        actor=dsl, referral=referral, online_use="CANARY-online", person_aware="not_yet"
    )
    referral.refresh_from_db()
    assert referral.online_use == "CANARY-online"
    [audit] = _audits(referral, "update")
    assert audit.changed_fields == ["online_use", "person_aware"]
    assert "CANARY" not in str(audit.detail)


def test_an_unchanged_draft_writes_nothing(provider: Any, dsl: Any) -> None:
    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, how_arose=referral.how_arose)
    assert _audits(referral, "update") == []


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"person_aware": "maybe"}, "person_aware"),
        ({"online_use": "x" * 20_001}, "online_use"),
        ({"sent_to": "Police"}, "__all__"),
    ],
)
def test_bad_draft_values_are_refused_and_change_nothing(
    provider: Any, dsl: Any, values: dict[str, Any], field: str
) -> None:
    referral = draft_referral(provider, dsl)
    with pytest.raises(ValidationError) as caught:
        referral_update(actor=dsl, referral=referral, **values)
    assert field in caught.value.message_dict
    referral.refresh_from_db()
    assert (referral.person_aware, referral.online_use, referral.sent_to) == ("", "", "")


# --- sending ----------------------------------------------------------------------------------


def test_sending_records_when_to_whom_and_by_whom(provider: Any, dsl: Any) -> None:
    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, person_aware="yes")
    sent = referral_send(
        actor=dsl,
        referral=referral,
        sent_on=TODAY(),
        sent_to="Metropolitan Police Prevent team",
        external_reference="PR-2026-118",
    )
    assert sent.status == "sent"
    assert (sent.sent_on, sent.sent_to, sent.sent_by) == (
        TODAY(),
        "Metropolitan Police Prevent team",
        dsl,
    )
    assert sent.sent_by_name == dsl.get_full_name()
    assert sent.external_reference == "PR-2026-118"
    texts = [e.text for e in chronology(sent.concern)]
    assert "Prevent referral sent to Metropolitan Police Prevent team." in texts


def test_a_referral_missing_what_police_prevent_need_cannot_be_sent(
    provider: Any, dsl: Any
) -> None:
    referral = draft_referral(provider, dsl, indicators=[])
    with pytest.raises(ValidationError) as caught:
        referral_send(actor=dsl, referral=referral, sent_on=TODAY(), sent_to="Police")
    assert set(caught.value.message_dict) == {"warning_signs", "person_aware"}
    referral.refresh_from_db()
    assert referral.status == "draft"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sent_on": None}, "sent_on", "Enter the date it was sent."),
        ({"sent_on": "tomorrow"}, "sent_on", "cannot be in the future"),
        ({"sent_on": "long ago"}, "sent_on", "cannot be before the concern"),
        ({"sent_to": "   "}, "sent_to", "Enter who the referral was sent to."),
        ({"sent_to": "p" * 201}, "sent_to", "under 200 characters"),
        ({"sent_by": "staff"}, "sent_by", "member of the safeguarding team"),
    ],
)
def test_bad_sending_details_are_refused_and_change_nothing(
    provider: Any, dsl: Any, staff: Any, changes: dict[str, Any], field: str, message: str
) -> None:
    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, person_aware="no")
    values: dict[str, Any] = {"sent_on": TODAY(), "sent_to": "Police Prevent", **changes}
    dates = {"tomorrow": TODAY() + timedelta(days=1), "long ago": TODAY() - timedelta(days=400)}
    values["sent_on"] = dates.get(values["sent_on"], values["sent_on"])
    if values.get("sent_by") == "staff":
        values["sent_by"] = staff
    with pytest.raises(ValidationError) as caught:
        referral_send(actor=dsl, referral=referral, **values)
    assert message in " ".join(caught.value.message_dict[field])
    referral.refresh_from_db()
    assert (referral.status, referral.sent_on) == ("draft", None)


def test_a_deputy_may_be_recorded_as_the_sender(provider: Any, dsl: Any, make_user: Any) -> None:
    deputy = make_user(provider, Role.DEPUTY_DSL)
    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, person_aware="no")
    sent = referral_send(
        actor=dsl, referral=referral, sent_on=TODAY(), sent_to="Police", sent_by=deputy
    )
    assert sent.sent_by == deputy


def test_a_sent_referral_is_not_sent_again_or_edited(provider: Any, dsl: Any) -> None:
    referral = sent_referral(provider, dsl)
    with pytest.raises(IllegalTransitionError, match="already sent"):
        referral_send(actor=dsl, referral=referral, sent_on=TODAY(), sent_to="Someone else")
    with pytest.raises(IllegalTransitionError, match="cannot be changed"):
        referral_update(actor=dsl, referral=referral, how_arose="Rewritten")
    referral.refresh_from_db()
    assert referral.sent_to == "Local police Prevent team"
    assert referral.how_arose != "Rewritten"


# --- after sending ----------------------------------------------------------------------------


def test_follow_ups_and_outcome_need_a_sent_referral(provider: Any, dsl: Any) -> None:
    referral = draft_referral(provider, dsl)
    with pytest.raises(IllegalTransitionError, match="still a draft"):
        follow_up_add(actor=dsl, referral=referral, happened_on=TODAY(), what="Called")
    with pytest.raises(IllegalTransitionError, match="still a draft"):
        referral_record_outcome(
            actor=dsl, referral=referral, external_reference="X", outcome="Adopted"
        )
    assert ReferralFollowUp.objects.for_provider(provider).count() == 0


def test_follow_ups_are_kept_in_date_order_with_who_did_them(provider: Any, dsl: Any) -> None:
    referral = sent_referral(provider, dsl)
    later = follow_up_add(
        actor=dsl, referral=referral, happened_on=TODAY(), what="Attendance records sent."
    )
    earlier = follow_up_add(
        actor=dsl,
        referral=referral,
        happened_on=TODAY() - timedelta(days=5),
        what="Officer asked for attendance records.",
        by_whom="PC Amir Khan, police Prevent",
    )
    assert later.by_whom == dsl.get_full_name()
    assert list(referral.follow_ups.all()) == [earlier, later]
    [audit] = _audits(earlier, "create")
    assert audit.changed_fields == ["by_whom", "happened_on", "what"]


@pytest.mark.parametrize(
    ("happened", "what", "field"),
    [
        (None, "Called", "happened_on"),
        ("before sending", "Called", "happened_on"),
        ("tomorrow", "Called", "happened_on"),
        ("today", "  ", "what"),
    ],
)
def test_bad_follow_ups_are_refused(
    provider: Any, dsl: Any, happened: Any, what: str, field: str
) -> None:
    referral = sent_referral(provider, dsl)
    assert referral.sent_on is not None
    days = {
        "before sending": referral.sent_on - timedelta(days=1),
        "tomorrow": TODAY() + timedelta(days=1),
        "today": TODAY(),
    }
    with pytest.raises(ValidationError) as caught:
        follow_up_add(actor=dsl, referral=referral, happened_on=days.get(happened), what=what)
    assert field in caught.value.message_dict
    assert ReferralFollowUp.objects.for_provider(provider).count() == 0


def test_outcome_and_reference_are_recorded_after_sending(provider: Any, dsl: Any) -> None:
    referral = sent_referral(provider, dsl)
    updated = referral_record_outcome(
        actor=dsl,
        referral=referral,
        external_reference="CH/2026/77",
        outcome="Screened and taken to a Channel panel.",
    )
    assert updated.external_reference == "CH/2026/77"
    assert updated.outcome == "Screened and taken to a Channel panel."
    audit = _audits(referral, "update")[0]
    assert audit.changed_fields == ["external_reference", "outcome"]
    assert "Channel panel" not in str(audit.detail)


def test_narratives_are_encrypted_at_rest(provider: Any, dsl: Any) -> None:
    from django.db import connection

    referral = draft_referral(provider, dsl)
    referral_update(actor=dsl, referral=referral, concerning_contacts="CANARY-contacts")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT concerning_contacts, how_arose FROM referrals_preventreferral WHERE id = %s",
            [referral.pk.hex if connection.vendor == "sqlite" else referral.pk],
        )
        stored = cursor.fetchone()
    assert stored is not None
    assert "CANARY" not in stored[0]
    assert "Said things" not in stored[1]
