"""The configuration pages as the IT manager uses them: sources (test pasted lines, save),
settings, categories and their domains, the keyword library and list import; and what the
other roles see."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from preventhub.accounts.roles import Role
from preventhub.online_safety.models import Category, CategoryDomain, Keyword, LogSource
from preventhub.online_safety.tests.factories_lists import add_domains, category, persona

pytestmark = pytest.mark.django_db

it_manager = persona(Role.IT_MANAGER, username="it")
leader = persona(Role.SENIOR_LEADER, username="principal")

SQUID = (
    "1731234567.123 120 10.0.0.5 TCP_DENIED/403 0 GET http://extreme-example.test/ "
    "CORP\\JSmith HIER_NONE/- text/html"
)


def url(name: str, **kwargs) -> str:
    return reverse(f"online_safety:{name}", kwargs=kwargs or None)


def source_form(**overrides):
    data = {
        "name": "Main proxy", "kind": "web_proxy", "format": "squid_native",
        "time_zone": "Europe/London", "lowercase": "on", "strip_domain": "on",
        "guest_patterns": "guest*", "syslog_hosts": "", "csv_has_header": "on",
        "csv_delimiter": ",", "sample": SQUID, "action": "save",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_testing_lines_shows_what_is_read_and_saves_nothing(client, it_manager, provider):
    client.force_login(it_manager)
    response = client.post(url("source_new"), source_form(action="test"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 line read, 0 rejected" in text
    assert "jsmith" in text
    assert "extreme-example.test" in text
    assert not LogSource.objects.for_provider(provider).exists()


def test_saving_a_source_and_the_errors_shown(client, it_manager, provider):
    client.force_login(it_manager)
    bad = client.post(url("source_new"), source_form(time_zone="London", format="csv"))
    assert bad.status_code == 200
    body = bad.content.decode()
    assert "is not a time zone name" in body
    assert "timestamp column" in body
    assert not LogSource.objects.for_provider(provider).exists()
    response = client.post(url("source_new"), source_form())
    assert response.status_code == 302
    source = LogSource.objects.for_provider(provider).get()
    assert source.guest_patterns == ["guest*"]
    page = client.get(url("source_list")).content.decode()
    assert "Main proxy" in page
    assert "Never" in page
    edit = client.get(url("source_edit", pk=source.pk)).content.decode()
    assert 'value="Main proxy"' in edit
    client.post(url("source_active", pk=source.pk), {"active": "0"})
    source.refresh_from_db()
    assert not source.is_active


def test_settings_page_saves_and_reports_errors(client, it_manager, provider):
    client.force_login(it_manager)
    data = {"alert_threshold": "medium", "group_window_minutes": "abc", "raw_retention_days": "900"}
    page = client.post(url("monitoring_settings"), data).content.decode()
    assert "whole number" in page
    assert "from 1 to 730" in page
    ok = client.post(
        url("monitoring_settings"),
        {**data, "group_window_minutes": "20", "raw_retention_days": "60"},
    )
    assert ok.status_code == 302


def test_categories_page_counts_domains_and_keywords(client, leader, provider):
    weapons = category(provider, key="weapons", name="Weapons", is_bypass=True)
    add_domains(weapons, "a.test", "b.test", "xn--bcher-kva.test")
    Keyword.unscoped.create(provider=provider, term="example phrase", theme="weapons")
    client.force_login(leader)
    page = client.get(url("category_list")).content.decode()
    assert "Weapons" in page
    assert "Bypass" in page
    assert "Domains in each category" in page
    assert "Add a category" not in page  # readers only
    detail = client.get(
        url("category_detail", pk=weapons.pk), {"q": "bücher.test"}
    ).content.decode()
    assert "bücher.test" in detail
    assert "Add domains" not in detail
    assert (
        client.post(url("category_detail", pk=weapons.pk), {"domains": "x.test"}).status_code == 403
    )
    assert CategoryDomain.objects.filter(category=weapons).count() == 3


def test_adding_domains_lists_the_lines_to_correct(client, it_manager, provider):
    weapons = category(provider, key="weapons")
    client.force_login(it_manager)
    page = client.post(
        url("category_detail", pk=weapons.pk), {"domains": "ok.test\nbad domain\nok.test\n"}
    )
    text = page.content.decode()
    assert "1 line could not be added" in text
    assert "Line 2: bad domain" in text
    assert "bad domain</textarea>" in text
    assert CategoryDomain.objects.filter(category=weapons).count() == 1
    done = client.post(url("category_detail", pk=weapons.pk), {"domains": "ok.test\nnew.test"})
    assert done.status_code == 302
    client.post(url("domain_remove", pk=weapons.pk), {"domain": "new.test"})
    assert list(
        CategoryDomain.objects.filter(category=weapons).values_list("domain", flat=True)
    ) == ["ok.test"]


def test_a_category_is_added_and_edited(client, it_manager, provider):
    client.force_login(it_manager)
    bad = client.post(url("category_new"), {"key": "Bad Key", "name": "", "severity": "high"})
    assert "lower-case letters" in bad.content.decode()
    response = client.post(
        url("category_new"),
        {"key": "weapons", "name": "Weapons", "severity": "high", "blocked": "on",
         "vendor_codes": "fortigate:16"},
    )  # fmt: skip
    weapons = Category.objects.for_provider(provider).get()
    assert response["Location"] == url("category_detail", pk=weapons.pk)
    client.post(url("category_edit", pk=weapons.pk), {"name": "Weapons sales", "severity": "low"})
    weapons.refresh_from_db()
    assert (weapons.name, weapons.severity, weapons.blocked) == ("Weapons sales", "low", False)


def test_keyword_library_add_filter_change_and_remove(client, it_manager, provider):
    client.force_login(it_manager)
    bad = client.post(
        url("keyword_list"), {"terms": "good term\nx\n", "severity": "high", "theme": ""}
    )
    assert "Line 2" in bad.content.decode()
    assert not Keyword.objects.for_provider(provider).exists()
    client.post(
        url("keyword_list"),
        {"terms": "good term\nother phrase", "severity": "low", "theme": "weapons"},
    )
    assert Keyword.objects.for_provider(provider).count() == 2
    filtered = client.get(url("keyword_list"), {"q": "good"}).content.decode()
    assert "good term" in filtered
    assert "other phrase" not in filtered
    keyword = Keyword.objects.for_provider(provider).get(term="good term")
    client.post(
        url("keyword_edit", pk=keyword.pk),
        {"term": "good term", "severity": "critical", "theme": "weapons", "action": "save"},
    )
    keyword.refresh_from_db()
    assert keyword.severity == "critical"
    client.post(url("keyword_edit", pk=keyword.pk), {"action": "delete"})
    assert not Keyword.objects.for_provider(provider).filter(term="good term").exists()


def test_import_checks_first_then_imports(client, it_manager, provider):
    client.force_login(it_manager)
    data = {
        "list_format": "hosts",
        "category": "proxy-avoidance",
        "severity": "",
        "encoding": "utf-8",
        "entry": "",
    }
    hosts = b"0.0.0.0 proxy-example.test\n10.1.1.1 lan.example.test\n"
    dry = client.post(
        url("list_import"), {**data, "dry_run": "on", "file": SimpleUploadedFile("hosts", hosts)}
    )
    text = dry.content.decode()
    assert "Checked: no errors" in text
    assert "points to 10.1.1.1" in text
    assert not Category.objects.for_provider(provider).exists()
    done = client.post(url("list_import"), {**data, "file": SimpleUploadedFile("hosts", hosts)})
    assert "Imported" in done.content.decode()
    assert CategoryDomain.objects.filter(provider=provider).count() == 1
    bad = client.post(
        url("list_import"),
        {**data, "file": SimpleUploadedFile("hosts", b"0.0.0.0 bad_-\n0.0.0.0 ok.test\n")},
    )
    assert "Nothing was imported" in bad.content.decode()
    assert CategoryDomain.objects.filter(provider=provider).count() == 1
    binary = client.post(
        url("list_import"), {**data, "file": SimpleUploadedFile("hosts", b"\x00\x01\x02")}
    )
    assert "binary" in binary.content.decode()
    key = client.post(
        url("list_import"), {**data, "category": "Bad Key", "file": SimpleUploadedFile("h", hosts)}
    )
    assert "lower-case letters" in key.content.decode()
