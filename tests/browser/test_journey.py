"""The citizen's online journey in a real browser: apply, decide, receipt, resume, contest.

Every portal page of the journey is checked with axe-core (WCAG 2.1 AA), clean and with
errors, in Danish and in English.
"""

from __future__ import annotations

import re

import pytest
from axe_check import assert_no_axe_violations
from django.utils import translation
from playwright.sync_api import Page, expect

from borgerrejse.identity.tests.logins import demo_citizen_create

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}
# The smallest file that passes the PDF check: it starts as a PDF does.
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def t(language: str, message: str) -> str:
    """The message as the page shows it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def anne(transactional_db):
    """Committed, so the live server sees her."""
    return demo_citizen_create("danish_adult")


def log_in(page: Page, language: str = "da") -> None:
    """On the demo login page: log in as Anne Hansen."""
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Log ind"))
    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name=t(language, "Log ind")).click()


def next_button(page: Page):
    return page.locator("main button[name='_action'][value='next']")


def heading(page: Page):
    return page.locator("main h1")


def start_application(page: Page, slug: str, language: str = "da") -> None:
    """From the service page, through the login, to the application's first step."""
    page.goto(f"{PREFIX[language]}/ydelser/{slug}/")
    assert_no_axe_violations(page)
    page.locator("main").get_by_role("link", name=t(language, "Ansøg online")).click()
    log_in(page, language)
    expect(heading(page)).to_have_text(t(language, "Før du går i gang"))
    assert_no_axe_violations(page)
    page.locator("main form button[type='submit']").click()


# (a) An instant decision


def test_a_lost_health_card_is_decided_at_once_with_the_fee(page: Page, anne):
    start_application(page, "sundhedskort")
    main = page.locator("main")
    expect(heading(page)).to_have_text("Hvorfor skal du have et nyt kort?")
    expect(main).to_contain_text("Trin 1 af 2")
    assert_no_axe_violations(page)

    main.get_by_label("Kortet er væk").check()
    next_button(page).click()

    expect(heading(page)).to_have_text("Tjek dine svar, og send ansøgningen")
    expect(main.locator(".summary-list")).to_contain_text("Kortet er væk")
    main.get_by_label("Afgør det med det samme, hvis det kan lade sig gøre").check()
    main.get_by_role("button", name="Send ansøgningen").click()

    expect(heading(page)).to_have_text("Afgørelse: Nyt sundhedskort")
    expect(main.locator(".decision-amount")).to_have_text("Du skal betale et gebyr på 225 kr.")
    reasons = main.locator(".decision-reasons")
    expect(reasons).to_contain_text("Du får et nyt sundhedskort.")
    expect(reasons).to_contain_text("Dit kort er væk. Et nyt kort koster 225 kr.")
    expect(main).to_contain_text("Sagen er afgjort automatisk.")
    expect(main).to_contain_text("Styrelsen for Patientklager")
    expect(main.get_by_role("link", name="Hent afgørelsen som brev (PDF)")).to_be_visible()
    assert_no_axe_violations(page)


# (b) Funeral assistance with "Ved ikke": referred, with a receipt


def test_funeral_assistance_with_unknown_estate_is_referred_with_a_receipt(
    page: Page, anne, tmp_path
):
    start_application(page, "begravelseshjaelp")
    main = page.locator("main")
    expect(heading(page)).to_have_text("Om den afdøde")
    main.get_by_label("Hvornår blev afdøde født?").fill("01-05-1950")
    main.get_by_label("Hvornår døde afdøde?").fill("01-02-2026")
    next_button(page).click()

    expect(heading(page)).to_have_text("Afdødes formue")
    main.get_by_role(
        "group", name="Efterlader afdøde en ægtefælle eller børn under 18 år?"
    ).get_by_label("Nej").check()
    main.get_by_label("Ved ikke").check()
    assert_no_axe_violations(page)
    next_button(page).click()

    expect(heading(page)).to_have_text("Udgifter til begravelsen")
    main.get_by_label("Hvad kostede begravelsen i alt?").fill("20.000")
    next_button(page).click()

    expect(heading(page)).to_have_text("Bilag")
    invoice = tmp_path / "regning.pdf"
    invoice.write_bytes(PDF)
    main.get_by_label("Vælg en fil").set_input_files(invoice)
    main.get_by_role("button", name="Vedhæft fil").click()
    expect(main).to_contain_text("Vi har gemt filen »regning.pdf«.")
    assert_no_axe_violations(page)
    next_button(page).click()

    expect(heading(page)).to_have_text("Tjek dine svar, og send ansøgningen")
    expect(main).to_contain_text("Ved ikke")
    expect(main).to_contain_text("regning.pdf")
    main.get_by_label("Afgør det med det samme, hvis det kan lade sig gøre").check()
    main.get_by_role("button", name="Send ansøgningen").click()

    expect(heading(page)).to_have_text("Vi har modtaget din ansøgning")
    expect(main).to_contain_text(re.compile(r"Sagsnummeret er \d{4}-\d{6}\."))
    expect(main.locator(".handler")).to_contain_text("Ydelse og Jobcenter")
    expect(main.locator(".handler")).to_contain_text("12 34 56 82")
    expect(main).to_contain_text("Du får svar senest")
    assert_no_axe_violations(page)


# (c) Leave, come back, resume from My page


def test_a_citizen_resumes_a_draft_from_my_page_after_logging_out(page: Page, anne):
    start_application(page, "begravelseshjaelp")
    main = page.locator("main")
    main.get_by_label("Hvornår blev afdøde født?").fill("01-05-1950")
    main.get_by_label("Hvornår døde afdøde?").fill("01-02-2026")
    next_button(page).click()
    expect(heading(page)).to_have_text("Afdødes formue")

    page.locator("header").get_by_role("button", name="Log ud").click()
    expect(page.locator("header")).to_contain_text("Log ind")
    page.goto("/")
    page.locator("header").get_by_role("link", name="Log ind").click()
    log_in(page)
    page.locator("header").get_by_role("link", name="Min side").click()

    expect(heading(page)).to_have_text("Min side")
    drafts = main.locator(".draft-list")
    expect(drafts).to_contain_text("Begravelseshjælp")
    assert_no_axe_violations(page)
    drafts.get_by_role("link", name=re.compile("Fortsæt ansøgningen")).click()

    expect(heading(page)).to_have_text("Afdødes formue")
    expect(main).to_contain_text("Trin 2 af 5")
    # The first step kept its answers.
    page.locator("main .back-link").click()
    expect(main.get_by_label("Hvornår blev afdøde født?")).to_have_value("01-05-1950")


# (d) Contesting an instant decision


def test_a_citizen_contests_an_instant_decision(page: Page, anne):
    start_application(page, "sundhedskort")
    main = page.locator("main")
    main.get_by_label("Kortet er væk").check()
    next_button(page).click()
    main.get_by_label("Afgør det med det samme, hvis det kan lade sig gøre").check()
    main.get_by_role("button", name="Send ansøgningen").click()
    expect(heading(page)).to_have_text("Afgørelse: Nyt sundhedskort")

    main.get_by_role("link", name="Klag over afgørelsen").click()
    expect(heading(page)).to_have_text("Klag over afgørelsen")
    assert_no_axe_violations(page)
    main.get_by_role("button", name="Send klagen").click()

    summary = main.locator("[data-module='error-summary']")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Skriv, hvorfor du er uenig i afgørelsen.")
    assert_no_axe_violations(page)
    main.get_by_label("Hvorfor er du uenig?").fill("Kortet blev stjålet, det er ikke bare væk.")
    main.get_by_role("button", name="Send klagen").click()

    expect(main).to_contain_text("Vi har modtaget din klage")
    expect(main).to_contain_text("En sagsbehandler ser på afgørelsen igen.")
    expect(main.locator(".case-status")).to_have_text("Klage modtaget")
    assert_no_axe_violations(page)


# The follow-up question appears at once with the script, and after "Næste" without it


def test_a_follow_up_question_appears_when_its_answer_is_chosen(page: Page, anne):
    start_application(page, "sundhedskort")
    main = page.locator("main")
    question = main.get_by_label("Hvornår fik du kortet?")
    expect(question).to_be_hidden()

    main.get_by_label("Kortet er i stykker").check()

    expect(question).to_be_visible()
    assert_no_axe_violations(page)
    next_button(page).click()
    # Not answered yet: an error now, on the question the script showed.
    summary = main.locator("[data-module='error-summary']")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Hvornår fik du kortet?")
    question.fill("01-01-2019")
    next_button(page).click()
    expect(heading(page)).to_have_text("Tjek dine svar, og send ansøgningen")
    expect(main).to_contain_text("1. januar 2019")


def test_without_the_script_the_follow_up_question_comes_after_next(
    browser, catalogue_server, anne
):
    server, _definitions = catalogue_server
    context = browser.new_context(base_url=server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/ydelser/sundhedskort/ansoeg/")
    log_in(page)
    page.locator("main form button[type='submit']").click()
    main = page.locator("main")

    main.get_by_label("Kortet er i stykker").check()
    next_button(page).click()

    expect(main).to_contain_text("Dit svar betyder, at vi har et spørgsmål mere til dig.")
    expect(main.get_by_label("Hvornår fik du kortet?")).to_be_visible()
    context.close()


# Every page, clean and with errors, in both languages


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_journey_page_has_no_accessibility_violations(
    page: Page, anne, language: str, tmp_path
):
    prefix = PREFIX[language]
    main = page.locator("main")

    def check(expected_heading: str | None = None) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        if expected_heading is not None:
            expect(heading(page)).to_have_text(expected_heading)
        assert_no_axe_violations(page)

    def submit_step() -> None:
        next_button(page).click()

    # Service page, start page, first step clean and in error.
    start_application(page, "begravelseshjaelp", language)
    check()
    submit_step()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    check()
    main.locator("#field-deceased_birth_date").fill("01-05-1950")
    main.locator("#field-date_of_death").fill("31-02-2026")
    submit_step()
    check()
    main.locator("#field-date_of_death").fill("01-02-2026")
    submit_step()

    # The estate step: radio buttons and "Ved ikke" beside an amount, clean and in error.
    check()
    main.locator("#field-estate_wealth_dkk").fill("mange penge")
    submit_step()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    check()
    main.locator("#field-has_spouse_or_children_under_18-2").check()
    main.locator("#field-estate_wealth_dkk-unknown").check()
    submit_step()

    # The expenses step, clean and in error.
    check()
    main.locator("#field-funeral_expenses_dkk").fill("-5")
    submit_step()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    check()
    main.locator("#field-funeral_expenses_dkk").fill("20000")
    submit_step()

    # Attachments: clean, with a refused upload, then a good one.
    check(t(language, "Bilag"))
    refused = tmp_path / "regning.txt"
    refused.write_text("not a bill")
    main.locator("#attachment-funeral_invoice").set_input_files(refused)
    main.locator("button[value='upload']").click()
    expect(main.locator(".form-error-message")).to_be_visible()
    check()
    invoice = tmp_path / "regning.pdf"
    invoice.write_bytes(PDF)
    main.locator("#attachment-funeral_invoice").set_input_files(invoice)
    main.locator("button[value='upload']").click()
    check()
    submit_step()

    # Summary, clean and without the choice of who decides.
    check(t(language, "Tjek dine svar, og send ansøgningen"))
    main.locator("button[value='submit']").click()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    check()
    main.locator("#field-decision_preference").check()
    main.locator("button[value='submit']").click()

    # Receipt, case page, My page.
    check(t(language, "Vi har modtaget din ansøgning"))
    main.locator(f"a[href^='{prefix}/sager/'][href$='/']").first.click()
    check()
    page.goto(f"{prefix}/min-side/")
    check(t(language, "Min side"))

    # An instant decision, the contest form clean and in error, the contested case.
    page.goto(f"{prefix}/ydelser/sundhedskort/ansoeg/")
    page.locator("main form button[type='submit']").last.click()
    check()
    submit_step()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    check()
    main.locator("#field-reason-3").check()  # "Kortet er i stykker": the follow-up shows
    expect(main.locator("#field-card_issued_on")).to_be_visible()
    check()
    main.locator("#field-reason-2").check()  # "Kortet er væk"
    submit_step()
    main.locator("#field-decision_preference").check()
    main.locator("button[value='submit']").click()
    expect(page).to_have_url(re.compile(r"/afgoerelse/\d+/$"))
    check()
    page.goto(page.url.split("/afgoerelse/")[0] + "/klag/")
    check(t(language, "Klag over afgørelsen"))
    main.locator("form button[type='submit']").click()
    check()
    main.locator("#field-reason").fill("Kortet blev stjålet.")
    main.locator("form button[type='submit']").click()
    expect(main.locator(".alert-success")).to_be_visible()
    check()


def test_a_form_step_on_a_phone_keeps_log_out_in_reach(page: Page, anne):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/ydelser/sundhedskort/ansoeg/")
    log_in(page)
    page.locator("main form button[type='submit']").click()

    expect(page.locator("main").get_by_text("Trin 1 af 2")).to_be_visible()
    expect(page.locator("header").get_by_role("button", name="Log ud")).to_be_visible()
    assert_no_axe_violations(page)
    next_button(page).click()
    expect(page.locator("main [data-module='error-summary']")).to_be_focused()
    assert_no_axe_violations(page)
