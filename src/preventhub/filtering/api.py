"""Filtering governance API, mounted at /api/v1/filtering."""

from ninja import Router

router = Router(tags=["filtering governance"])
