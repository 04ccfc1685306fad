"""Registers this part's navigation, home panels and compliance findings (called from apps.py)."""

from preventhub.core.navigation import NavItem, register_nav


def register() -> None:
    register_nav(
        NavItem(
            label="Log ingestion",
            url_name="online_safety:ingestion_list",
            perm="online_safety.view_ingestions",
            description="Web-filter logs read in: uploads, scheduled pickups and live syslog",
            order=62,
        )
    )
