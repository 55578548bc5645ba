"""The front desk in a real browser: a citizen starts moving house online, stops at step 2,
and a front-desk worker finishes the application with her at the desk. One case, with
both channels on its timeline.

The desk's pages (search, citizen overview, a form step, the summary) are checked with
axe-core (WCAG 2.1 AA), in Danish and in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from axe_check import assert_no_axe_violations
from django.utils import timezone, translation
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from borgerrejse.cases.models import Case, Status
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.staff.demo import DEMO_PASSWORD, FRONT_DESK, demo_totp_code, staff_demo_create

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}
ANNE_CPR = "120385-1234"


def t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def anne(transactional_db):
    return demo_citizen_create("danish_adult")


@pytest.fixture
def demo_staff(transactional_db) -> None:
    staff_demo_create()


@pytest.fixture
def staff_page(browser: Browser, catalogue_server) -> Iterator[Callable[[], Page]]:
    """A front-desk worker's page in its own browser context, beside the citizen's."""
    server, _definitions = catalogue_server
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def record_failed_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"HTTP {response.status}: {response.url}")

    def open_page() -> Page:
        context = browser.new_context(
            base_url=server.url, locale="da-DK", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        new = context.new_page()
        new.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        new.on("response", record_failed_response)
        return new

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "the browser met problems:\n" + "\n".join(problems)


def heading(page: Page):
    return page.locator("main h1")


def staff_log_in(page: Page, *, next_url: str, language: str = "da") -> None:
    page.goto(f"{PREFIX[language]}{next_url}")
    main = page.locator("main")
    main.get_by_label(t(language, "Brugernavn")).fill(FRONT_DESK)
    main.get_by_label(t(language, "Adgangskode")).fill(DEMO_PASSWORD)
    main.get_by_label(t(language, "Kode fra din app")).fill(demo_totp_code(FRONT_DESK))
    main.get_by_role("button", name=t(language, "Log ind")).click()
    expect(page.locator("header")).to_contain_text("Lone Kristensen")


def citizen_starts_moving_online_and_stops_at_step_2(page: Page) -> None:
    page.goto("/ydelser/flytning/")
    page.locator("main").get_by_role("link", name="Ansøg online").click()
    main = page.locator("main")
    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name="Log ind").click()
    expect(heading(page)).to_have_text("Før du går i gang")
    page.locator("main form button[type='submit']").click()

    expect(heading(page)).to_have_text("Din flytning")
    main.get_by_label("Hvornår flytter du?").fill(timezone.localdate().strftime("%d-%m-%Y"))
    main.get_by_label("Din nye adresse").fill("Nørregade 7, 2. th., 8000 Aarhus C")
    main.locator("#field-address_is_registered_dwelling").check()
    main.locator("#field-moving_from_other_municipality-2").check()
    page.locator("main button[name='_action'][value='next']").click()

    expect(heading(page)).to_have_text("Hvem flytter med")
    expect(main).to_contain_text("Trin 2 af")
    page.locator("main button[name='_action'][value='save']").click()
    expect(heading(page)).to_have_text("Min side")


def test_a_draft_begun_online_is_finished_at_the_desk(page: Page, staff_page, anne, demo_staff):
    citizen_starts_moving_online_and_stops_at_step_2(page)

    desk = staff_page()
    staff_log_in(desk, next_url="/arbejde/borgerservice/")
    expect(heading(desk)).to_have_text("Find borgeren")
    assert_no_axe_violations(desk)
    main = desk.locator("main")
    main.get_by_label("CPR-nummer").fill(ANNE_CPR)
    main.get_by_role("button", name="Søg").click()

    expect(heading(desk)).to_have_text("Anne Hansen")
    drafts = main.locator(".desk-drafts")
    expect(drafts).to_contain_text("Meld flytning")
    assert_no_axe_violations(desk)
    drafts.get_by_role("button", name="Fortsæt med borgeren").click()

    # Where she stopped, with her answers from step 1 kept.
    expect(heading(desk)).to_have_text("Hvem flytter med")
    assert_no_axe_violations(desk)
    main.get_by_label("Flytter andre med dig?").fill("Nej, jeg flytter alene.")
    main.get_by_role("button", name="Næste").click()

    expect(heading(desk)).to_have_text("Tjek svarene, og send ansøgningen")
    expect(main.locator(".summary-list")).to_contain_text("Nørregade 7")
    assert_no_axe_violations(desk)
    main.get_by_role("button", name="Send ansøgningen").click()

    expect(heading(desk)).to_have_text("Anne Hansen")
    notice = main.locator(".alert-success")
    expect(notice).to_contain_text("Ansøgningen er sendt")
    number = re.search(r"\d{4}-\d{6}", notice.inner_text()).group(0)
    expect(main.locator(".contact-timeline")).to_contain_text(number)

    # One case, begun online and finished at the desk.
    cases = list(Case.objects.filter(citizen=anne))
    assert len(cases) == 1
    assert cases[0].number == number
    assert cases[0].status != Status.DRAFT
    channels = set(cases[0].timeline.values_list("channel", flat=True))
    assert {"web", "desk"} <= channels

    desk.goto(f"/arbejde/sager/{number}/")
    timeline = desk.locator("main section[aria-labelledby=timeline] .timeline")
    expect(timeline).to_contain_text("Online")
    expect(timeline).to_contain_text("Borgerservice (skranke)")
    expect(timeline).to_contain_text("Fortsat via en anden kanal")

    # The citizen sees her case, sent, on My page.
    page.goto("/min-side/")
    expect(page.locator("main")).to_contain_text(number)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_desk_pages_pass_axe(staff_page, anne, demo_staff, language: str):
    desk = staff_page()
    staff_log_in(desk, next_url="/arbejde/borgerservice/", language=language)
    assert_no_axe_violations(desk)
    main = desk.locator("main")
    # An empty search: the error summary and the field errors.
    main.get_by_role("button", name=t(language, "Søg")).click()
    expect(main.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(desk)
    main.get_by_label(t(language, "CPR-nummer")).fill(ANNE_CPR)
    main.get_by_role("button", name=t(language, "Søg")).click()
    expect(heading(desk)).to_have_text("Anne Hansen")
    assert_no_axe_violations(desk)
