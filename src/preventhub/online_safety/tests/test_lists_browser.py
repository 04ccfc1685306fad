"""Key journey in a real browser: the IT manager adds a log source after testing pasted lines
(desktop), adds a category, imports a hosts file after the dry run lists what it cannot use,
and adds domains on a phone, seeing the invalid line back in the box to correct."""

import os

import pytest
from playwright.sync_api import expect

from preventhub.accounts.roles import Role
from preventhub.online_safety.models import Category, CategoryDomain, LogSource
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot
from preventhub.testing.factories import UserFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SQUID = (
    "1731234567.123 120 10.0.0.5 TCP_DENIED/403 0 GET http://proxy-example.test/ "
    "CORP\\JSmith HIER_NONE/- text/html"
)


def _signed_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_it_manager_sets_up_a_source_and_a_category_list(live_server, provider, tmp_path):
    it = grant(UserFactory(username="it", first_name="Ian"), provider, Role.IT_MANAGER)
    hosts = tmp_path / "hosts"
    hosts.write_text("127.0.0.1 localhost\n0.0.0.0 proxy-example.test\n0.0.0.0 vpn.example.test\n")

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, it)
        page.goto(f"{live_server.url}/online-safety/sources/")
        page.click("a:has-text('Add a log source')")
        page.fill("input[name=name]", "Library proxy")
        page.fill("textarea[name=sample]", SQUID)
        page.click("button:has-text('Test these lines')")
        expect(page.locator("text=1 line read, 0 rejected")).to_be_visible()
        expect(page.locator("td:has-text('jsmith')")).to_be_visible()
        screenshot(page, "online-safety-source-test")
        page.click("button:has-text('Save the log source')")
        expect(page.locator("text=The log source Library proxy is saved")).to_be_visible()

        page.goto(f"{live_server.url}/online-safety/lists/new/")
        page.fill("input[name=key]", "proxy-avoidance")
        page.fill("input[name=name]", "Proxy avoidance")
        page.select_option("select[name=severity]", "medium")
        page.check("input[name=is_bypass]")
        page.click("button:has-text('Add the category')")
        page.goto(f"{live_server.url}/online-safety/lists/import/")
        page.check("input[value=hosts]")
        page.fill("input[name=category]", "proxy-avoidance")
        page.set_input_files("input[name=file]", str(hosts))
        page.click("button:has-text('Upload the list')")
        expect(page.locator("text=Checked: no errors")).to_be_visible()
        expect(page.locator("text=the hosts file's own entry")).to_be_visible()
        page.set_input_files("input[name=file]", str(hosts))
        page.uncheck("input[name=dry_run]")
        page.click("button:has-text('Upload the list')")
        expect(page.locator("text=2 domains added")).to_be_visible()
        screenshot(page, "online-safety-list-import")

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, it)
        page.goto(f"{live_server.url}/online-safety/lists/")
        page.click("a:has-text('Proxy avoidance')")
        page.fill("textarea[name=domains]", "tunnel.example.test\nnot a domain\n")
        page.click("button:has-text('Add the domains')")
        expect(page.locator("text=1 line could not be added")).to_be_visible()
        assert page.locator("textarea[name=domains]").input_value().strip() == "not a domain"
        _fits(page)
        screenshot(page, "online-safety-category-phone")

    assert LogSource.objects.for_provider(provider).get().name == "Library proxy"
    category = Category.objects.for_provider(provider).get(key="proxy-avoidance")
    assert category.is_bypass
    assert CategoryDomain.objects.filter(category=category).count() == 3
