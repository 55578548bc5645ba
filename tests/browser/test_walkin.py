"""The walk-in queue in a real browser: a citizen draws a ticket at the kiosk, a
front-desk worker calls it at a counter, serves the citizen, and the visit is recorded.

The kiosk, the ticket, the display and the counter page are checked with axe-core
(WCAG 2.1 AA) in Danish.
"""

from __future__ import annotations

import pytest
from axe_check import assert_no_axe_violations
from playwright.sync_api import Page, expect
from test_workbench import heading, staff_log_in, staff_page  # noqa: F401 (a fixture)

from borgerrejse.appointments.demo_booking import town_hall_create
from borgerrejse.appointments.models import Ticket, TicketStatus
from borgerrejse.appointments.walkin_demo import walkin_demo_create
from borgerrejse.staff.demo import FRONT_DESK, staff_demo_create

pytestmark = pytest.mark.browser


@pytest.fixture
def town_hall(transactional_db):
    """Committed, so the live server sees the counters and the demo staff."""
    location = town_hall_create()
    walkin_demo_create(location=location)
    staff_demo_create()
    return location


def test_a_walk_in_ticket_is_called_served_and_recorded(
    page: Page,
    staff_page,  # noqa: F811 (the fixture imported above)
    town_hall,
):
    # The citizen takes a number at the kiosk.
    page.goto("/kiosk/")
    expect(heading(page)).to_have_text("Tag et nummer")
    assert_no_axe_violations(page)
    main = page.locator("main")
    main.get_by_role("button", name="Tag nummer").click()
    expect(page.locator(".error-summary")).to_contain_text("Vælg, hvad du kommer for.")
    assert_no_axe_violations(page)
    main.get_by_label("Nyt sundhedskort").check()
    main.get_by_role("button", name="Tag nummer").click()
    expect(heading(page)).to_have_text("Dit nummer")
    expect(page.locator("#ticket-number")).to_have_text("S001")
    # No counter is open yet: the ticket says so rather than guessing.
    expect(page.locator("#ticket-estimate")).to_contain_text("Ingen skranke er åben")
    assert_no_axe_violations(page)
    ticket_url = page.url

    # The display in the waiting area.
    display = staff_page()
    display.goto("/skaerm/")
    expect(heading(display)).to_contain_text("Kaldte numre")
    assert_no_axe_violations(display)

    # The front desk opens counter 1 and calls the next number.
    desk = staff_page()
    staff_log_in(desk, FRONT_DESK, next_url="/arbejde/skranke/")
    expect(heading(desk)).to_have_text("Skranke og kø")
    assert_no_axe_violations(desk)
    desk.locator("main").get_by_role("button", name="Åbn skranke 1").click()
    desk.locator("main").get_by_role("button", name="Kald næste").click()
    expect(desk.locator("#current-number")).to_have_text("S001")
    assert_no_axe_violations(desk)

    # The number is on the display and on the citizen's ticket.
    display.reload()
    expect(display.locator(".walkin-called")).to_contain_text("S001")
    assert_no_axe_violations(display)
    page.goto(ticket_url)
    expect(page.locator("main")).to_contain_text("Gå hen til skranke 1.")

    # The citizen arrives and is served; the visit is recorded.
    desk.locator("main").get_by_role("button", name="Borgeren er kommet").click()
    desk.locator("main").get_by_role("button", name="Betjent").click()
    expect(desk.locator(".counter-recorded")).to_contain_text("S001")
    expect(desk.locator(".counter-recorded")).to_contain_text("Betjent")
    assert_no_axe_violations(desk)

    ticket = Ticket.objects.get(number="S001")
    assert ticket.status == TicketStatus.SERVED
    assert ticket.served_by.username == FRONT_DESK
    assert ticket.called_at is not None and ticket.served_ended_at is not None
