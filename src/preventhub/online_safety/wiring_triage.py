"""Registers this part's navigation, home panels and compliance findings (called from apps.py)."""

from preventhub.core.findings import register_findings
from preventhub.core.home_panels import HomePanel, register_home_panel
from preventhub.core.navigation import NavItem, register_nav


def register() -> None:
    from preventhub.online_safety.findings import online_safety_findings
    from preventhub.online_safety.home_triage import alerts_panel, ingestion_panel

    register_findings("online_safety", online_safety_findings)
    register_home_panel(
        HomePanel(
            name="online_safety_alerts",
            template="online_safety/alerts/home_panel.html",
            perm="online_safety.triage_alerts",
            order=30,
            context=alerts_panel,
        )
    )
    register_home_panel(
        HomePanel(
            name="online_safety_ingestion",
            template="online_safety/alerts/home_ingestion_panel.html",
            perm="online_safety.ingest_logs",
            order=31,
            context=ingestion_panel,
        )
    )
    register_nav(
        NavItem(
            label="Online-safety alerts",
            url_name="online_safety:alert_list",
            perm="online_safety.view_alerts",
            description="Web-filter hits to triage: acknowledge, false positive or raise a concern",
            order=60,
        )
    )
    register_nav(
        NavItem(
            label="Daily online-safety report",
            url_name="online_safety:daily_report",
            perm="online_safety.view_daily_report",
            description="Attempts, filter failures and bypasses by day, against the last 30 days",
            order=61,
        )
    )
