"""The audit trail pages: dsl and admin only, this provider's events only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from preventhub.audit.filters import start_of_day
from preventhub.audit.models import AuditEvent
from preventhub.audit.services import audit_record, fields_changed, snapshot
from preventhub.core.navigation import nav_for
from preventhub.testing.factories import PersonFactory

LIST = reverse("audit:list")


def _event(provider, **kwargs):
    kwargs.setdefault("action", "update")
    return audit_record(actor=kwargs.pop("actor", None), provider_id=provider.pk, **kwargs)


@pytest.mark.parametrize("persona", ["dsl", "admin_user"])
def test_dsl_and_admin_see_their_providers_trail(request, login, provider, persona):
    user = request.getfixturevalue(persona)
    _event(provider, object_type="people.person", object_id="OWN-1", changed_fields=["email"])
    response = login(user).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    assert "OWN-1" in body
    assert "email" in body
    assert 'class="ph-table-wrap"' in body


def test_staff_are_refused(login, staff):
    assert login(staff).get(LIST).status_code == 403


def test_signed_out_users_are_sent_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_other_providers_events_never_appear(login, dsl, provider, other_provider):
    _event(provider, object_id="OWN-1")
    _event(other_provider, object_id="THEIRS-1")
    audit_record(actor=None, action="rotate_keys", object_id="INSTALLATION-1")
    body = login(dsl).get(LIST).content.decode()
    assert "OWN-1" in body
    assert "THEIRS-1" not in body
    assert "INSTALLATION-1" not in body


def test_an_outsider_sees_none_of_this_providers_events(login, outsider, provider):
    _event(provider, object_id="OWN-1")
    assert "OWN-1" not in login(outsider).get(LIST).content.decode()


def test_detail_shows_the_event_with_its_hashes(login, dsl, provider):
    event = _event(provider, object_id="OWN-1", detail={"role": "dsl"})
    response = login(dsl).get(reverse("audit:detail", args=[event.seq]))
    body = response.content.decode()
    assert response.status_code == 200
    assert event.hash in body
    assert event.prev_hash in body
    assert "&quot;role&quot;: &quot;dsl&quot;" in body


def test_detail_of_another_providers_event_is_not_found(login, dsl, other_provider):
    theirs = _event(other_provider, object_id="THEIRS-1")
    assert login(dsl).get(reverse("audit:detail", args=[theirs.seq])).status_code == 404


def test_detail_of_an_installation_event_is_not_found(login, dsl):
    event = audit_record(actor=None, action="rotate_keys")
    assert login(dsl).get(reverse("audit:detail", args=[event.seq])).status_code == 404


def test_staff_cannot_open_an_event(login, staff, provider):
    event = _event(provider)
    assert login(staff).get(reverse("audit:detail", args=[event.seq])).status_code == 403


def _rows(response) -> list[AuditEvent]:
    return list(response.context["page"].object_list)


def test_newest_first_fifty_to_a_page(login, dsl, provider):
    events = [_event(provider, object_id=f"E{i}") for i in range(55)]
    client = login(dsl)
    first = _rows(client.get(LIST))
    assert len(first) == 50
    assert first[0].seq == events[-1].seq
    second = _rows(client.get(LIST, {"page": 2}))
    assert [e.seq for e in second] == [e.seq for e in reversed(events[:5])]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"action": "view"}, {"B"}),
        ({"actor": "DS"}, {"A"}),
        ({"object_type": "concerns.concern"}, {"C"}),
        ({"object_id": "B"}, {"B"}),
        ({"action": "update", "object_type": "people.person"}, {"A"}),
    ],
)
def test_filters(login, dsl, provider, params, expected):
    _event(provider, actor=dsl, object_type="people.person", object_id="A")
    _event(provider, action="view", object_type="people.person", object_id="B")
    _event(provider, object_type="concerns.concern", object_id="C")
    rows = _rows(login(dsl).get(LIST, params))
    assert {e.object_id for e in rows} == expected


def test_date_filters_take_whole_uk_days(login, dsl, provider):
    _event(provider, object_id="TODAY")
    today = timezone.localdate()
    client = login(dsl)
    assert len(_rows(client.get(LIST, {"date_from": today, "date_to": today}))) == 1
    assert not _rows(client.get(LIST, {"date_to": today - timedelta(days=1)}))
    assert not _rows(client.get(LIST, {"date_from": today + timedelta(days=1)}))


def test_a_uk_day_starts_at_local_midnight():
    assert start_of_day(date(2026, 7, 1)) == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 1, 1)) == datetime(2026, 1, 1, 0, 0, tzinfo=UTC)


def test_an_impossible_date_range_shows_an_error_and_no_rows(login, dsl, provider):
    _event(provider)
    response = login(dsl).get(LIST, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert not _rows(response)
    assert "must be the same as or after" in response.content.decode()


def test_action_and_object_type_offer_only_this_providers_values(
    login, dsl, provider, other_provider
):
    _event(provider, action="view", object_type="people.person")
    _event(other_provider, action="secret_action", object_type="other.thing")
    body = login(dsl).get(LIST).content.decode()
    assert '<option value="view">' in body
    assert "secret_action" not in body
    assert "other.thing" not in body


def test_htmx_requests_get_the_table_alone(login, dsl, provider):
    _event(provider, object_id="OWN-1")
    response = login(dsl).get(LIST, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "OWN-1" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(login, dsl, provider):
    response = login(dsl).get(LIST, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def _queries_for_list(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(login, dsl, provider):
    client = login(dsl)
    _event(provider)
    _queries_for_list(client)  # the first request of a session also records the 2FA check
    few = _queries_for_list(client)
    for i in range(40):
        _event(provider, actor=dsl, object_id=f"E{i}", changed_fields=["a", "b"])
    assert _queries_for_list(client) == few


def test_time_is_shown_in_uk_time(login, dsl, provider):
    event = _event(provider)
    local = timezone.localtime(event.at, timezone.get_default_timezone())
    body = login(dsl).get(LIST).content.decode()
    assert local.strftime("%H:%M:%S") in body


def test_verify_button_reports_an_intact_chain_and_is_audited(login, dsl, provider):
    _event(provider)
    response = login(dsl).post(reverse("audit:verify"), follow=True)
    assert "Verified:" in response.content.decode()
    record = AuditEvent.objects.filter(action="verify_audit").get()
    assert record.provider_id == provider.pk
    assert record.detail["ok"] is True


def test_verify_button_reports_tampering(login, dsl, provider, raw_sql):
    events = [_event(provider) for _ in range(3)]
    raw_sql("UPDATE audit_auditevent SET action = 'view' WHERE seq = %s", (events[1].seq,))
    body = login(dsl).post(reverse("audit:verify"), follow=True).content.decode()
    assert "tampered with" in body
    assert f"row #{events[1].seq} was altered" in body


def test_verify_only_accepts_post(login, dsl):
    assert login(dsl).get(reverse("audit:verify")).status_code == 405


def test_staff_cannot_verify(login, staff):
    assert login(staff).post(reverse("audit:verify")).status_code == 403


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_export_downloads_the_filtered_events_and_is_audited(login, dsl, provider, other_provider):
    _event(provider, action="view", object_id="V1")
    _event(provider, action="update", object_id="U1")
    _event(other_provider, action="view", object_id="THEIRS")
    response = login(dsl).get(reverse("audit:export"), {"action": "view"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][0] == "seq"
    assert [r[7] for r in rows[1:]] == ["V1"]
    record = AuditEvent.objects.filter(action="export").get()
    assert record.provider_id == provider.pk
    assert record.detail == {"rows": 1, "filters": {"action": "view"}}


def test_export_defuses_spreadsheet_formulas(login, dsl, provider):
    _event(provider, object_id="=HYPERLINK(1)")
    rows = _csv(login(dsl).get(reverse("audit:export")))
    assert rows[1][7] == "'=HYPERLINK(1)"


def test_staff_cannot_export(login, staff):
    assert login(staff).get(reverse("audit:export")).status_code == 403


def test_nav_offers_the_trail_to_dsl_and_admin_only(dsl, admin_user, staff, provider):
    def labels(user):
        return [item["label"] for item in nav_for(user, provider)]

    assert "Audit trail" in labels(dsl)
    assert "Audit trail" in labels(admin_user)
    assert "Audit trail" not in labels(staff)


def test_an_encrypted_narrative_change_shows_only_the_field_name(login, dsl, provider):
    secret = "Spoke about wanting to travel to a conflict zone"
    person = PersonFactory(provider=provider, support_needs="Has a support plan")
    before = snapshot(person, ["support_needs"])
    person.support_needs = secret
    person.save()
    event = audit_record(
        actor=dsl,
        action="update",
        obj=person,
        changed_fields=fields_changed(before, person, ["support_needs"]),
    )
    client = login(dsl)
    detail = client.get(reverse("audit:detail", args=[event.seq])).content.decode()
    listing = client.get(LIST).content.decode()
    assert "support_needs" in detail
    assert secret not in detail
    assert secret not in listing
