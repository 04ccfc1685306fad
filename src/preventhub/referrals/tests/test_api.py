"""GET /api/v1/concerns/{id}/referral: the record for the team, 404 for everyone else."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, get_args

import pytest
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.referrals import schemas
from preventhub.referrals.channel import channel_record_consent, channel_start
from preventhub.referrals.choices import (
    ChannelStatus,
    Consent,
    PanelOutcome,
    PersonAware,
    ReferralStatus,
    ScreeningOutcome,
)
from preventhub.referrals.services import follow_up_add
from preventhub.referrals.tests.helpers import concern_for, draft_referral, sent_referral

pytestmark = pytest.mark.django_db


def path(concern_pk: Any) -> str:
    return f"/api/v1/concerns/{concern_pk}/referral"


def test_enumerations_match_the_model_choices() -> None:
    assert set(get_args(schemas.ReferralStatusKey)) == set(ReferralStatus.values)
    assert set(get_args(schemas.PersonAwareKey)) == set(PersonAware.values)
    assert set(get_args(schemas.ChannelStatusKey)) == set(ChannelStatus.values)
    assert set(get_args(schemas.ScreeningOutcomeKey)) == set(ScreeningOutcome.values)
    assert set(get_args(schemas.PanelOutcomeKey)) == set(PanelOutcome.values)
    assert set(get_args(schemas.ConsentKey)) == set(Consent.values)


def test_the_team_reads_the_referral_with_follow_ups_and_channel(
    provider: Any, dsl: Any, api_client: Any
) -> None:
    referral = sent_referral(provider, dsl)
    follow_up_add(
        actor=dsl, referral=referral, happened_on=timezone.localdate(), what="Officer called."
    )
    channel = channel_start(actor=dsl, concern=referral.concern).record
    channel_record_consent(actor=dsl, channel=channel, consent="given", parental=True)
    response = api_client(dsl).get(path(referral.concern_id))
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == str(referral.pk)
    assert data["concern_reference"] == referral.concern.reference
    assert data["status"] == "sent"
    assert data["person_aware"] == "not_yet"
    assert data["sent_to"] == "Local police Prevent team"
    assert data["sent_on"] == (timezone.localdate() - timedelta(days=20)).isoformat()
    assert data["how_arose"] == "Said things in class that worried me."
    assert data["follow_ups"] == [
        {
            "happened_on": timezone.localdate().isoformat(),
            "what": "Officer called.",
            "by_whom": dsl.get_full_name(),
        }
    ]
    assert data["channel"]["status"] == "awaiting_screening"
    assert data["channel"]["consent"] == "given"
    assert data["channel"]["consent_parental"] is True
    assert data["channel"]["panel_outcome"] is None
    parts = AuditEvent.objects.filter(action="view", detail__part="api")
    assert {a.object_id for a in parts} == {str(referral.pk), str(channel.pk)}


def test_a_draft_has_nulls_where_nothing_is_known(provider: Any, dsl: Any, api_client: Any) -> None:
    referral = draft_referral(provider, dsl)
    data = api_client(dsl).get(path(referral.concern_id)).json()
    assert (data["status"], data["sent_on"], data["person_aware"], data["channel"]) == (
        "draft",
        None,
        None,
        None,
    )
    assert data["follow_ups"] == []


@pytest.mark.parametrize("roles", [(Role.STAFF,), (Role.ADMIN,), (Role.HR,), (Role.SENIOR_LEADER,)])
def test_others_at_the_provider_are_refused(
    provider: Any, make_user: Any, api_client: Any, roles: tuple[str, ...]
) -> None:
    referral = draft_referral(provider, subject_type="staff")
    response = api_client(make_user(provider, *roles)).get(path(referral.concern_id))
    assert response.status_code in (403, 404)
    assert "Said things" not in response.content.decode()


def test_no_referral_another_provider_or_a_bad_id_answer_404(
    provider: Any, dsl: Any, outsider: Any, api_client: Any
) -> None:
    referral = draft_referral(provider, dsl)
    assert api_client(dsl).get(path(concern_for(provider).pk)).status_code == 404
    assert api_client(dsl).get(path(uuid.uuid4())).status_code == 404
    response = api_client(outsider).get(path(referral.concern_id))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert api_client(dsl).get("/api/v1/concerns/not-a-uuid/referral").status_code in (404, 422)


def test_the_openapi_document_lists_the_operation(api_client: Any, dsl: Any) -> None:
    document = api_client(dsl).get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/concerns/{concern_id}/referral"]["get"]
    assert operation["tags"] == ["referrals"]
    schema = document["components"]["schemas"]["ChannelOut"]["properties"]["consent"]
    assert schema.get("enum") or schema.get("$ref") or schema.get("anyOf")
