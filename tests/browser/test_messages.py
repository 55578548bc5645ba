"""Messages in a real browser: the citizen's "Mine beskeder" and the workbench's
"Fejlede beskeder", each checked with axe-core (WCAG 2.1 AA) in Danish and English.

Anne has a decision letter that went out, a receipt still waiting, and a message that
could not be delivered; a citizen with an invalid phone number has a failed SMS that
shows on the staff page.
"""

from __future__ import annotations

import pytest
from axe_check import assert_no_axe_violations
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from borgerrejse.cases.models import DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.notifications.services import case_context, message_queue
from borgerrejse.notifications.tests.provider import REFUSING, use_provider
from borgerrejse.notifications.worker import Worker
from borgerrejse.people.models import PreferredChannel
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.tests.logins import PASSWORD, staff_create, totp_code

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}


def t(language: str, message: str) -> str:
    """The message as the page shows it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def messages_sent(transactional_db, settings) -> None:
    """Committed, so the live server sees them: Anne's decision letter (sent), a reminder
    (failed) and a receipt (waiting), and a failed SMS to a citizen with no valid number,
    all on health card cases in Borgerservice."""
    today = timezone.localdate()
    use_provider(settings)
    anne = demo_citizen_create("danish_adult")
    decided = submitted_case(anne, "sundhedskort", {"reason": "lost"}, today=today)
    Worker().run(until_empty=True)
    # From here on Digital Post refuses, and the SMS goes to a number that is none.
    use_provider(settings, REFUSING)
    message_queue(
        citizen=anne,
        case=decided,
        template="deadline_reminder",
        key="browser:reminder",
        context=case_context(decided, "da") | {"respond_by": "16. marts 2026"},
    )
    unreachable = CitizenFactory(phone="123", preferred_channels=[PreferredChannel.SMS])
    submitted_case(
        unreachable,
        "sundhedskort",
        {"reason": "lost"},
        preference=DecisionPreference.CASEWORKER,
        today=today,
    )
    Worker().run(until_empty=True)
    # Still waiting: queued after the worker's last round.
    submitted_case(
        anne,
        "sundhedskort",
        {"reason": "lost"},
        preference=DecisionPreference.CASEWORKER,
        today=today,
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_my_messages_passes_axe(page: Page, messages_sent, language: str):
    prefix = PREFIX[language]
    main = page.locator("main")

    page.goto(f"{prefix}/min-side/beskeder/")
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Log ind"))
    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name=t(language, "Log ind")).click()

    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Mine beskeder"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(main.locator(".message-list > li")).to_have_count(3)
    expect(main).to_contain_text(t(language, "Sendt"))
    expect(main).to_contain_text(t(language, "Kunne ikke leveres – vi kontakter dig"))
    assert_no_axe_violations(page)

    # With a message opened.
    main.locator("summary").first.click()
    expect(main.locator("details").first).to_have_attribute("open", "")
    assert_no_axe_violations(page)

    # The case page, with the messages in its timeline.
    main.locator(".message-meta a").first.click()
    expect(main.locator(".timeline")).to_contain_text(t(language, "Vi skrev til dig"))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_failed_messages_page_passes_axe(page: Page, messages_sent, language: str):
    staff_create(
        roles=["caseworker"],
        departments=["borgerservice"],
        skills=["sundhedskort", "flytning"],
        username="sofie",
    )
    prefix = PREFIX[language]
    main = page.locator("main")

    page.goto(f"{prefix}/arbejde/beskeder/fejlede/")
    main.get_by_label(t(language, "Brugernavn")).fill("sofie")
    main.get_by_label(t(language, "Adgangskode")).fill(PASSWORD)
    main.get_by_label(t(language, "Kode fra din app")).fill(totp_code())
    main.get_by_role("button", name=t(language, "Log ind")).click()

    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Fejlede beskeder"))
    rows = main.locator("table.failed-messages tbody tr")
    expect(rows).to_have_count(2)
    expect(main.locator("table.failed-messages")).to_contain_text("Ugyldigt telefonnummer")
    expect(page.locator(".failed-messages-count")).to_contain_text("2")
    assert_no_axe_violations(page)

    main.get_by_role("button", name=t(language, "Markér som håndteret")).first.click()
    expect(rows).to_have_count(1)
    expect(page.locator(".failed-messages-count")).to_contain_text("1")
    # With the confirmation shown.
    assert_no_axe_violations(page)
