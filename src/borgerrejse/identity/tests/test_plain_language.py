"""The login and logout pages are plain Danish: LIX 35 or below (DESIGN.md, principle 6)."""

import pytest

from borgerrejse.identity.tests.logins import STRANGER_CPR, log_in
from borgerrejse.readability import lix, page_text

pytestmark = pytest.mark.django_db

PLAIN = 35


def assert_plain(response):
    text = page_text(response.content.decode())
    assert lix(text) <= PLAIN, f"LIX {lix(text):.1f}: {text}"


def test_the_login_page(client):
    assert_plain(client.get("/log-ind/"))


def test_the_login_page_with_an_error(client, anne):
    assert_plain(log_in(client, "other", cpr=STRANGER_CPR))


def test_the_cancelled_page(client):
    assert_plain(log_in(client, action="cancel"))


def test_the_outage_page(client, settings):
    settings.LOCAL_IDP_FAILURE_RATE = 1.0

    assert_plain(log_in(client))


def test_the_logout_pages(client, anne):
    log_in(client)
    assert_plain(client.get("/log-ud/"))

    client.post("/log-ud/")
    assert_plain(client.get("/log-ud/"))
