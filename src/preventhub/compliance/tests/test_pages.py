"""The compliance pages: summary, areas, the self-assessment steps, dashboards whose figures
link only where the reader may go, and the group roll-up with small numbers suppressed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.services import group_add_member
from preventhub.compliance.choices import Step
from preventhub.compliance.models import ItemJudgement
from preventhub.compliance.tests.helpers import make_assessment
from preventhub.concerns.services import concern_raise
from preventhub.testing.factories import ProviderFactory, ProviderGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_summary_shows_every_area_and_its_findings(login, leader):
    page = login(leader).get(reverse("compliance:summary")).content.decode()
    for label in ("Leadership and management", "Risk assessment", "Building learners"):
        assert label in page
    assert "No designated safeguarding lead is named." in page
    assert "Must fix" in page


def test_an_area_page_shows_live_evidence_and_an_unknown_area_is_404(login, leader):
    client = login(leader)
    page = client.get(reverse("compliance:area", args=["premises"])).content.decode()
    assert "The speaker and events register is empty" in page
    assert client.get("/compliance/areas/nonsense/").status_code == 404


def test_a_judgement_form_with_errors_says_what_is_wrong_and_saves_nothing(login, leader, provider):
    year = make_assessment(provider)
    url = reverse("compliance:judge", args=[year.pk, "named_lead"])
    response = login(leader).post(url, {"judgement": "inadequate", "impact": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write the impact statement" in page
    assert not ItemJudgement.objects.for_provider(provider).exists()
    response = login(leader).post(
        url, {"judgement": "good", "impact": "Known to all.", "evidence_links": "javascript:x"}
    )
    assert "give a PreventHub page starting with /" in response.content.decode()
    response = login(leader).post(url, {"judgement": "good", "impact": "Known to all."})
    assert response.status_code == 302
    assert ItemJudgement.objects.for_provider(provider).get().judgement == "good"


def test_an_unknown_item_or_another_providers_year_is_404(login, leader, provider):
    year = make_assessment(provider)
    client = login(leader)
    assert client.get(reverse("compliance:judge", args=[year.pk, "nope"])).status_code == 404
    other = make_assessment(ProviderFactory())
    assert client.get(reverse("compliance:assessment", args=[other.pk])).status_code == 404


def test_a_step_cannot_be_skipped_from_the_page(login, leader, provider):
    year = make_assessment(provider)
    response = login(leader).post(
        reverse("compliance:assessment_step", args=[year.pk]), {"to": "summary"}, follow=True
    )
    assert "Move one step at a time." in response.content.decode()
    year.refresh_from_db()
    assert year.step == Step.EVALUATION


def test_a_governor_reads_the_year_but_cannot_change_it(login, governor, provider):
    year = make_assessment(provider)
    client = login(governor)
    page = client.get(reverse("compliance:assessment", args=[year.pk])).content.decode()
    assert "Live evidence" in page
    assert "Judge<" not in page
    assert client.get(reverse("compliance:judge", args=[year.pk, "named_lead"])).status_code == 403


def test_the_dashboard_figures_link_only_where_the_reader_may_go(login, leader, dsl, provider):
    leaders = login(leader).get(reverse("compliance:leaders")).content.decode()
    assert f'href="{reverse("risk:register")}"' in leaders
    # A senior leader cannot open the concerns inbox: the figure is shown, not linked.
    assert f'href="{reverse("concerns:inbox")}"' not in leaders
    safeguarding = login(dsl).get(reverse("compliance:safeguarding")).content.decode()
    assert f'href="{reverse("concerns:inbox")}?view=triage"' in safeguarding


def test_the_governors_dashboard_protects_small_numbers(login, governor, dsl, provider):
    for n in range(3):
        concern_raise(
            actor=dsl,
            provider=provider,
            subject_type="other",
            description="x",
            category="bullying",
            occurred_at=timezone.now() - timedelta(minutes=n),
        )
    page = login(governor).get(reverse("compliance:governors")).content.decode()
    assert "fewer than 5" in page
    assert ">3<" not in page


def test_the_group_roll_up_shows_each_provider_and_suppresses_small_counts(client, dsl, provider):
    group = ProviderGroupFactory(name="Northbridge Trust")
    provider.group = group
    provider.save()
    big = ProviderFactory(name="Big College", group=group)
    for n in range(7):
        concern_raise(
            actor=None,
            provider=big,
            subject_type="other",
            description="x",
            category="prevent",
            occurred_at=timezone.now() - timedelta(minutes=n),
        )
    for _ in range(2):
        concern_raise(
            actor=dsl,
            provider=provider,
            subject_type="other",
            description="x",
            category="prevent",
            occurred_at=timezone.now(),
        )
    trust = UserFactory(username="trust")
    group_add_member(actor=None, group=group, user=trust)
    client.force_login(trust)
    page = client.get(reverse("compliance:group", args=[group.slug])).content.decode()
    assert "Big College" in page
    assert "Home College" in page
    assert ">7<" in page
    assert "fewer than 5" in page
    assert ">2<" not in page
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.get(reverse("compliance:group", args=[group.slug])).status_code == 404


def test_the_pack_html_is_the_same_document_as_the_pdf(login, inspector):
    response = login(inspector).get(reverse("compliance:pack_html"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Prevent duty: evidence pack" in page
    assert "Download this pack as a PDF" in page
    assert response["Cache-Control"] == "no-store"


def test_a_dsl_holding_no_leader_role_has_a_dashboard_and_no_completion(login, dsl, provider):
    year = make_assessment(provider, step=Step.SUMMARY)
    client = login(dsl)
    assert client.get(reverse("compliance:safeguarding")).status_code == 200
    assert client.get(reverse("compliance:complete", args=[year.pk])).status_code == 403
