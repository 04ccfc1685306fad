from __future__ import annotations

from datetime import datetime
from typing import Any

from preventhub.core.findings import Finding, findings_for, register_findings, sources


def test_registered_sources_are_collected_red_first() -> None:
    def source(provider: Any, now: datetime) -> list[Finding]:
        return [
            Finding("b", "Amber thing", "Because.", "training"),
            Finding("a", "Red thing", "Because.", "leadership", severity="red"),
        ]

    before = sources()
    register_findings("test-source", source)
    try:
        found = findings_for(object(), only=["test-source"])
        assert [f.code for f in found] == ["a", "b"]
        assert found[0].as_dict()["severity"] == "red"
    finally:
        from preventhub.core import findings

        findings._SOURCES.clear()
        findings._SOURCES.update(before)
