"""The policy register's findings registered with the compliance interface (core.findings)."""

from __future__ import annotations

from typing import Any

from preventhub.concerns.attachments import CheckedFile
from preventhub.core.findings import findings_for
from preventhub.policies.choices import REQUIRED_TYPES
from preventhub.policies.tests.helpers import days, make_policy

DOC = CheckedFile("p.txt", "text/plain", b"Staff follow the Prevent duty.")
NO_PREVENT = CheckedFile("it.txt", "text/plain", b"Do not share passwords. Filters block sites.")


def found(provider: Any) -> dict[str, list[Any]]:
    by_code: dict[str, list[Any]] = {}
    for f in findings_for(provider, only=["policies"]):
        by_code.setdefault(f.code, []).append(f)
    return by_code


def test_every_required_type_missing_is_red(provider: Any) -> None:
    missing = found(provider)["missing_policy_type"]
    assert len(missing) == len(REQUIRED_TYPES)
    assert {f.severity for f in missing} == {"red"}
    assert {f.compliance_area for f in missing} == {"leadership"}
    assert "There is no published IT acceptable use and e-safety policy." in {
        f.message for f in missing
    }


def test_a_draft_does_not_fill_a_gap(provider: Any) -> None:
    make_policy(provider, status="draft", approved_on=None, review_on=None, document=DOC)
    assert len(found(provider)["missing_policy_type"]) == len(REQUIRED_TYPES)


def test_an_it_policy_without_prevent_is_red_and_says_why(provider: Any) -> None:
    make_policy(
        provider, policy_type="it_acceptable_use", title="IT acceptable use", document=NO_PREVENT
    )
    finding = found(provider)["it_policy_without_prevent"][0]
    assert finding.severity == "red"
    assert "no Prevent reference was found in its document" in finding.message


def test_the_owners_yes_clears_the_it_finding(provider: Any) -> None:
    make_policy(
        provider,
        policy_type="it_acceptable_use",
        title="IT acceptable use",
        document=NO_PREVENT,
        refers_to_prevent="yes",
    )
    assert "it_policy_without_prevent" not in found(provider)


def test_safeguarding_without_prevent_is_amber(provider: Any) -> None:
    make_policy(provider, document=NO_PREVENT)
    assert found(provider)["policy_without_prevent"][0].severity == "amber"


def test_overdue_review_and_missing_document(provider: Any) -> None:
    make_policy(provider, approved_on=days(-800), review_on=days(-5), refers_to_prevent="yes")
    codes = found(provider)
    assert "policy_review_overdue" in codes
    assert "policy_without_document" in codes
    assert "was due for review on" in codes["policy_review_overdue"][0].message


def test_another_providers_policies_do_not_count(provider: Any, other_provider: Any) -> None:
    make_policy(other_provider, document=DOC)
    assert len(found(provider)["missing_policy_type"]) == len(REQUIRED_TYPES)
