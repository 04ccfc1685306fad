"""The speakers in the small demo: every kind of entry the register and the overview show, told
through the services (audited), and a re-run adds nothing."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command

from preventhub.audit.models import AuditEvent
from preventhub.core.demo.speakers import TALKS
from preventhub.core.models import Provider
from preventhub.speakers.models import EventRequest, RequestDecision
from preventhub.speakers.selectors import compliance_signals

pytestmark = pytest.mark.django_db(transaction=False)


def test_the_small_demo_tells_each_kind_of_speaker_story_once() -> None:
    call_command("seed_demo", size="small", allow_production=True, verbosity=0)
    college = Provider.objects.get(slug="demo-college")
    requests = EventRequest.objects.for_provider(college)
    assert requests.count() == len(TALKS) == 16
    statuses = Counter(requests.values_list("status", flat=True))
    assert statuses["held"] >= 6
    assert statuses["refused"] == 1
    assert statuses["not_held"] == 1
    assert statuses["approved_with_conditions"] == 1
    assert statuses["submitted"] == 4
    assert requests.filter(kind="letting").count() == 2
    late_approved = RequestDecision.objects.for_provider(college).get(request__late=True)
    assert late_approved.decided_as == "senior_leader"
    conditions = {c for d in RequestDecision.objects.for_provider(college) for c in d.conditions}
    assert {"independent_chair", "balancing_speaker", "staff_present"} <= conditions
    refused = requests.get(status="refused")
    assert refused.checks.filter(outcome="consent_refused").exists()
    codes = sorted(s.code for s in compliance_signals(college))
    assert codes == ["held_without_approval", "outcome_missing"]
    assert all(r.created_at < r.starts_at for r in requests)
    audited = AuditEvent.objects.filter(object_type="speakers.eventrequest", action="create")
    assert audited.count() == 16

    call_command("seed_demo", size="small", allow_production=True, verbosity=0)
    assert EventRequest.objects.for_provider(college).count() == 16
    assert audited.count() == 16
