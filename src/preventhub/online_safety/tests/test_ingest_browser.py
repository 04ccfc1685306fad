"""Key journey in a real browser: the IT manager uploads a day's proxy log on a desktop, reads
the result with the lines that could not be read, then checks the ingestion history on a phone;
the alert it raised is waiting for the safeguarding team."""

import os

import pytest

from preventhub.accounts.roles import Role
from preventhub.online_safety.models import Alert
from preventhub.online_safety.tests import factories_ingest as f
from preventhub.testing.browser import DESKTOP, PHONE, browser_page, screenshot
from preventhub.testing.factories import UserFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _signed_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_the_it_manager_uploads_a_log_and_reads_what_could_not_be_read(
    live_server, provider, tmp_path
):
    f.standard_lists(provider)
    f.source(provider, name="Town Centre proxy")
    it = grant(UserFactory(username="it", first_name="Ian"), provider, Role.IT_MANAGER, Role.STAFF)
    log = tmp_path / "access-20261123.log"
    log.write_text(
        "\n".join(
            [
                f.squid("https://www.google.com/search?q=how+to+make+a+bomb"),
                f.squid("http://www.bbc.test/news", user="amy"),
                f.squid("http://notextreme-example.test/", user="amy"),
                "1795424400.000 1 10.1.2.3 TCP_MISS/200 1 GET",
                "yesterday 1 10.1.2.3 TCP_MISS/200 1 GET http://a.test/ u - -",
            ]
        )
        + "\n"
    )

    with browser_page(DESKTOP) as page:
        _signed_in(page, live_server, it)
        page.goto(f"{live_server.url}/online-safety/ingestions/")
        page.click("a:has-text('Upload a log file')")
        page.select_option("select[name=source]", label="Town Centre proxy")
        page.set_input_files("input[name=file]", str(log))
        page.click("button:has-text('Ingest the file')")
        main = page.inner_text("main")
        assert "The log was ingested." in page.inner_text("body")
        assert "Too few fields for this format: 1 line" in main
        assert "Timestamp missing or not a date and time: 1 line" in main
        assert "yesterday 1 10.1.2.3" in main
        screenshot(page, "ingest-result-desktop")

    with browser_page(PHONE) as page:
        _signed_in(page, live_server, it)
        page.goto(f"{live_server.url}/online-safety/ingestions/")
        assert "access-20261123.log" in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "ingest-history-phone")

    assert Alert.objects.for_provider(provider).count() == 1
