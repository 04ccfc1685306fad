"""Alert pages: who sees what (pseudonyms for the IT manager), ordering and filters, triage
through the forms (bad input changes nothing), linking a person and raising a concern."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.concerns.models import Concern
from preventhub.online_safety.choices import AlertStatus, Severity
from preventhub.online_safety.models import Alert, Identity
from preventhub.online_safety.tests.factories_triage import make_alert, make_identity
from preventhub.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def it_manager(make_user: Any, provider: Any) -> Any:
    return make_user(provider, Role.IT_MANAGER, username="itm")


@pytest.fixture
def linked(provider: Any) -> Identity:
    person = PersonFactory(provider=provider, first_name="Robin", last_name="Example")
    return make_identity(provider, username="rexample", person=person)


def test_the_it_manager_sees_pseudonyms_only(
    client: Any, provider: Any, it_manager: Any, linked: Identity
) -> None:
    alert = make_alert(provider, linked)
    client.force_login(it_manager)
    listing = client.get(reverse("online_safety:alert_list")).content.decode()
    detail = client.get(reverse("online_safety:alert_detail", args=[alert.pk])).content.decode()
    for page in (listing, detail):
        assert linked.pseudonym in page
        assert "rexample" not in page
        assert "Robin" not in page
    assert "Acknowledge the alert" not in detail  # the IT manager does not triage


def test_the_safeguarding_team_sees_who_it_is_and_each_view_is_audited(
    client: Any, provider: Any, dsl: Any, linked: Identity
) -> None:
    alert = make_alert(provider, linked)
    client.force_login(dsl)
    page = client.get(reverse("online_safety:alert_detail", args=[alert.pk])).content.decode()
    assert "rexample" in page
    assert "Robin Example" in page
    assert "weapons-shop.example.test/catalogue" in page
    assert AuditEvent.objects.filter(object_id=str(alert.pk), action="view").count() == 1


def test_open_and_critical_alerts_come_first(client: Any, provider: Any, dsl: Any) -> None:
    now = timezone.now()
    done = make_alert(provider, at=now, status=AlertStatus.ACKNOWLEDGED, theme="done")
    high = make_alert(provider, at=now - timedelta(hours=1), theme="high")
    critical = make_alert(
        provider, at=now - timedelta(hours=2), severity=Severity.CRITICAL, theme="crit"
    )
    client.force_login(dsl)
    rows = client.get(reverse("online_safety:alert_list")).context["rows"]
    assert [r["alert"].pk for r in rows] == [critical.pk, high.pk, done.pk]


def test_the_list_filters_and_refuses_a_bad_filter(client: Any, provider: Any, dsl: Any) -> None:
    make_alert(provider, status=AlertStatus.ACKNOWLEDGED)
    failure = make_alert(provider, severity=Severity.CRITICAL, is_filter_failure=True)
    client.force_login(dsl)
    url = reverse("online_safety:alert_list")
    rows = client.get(url, {"kind": "filter_failure"}).context["rows"]
    assert [r["alert"].pk for r in rows] == [failure.pk]
    bad = client.get(url, {"status": "closed", "date_from": "31/02/2026"})
    assert bad.status_code == 422
    assert "Choose a status from the list." in bad.content.decode()
    assert "Enter a real date" in bad.content.decode()


def test_the_list_page_does_not_query_per_row(
    client: Any, provider: Any, dsl: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(12):
        make_alert(provider, make_identity(provider, person=PersonFactory(provider=provider)))
    client.force_login(dsl)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("online_safety:alert_list")).status_code == 200


def test_acknowledge_and_false_positive_through_the_page(
    client: Any, provider: Any, dsl: Any
) -> None:
    alert = make_alert(provider)
    client.force_login(dsl)
    empty = client.post(reverse("online_safety:alert_false_positive", args=[alert.pk]), {})
    assert empty.status_code == 422
    assert "Say why this is a false positive." in empty.content.decode()
    assert Alert.objects.for_provider(provider).get(pk=alert.pk).status == AlertStatus.OPEN
    done = client.post(
        reverse("online_safety:alert_acknowledge", args=[alert.pk]), {"note": "Seen."}
    )
    assert done.status_code == 302
    again = client.post(
        reverse("online_safety:alert_acknowledge", args=[alert.pk]), {}, follow=True
    )
    assert "already acknowledged" in again.content.decode()


def test_linking_the_identity_from_the_alert(client: Any, provider: Any, dsl: Any) -> None:
    alert = make_alert(provider, make_identity(provider, username="kpatel"))
    person = PersonFactory(provider=provider, first_name="Kiran", last_name="Patel")
    PersonFactory(provider=provider, first_name="Someone", last_name="Else")
    client.force_login(dsl)
    url = reverse("online_safety:alert_link_person", args=[alert.pk])
    found = client.get(url, {"q": "kiran pat"})
    assert "Kiran Patel" in found.content.decode()
    assert "Someone" not in found.content.decode()
    missing = client.post(url, {"q": "kiran"})
    assert missing.status_code == 422
    client.post(url, {"q": "kiran", "person": str(person.pk)})
    assert Identity.objects.for_provider(provider).get(pk=alert.identity_id).person == person


def test_raising_a_concern_from_the_page_is_prefilled(
    client: Any, provider: Any, dsl: Any, linked: Identity
) -> None:
    alert = make_alert(provider, linked, hits=4)
    client.force_login(dsl)
    url = reverse("online_safety:alert_raise_concern", args=[alert.pk])
    form = client.get(url).context["form"]
    assert "4 hits" in form.initial["description"]
    response = client.post(
        url, {"category": "prevent", "ideology": "", "description": form.initial["description"]}
    )
    assert response.status_code == 302
    concern = Concern.objects.for_provider(provider).get()
    assert concern.subject_person == linked.person
    assert Alert.objects.for_provider(provider).get(pk=alert.pk).concern == concern
    # Closed now: the page says so rather than offering a second concern.
    assert client.get(url).status_code == 302


def test_the_home_page_shows_open_alerts_to_the_lead(client: Any, provider: Any, dsl: Any) -> None:
    make_alert(provider, severity=Severity.CRITICAL, is_filter_failure=True)
    client.force_login(dsl)
    page = client.get(reverse("core:home")).content.decode()
    assert "alert needs triage" in page
    assert "filter failure" in page
