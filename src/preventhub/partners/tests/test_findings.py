"""The partnership findings registered with the compliance interface (core.findings)."""

from __future__ import annotations

from typing import Any

from preventhub.concerns.attachments import CheckedFile
from preventhub.core.findings import findings_for
from preventhub.partners import services
from preventhub.partners.tests.helpers import (
    agreement,
    agreement_values,
    days,
    engagement,
    partner,
)


def codes(provider: Any) -> list[str]:
    return [f.code for f in findings_for(provider, only=["partners"])]


def test_nothing_recorded_asks_for_engagement_with_prevent_partners(provider: Any) -> None:
    found = findings_for(provider, only=["partners"])
    assert [f.code for f in found] == ["no_prevent_partner_engagement"]
    assert found[0].compliance_area == "partnership"
    assert found[0].severity == "amber"


def test_intelligence_shared_with_no_agreement_is_red_twice(provider: Any) -> None:
    police = partner(provider)
    engagement(provider, police, kind="intelligence_shared")
    found = {f.code: f for f in findings_for(provider, only=["partners"])}
    assert found["intelligence_shared_without_agreement"].severity == "red"
    assert "Northbridge Police Prevent" in found["partner_without_agreement"].message
    assert "no_prevent_partner_engagement" not in found
    # Findings never carry the encrypted details of the entry.
    assert all("Construction" not in f.message for f in found.values())


def test_sharing_under_an_agreement_in_force_is_no_finding(provider: Any) -> None:
    police = partner(provider)
    signed = agreement(provider, [police], document=None)
    services.agreement_update(
        actor=None,
        agreement=signed,
        partners=[police],
        document=_copy(),
        **_values(signed),
    )
    engagement(provider, police, kind="intelligence_shared", agreement=signed)
    assert codes(provider) == []


def test_sharing_before_the_agreement_was_signed_is_a_finding(provider: Any) -> None:
    police = partner(provider)
    signed = agreement(provider, [police], signed_on=days(-10), document=_copy())
    engagement(
        provider, police, kind="intelligence_shared", agreement=signed, occurred_on=days(-20)
    )
    assert codes(provider) == ["intelligence_shared_without_agreement"]


def test_agreements_expired_expiring_unsigned_and_without_a_copy(provider: Any) -> None:
    police = partner(provider)
    engagement(provider, police)
    agreement(provider, [police], title="Old", signed_on=days(-800), review_on=days(-1))
    agreement(provider, [police], title="Soon", review_on=days(30), document=_copy())
    agreement(provider, [police], title="Draft", signed_on=None, review_on=None)
    found = {(f.code, f.message.split("'")[1]) for f in findings_for(provider, only=["partners"])}
    assert ("agreement_expired", "Old") in found
    assert ("agreement_without_document", "Old") in found
    assert ("agreement_expiring", "Soon") in found
    assert ("agreement_not_signed", "Draft") in found
    assert ("agreement_without_document", "Soon") not in found
    assert ("agreement_without_document", "Draft") not in found


def test_subcontractor_assurance_missing_overdue_or_unconfirmed(provider: Any) -> None:
    engagement(provider, partner(provider))
    partner(provider, "Never Checked Ltd", kind="subcontractor")
    stale = partner(provider, "Stale Ltd", kind="subcontractor")
    services.assurance_record(
        actor=None, partner=stale, assured_on=days(-400), prevent_awareness_confirmed=True
    )
    unsure = partner(provider, "Unsure Ltd", kind="subcontractor")
    services.assurance_record(
        actor=None, partner=unsure, assured_on=days(-30), prevent_awareness_confirmed=False
    )
    good = partner(provider, "Good Ltd", kind="subcontractor")
    services.assurance_record(
        actor=None, partner=good, assured_on=days(-30), prevent_awareness_confirmed=True
    )
    found = findings_for(provider, only=["partners"])
    by_code = {f.code: f for f in found}
    assert by_code["assurance_missing"].severity == "red"
    assert "Never Checked Ltd" in by_code["assurance_missing"].message
    assert "Stale Ltd" in by_code["assurance_overdue"].message
    assert "Unsure Ltd" in by_code["assurance_awareness_not_confirmed"].message
    assert not any("Good Ltd" in f.message for f in found)
    assert found[0].severity == "red"  # red first


def test_a_former_subcontractor_is_not_chased(provider: Any) -> None:
    engagement(provider, partner(provider))
    gone = partner(provider, "Gone Ltd", kind="subcontractor")
    services.partner_update(
        actor=None, partner=gone, name="Gone Ltd", kind="subcontractor", active=False
    )
    assert codes(provider) == []


def test_another_providers_records_never_count(provider: Any, other_provider: Any) -> None:
    theirs = partner(other_provider)
    engagement(other_provider, theirs, kind="intelligence_shared")
    assert codes(provider) == ["no_prevent_partner_engagement"]


def _copy() -> CheckedFile:
    return CheckedFile("signed.txt", "text/plain", b"Signed.")


def _values(signed: Any) -> dict[str, Any]:
    return agreement_values(signed_on=signed.signed_on, review_on=signed.review_on)
