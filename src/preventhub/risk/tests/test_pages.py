"""The risk assessment pages through HTTP: the assessment, forms with every bad input, owners'
progress, inputs, sign-off, the diff, the register with filters and exports, the board report."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from preventhub.accounts.roles import Role
from preventhub.audit.models import AuditEvent
from preventhub.risk.models import AssessmentInput, AssessmentVersion, Risk, RiskAction
from preventhub.risk.tests.factories import LOCAL_DESCRIPTION, make_action, make_risk

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(login: Any, dsl: Any) -> Client:
    client: Client = login(dsl)
    return client


def form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "area": "premises",
        "title": "Prayer room used unsupervised",
        "description": LOCAL_DESCRIPTION,
        "likelihood": "3",
        "impact": "4",
        "residual_likelihood": "",
        "residual_impact": "",
        "review_on": "",
    }
    data.update(overrides)
    return data


def text(response: Any) -> str:
    return str(response.content.decode())


def test_the_assessment_page_lays_out_the_template(editor: Client, provider: Any) -> None:
    risk = make_risk(provider, likelihood=5, impact=5)
    make_action(risk)
    page = text(editor.get(reverse("risk:assessment")))
    assert "Prevent risk assessment and action plan" in page
    for heading in ("Quality check", "Context", "Heat maps", "Risks and actions by area"):
        assert heading in page
    assert "Never signed off" in page
    assert risk.title in page
    # The heat map cell names its band in words and links to its risks.
    assert "Very high" in page
    assert "?likelihood=5&amp;impact=5" in page
    assert "Add a risk in this area" in page
    assert "No risk is recorded in this area." in page


def test_readers_do_not_get_editing_links(login: Any, make_user: Any, provider: Any) -> None:
    make_risk(provider)
    client = login(make_user(provider, Role.GOVERNOR))
    page = text(client.get(reverse("risk:assessment")))
    assert "Add a risk" not in page
    assert "Put it right" not in page
    assert "Sign off the assessment" in page  # governors sign


def test_the_assessment_page_does_not_grow_queries_with_risks(
    editor: Client, provider: Any, dsl: Any, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        risk = make_risk(provider, title=f"Risk {n}", owner=dsl)
        make_action(risk, owner=dsl)
    with django_assert_max_num_queries(45):
        assert editor.get(reverse("risk:assessment")).status_code == 200
    with django_assert_max_num_queries(30):
        assert editor.get(reverse("risk:register")).status_code == 200


def test_adding_a_risk(editor: Client, provider: Any) -> None:
    response = editor.post(reverse("risk:risk_add"), form(sources=["partner_intelligence"]))
    risk = Risk.objects.for_provider(provider).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:risk", kwargs={"pk": risk.pk})
    assert risk.sources == ["partner_intelligence"]
    page = text(editor.get(response["Location"]))
    assert "No action yet" in page
    assert "Partner intelligence" in page


def test_the_area_is_chosen_from_the_assessment_link(editor: Client) -> None:
    page = text(editor.get(reverse("risk:risk_add") + "?area=online"))
    assert '<option value="online" selected>' in page


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"likelihood": "0"}, "Choose a number from 1 to 5."),
        ({"likelihood": "6"}, "Choose a number from 1 to 5."),
        ({"likelihood": ""}, "Choose the likelihood, from 1 to 5."),
        ({"area": "weather"}, "Choose an area from the list."),
        ({"title": ""}, "Enter a title for the risk."),
        ({"description": ""}, "Describe the risk."),
        ({"residual_likelihood": "2"}, "Give both the residual likelihood and the residual impact"),
        (
            {"residual_likelihood": "5", "residual_impact": "1"},
            "The likelihood after controls cannot be higher than before.",
        ),
        (
            {"review_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "The review date cannot be in the past",
        ),
        ({"review_on": "2026-02-31"}, "Enter a real date"),
        ({"owner": "999999"}, "Choose someone who works here from the list."),
    ],
)
def test_bad_risk_forms_show_a_specific_error_and_save_nothing(
    editor: Client, provider: Any, override: dict[str, Any], message: str
) -> None:
    response = editor.post(reverse("risk:risk_add"), form(**override))
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert not Risk.objects.for_provider(provider).exists()


def test_an_empty_post_shows_every_required_error(editor: Client, provider: Any) -> None:
    page = text(editor.post(reverse("risk:risk_add"), {}))
    for message in ("Choose the area", "Enter a title", "Describe the risk"):
        assert message in page
    assert not Risk.objects.for_provider(provider).exists()


def test_a_duplicate_title_is_shown_against_the_title(editor: Client, provider: Any) -> None:
    make_risk(provider, area="premises", title="Prayer room used unsupervised")
    page = text(editor.post(reverse("risk:risk_add"), form()))
    assert "is already in this area" in page
    assert Risk.objects.for_provider(provider).count() == 1


def test_editing_and_removing_a_risk(editor: Client, provider: Any) -> None:
    risk = make_risk(provider)
    make_action(risk)
    url = reverse("risk:risk_edit", kwargs={"pk": risk.pk})
    assert "Far-right stickers" in text(editor.get(url))
    data = form(area=risk.area, title=risk.title, impact="5")
    assert editor.post(url, data).status_code == 302
    risk.refresh_from_db()
    assert risk.impact == 5
    remove = reverse("risk:risk_remove", kwargs={"pk": risk.pk})
    assert "its 1 action" in text(editor.get(remove))
    assert editor.post(remove).status_code == 302
    assert not Risk.objects.for_provider(provider).exists()


def test_adding_an_action_and_its_bad_inputs(editor: Client, provider: Any, dsl: Any) -> None:
    risk = make_risk(provider)
    url = reverse("risk:action_add", kwargs={"pk": risk.pk})
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = text(editor.post(url, {"title": "Walk the site", "due_date": yesterday}))
    assert "The due date cannot be before the action was created" in page
    assert not RiskAction.objects.for_provider(provider).exists()
    good = {"title": "Walk the site", "owner": dsl.pk, "impact_measure": "Logs show visits"}
    assert editor.post(url, good).status_code == 302
    page = text(editor.post(url, good))
    assert "already has an action called" in page
    assert RiskAction.objects.for_provider(provider).count() == 1


def test_an_action_owner_records_progress_and_evidence(
    login: Any, provider: Any, staff: Any
) -> None:
    action = make_action(make_risk(provider), owner=staff)
    client = login(staff)
    mine = text(client.get(reverse("risk:mine")))
    assert action.title in mine
    url = reverse("risk:action_progress", kwargs={"pk": action.pk})
    page = text(client.post(url, {"status": "done", "evidence": ""}))
    assert "an action is done only with evidence of its impact" in page
    response = client.post(url, {"status": "done", "evidence": "Survey: 85% now know."})
    assert response.status_code == 302
    assert response["Location"] == reverse("risk:mine")  # staff cannot open the assessment
    action.refresh_from_db()
    assert action.status == "done"
    # Staff cannot edit the action itself, or see the assessment.
    assert client.get(reverse("risk:action_edit", kwargs={"pk": action.pk})).status_code == 403
    assert client.get(reverse("risk:assessment")).status_code == 403


def test_someone_elses_action_is_not_found(login: Any, provider: Any, make_user: Any) -> None:
    action = make_action(make_risk(provider), owner=make_user(provider, Role.STAFF))
    client = login(make_user(provider, Role.STAFF))
    url = reverse("risk:action_progress", kwargs={"pk": action.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "dropped", "evidence": ""}).status_code == 404
    action.refresh_from_db()
    assert action.status == "not_started"


def test_the_home_page_tells_an_owner_about_their_actions(
    login: Any, provider: Any, staff: Any
) -> None:
    action = make_action(make_risk(provider), owner=staff)
    RiskAction.objects.for_provider(provider).filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    page = text(login(staff).get(reverse("core:home")))
    assert "Prevent action plan" in page
    assert "1 overdue" in page


def test_the_context_form(editor: Client, provider: Any) -> None:
    url = reverse("risk:context")
    data = {
        "national_context": "Threat level substantial.",
        "national_sources": "CONTEST 2023",
        "local_context": "Leaflets on the Eastfield estate.",
        "local_sources": "Police Prevent briefing",
    }
    assert editor.post(url, data).status_code == 302
    assert "Leaflets on the Eastfield estate." in text(editor.get(reverse("risk:assessment")))
    page = text(editor.post(url, {**data, "local_context": "x" * 10_001}))
    assert "Keep this under 10,000 characters" in page


def test_recording_consultations_and_inputs(editor: Client, provider: Any) -> None:
    url = reverse("risk:input_add")
    good = {
        "kind": "learner_consultation",
        "held_on": timezone.localdate().isoformat(),
        "what": "Student council",
        "with_whom": "Level 3 reps",
        "summary": "They worry about online hate.",
    }
    assert editor.post(url, good).status_code == 302
    assert "Student council" in text(editor.get(reverse("risk:inputs")))
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert "cannot be in the future" in text(editor.post(url, {**good, "held_on": future}))
    assert "already recorded" in text(editor.post(url, good))
    assert "Choose a learner consultation" in text(editor.post(url, {**good, "kind": ""}))
    assert AssessmentInput.objects.for_provider(provider).count() == 1


def test_readers_may_see_inputs_but_not_add(login: Any, make_user: Any, provider: Any) -> None:
    client = login(make_user(provider, Role.INSPECTOR))
    assert client.get(reverse("risk:inputs")).status_code == 200
    assert client.post(reverse("risk:input_add"), {}).status_code == 403


def test_sign_off_through_the_pages(login: Any, make_user: Any, provider: Any) -> None:
    risk = make_risk(provider)
    leader = make_user(provider, Role.SENIOR_LEADER)
    governor = make_user(provider, Role.GOVERNOR)
    client = login(leader)
    page = text(client.get(reverse("risk:sign_off")))
    assert "What you are signing (the first version)" in page
    assert risk.title in page
    response = client.post(reverse("risk:sign_off"), {"role": "senior_leader"})
    assert response.status_code == 302
    client = login(governor)
    assert "Nothing has changed since" in text(client.get(reverse("risk:sign_off")))
    response = client.post(reverse("risk:sign_off"), {"role": "governor", "comment": "Agreed."})
    version = AssessmentVersion.objects.for_provider(provider).get()
    assert response["Location"] == reverse("risk:version", kwargs={"pk": version.pk})
    page = text(client.get(response["Location"]))
    assert "Approved" in page
    assert "Agreed." in page
    assert "The whole of version 1" in page
    # A governor may not sign for the senior leader.
    page = text(client.post(reverse("risk:sign_off"), {"role": "senior_leader"}))
    assert "Choose a role you hold." in page


def test_the_changes_page_compares_with_the_last_approved(
    login: Any, make_user: Any, provider: Any, dsl: Any
) -> None:
    from preventhub.risk.versions import sign_off

    make_risk(provider, title="Before")
    sign_off(actor=make_user(provider, Role.SENIOR_LEADER), provider=provider, role="senior_leader")
    sign_off(actor=make_user(provider, Role.GOVERNOR), provider=provider, role="governor")
    make_risk(provider, title="After", area="online")
    page = text(login(dsl).get(reverse("risk:changes")))
    assert "Compared with version 1" in page
    assert "Risks added (1)" in page
    assert "After" in page


def test_the_register_filters_and_shows_errors(editor: Client, provider: Any) -> None:
    make_risk(provider, title="Very high one", likelihood=5, impact=5)
    make_risk(provider, title="Low one", area="online", likelihood=1, impact=1)
    page = text(editor.get(reverse("risk:register"), {"band": "very_high"}))
    assert "Very high one" in page
    assert "Low one" not in page
    page = text(editor.get(reverse("risk:register"), {"likelihood": "1", "impact": "1"}))
    assert "Low one" in page
    assert "Very high one" not in page
    page = text(editor.get(reverse("risk:register"), {"area": "weather"}))
    assert "The filters need correcting" in page
    assert "Low one" not in page
    partial = editor.get(reverse("risk:register"), HTTP_HX_REQUEST="true")
    assert "<html" not in text(partial)


def test_csv_export_is_formula_safe_and_audited(editor: Client, provider: Any) -> None:
    risk = make_risk(provider, title='=HYPERLINK("http://evil")')
    make_action(risk, title="+SUM(A1)")
    make_risk(provider, title="No actions", area="online")
    response = editor.get(reverse("risk:register_csv"))
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["Area", "Risk"]
    assert len(rows) == 3  # header, one action, one risk without action
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+SUM(A1)" in cells
    event = AuditEvent.objects.get(action="export", object_type="risk.risk")
    assert event.detail["format"] == "csv"
    assert event.detail["rows"] == 2


def test_xlsx_export_is_formula_safe(editor: Client, provider: Any) -> None:
    make_action(make_risk(provider, title="@cmd"), due_date=timezone.localdate())
    response = editor.get(reverse("risk:register_xlsx"), {"area": "local_context"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1] == "'@cmd"
    assert all(not str(v).startswith("=") for row in values for v in row if v is not None)


def test_exports_refuse_bad_filters(editor: Client, provider: Any) -> None:
    response = editor.get(reverse("risk:register_csv"), {"band": "enormous"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_board_report_is_a_pdf_and_audited(login: Any, make_user: Any, provider: Any) -> None:
    make_action(make_risk(provider))
    client = login(make_user(provider, Role.GOVERNOR))
    response = client.get(reverse("risk:board_report"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", object_type="risk.riskassessment").exists()


def test_the_board_report_document_holds_the_plan(provider: Any, dsl: Any) -> None:
    from preventhub.risk.report import render_report, report_context

    risk = make_risk(provider, owner=dsl)
    make_action(risk, title="Prayer room sign-in", owner=dsl)
    html = render_report(report_context(provider, timezone.now()))
    assert risk.title in html
    assert "Prayer room sign-in" in html
    assert "Further action" in html
    assert "Quality check" in html
    assert "<a " not in html  # nothing for the PDF renderer to fetch or follow


def test_rating_and_date_errors_show_with_the_missing_fields(editor: Client, provider: Any) -> None:
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = form(area="", residual_likelihood="5", residual_impact="1", review_on=past)
    page = text(editor.post(reverse("risk:risk_add"), data))
    for message in (
        "Choose the area this risk belongs to.",
        "The likelihood after controls cannot be higher than before.",
        "The review date cannot be in the past",
    ):
        assert message in page
    assert not Risk.objects.for_provider(provider).exists()
