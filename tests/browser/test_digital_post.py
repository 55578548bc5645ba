"""Letters in a real browser: Anne reads the decision letter the outbox delivered to her
local Digital Post, and the front desk looks up a letter that went to print.

The mailbox, a message in it and the "Sendt til print" page are checked with axe-core
(WCAG 2.1 AA) in Danish and English."""

from __future__ import annotations

import pytest
from axe_check import assert_no_axe_violations
from django.utils import translation
from playwright.sync_api import Page, expect

from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.notifications.delivery import adapter_for
from borgerrejse.notifications.models import LocalDigitalPostMessage
from borgerrejse.notifications.worker import Worker
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.demo import DEMO_PASSWORD, FRONT_DESK, demo_totp_code, staff_demo_create

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}


def t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def local_providers(settings, tmp_path):
    settings.NOTIFICATION_ADAPTERS = {
        **settings.NOTIFICATION_ADAPTERS,
        "digital_post": "borgerrejse.notifications.adapters.digital_post.LocalDigitalPost",
        "print": "borgerrejse.notifications.adapters.printed.PrintFolder",
    }
    settings.NOTIFICATION_FAULTS = {}
    settings.PRINT_DIR = tmp_path / "print"
    adapter_for.cache_clear()
    yield
    adapter_for.cache_clear()


@pytest.fixture
def anne_with_mail(transactional_db, catalogue_server, local_providers):
    """Anne, with the decision on her new health card delivered to her Digital Post."""
    anne = demo_citizen_create("danish_adult")
    submitted_case(anne, "sundhedskort", {"reason": "lost"})
    Worker(idle_seconds=0, reminders_every=3600).run(until_empty=True)
    assert LocalDigitalPostMessage.objects.filter(citizen=anne).exists()
    return anne


def log_in(page: Page, language: str) -> None:
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Log ind"))
    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name=t(language, "Log ind")).click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_mailbox_and_a_message_have_no_accessibility_violations(
    page: Page, anne_with_mail, language: str
):
    prefix = PREFIX[language]
    letter = LocalDigitalPostMessage.objects.filter(citizen=anne_with_mail).first()

    page.goto(f"{prefix}/digital-post/")
    log_in(page, language)

    main = page.locator("main")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Digital Post"))
    expect(main.locator("tr.unread").first).to_be_visible()
    assert_no_axe_violations(page)

    main.get_by_role("link", name=letter.subject).click()

    expect(main.get_by_role("heading", level=1)).to_have_text(letter.subject)
    expect(main).to_contain_text(letter.sender)
    pdf_link = main.get_by_role("link", name=t(language, "Læs hele brevet (PDF)"))
    expect(pdf_link).to_be_visible()
    assert_no_axe_violations(page)

    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")

    main.get_by_role("link", name=t(language, "Tilbage til Digital Post")).click()
    expect(main.locator("tr.unread")).to_have_count(0)


@pytest.fixture
def printed_letter(transactional_db, catalogue_server, local_providers):
    """An exempt citizen's decision on a new health card, sent to print."""
    staff_demo_create()
    karl = CitizenFactory(exempt=True, first_name="Karl", last_name="Jensen")
    case = submitted_case(karl, "sundhedskort", {"reason": "lost"})
    Worker(idle_seconds=0, reminders_every=3600).run(until_empty=True)
    return case


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_letters_sent_to_print_have_no_accessibility_violations(
    page: Page, printed_letter, language: str
):
    page.goto(f"{PREFIX[language]}/arbejde/print/")
    main = page.locator("main")
    main.get_by_label(t(language, "Brugernavn")).fill(FRONT_DESK)
    main.get_by_label(t(language, "Adgangskode")).fill(DEMO_PASSWORD)
    main.get_by_label(t(language, "Kode fra din app")).fill(demo_totp_code(FRONT_DESK))
    main.get_by_role("button", name=t(language, "Log ind")).click()

    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Sendt til print"))
    expect(main.locator("table.printed-letters")).to_contain_text(printed_letter.number)
    expect(main).to_contain_text("Karl Jensen")
    assert_no_axe_violations(page)
