"""Telefontider in the workbench: who to call when, and recording how meetings went."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borgerrejse.appointments.booking import appointment_book
from borgerrejse.appointments.models import Appointment, AppointmentStatus
from borgerrejse.appointments.tests.booking_setup import (
    NOW,
    BookingSetup,
    booking_setup_create,
    local,
)
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.people.models import Citizen
from borgerrejse.staff.tests.logins import staff_create, staff_force_login

TUESDAY = NOW.date() + dt.timedelta(days=1)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(published_catalogue, frozen) -> BookingSetup:
    return booking_setup_create()


@pytest.fixture
def anne(db) -> Citizen:
    return demo_citizen_create("danish_adult")


@pytest.fixture
def desk_client(setup, client):
    member = staff_create(roles=["front_desk"], departments=["borgerservice"], username="lone")
    staff_force_login(client, member)
    return client


def phone_call(citizen: Citizen, at: dt.datetime) -> Appointment:
    return appointment_book(
        citizen=citizen,
        service_slug="sundhedskort",
        kind="phone",
        starts_at=at,
        phone="12 34 56 78",
    )


def test_phone_meetings_say_who_to_call_when(desk_client, anne, setup):
    phone_call(anne, local(TUESDAY, 9))
    appointment_book(
        citizen=anne,
        service_slug="pas",
        kind="desk",
        starts_at=local(TUESDAY, 10),
        location=setup.location,
    )

    page = desk_client.get("/arbejde/tider/", {"dag": TUESDAY.isoformat()}).content.decode()

    calls, meetings = page.split('class="table table--compact appointment-meetings"')
    assert "Anne Hansen" in calls and 'href="tel:12345678"' in calls and "09:00" in calls
    assert "sundhedskort" in calls.lower()
    assert "Pas" in meetings and "10:00" in meetings
    assert "Telefontider" in page


def test_check_in_served_and_no_show_are_recorded(desk_client, anne, setup):
    first = phone_call(anne, local(TUESDAY, 9))
    second = phone_call(anne, local(TUESDAY, 9, 20))

    response = desk_client.post(f"/arbejde/tider/{first.public_id}/moedt/")
    assert response["Location"] == f"/arbejde/tider/?dag={TUESDAY.isoformat()}"
    desk_client.post(f"/arbejde/tider/{first.public_id}/betjent/")
    desk_client.post(f"/arbejde/tider/{second.public_id}/udeblevet/")

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == AppointmentStatus.SERVED and first.checked_in_at == NOW
    assert first.recorded_by.username == "lone"
    assert second.status == AppointmentStatus.NO_SHOW
    assert desk_client.post(f"/arbejde/tider/{first.public_id}/slet/").status_code == 404
    # A refused change is a message, not an error page.
    page = desk_client.post(f"/arbejde/tider/{first.public_id}/udeblevet/", follow=True)
    assert "Det kan ikke registreres" in page.content.decode()


def test_citizens_cannot_reach_the_page(client, setup):
    assert client.get("/arbejde/tider/").status_code == 302


def test_only_staff_who_serve_citizens_record_meetings(client, anne, setup):
    owner = staff_create(roles=["service_owner"], departments=["borgerservice"], username="ole")
    staff_force_login(client, owner)
    meeting = phone_call(anne, local(TUESDAY, 9))

    assert client.get("/arbejde/tider/").status_code == 403
    response = client.post(f"/arbejde/tider/{meeting.public_id}/betjent/")
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == AppointmentStatus.BOOKED


def test_the_day_list_does_not_grow_in_queries(desk_client, anne, setup):
    url = f"/arbejde/tider/?dag={TUESDAY.isoformat()}"
    phone_call(anne, local(TUESDAY, 9))
    desk_client.get(url)
    with CaptureQueriesContext(connection) as before:
        desk_client.get(url)
    for minute in (20, 40):
        phone_call(anne, local(TUESDAY, 9, minute))
    for hour, minute in [(10, 0), (10, 15)]:
        appointment_book(
            citizen=anne,
            service_slug="pas",
            kind="desk",
            starts_at=local(TUESDAY, hour, minute),
            location=setup.location,
        )
    with CaptureQueriesContext(connection) as after:
        page = desk_client.get(url).content.decode()
    assert page.count("appointment-actions") == 5
    assert len(after) == len(before)
