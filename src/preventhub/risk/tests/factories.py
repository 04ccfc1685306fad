"""Risks, actions and versions for the risk module's tests, made through the services."""

from __future__ import annotations

import json
from typing import Any

from preventhub.core.models import Provider
from preventhub.risk.models import AssessmentVersion, Risk, RiskAction
from preventhub.risk.services import action_create, risk_create
from preventhub.risk.versions import build_snapshot

LOCAL_DESCRIPTION = (
    "Learners at the Riverside campus have shared far-right stickers in the canteen twice "
    "since March, after leaflets from a local group appeared on the Eastfield estate."
)


def make_risk(provider: Provider, actor: Any = None, **overrides: Any) -> Risk:
    fields: dict[str, Any] = {
        "area": "local_context",
        "title": "Far-right stickers and leaflets",
        "description": LOCAL_DESCRIPTION,
        "likelihood": 3,
        "impact": 4,
    }
    fields.update(overrides)
    return risk_create(actor=actor, provider=provider, **fields)


def make_action(risk: Risk, actor: Any = None, **overrides: Any) -> RiskAction:
    fields: dict[str, Any] = {
        "title": "Tutorial on spotting hate symbols",
        "impact_measure": "Learner voice survey: 80% know who to tell.",
    }
    fields.update(overrides)
    return action_create(actor=actor, risk=risk, **fields)


def make_version(provider: Provider, number: int | None = None) -> AssessmentVersion:
    """A version awaiting sign-off, frozen from the assessment as it stands."""
    last = AssessmentVersion.objects.for_provider(provider).count()
    return AssessmentVersion.unscoped.create(
        provider=provider,
        number=number or last + 1,
        snapshot=json.dumps(build_snapshot(provider)),
    )
