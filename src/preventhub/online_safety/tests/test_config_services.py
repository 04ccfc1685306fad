"""Log sources and monitoring settings, and the category and keyword services: their rules,
their bad input (every error named, nothing written) and their audit rows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from preventhub.audit.models import AuditEvent
from preventhub.core.errors import ConflictError
from preventhub.online_safety.config_selectors import preview_sample
from preventhub.online_safety.config_services import (
    settings_for,
    settings_update,
    source_create,
    source_set_active,
    source_update,
)
from preventhub.online_safety.lists_services import (
    category_create,
    category_update,
    domains_add,
    domains_remove,
    keyword_create,
    keyword_delete,
    keyword_update,
)
from preventhub.online_safety.models import CategoryDomain, Keyword, LogSource
from preventhub.online_safety.tests.factories_lists import category
from preventhub.testing.factories import SiteFactory

pytestmark = pytest.mark.django_db

CSV = {
    "has_header": True,
    "delimiter": ",",
    "columns": {"timestamp": "Time", "user": "User", "url": "URL", "action": "Action"},
}


def source_values(**overrides):
    values = {
        "name": "Main proxy", "kind": "web_proxy", "format": "squid_native",
        "time_zone": "Europe/London", "guest_patterns": "Guest*\nvisitor-??",
        "syslog_hosts": "Proxy01\n192.0.2.10",
    }  # fmt: skip
    values.update(overrides)
    return values


def errors_of(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_source_is_saved_normalised_and_audited(provider, dsl):
    site = SiteFactory(provider=provider)
    source = source_create(actor=dsl, provider=provider, site=site, **source_values())
    assert source.guest_patterns == ["guest*", "visitor-??"]
    assert source.syslog_hosts == ["proxy01", "192.0.2.10"]
    assert source.identity_mapping == {"lowercase": True, "strip_domain": True}
    assert source.csv_mapping == {}
    event = AuditEvent.objects.get(object_id=str(source.pk), action="create")
    assert "time_zone" in event.changed_fields


def test_every_bad_field_is_reported_at_once_and_nothing_is_written(provider, dsl, other_provider):
    bad = source_values(
        name="", kind="router", format="syslog", time_zone="Mars/Olympus",
        guest_patterns="*", syslog_hosts="bad host!",
        site=SiteFactory(provider=other_provider),
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        source_create(actor=dsl, provider=provider, **bad)
    assert set(errors_of(exc)) == {
        "name", "kind", "format", "time_zone", "guest_patterns", "syslog_hosts", "site",
    }  # fmt: skip
    assert "Europe/London" in errors_of(exc)["time_zone"][0]
    assert "every identity a guest" in errors_of(exc)["guest_patterns"][0]
    assert not LogSource.objects.for_provider(provider).exists()


def test_csv_sources_need_a_usable_mapping(provider, dsl):
    with pytest.raises(ValidationError) as exc:
        source_create(actor=dsl, provider=provider, **source_values(format="csv", csv_mapping={}))
    assert "timestamp column" in errors_of(exc)["csv_mapping"][0]
    odd = {**CSV, "timestamp_format": "no codes"}
    with pytest.raises(ValidationError, match="% codes"):
        source_create(actor=dsl, provider=provider, **source_values(format="csv", csv_mapping=odd))
    positions = {"has_header": False, "columns": {"timestamp": "Time", "url": "2"}}
    with pytest.raises(ValidationError, match="positions"):
        source_create(
            actor=dsl, provider=provider, **source_values(format="csv", csv_mapping=positions)
        )
    fine = {**CSV, "timestamp_format": "%d/%m/%Y %H:%M:%S", "blocked_values": "Denied\nBlocked"}
    source = source_create(
        actor=dsl, provider=provider, **source_values(format="csv", csv_mapping=fine)
    )
    assert source.csv_mapping["blocked_values"] == ["Denied", "Blocked"]


def test_names_and_syslog_hosts_cannot_clash_even_across_providers(provider, other_provider, dsl):
    source_create(actor=dsl, provider=provider, **source_values())
    with pytest.raises(ConflictError, match="already a log source"):
        source_create(
            actor=dsl, provider=provider, **source_values(name="main PROXY", syslog_hosts="")
        )
    with pytest.raises(ConflictError, match="already sends to another log source") as exc:
        source_create(actor=dsl, provider=other_provider, **source_values(syslog_hosts="PROXY01"))
    assert "Main proxy" not in str(exc.value)  # another provider's source is not named


def test_deactivating_frees_its_hosts_and_reactivating_checks_them(provider, other_provider, dsl):
    first = source_create(actor=dsl, provider=provider, **source_values())
    source_set_active(actor=dsl, source=first, active=False)
    source_create(actor=dsl, provider=other_provider, **source_values(syslog_hosts="proxy01"))
    with pytest.raises(ConflictError):
        source_set_active(actor=dsl, source=first, active=True)
    first.refresh_from_db()
    assert not first.is_active


def test_editing_audits_only_the_fields_changed(provider, dsl):
    source = source_create(actor=dsl, provider=provider, **source_values())
    source_update(actor=dsl, source=source, **source_values(time_zone="UTC"))
    event = AuditEvent.objects.filter(object_id=str(source.pk), action="update").get()
    assert event.changed_fields == ["time_zone"]


def test_settings_are_validated_and_audited(provider, dsl):
    assert settings_for(provider).raw_retention_days == 90
    with pytest.raises(ValidationError) as exc:
        settings_update(
            actor=dsl, provider=provider, alert_threshold="severe", group_window_minutes="0",
            raw_retention_days="ninety",
        )  # fmt: skip
    assert set(errors_of(exc)) == {"alert_threshold", "group_window_minutes", "raw_retention_days"}
    settings_update(
        actor=dsl, provider=provider, alert_threshold="medium", group_window_minutes="30",
        raw_retention_days="30",
    )  # fmt: skip
    saved = settings_for(provider)
    assert (saved.alert_threshold, saved.group_window_minutes, saved.raw_retention_days) == (
        "medium", 30, 30,
    )  # fmt: skip
    event = AuditEvent.objects.filter(provider_id=provider.pk, action="update").last()
    assert event.detail["raw_retention_days"] == 30


def test_the_preview_shows_what_would_be_read_without_writing(provider):
    sample = (
        "1731234567.123 120 10.0.0.5 TCP_DENIED/403 0 GET http://extreme-example.test/ "
        "CORP\\JSmith HIER_NONE/- text/html\nnot a squid line\n"
    )
    preview = preview_sample(fmt="squid_native", time_zone="UTC", sample=sample)
    assert (preview.read, preview.rejected) == (1, 1)
    first = preview.rows[0]
    assert (first.identity, first.action, first.host) == (
        "jsmith",
        "blocked",
        "extreme-example.test",
    )
    assert preview.rows[1].reason
    csv = "Time,User,URL,Action\n2026-11-20 09:15:00,Guest7,http://a.example.test/,blocked\n"
    rows = preview_sample(
        fmt="csv", time_zone="Europe/London", sample=csv, csv_mapping=CSV, guest_patterns=["guest*"]
    ).rows
    assert rows[0].is_guest
    assert rows[0].time.hour == 9  # November: London is on UTC
    assert preview_sample(fmt="squid_native", time_zone="UTC", sample="  ").error
    assert preview_sample(fmt="squid_native", time_zone="UTC", sample="x" * 70_000).error
    assert "timestamp" in preview_sample(fmt="csv", time_zone="UTC", sample=csv).error


# --- categories and keywords ----------------------------------------------------------------------


def test_categories_validate_keys_severity_and_vendor_codes(provider, dsl):
    with pytest.raises(ValidationError) as exc:
        category_create(
            actor=dsl, provider=provider, key="Bad Key", name="", severity="urgent",
            vendor_codes="no-colon",
        )  # fmt: skip
    assert set(errors_of(exc)) == {"key", "name", "severity", "vendor_codes"}
    made = category_create(
        actor=dsl, provider=provider, key="weapons", name="Weapons", severity="high",
        vendor_codes="FortiGate:16\nfortigate:16", blocked=True,
    )  # fmt: skip
    assert made.vendor_codes == ["fortigate:16"]
    with pytest.raises(ConflictError, match="already a category"):
        category_create(actor=dsl, provider=provider, key="weapons", name="W", severity="low")
    with pytest.raises(ConflictError, match="fortigate:16 already maps to Weapons"):
        category_create(
            actor=dsl, provider=provider, key="arms", name="Arms", severity="low",
            vendor_codes=["fortigate:16"],
        )  # fmt: skip
    updated = category_update(
        actor=dsl, category=made, name="Weapons sales", severity="medium", vendor_codes=[],
        blocked=False, is_bypass=False, key="ignored",
    )  # fmt: skip
    assert (updated.key, updated.name, updated.blocked) == ("weapons", "Weapons sales", False)


def test_adding_domains_keeps_the_valid_ones_and_reports_the_rest(provider, dsl):
    weapons = category(provider, key="weapons")
    before = weapons.updated_at
    result = domains_add(
        actor=dsl, category=weapons,
        lines=["a.example.test", "", "bad domain", "A.example.test.", "b.example.test"],
    )  # fmt: skip
    assert (result.added, result.duplicates) == (2, 1)
    assert [(e.line, e.text) for e in result.errors] == [(3, "bad domain")]
    weapons.refresh_from_db()
    assert weapons.updated_at > before  # the engine's compiled lists are rebuilt
    assert domains_remove(actor=dsl, category=weapons, domains=["*.A.example.test", "x y"]) == 1
    assert list(
        CategoryDomain.objects.filter(category=weapons).values_list("domain", flat=True)
    ) == ["b.example.test"]
    event = AuditEvent.objects.filter(object_id=str(weapons.pk), action="delete").get()
    assert event.detail["domains"] == ["a.example.test"]


def test_keywords_are_normalised_unique_and_audited(provider, dsl):
    keyword = keyword_create(
        actor=dsl, provider=provider, term="  Example   Phrase ", severity="high", theme=""
    )
    assert (keyword.term, keyword.theme) == ("example phrase", "keywords")
    with pytest.raises(ConflictError):
        keyword_create(actor=dsl, provider=provider, term="EXAMPLE phrase", severity="low")
    with pytest.raises(ValidationError) as exc:
        keyword_create(actor=dsl, provider=provider, term="x", severity="bad", theme="No Theme")
    assert set(errors_of(exc)) == {"term", "severity", "theme"}
    other = keyword_create(actor=dsl, provider=provider, term="other term", severity="low")
    with pytest.raises(ConflictError):
        keyword_update(actor=dsl, keyword=other, term="example phrase", severity="low")
    keyword_update(actor=dsl, keyword=other, term="other term", severity="critical", theme="w")
    keyword_delete(actor=dsl, keyword=keyword)
    assert list(Keyword.objects.for_provider(provider).values_list("term", "severity")) == [
        ("other term", "critical")
    ]
    assert AuditEvent.objects.filter(object_type="online_safety.keyword", action="delete").exists()
