"""The caseworker's workbench in a real browser, with the citizen on the other side.

(a) A caseworker takes the next case (funeral assistance, estate unknown), asks for the
    estate figures, the citizen answers online, and the caseworker grants it with edited
    reasons; the citizen sees the decision and the caseworker's name.
(b) A contested instant decision is reviewed and overturned.

Every workbench page is checked with axe-core (WCAG 2.1 AA) in Danish and English: the
staff login, the queue, the case view with its forms, the decision form with an error,
and the team lead's workload.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator

import pytest
from axe_check import assert_no_axe_violations
from django.utils import timezone, translation
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect

from borgerrejse.cases.models import DecisionPreference
from borgerrejse.cases.services import (
    case_claim_next,
    case_forward,
    case_note_add,
    information_request,
)
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.staff.demo import (
    BORGERSERVICE_CASEWORKER,
    DEMO_PASSWORD,
    DEMO_STAFF,
    YDELSE_CASEWORKER,
    YDELSE_TEAM_LEAD,
    demo_totp_code,
    staff_demo_create,
)
from borgerrejse.staff.models import StaffMember

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# Set WORKBENCH_SCREENSHOTS to a folder to keep screenshots of the pages for a look.
SHOTS = os.environ.get("WORKBENCH_SCREENSHOTS", "")


def t(language: str, message: str) -> str:
    """The message as the page shows it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def anne(transactional_db):
    """Committed, so the live server sees her."""
    return demo_citizen_create("danish_adult")


@pytest.fixture
def demo_staff(transactional_db) -> None:
    staff_demo_create()


@pytest.fixture
def staff_page(browser: Browser, catalogue_server) -> Iterator[Callable[[], Page]]:
    """New pages in their own browser context: a caseworker beside the citizen's `page`.

    Like `page`, a failed response or a script error fails the test.
    """
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
    # A refused form answers 400 on purpose; anything else is a problem.
    unexpected = [p for p in problems if not p.startswith("HTTP 400")]
    assert not unexpected, "the browser met problems:\n" + "\n".join(unexpected)


def screenshot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}", full_page=True)


def heading(page: Page):
    return page.locator("main h1")


def open_all_details(page: Page) -> None:
    """Open every <details>, so that axe-core checks the forms inside them too."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")


def staff_log_in(page: Page, username: str, *, next_url: str = "/arbejde/", language: str = "da"):
    """Through the staff login: username, password and the TOTP code of the moment."""
    prefix = PREFIX[language]
    page.goto(f"{prefix}{next_url}")
    expect(heading(page)).to_have_text(t(language, "Log ind som medarbejder"))
    main = page.locator("main")
    main.get_by_label(t(language, "Brugernavn")).fill(username)
    main.get_by_label(t(language, "Adgangskode")).fill(DEMO_PASSWORD)
    main.get_by_label(t(language, "Kode fra din app")).fill(demo_totp_code(username))
    main.get_by_role("button", name=t(language, "Log ind")).click()
    expect(page.locator("header")).to_contain_text(full_name(username))


def full_name(username: str) -> str:
    demo = DEMO_STAFF[username]
    return f"{demo.first_name} {demo.last_name}"


def citizen_log_in(page: Page) -> None:
    main = page.locator("main")
    expect(heading(page)).to_have_text("Log ind")
    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name="Log ind").click()


def next_button(page: Page):
    return page.locator("main button[name='_action'][value='next']")


def apply_for_funeral_assistance(page: Page, tmp_path) -> str:
    """Anne applies online with "Ved ikke" on the estate; returns the case number."""
    page.goto("/ydelser/begravelseshjaelp/")
    main = page.locator("main")
    main.get_by_role("link", name="Ansøg online").click()
    citizen_log_in(page)
    page.locator("main form button[type='submit']").click()
    main.get_by_label("Hvornår blev afdøde født?").fill("01-05-1950")
    main.get_by_label("Hvornår døde afdøde?").fill("01-10-2026")
    next_button(page).click()
    main.get_by_role(
        "group", name="Efterlader afdøde en ægtefælle eller børn under 18 år?"
    ).get_by_label("Nej").check()
    main.get_by_label("Ved ikke").check()
    next_button(page).click()
    main.get_by_label("Hvad kostede begravelsen i alt?").fill("12.000")
    next_button(page).click()
    invoice = tmp_path / "regning.pdf"
    invoice.write_bytes(PDF)
    main.get_by_label("Vælg en fil").set_input_files(invoice)
    main.get_by_role("button", name="Vedhæft fil").click()
    expect(main).to_contain_text("Vi har gemt filen »regning.pdf«.")
    next_button(page).click()
    main.get_by_label("Afgør det med det samme, hvis det kan lade sig gøre").check()
    main.get_by_role("button", name="Send ansøgningen").click()
    expect(heading(page)).to_have_text("Vi har modtaget din ansøgning")
    number = re.search(r"Sagsnummeret er (\d{4}-\d{6})\.", main.inner_text())
    assert number, main.inner_text()
    return number.group(1)


# (a) Take next, ask, the citizen answers online, grant with edited reasons


def test_a_caseworker_asks_the_citizen_and_grants_funeral_assistance(
    page: Page, staff_page, anne, demo_staff, tmp_path
):
    number = apply_for_funeral_assistance(page, tmp_path)

    # The caseworker logs in with password and TOTP, and takes the next case.
    worker = staff_page()
    staff_log_in(worker, YDELSE_CASEWORKER)
    expect(heading(worker)).to_have_text("Sager, der venter på en sagsbehandler")
    queue = worker.locator("main table")
    expect(queue).to_contain_text(number)
    expect(queue).to_contain_text("Begravelseshjælp")
    screenshot(worker, "workbench-queue.png")
    worker.get_by_role("button", name="Tag næste sag").click()

    main = worker.locator("main")
    expect(heading(worker)).to_have_text("Begravelseshjælp")
    expect(main).to_contain_text(f"Du har taget sag {number}.")
    expect(main.locator(".case-facts")).to_contain_text("Mette Sørensen")
    expect(main).to_contain_text("Hvor stor var afdødes formue på dødsdagen?")
    expect(main.locator("section[aria-labelledby='answers']")).to_contain_text("Ved ikke")
    expect(main).to_contain_text("Sendt til en sagsbehandler")
    main.get_by_text("Sådan regnede reglerne (sporing)").click()
    expect(main.locator(".trace")).to_contain_text("Mangler oplysninger")
    expect(main.locator(".trace")).to_contain_text("Formuegrænse uden ægtefælle")
    expect(main.locator("section[aria-labelledby='attachments']")).to_contain_text("regning.pdf")
    screenshot(worker, "workbench-case.png")

    # Ask for the estate figures; the clock stops.
    main.get_by_text("Bed borgeren om oplysninger").click()
    main.get_by_label("Hvad skal borgeren sende?").fill(
        "Send en opgørelse af afdødes formue på dødsdagen, fx et kontoudtog fra banken."
    )
    main.get_by_role("button", name="Send anmodningen").click()
    expect(main).to_contain_text("Borgeren er bedt om oplysninger.")
    expect(main.locator(".case-badges")).to_contain_text("Venter på borgeren")
    expect(main.locator(".case-badges")).to_contain_text("Fristen står stille")

    # The citizen sees the question on My page and answers online with a file.
    page.goto("/min-side/")
    waiting = page.locator("main .waiting-list")
    expect(waiting).to_contain_text("Mette Sørensen spørger:")
    expect(waiting).to_contain_text("Send en opgørelse af afdødes formue")
    assert_no_axe_violations(page)
    waiting.get_by_role("link", name=re.compile("Svar online")).click()
    expect(heading(page)).to_have_text("Svar på vores spørgsmål")
    assert_no_axe_violations(page)
    citizen = page.locator("main")
    statement = tmp_path / "kontoudtog.pdf"
    statement.write_bytes(PDF)
    wrong = tmp_path / "noter.txt"
    wrong.write_text("ikke en pdf")
    citizen.get_by_label("Dit svar").fill("Afdødes formue på dødsdagen var 15.000 kr.")
    citizen.get_by_label("Vedhæft filer").set_input_files([statement, wrong])
    citizen.get_by_role("button", name="Send svaret").click()
    summary = citizen.locator("[data-module='error-summary']")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("»noter.txt«")
    expect(citizen.get_by_label("Dit svar")).to_have_value(
        "Afdødes formue på dødsdagen var 15.000 kr."
    )
    expect(citizen).to_contain_text("kontoudtog.pdf")
    assert_no_axe_violations(page)
    screenshot(page, "portal-answer-error.png")
    citizen.get_by_role("button", name="Send svaret").click()
    expect(citizen).to_contain_text("Tak for dit svar.")
    expect(citizen.locator(".answered-requests")).to_contain_text("kontoudtog.pdf")
    expect(citizen.locator(".handler")).to_contain_text("Mette Sørensen")
    assert_no_axe_violations(page)

    # Back with the caseworker: the answer is there, and the case is in review again.
    worker.reload()
    expect(main.locator(".case-badges")).to_contain_text("Under behandling")
    expect(main.locator("section[aria-labelledby='requests']")).to_contain_text(
        "Afdødes formue på dødsdagen var 15.000 kr."
    )
    main.get_by_role("link", name="Træf afgørelse").click()
    expect(heading(worker)).to_have_text("Træf afgørelse")
    expect(main.locator("aside")).to_contain_text("15.000 kr.")

    # A decision without an outcome is refused, and what was typed stays.
    reason = main.get_by_label(re.compile(r"^Begrundelse 1 "))
    reason.fill("Boets formue var 15.000 kr.")
    main.get_by_role("button", name="Træf afgørelsen").click()
    expect(main.locator("[data-module='error-summary']")).to_contain_text(
        "Vælg, hvad afgørelsen går ud på."
    )
    expect(reason).to_have_value("Boets formue var 15.000 kr.")

    main.get_by_label("Bevilget", exact=True).check()
    main.get_by_label(re.compile(r"^Beløb")).fill("12.000")
    reason.fill(
        "Boets formue var 15.000 kr. på dødsdagen. Det er under grænsen på 21.700 kr. "
        "Du får derfor hele regningen for begravelsen dækket: 12.000 kr."
    )
    main.get_by_label(re.compile(r"^Begrundelse 2 ")).fill(
        "Vi har brugt det kontoudtog, du sendte den dag, du svarede."
    )
    main.get_by_role("button", name="Træf afgørelsen").click()
    expect(main).to_contain_text("Afgørelsen er truffet og sendt til borgeren.")
    decisions = main.locator("section[aria-labelledby='decisions']")
    expect(decisions).to_contain_text("Bevilget")
    expect(decisions).to_contain_text("12.000 kr.")
    expect(decisions).to_contain_text("Truffet af Mette Sørensen")

    # The citizen sees the decision, with the caseworker's name.
    page.goto(f"/sager/{number}/")
    citizen = page.locator("main")
    expect(citizen.locator(".badge").first).to_have_text("Afgjort")
    expect(citizen.locator(".handler")).to_contain_text(
        "Din sagsbehandler er Mette Sørensen fra Ydelse og Jobcenter."
    )
    citizen.get_by_role("link", name="Læs afgørelsen").click()
    expect(heading(page)).to_have_text("Afgørelse: Begravelseshjælp")
    expect(citizen.locator(".decision-amount")).to_have_text("Du får udbetalt 12.000 kr.")
    expect(citizen).to_contain_text("Det er under grænsen på 21.700 kr.")
    expect(citizen).to_contain_text("Mette Sørensen")
    assert_no_axe_violations(page)


# (b) A contested instant decision is reviewed and overturned


def test_a_contested_instant_decision_is_overturned(page: Page, staff_page, anne, demo_staff):
    page.goto("/ydelser/sundhedskort/")
    citizen = page.locator("main")
    citizen.get_by_role("link", name="Ansøg online").click()
    citizen_log_in(page)
    page.locator("main form button[type='submit']").click()
    citizen.get_by_label("Kortet er væk").check()
    next_button(page).click()
    citizen.get_by_label("Afgør det med det samme, hvis det kan lade sig gøre").check()
    citizen.get_by_role("button", name="Send ansøgningen").click()
    expect(citizen.locator(".decision-amount")).to_have_text("Du skal betale et gebyr på 225 kr.")
    number = re.search(r"/sager/([^/]+)/", page.url)
    assert number
    citizen.get_by_role("link", name="Klag over afgørelsen").click()
    citizen.get_by_label("Hvorfor er du uenig?").fill(
        "Kortet blev stjålet sammen med min pung. Jeg har anmeldt det til politiet."
    )
    citizen.get_by_role("button", name="Send klagen").click()
    expect(citizen).to_contain_text("Vi har modtaget din klage")

    worker = staff_page()
    staff_log_in(worker, BORGERSERVICE_CASEWORKER)
    main = worker.locator("main")
    expect(main.locator("table")).to_contain_text("Klage modtaget")
    worker.get_by_role("button", name="Tag næste sag").click()
    expect(heading(worker)).to_have_text("Nyt sundhedskort")
    expect(main).to_contain_text("Borgeren har klaget over afgørelsen")
    expect(main).to_contain_text("Kortet blev stjålet sammen med min pung.")
    main.get_by_role("link", name="Genvurdér afgørelsen").click()

    expect(heading(worker)).to_have_text("Genvurdér afgørelsen")
    expect(main).to_contain_text("Automatisk")
    assert_no_axe_violations(worker)
    screenshot(worker, "workbench-review.png")
    main.get_by_label("Ændr afgørelsen").check()
    main.get_by_label("Vurdering").fill(
        "Kortet er stjålet, ikke mistet. Tyveri er politianmeldt; så er et nyt kort gratis."
    )
    main.get_by_label("Bevilget", exact=True).check()
    main.get_by_label(re.compile(r"^Beløb")).fill("0")
    # The rules' reasons are pre-filled: the caseworker rewrites the first and removes
    # the one about the fee.
    reason = main.get_by_label(re.compile(r"^Begrundelse 1 "))
    expect(reason).to_have_value("Du får et nyt sundhedskort.")
    reason.fill(
        "Dit kort er stjålet, og du har anmeldt tyveriet til politiet. "
        "Så koster et nyt kort ikke noget."
    )
    fee = main.get_by_label(re.compile(r"^Begrundelse 2 "))
    expect(fee).to_have_value("Dit kort er væk. Et nyt kort koster 225 kr.")
    fee.fill("")
    main.get_by_role("button", name="Gem genvurderingen").click()

    expect(main).to_contain_text("Afgørelsen er ændret. Borgeren får den nye afgørelse.")
    decisions = main.locator("section[aria-labelledby='decisions']")
    expect(decisions).to_contain_text("Erstattet")
    expect(decisions).to_contain_text("Truffet af Sofie Lund")
    expect(decisions).to_contain_text("afgørelsen er ændret")

    page.goto(f"/sager/{number.group(1)}/")
    newest = page.locator("main .decision-list li").last
    expect(newest).to_contain_text("Bevilget")
    newest.get_by_role("link", name="Læs afgørelsen").click()
    expect(page.locator("main .decision-amount")).to_have_text("Det koster ikke noget.")
    reasons = page.locator("main .decision-reasons")
    expect(reasons).to_contain_text("Dit kort er stjålet")
    expect(reasons).not_to_contain_text("225 kr.")
    expect(page.locator("main")).to_contain_text("Sofie Lund")


# axe-core on every workbench page, in Danish and English


@pytest.fixture
def busy_department(demo_staff, anne) -> str:
    """Cases in Ydelse: one in the queue, one being handled with a note, a request and a
    forwarded task. Returns the number of the handled case."""
    lead = StaffMember.objects.get(user__username=YDELSE_TEAM_LEAD).user
    worker = StaffMember.objects.get(user__username=YDELSE_CASEWORKER).user
    estate = {
        "deceased_birth_date": "1950-05-01",
        "date_of_death": "2026-10-01",
        "has_spouse_or_children_under_18": False,
        "estate_wealth_dkk": "unknown",
        "funeral_expenses_dkk": "12000.00",
    }
    today = timezone.localdate()
    handled = submitted_case(anne, "begravelseshjaelp", estate, today=today)
    submitted_case(anne, "enkeltydelse", {}, preference=DecisionPreference.CASEWORKER, today=today)
    case = case_claim_next(user=lead, departments=["ydelse"], services=["begravelseshjaelp"])
    assert case is not None and case.pk == handled.pk
    case_note_add(case=case, user=lead, text="Bedemanden har ringet.")
    case_forward(case=case, user=lead, to_department="social", description="Tjek for gæld.")
    submitted_case(anne, "begravelseshjaelp", estate, today=today)
    other = case_claim_next(user=worker, departments=["ydelse"], services=["begravelseshjaelp"])
    assert other is not None
    information_request(
        case=other,
        user=worker,
        message="Send en opgørelse af boet.",
        respond_by=today + dt.timedelta(days=14),
    )
    return str(handled.number)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_workbench_pages_pass_axe(staff_page, busy_department, language: str):
    prefix = PREFIX[language]
    worker = staff_page()
    main = worker.locator("main")

    # The staff login, clean and with errors.
    worker.goto(f"{prefix}/arbejde/")
    expect(worker.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(worker)
    main.get_by_role("button", name=t(language, "Log ind")).click()
    expect(main.locator("[data-module='error-summary']")).to_be_visible()
    assert_no_axe_violations(worker)
    staff_log_in(worker, YDELSE_TEAM_LEAD, language=language)

    # The queue, filtered and not.
    expect(heading(worker)).to_have_text(t(language, "Sager, der venter på en sagsbehandler"))
    assert_no_axe_violations(worker)
    worker.goto(f"{prefix}/arbejde/?service=begravelseshjaelp&overdue=on")
    assert_no_axe_violations(worker)

    # The case view with every form open, and a form refused.
    worker.goto(f"{prefix}/arbejde/sager/{busy_department}/")
    open_all_details(worker)
    assert_no_axe_violations(worker)
    if language == "da":
        screenshot(worker, "workbench-case-forms.png")
    main.get_by_role("button", name=t(language, "Send anmodningen")).click()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    assert_no_axe_violations(worker)

    # The decision form, clean and with an error.
    worker.goto(f"{prefix}/arbejde/sager/{busy_department}/afgoerelse/")
    assert_no_axe_violations(worker)
    main.get_by_role("button", name=t(language, "Træf afgørelsen")).click()
    expect(main.locator("[data-module='error-summary']")).to_be_focused()
    assert_no_axe_violations(worker)
    if language == "da":
        screenshot(worker, "workbench-decide-error.png")

    # The team lead's workload, my cases, decisions to approve, tasks.
    for path in ("team/", "mine-sager/", "godkendelser/", "opgaver/"):
        worker.goto(f"{prefix}/arbejde/{path}")
        expect(heading(worker)).to_be_visible()
        assert_no_axe_violations(worker)
    if language == "da":
        worker.goto(f"{prefix}/arbejde/team/")
        screenshot(worker, "workbench-team.png")
