"""The quality check: each of the survey's tick-box weaknesses is named, and only when present."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from preventhub.concerns.models import Concern
from preventhub.core.findings import findings_for
from preventhub.risk.choices import Area
from preventhub.risk.local_context import local_terms, missing_local_context
from preventhub.risk.models import AssessmentVersion, Risk, RiskAction
from preventhub.risk.quality import CHECKS, quality_findings
from preventhub.risk.schemas import FindingCodeKey
from preventhub.risk.services import context_update, input_record
from preventhub.risk.tests.factories import make_action, make_risk
from preventhub.risk.versions import build_snapshot
from preventhub.testing.factories import SiteFactory, make_concern

pytestmark = pytest.mark.django_db


def codes(provider: Any, **kwargs: Any) -> list[str]:
    return [f.code for f in quality_findings(provider, **kwargs)]


def approve(provider: Any, when: Any) -> AssessmentVersion:
    return AssessmentVersion.unscoped.create(
        provider=provider,
        number=AssessmentVersion.objects.for_provider(provider).count() + 1,
        status="approved",
        approved_at=when,
        snapshot=json.dumps(build_snapshot(provider)),
    )


def complete(provider: Any, actor: Any = None) -> None:
    """An assessment with nothing to criticise: every area, actions, inputs, sign-off."""
    for area in Area.values:
        risk = make_risk(provider, area=area, title=f"Risk in {area}")
        make_action(
            risk,
            owner=actor,
            due_date=timezone.localdate() + timedelta(days=30),
            title=f"Action for {area}",
        )
    context_update(
        actor=actor,
        provider=provider,
        national_context="Substantial threat level.",
        national_sources="CONTEST",
        local_context="Leaflets on the Eastfield estate since March.",
        local_sources="Police Prevent",
    )
    for kind in ("learner_consultation", "partner_input"):
        input_record(
            actor=actor,
            provider=provider,
            kind=kind,
            held_on=timezone.localdate(),
            what="Meeting",
            summary="What we heard.",
        )
    approve(provider, timezone.now())


def test_finding_codes_are_the_api_enumeration() -> None:
    from typing import get_args

    assert set(get_args(FindingCodeKey)) == set(CHECKS)


def test_an_empty_assessment_names_every_gap(provider: Any) -> None:
    found = quality_findings(provider)
    assert [f.code for f in found].count("area_without_risk") == len(Area.values)
    assert {f.code for f in found} == {
        "area_without_risk",
        "assessment_not_reviewed",
        "no_local_context_statement",
        "no_learner_consultation",
        "no_partner_input",
    }
    for finding in found:
        assert finding.why.endswith(".")
        assert finding.message
        assert finding.compliance_area == "risk_assessment"
        assert finding.url.startswith("/risk/")


def test_a_complete_assessment_has_no_findings(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    assert quality_findings(provider) == []


def test_a_risk_without_action_is_named(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    risk = make_risk(provider, title="Lonely risk")
    found = [f for f in quality_findings(provider) if f.code == "risk_without_action"]
    assert len(found) == 1
    assert "Lonely risk" in found[0].message
    assert found[0].area == risk.area


@pytest.mark.parametrize(
    "description",
    [
        "Learners may be at risk of radicalisation in line with the Prevent duty.",
        "There is a risk that learners could be drawn into terrorism. All staff follow the "
        "safeguarding policy and procedures as required. See policy.",
        "learners could be exposed to extremist views online and offline at any time while they "
        "are studying with us and at home and while travelling about",
    ],
)
def test_a_generic_description_is_named(provider: Any, dsl: Any, description: str) -> None:
    complete(provider, dsl)
    make_risk(provider, title="Generic", description=description)
    found = [f for f in quality_findings(provider) if f.code == "risk_without_local_context"]
    assert len(found) == 1
    assert "Generic" in found[0].message


def test_action_gaps_and_overdue_actions_are_named(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    risk = Risk.objects.for_provider(provider).get(area="online")
    make_action(risk, title="Gappy", impact_measure="")
    late = make_action(risk, title="Late", owner=dsl, due_date=timezone.localdate())
    RiskAction.objects.for_provider(provider).filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    found = codes(provider)
    assert found.count("action_without_owner") == 1
    assert found.count("action_without_due_date") == 1
    assert found.count("action_without_impact_measure") == 1
    assert found.count("action_overdue") == 1


def test_done_and_dropped_actions_are_not_criticised(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    risk = Risk.objects.for_provider(provider).get(area="online")
    action = make_action(risk, title="Old plan", impact_measure="")
    RiskAction.objects.for_provider(provider).filter(pk=action.pk).update(status="dropped")
    assert quality_findings(provider) == []


def test_a_passed_review_date_is_named(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    Risk.objects.for_provider(provider).filter(area="training").update(
        review_on=timezone.localdate() - timedelta(days=1)
    )
    assert codes(provider) == ["risk_review_overdue"]


def test_consultations_older_than_a_year_do_not_count(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    from preventhub.risk.models import AssessmentInput

    AssessmentInput.objects.for_provider(provider).update(
        held_on=timezone.localdate() - timedelta(days=400)
    )
    found = quality_findings(provider)
    assert [f.code for f in found] == ["no_learner_consultation", "no_partner_input"]
    assert "latest was on" in found[0].message


def test_an_assessment_signed_off_over_a_year_ago_is_named(provider: Any, dsl: Any) -> None:
    complete(provider, dsl)
    AssessmentVersion.objects.for_provider(provider).update(
        approved_at=timezone.now() - timedelta(days=400)
    )
    found = quality_findings(provider)
    assert [f.code for f in found] == ["assessment_not_reviewed"]
    assert found[0].severity == "red"


def test_a_serious_incident_since_sign_off_is_named_without_a_count(
    provider: Any, dsl: Any, staff: Any
) -> None:
    complete(provider, dsl)
    before = make_concern(provider, staff)
    Concern.objects.for_provider(provider).filter(pk=before.pk).update(
        latest_decision="channel", created_at=timezone.now() - timedelta(days=3)
    )
    AssessmentVersion.objects.for_provider(provider).update(
        approved_at=timezone.now() - timedelta(days=1)
    )
    assert codes(provider) == []  # referred before the sign-off: the sign-off took it in
    after = make_concern(provider, staff)
    Concern.objects.for_provider(provider).filter(pk=after.pk).update(latest_decision="monitor")
    assert codes(provider) == []  # not serious
    Concern.objects.for_provider(provider).filter(pk=after.pk).update(
        latest_decision="police_prevent"
    )
    found = quality_findings(provider)
    assert [f.code for f in found] == ["incident_since_review"]
    assert not any(ch.isdigit() for ch in found[0].message.split("on")[0])


def test_another_providers_incidents_do_not_count(
    provider: Any, other_provider: Any, dsl: Any, outsider: Any
) -> None:
    complete(provider, dsl)
    elsewhere = make_concern(other_provider, outsider)
    Concern.objects.for_provider(other_provider).filter(pk=elsewhere.pk).update(
        latest_decision="channel"
    )
    assert codes(provider) == []


def test_findings_reach_the_compliance_interface(provider: Any) -> None:
    found = findings_for(provider, only=["risk"])
    assert found
    assert {f.compliance_area for f in found} == {"risk_assessment"}
    assert found[0].severity == "red"


def test_findings_hold_no_owner_names(provider: Any, dsl: Any) -> None:
    risk = make_risk(provider, title="Prayer room", owner=dsl)
    late = make_action(risk, owner=dsl, due_date=timezone.localdate())
    RiskAction.objects.for_provider(provider).filter(pk=late.pk).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    text = " ".join(f.message for f in quality_findings(provider))
    assert dsl.last_name not in text
    assert dsl.username not in text


# --- the local-context rule -------------------------------------------------------------------


TERMS = local_terms(["Northbridge College", "Riverside Campus", "Construction", "Northbridge"])


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("Learners may be at risk of radicalisation.", False),
        ("Learners could be influenced by extremist material found online during the year.", False),
        (
            "Riverside learners have been heard repeating conspiracy theories about migrants "
            "during tutorials and in the canteen this term",
            True,
        ),  # a site's distinctive word
        (
            "learners at riverside and at home have been heard repeating conspiracy theories about "
            "migrants during tutorials and in the canteen",
            False,
        ),  # not written as a name
        (
            "Several learners have been heard repeating conspiracy theories about migrants during "
            "tutorials and in the canteen, 3 times this term.",
            True,
        ),  # a figure
        (
            "Several learners have been heard repeating conspiracy theories about migrants near "
            "the Eastfield estate during tutorials and in the canteen.",
            True,
        ),  # a proper name
        (
            "Eastfield learners have been heard repeating conspiracy theories about migrants "
            "during tutorials and in the canteen and on the bus.",
            False,
        ),  # only at a sentence's start
        (
            "Several learners have been heard repeating Islamist and extreme right-wing slogans "
            "picked up on TikTok and YouTube during the Prevent week.",
            False,
        ),  # capitals anywhere
    ],
)
def test_the_local_context_rule(text: str, local: bool) -> None:
    assert (missing_local_context(text, TERMS) is None) is local


def test_site_names_of_the_provider_count_as_local(provider: Any) -> None:
    SiteFactory(provider=provider, name="Harbour Road Construction Centre")
    from preventhub.risk.quality import provider_terms

    terms = provider_terms(provider)
    text = (
        "Harbour apprentices on placement have reported being shown extremist videos by older "
        "workers on their phones during breaks"
    )
    assert missing_local_context(text, terms) is None
