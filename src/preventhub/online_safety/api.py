"""Online-safety API: /api/v1/weblogs/... and /api/v1/reports/daily-it. Each part keeps its own
router module (ingestion, lists, alerts and reports)."""

from preventhub.online_safety.api_ingest import router as ingest_router
from preventhub.online_safety.api_lists import router as lists_router
from preventhub.online_safety.api_triage import reports_router
from preventhub.online_safety.api_triage import router as alerts_router

__all__ = ["alerts_router", "ingest_router", "lists_router", "reports_router"]
