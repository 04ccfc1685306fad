"""Apprenticeship employers told about the duty: employers from the people register, the
record of each communication (when, how, what, by whom), bad input, and the employers with
apprentices and nothing recorded in twelve months."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.models import AuditEvent
from preventhub.curriculum.models import EmployerCommunication
from preventhub.curriculum.selectors import employer_rows
from preventhub.curriculum.services import communication_record
from preventhub.curriculum.tests.helpers import EMPLOYER, enrol, make_communication

pytestmark = pytest.mark.django_db
LIST = reverse("curriculum:employers")
NEW = reverse("curriculum:communication_new")
APPRENTICESHIP = {"course": "Adult Care apprenticeship", "group": "HSC-APP25"}


def apprentices(provider: Any, employer: str = EMPLOYER, n: int = 1, **fields: Any) -> None:
    enrol(provider, n, employer=employer, **APPRENTICESHIP, **fields)


def rows(provider: Any) -> dict[str, Any]:
    return {r.name: r for r in employer_rows(provider)}


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "idempotency_key": "employer-key",
        "employer": EMPLOYER,
        "communicated_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "method": "meeting",
        "topics": ["prevent_duty", "british_values"],
        "communicated_by": "",
        "notes": "Met the care manager, who will brief supervisors.",
    }
    data.update(overrides)
    return data


def test_employers_with_apprentices_and_no_record_are_flagged(provider):
    apprentices(provider, n=3)
    apprentices(provider, "Kestrel Motors")
    apprentices(provider, "Old Firm Ltd", end_date=date(2020, 7, 1))
    make_communication(provider, employer="Kestrel Motors")
    found = rows(provider)
    assert (found[EMPLOYER].apprentices, found[EMPLOYER].finding) == (3, True)
    assert found["Kestrel Motors"].informed
    assert not found["Kestrel Motors"].finding
    assert found["Old Firm Ltd"].apprentices == 0
    assert not found["Old Firm Ltd"].finding


def test_a_communication_over_a_year_ago_no_longer_counts(provider):
    apprentices(provider)
    make_communication(provider, communicated_on=timezone.localdate() - timedelta(days=366))
    assert rows(provider)[EMPLOYER].finding


def test_the_lead_records_a_communication(provider, curriculum_lead, login):
    apprentices(provider)
    response = login(curriculum_lead).post(NEW, form())
    assert response.status_code == 302
    item = EmployerCommunication.objects.for_provider(provider).get()
    assert item.communicated_by == "Sian Davies"  # blank: whoever recorded it
    assert item.recorded_by == curriculum_lead
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="create").exists()
    page = login(curriculum_lead).get(LIST).content.decode()
    assert 'govuk-tag--green">Told<' in page


def test_a_double_submission_records_once(provider, curriculum_lead, login):
    apprentices(provider)
    login(curriculum_lead).post(NEW, form())
    login(curriculum_lead).post(NEW, form())
    assert EmployerCommunication.objects.for_provider(provider).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"employer": "Acme Unknown Ltd"}, "employer", "Choose an option from the list"),
        ({"communicated_on": "2999-12-31"}, "communicated_on", "cannot be in the future"),
        ({"communicated_on": "yesterday"}, "communicated_on", "Enter a real date"),
        ({"method": "carrier_pigeon"}, "method", "Choose an option from the list"),
        ({"topics": []}, "topics", "Choose what the employer was told"),
        ({"topics": ["gossip"]}, "topics", "gossip is not one of them"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(
    provider, curriculum_lead, login, overrides, field, message
):
    apprentices(provider)
    response = login(curriculum_lead).post(NEW, form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not EmployerCommunication.objects.for_provider(provider).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"employer": "Acme Unknown Ltd"}, "No apprentice in the people register works for"),
        ({"employer": ""}, "Choose the employer"),
        ({"communicated_on": timezone.localdate() + timedelta(days=1)}, "cannot be in the future"),
        ({"method": "fax"}, "Unknown way of communicating: fax"),
        ({"topics": ["prevent_duty", "gossip"]}, "Unknown topic: gossip"),
        ({"topics": []}, "Choose what the employer was told"),
    ],
)
def test_the_service_refuses_bad_input(provider, curriculum_lead, overrides, message):
    apprentices(provider)
    fields: dict[str, Any] = {
        "employer": EMPLOYER,
        "communicated_on": timezone.localdate(),
        "method": "email",
        "topics": ["prevent_duty"],
    }
    fields.update(overrides)
    with pytest.raises(ValidationError, match=message):
        communication_record(actor=curriculum_lead, provider=provider, **fields)


def test_the_employer_is_matched_whatever_its_case_and_spacing(provider, curriculum_lead):
    apprentices(provider)
    item = make_communication(provider, curriculum_lead, employer="  riverside   care homes ")
    assert item.employer == EMPLOYER


def test_reading_the_notes_is_audited_and_only_the_lead_changes_them(
    provider, curriculum_lead, governor, login
):
    item = make_communication(provider)
    detail = reverse("curriculum:communication_detail", args=[item.pk])
    page = login(governor).get(detail).content.decode()
    assert "Met the care manager." in page
    assert "Change</a>" not in page
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="view").count() == 1
    edit = reverse("curriculum:communication_edit", args=[item.pk])
    assert login(governor).get(edit).status_code == 403
    response = login(curriculum_lead).post(edit, form(method="email"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.method == "email"
    remove = reverse("curriculum:communication_remove", args=[item.pk])
    assert login(curriculum_lead).post(remove).status_code == 302
    assert not EmployerCommunication.objects.for_provider(provider).exists()
    assert AuditEvent.objects.filter(object_id=str(item.pk), action="delete").exists()


def test_the_list_downloads(provider, curriculum_lead, login):
    apprentices(provider, "=SUM(A1:A9)")
    response = login(curriculum_lead).get(reverse("curriculum:employer_export", args=["xlsx"]))
    assert response.status_code == 200
    csv = login(curriculum_lead).get(reverse("curriculum:employer_export", args=["csv"]))
    assert "'=SUM(A1:A9)" in csv.content.decode("utf-8-sig")
