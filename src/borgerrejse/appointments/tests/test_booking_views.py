"""The portal's booking pages: choose, confirm, see, move and cancel a meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from borgerrejse.appointments.booking import appointment_book
from borgerrejse.appointments.models import Appointment, AppointmentStatus
from borgerrejse.appointments.selectors import free_slots
from borgerrejse.appointments.tests.booking_setup import (
    NOW,
    BookingSetup,
    booking_setup_create,
    local,
)
from borgerrejse.identity.tests.logins import demo_citizen_create, log_in
from borgerrejse.notifications.models import Message
from borgerrejse.people.models import Citizen

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
def anne_client(anne, setup) -> Client:
    client = Client()
    assert log_in(client, "danish_adult").status_code == 302
    return client


def key(at: dt.datetime, location_id: int | None) -> str:
    return f"{at.astimezone(dt.UTC):%Y%m%dT%H%M}-{location_id or 0}"


def test_pas_service_page_offers_booking_as_the_primary_action(client, setup):
    page = client.get("/ydelser/pas/").content.decode()
    assert 'class="button button-primary booking-link"' in page
    assert "/ydelser/pas/book-tid/" in page
    assert "Ansøg online" not in page
    other = client.get("/ydelser/sundhedskort/").content.decode()
    assert "Ansøg online" in other and "/ydelser/sundhedskort/book-tid/" in other


def test_booking_needs_a_login(client, setup):
    response = client.get("/ydelser/pas/book-tid/desk/")
    assert response.status_code == 302 and "log-ind" in response["Location"]


def test_a_single_kind_goes_straight_to_the_times(anne_client):
    response = anne_client.get("/ydelser/pas/book-tid/")
    assert response["Location"] == "/ydelser/pas/book-tid/desk/"
    page = anne_client.get("/ydelser/sundhedskort/book-tid/").content.decode()
    assert "/ydelser/sundhedskort/book-tid/video/" in page
    assert anne_client.get("/ydelser/pas/book-tid/video/").status_code == 404


def test_the_citizen_books_a_desk_time_for_pas(anne_client, anne, setup):
    slots = anne_client.get("/ydelser/pas/book-tid/desk/").content.decode()
    slot = key(local(TUESDAY, 10), setup.location.pk)
    assert f'value="{slot}"' in slots and "3. marts 2026 kl. 10.00" in slots

    confirm = anne_client.get("/ydelser/pas/book-tid/desk/bekraeft/", {"slot": slot})
    assert "Rådhustorvet 1" in confirm.content.decode()
    response = anne_client.post("/ydelser/pas/book-tid/desk/bekraeft/", {"slot": slot})

    appointment = Appointment.objects.get(citizen=anne)
    assert response["Location"] == f"/min-side/tider/{appointment.public_id}/"
    assert appointment.starts_at == local(TUESDAY, 10) and appointment.location == setup.location
    done = anne_client.get(response["Location"]).content.decode()
    assert "Din tid er booket" in done
    my_page = anne_client.get("/min-side/").content.decode()
    assert "3. marts 2026 kl. 10.00" in my_page and "Flyt tid" in my_page


def test_a_taken_time_sends_the_citizen_back_with_a_message(anne_client, setup):
    james = demo_citizen_create("english_speaking")
    appointment_book(
        citizen=james,
        service_slug="pas",
        kind="desk",
        starts_at=local(TUESDAY, 10),
        location=setup.location,
    )
    slot = key(local(TUESDAY, 10), setup.location.pk)

    response = anne_client.post("/ydelser/pas/book-tid/desk/bekraeft/", {"slot": slot})

    assert response["Location"] == "/ydelser/pas/book-tid/desk/?optaget=1"
    page = anne_client.get(response["Location"]).content.decode()
    assert "Tiden er lige blevet taget. Vælg en anden." in page


def test_a_phone_time_asks_for_the_number(anne_client, anne):
    slot = key(local(TUESDAY, 9), None)
    url = "/ydelser/sundhedskort/book-tid/phone/bekraeft/"
    response = anne_client.post(url, {"slot": slot, "phone": ""})
    assert response.status_code == 200
    assert "Skriv det telefonnummer, vi skal ringe til." in response.content.decode()
    response = anne_client.post(url, {"slot": slot, "phone": "12345678"})
    assert Appointment.objects.get(citizen=anne).phone == "12345678"


def test_video_booking_shows_the_link_and_queues_the_confirmation(anne_client, anne):
    slot = key(local(TUESDAY, 9), None)
    response = anne_client.post("/ydelser/sundhedskort/book-tid/video/bekraeft/", {"slot": slot})
    appointment = Appointment.objects.get(citizen=anne)
    page = anne_client.get(response["Location"]).content.decode()
    assert appointment.video_url and appointment.video_url in page
    assert Message.objects.filter(citizen=anne, template="appointment_confirmed").count() == 1


def test_reschedule_and_cancel(anne_client, anne, setup):
    old = appointment_book(
        citizen=anne,
        service_slug="pas",
        kind="desk",
        starts_at=local(TUESDAY, 10),
        location=setup.location,
    )
    page = anne_client.get(f"/min-side/tider/{old.public_id}/flyt/").content.decode()
    new_slot = key(local(TUESDAY, 11), setup.location.pk)
    assert f'value="{new_slot}"' in page
    response = anne_client.post(
        f"/min-side/tider/{old.public_id}/flyt/bekraeft/", {"slot": new_slot}
    )
    new = Appointment.objects.get(rescheduled_from=old)
    assert response["Location"] == f"/min-side/tider/{new.public_id}/"
    old.refresh_from_db()
    assert old.status == AppointmentStatus.CANCELLED

    # A cancelled meeting can no longer be moved or cancelled.
    assert anne_client.get(f"/min-side/tider/{old.public_id}/flyt/").status_code == 404
    anne_client.post(f"/min-side/tider/{new.public_id}/aflys/")
    new.refresh_from_db()
    assert new.status == AppointmentStatus.CANCELLED
    assert local(TUESDAY, 11) in [
        s.starts_at for s in free_slots(service_slug="pas", kind="desk", days=[TUESDAY])
    ]


def test_another_citizens_appointment_is_not_found(anne_client, setup):
    james = demo_citizen_create("english_speaking")
    theirs = appointment_book(
        citizen=james,
        service_slug="pas",
        kind="desk",
        starts_at=local(TUESDAY, 10),
        location=setup.location,
    )
    for suffix in ("", "flyt/", "flyt/bekraeft/", "aflys/"):
        assert anne_client.get(f"/min-side/tider/{theirs.public_id}/{suffix}").status_code == 404
    assert anne_client.post(f"/min-side/tider/{theirs.public_id}/aflys/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == AppointmentStatus.BOOKED


def test_pages_do_not_grow_in_queries_with_the_bookings(
    anne_client, anne, setup, django_assert_max_num_queries
):
    def count(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert anne_client.get(url).status_code == 200
        return len(queries)

    anne_client.get("/ydelser/pas/book-tid/desk/")
    before_slots, before_my_page = count("/ydelser/pas/book-tid/desk/"), count("/min-side/")
    for hour, minute in [(10, 0), (10, 15), (10, 30), (11, 0), (11, 15)]:
        appointment_book(
            citizen=anne,
            service_slug="pas",
            kind="desk",
            starts_at=local(TUESDAY, hour, minute),
            location=setup.location,
        )
    assert count("/ydelser/pas/book-tid/desk/") == before_slots
    assert count("/min-side/") == before_my_page
    with django_assert_max_num_queries(12):
        anne_client.get("/ydelser/pas/book-tid/desk/")
