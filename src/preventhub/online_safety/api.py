"""Online-safety API, mounted at /api/v1/weblogs (and /api/v1/reports for the daily report)."""

from ninja import Router

router = Router(tags=["online safety"])
reports_router = Router(tags=["online safety"])
