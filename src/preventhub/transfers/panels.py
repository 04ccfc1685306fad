"""What record transfer adds to other modules' pages: its navigation entry and a case panel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from preventhub.concerns.panels import CasePanel, register_case_panel
from preventhub.core.navigation import NavItem, register_nav
from preventhub.transfers.selectors import transfers_of_concern


def case_panel_context(request: HttpRequest, concern: Any) -> dict[str, Any]:
    return {
        "transfer_links": list(transfers_of_concern(concern)),
        "transfer_person": concern.subject_person,
    }


def register() -> None:
    register_nav(
        NavItem(
            label="Record transfers",
            url_name="transfers:list",
            perm="transfers.transfer_files",
            description="Send a safeguarding file to a learner's new institution, or receive one",
            order=30,
        )
    )
    register_case_panel(
        CasePanel(
            name="transfers",
            template="transfers/partials/case_panel.html",
            perm="transfers.transfer_files",
            order=60,
            context=case_panel_context,
        )
    )
