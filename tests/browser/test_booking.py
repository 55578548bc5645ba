"""Booking in a real browser: Anne books a video meeting for her health card, gets the
confirmation, and moves the meeting. Every page is checked with axe-core (WCAG 2.1 AA)
in Danish and English."""

from __future__ import annotations

import pytest
from axe_check import assert_no_axe_violations
from django.utils import translation
from playwright.sync_api import Page, expect

from borgerrejse.appointments.models import Appointment, AppointmentStatus
from borgerrejse.appointments.tests.booking_setup import booking_setup_create
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.notifications.models import Message

pytestmark = pytest.mark.browser

PREFIX = {"da": "", "en": "/en"}


def t(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.fixture
def calendars(transactional_db) -> None:
    """Committed, so the live server sees them: the town hall and two staff calendars."""
    booking_setup_create()
    demo_citizen_create("danish_adult")


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_citizen_books_a_video_meeting_and_moves_it(page: Page, calendars, language: str):
    prefix = PREFIX[language]
    main = page.locator("main")

    page.goto(f"{prefix}/ydelser/sundhedskort/")
    main.get_by_role("link", name=t(language, "Book en tid")).click()
    main.get_by_label("Anne Hansen").check()
    main.get_by_role("button", name=t(language, "Log ind")).click()

    # Which kind of meeting.
    expect(main.get_by_role("heading", level=1)).to_contain_text(t(language, "Book en tid"))
    assert_no_axe_violations(page)
    main.get_by_role("link", name=t(language, "Videomøde")).click()

    # The free times, grouped by day.
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Vælg en tid"))
    assert_no_axe_violations(page)
    times = main.locator("input[name=slot]")
    first_time = main.locator("label[for^=slot-]").first.inner_text()
    times.first.check()
    main.get_by_role("button", name=t(language, "Fortsæt")).click()

    # Confirm.
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Bekræft tiden"))
    expect(main).to_contain_text(first_time)
    assert_no_axe_violations(page)
    main.get_by_role("button", name=t(language, "Book tiden")).click()

    # Booked, with the link to the meeting and the confirmation queued.
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Din tid er booket"))
    appointment = Appointment.objects.get()
    expect(main.locator("a.video-link")).to_have_attribute("href", appointment.video_url)
    assert appointment.video_url.startswith("https://meet.jit.si/Borgerrejse-")
    assert Message.objects.filter(
        template="appointment_confirmed", idempotency_key=f"appointment:{appointment.pk}:confirmed"
    ).exists()
    assert_no_axe_violations(page)

    # My messages shows the confirmation; My page lists the meeting.
    page.goto(f"{prefix}/min-side/beskeder/")
    expect(main.locator(".message-list > li")).to_have_count(1)
    page.goto(f"{prefix}/min-side/")
    expect(main.locator(".appointment-list")).to_contain_text(first_time)
    main.locator(".appointment-list").get_by_role("link", name=t(language, "Flyt tid")).click()

    # Move it to the next free time.
    expect(main.get_by_role("heading", level=1)).to_have_text(t(language, "Flyt din tid"))
    assert_no_axe_violations(page)
    second_time = main.locator("label[for^=slot-]").nth(1).inner_text()
    main.locator("input[name=slot]").nth(1).check()
    main.get_by_role("button", name=t(language, "Fortsæt")).click()
    main.get_by_role("button", name=t(language, "Flyt tiden")).click()

    expect(main).to_contain_text(
        t(language, "Din tid er flyttet. Vi har sendt dig en ny bekræftelse.")
    )
    expect(main).to_contain_text(second_time)
    assert_no_axe_violations(page)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    moved = Appointment.objects.get(rescheduled_from=appointment)
    assert moved.status == AppointmentStatus.BOOKED
    assert Message.objects.filter(template="appointment_confirmed").count() == 2

    # Cancelling asks first.
    main.get_by_role("link", name=t(language, "Aflys")).click()
    assert_no_axe_violations(page)
    main.get_by_role("button", name=t(language, "Ja, aflys tiden")).click()
    expect(main).to_contain_text(t(language, "Din tid er aflyst."))
    moved.refresh_from_db()
    assert moved.status == AppointmentStatus.CANCELLED
