"""Registers this part's navigation (called from apps.py). Its compliance findings — no active
log source, no category lists — are reported with the rest of the module's in findings.py."""

from preventhub.core.navigation import NavItem, register_nav


def register() -> None:
    register_nav(
        NavItem(
            label="Web-filter lists",
            url_name="online_safety:category_list",
            perm="online_safety.view_lists",
            description="Categories of sites, their domains and the keyword library",
            order=63,
        )
    )
    register_nav(
        NavItem(
            label="Log sources and settings",
            url_name="online_safety:source_list",
            perm="online_safety.configure_monitoring",
            description="The proxies and filters whose logs are read, alert threshold, retention",
            order=64,
        )
    )
