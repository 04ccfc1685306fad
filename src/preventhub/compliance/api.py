"""Compliance API, mounted at /api/v1 (/compliance/summary, /evidence-pack.pdf)."""

from ninja import Router

router = Router(tags=["compliance"])
