import re

import pytest
from axe_check import assert_no_axe_violations
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "language"), [("/", "da"), ("/en/", "en")])
def test_front_page_has_no_accessibility_violations(page: Page, path: str, language: str):
    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator(".service-card").first).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize(
    ("path", "language"), [("/tilgaengelighed/", "da"), ("/en/tilgaengelighed/", "en")]
)
def test_accessibility_statement_has_no_accessibility_violations(
    page: Page, path: str, language: str
):
    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)


def test_language_switch_goes_from_danish_to_english(page: Page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvad kan vi hjælpe dig med?")

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(re.compile(r"^http://[^/]+/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("How can we help you?")
    expect(page.get_by_role("link", name="Dansk")).to_have_attribute("hreflang", "da")


def test_skip_link_moves_focus_to_the_main_content(page: Page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Gå til sidens indhold")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/#main-content$"))


def test_axe_check_reports_what_it_finds(browser: Browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<html><body><main><img src='x.png'></main></body></html>")

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    context.close()

    report = str(failure.value)
    assert "image-alt (critical)" in report
    assert "html-has-lang" in report
    assert "at img" in report


def test_front_page_on_a_phone_has_no_accessibility_violations(page: Page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")

    expect(page.get_by_role("link", name="English")).to_be_visible()
    assert_no_axe_violations(page)
