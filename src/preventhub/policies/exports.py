"""The policy register as CSV and XLSX (``tabular`` writes the files, formula-safe)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from preventhub.policies.models import Policy
from preventhub.policies.tabular import Table

HEADER = [
    "Title", "Type", "Version", "Owner", "Status", "Approved", "Review", "Review overdue",
    "Refers to Prevent (owner's answer)", "Prevent terms found in the document",
    "Refers to Prevent (in effect)", "Document", "Staff asked to acknowledge",
]  # fmt: skip


@dataclass(frozen=True)
class ListTable(Table):
    rows: list[list[Any]]


def _detected(policy: Policy) -> str:
    if policy.prevent_detected is None:
        return "No document read"
    if not policy.text_readable:
        return "Text could not be read"
    return "; ".join(policy.detected_terms) or "None"


def policy_row(policy: Policy, today: date) -> list[Any]:
    owner = policy.owner
    return [
        policy.title,
        policy.get_policy_type_display(),
        policy.version,
        (owner.get_full_name() or owner.username) if owner else "",
        policy.get_status_display(),
        policy.approved_on,
        policy.review_on,
        policy.review_overdue(today),
        policy.get_refers_to_prevent_display() if policy.refers_to_prevent else "Not answered",
        _detected(policy),
        policy.refers_effectively,
        policy.document_name,
        policy.acknowledgement_required,
    ]


def policy_table(policies: Sequence[Policy], today: date) -> ListTable:
    return ListTable("Policy register", HEADER, [policy_row(p, today) for p in policies])
