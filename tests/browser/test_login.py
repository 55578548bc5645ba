"""Logging in through the demo identity provider in a real browser, in both languages."""

import re

import pytest
from axe_check import assert_no_axe_violations
from django.utils import translation
from playwright.sync_api import Page, expect

from borgerrejse.identity.tests.logins import STRANGER_CPR, demo_citizen_create

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}


def t(language: str, message: str) -> str:
    """The message as the page shows it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def anne(transactional_db):
    """Committed, so the live server sees her."""
    return demo_citizen_create("danish_adult")


@pytest.mark.parametrize("language", ["da", "en"])
def test_log_in_as_anne_hansen_and_out_again(page: Page, anne, language: str):
    prefix = PREFIX[language]
    page.goto(f"{prefix}/log-ind/?next={prefix}/log-ud/")
    main = page.locator("main")

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Log ind"))
    expect(main).to_contain_text(t(language, "Dette er et demo-log-ind. Det er ikke MitID."))
    # The CPR field shows only for "another citizen".
    expect(main.get_by_label(t(language, "CPR-nummer"), exact=True)).to_be_hidden()

    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name=t(language, "Log ind")).click()

    expect(page).to_have_url(re.compile(rf"^http://[^/]+{prefix}/log-ud/$"))
    expect(main).to_contain_text(
        t(language, "Du er logget ind som %(name)s.") % {"name": "Anne Hansen"}
    )

    main.get_by_role("button", name=t(language, "Log ud")).click()

    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Du er logget ud"))


@pytest.mark.parametrize("language", ["da", "en"])
def test_log_in_with_a_typed_cpr_number(page: Page, anne, language: str):
    prefix = PREFIX[language]
    page.goto(f"{prefix}/log-ind/?next={prefix}/log-ud/")
    main = page.locator("main")

    main.get_by_label(t(language, "En anden borger")).check()
    main.get_by_label(t(language, "CPR-nummer"), exact=True).fill("1203851234")
    main.get_by_label(t(language, "CPR-nummer"), exact=True).press("Enter")

    expect(page).to_have_url(re.compile(rf"{prefix}/log-ud/$"))
    expect(main).to_contain_text("Anne Hansen")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_login_page_has_no_accessibility_violations(page: Page, language: str):
    page.goto(f"{PREFIX[language]}/log-ind/")

    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_an_unknown_cpr_number_is_explained_accessibly(page: Page, anne, language: str):
    page.goto(f"{PREFIX[language]}/log-ind/")
    main = page.locator("main")
    cpr_label = t(language, "CPR-nummer")

    main.get_by_label(t(language, "En anden borger")).check()
    main.get_by_label(cpr_label, exact=True).fill(STRANGER_CPR)
    main.get_by_role("button", name=t(language, "Log ind")).click()

    message = t(language, "Vi kan ikke finde en borger med dette CPR-nummer i demo-befolkningen")
    summary = page.locator("[data-module=error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    field = main.get_by_label(cpr_label, exact=True)
    expect(field).to_be_visible()
    expect(field).to_have_value(STRANGER_CPR)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page).to_have_title(re.compile(rf"^{re.escape(t(language, 'Fejl:'))} "))
    assert_no_axe_violations(page)

    summary.get_by_role("link", name=message).click()

    expect(field).to_be_focused()


def test_cancel_says_the_login_was_cancelled(page: Page):
    page.goto("/log-ind/")

    page.locator("main").get_by_role("button", name="Afbryd").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Du afbrød log-ind")
    assert_no_axe_violations(page)
