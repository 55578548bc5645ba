"""The walk-in pages: the kiosk, the ticket, the display, the counter in the workbench,
and the desk wait on the service page. The list pages run a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from borgerrejse.appointments.models import Location, Ticket, TicketStatus, WorkProfile
from borgerrejse.appointments.tests.booking_setup import NOW, booking_setup_create
from borgerrejse.appointments.walkin import counter_open, ticket_call_next, ticket_draw
from borgerrejse.appointments.walkin_demo import walkin_demo_create
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.tests.logins import staff_create, staff_force_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def location(published_catalogue, clock) -> Location:
    location = booking_setup_create().location
    walkin_demo_create(location=location)
    return location


@pytest.fixture
def lone(location):
    return staff_create(roles=["front_desk"], departments=["borgerservice"], username="lone")


@pytest.fixture
def lone_client(lone) -> Client:
    client = Client()
    staff_force_login(client, lone)
    return client


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_kiosk_gives_a_number_with_its_wait(location, lone, client):
    counter = location.desk_counters.get(number=1)
    counter_open(counter=counter, user=lone.user, profile=WorkProfile.objects.first())
    ticket_draw(location=location, service_slug="pas")

    page = client.get(reverse("portal:walkin_kiosk"))
    assert page.status_code == 200
    assert "Pas" in page.content.decode()

    response = client.post(reverse("portal:walkin_kiosk"), {"service": "pas"})

    ticket = Ticket.objects.get(number="P002")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:walkin_ticket", args=[ticket.public_id])
    shown = client.get(response["Location"]).content.decode()
    assert "P002" in shown
    assert 'id="ticket-ahead">1<' in shown
    assert "Ventetid ca. 12 minutter" in shown  # one ahead, one counter free: 1 × 12 min


def test_the_kiosk_asks_again_without_a_choice(location, client):
    response = client.post(reverse("portal:walkin_kiosk"), {})

    assert response.status_code == 200
    assert "Vælg, hvad du kommer for." in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_kiosk_takes_a_mobile_number_for_the_sms(location, client):
    response = client.post(
        reverse("portal:walkin_kiosk"), {"service": "pas", "phone": "20 30 40 50"}
    )

    assert response.status_code == 302
    assert Ticket.objects.get().phone == "+4520304050"


def test_a_bad_mobile_number_is_explained_and_the_choice_kept(location, client):
    response = client.post(reverse("portal:walkin_kiosk"), {"service": "pas", "phone": "123"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv et dansk mobilnummer med 8 cifre" in page
    assert 'href="#id_phone"' in page  # the error summary leads to the field
    assert re.search(r'value="pas"[^>]*checked', page) and 'value="123"' in page
    assert not Ticket.objects.exists()


def test_an_unknown_ticket_is_not_found(location, client):
    url = reverse("portal:walkin_ticket", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_the_display_shows_calls_and_queues_in_fixed_queries(location, lone, client, clock):
    counter = location.desk_counters.get(number=2)
    counter = counter_open(counter=counter, user=lone.user, profile=WorkProfile.objects.first())
    for service in ("pas", "sundhedskort", "flytning"):
        ticket_draw(location=location, service_slug=service)
    called = ticket_call_next(counter=counter, user=lone.user)
    url = reverse("portal:walkin_display")

    few = queries(client, url)
    for _ in range(20):
        ticket_draw(location=location, service_slug="sundhedskort")
    many = queries(client, url)

    assert few == many
    page = client.get(url).content.decode()
    assert called.number in page
    assert "Nyt sundhedskort" in page


def test_the_counter_calls_serves_and_records(location, lone, lone_client):
    counter = location.desk_counters.get(number=1)
    profile = WorkProfile.objects.get(name="Alle ydelser")
    ticket_draw(location=location, service_slug="flytning")
    url = reverse("workbench:counter")

    assert lone_client.get(url).status_code == 200
    lone_client.post(reverse("workbench:counter_open", args=[counter.pk]), {"profile": profile.pk})
    lone_client.post(reverse("workbench:counter_call", args=[counter.pk]))
    ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.CALLED
    page = lone_client.get(url).content.decode()
    assert ticket.number in page

    lone_client.post(reverse("workbench:counter_ticket", args=[counter.pk, ticket.pk, "start"]))
    lone_client.post(reverse("workbench:counter_ticket", args=[counter.pk, ticket.pk, "betjent"]))

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.SERVED
    assert ticket.served_by == lone.user


def test_the_counter_page_runs_fixed_queries(location, lone, lone_client):
    counter = location.desk_counters.get(number=1)
    counter_open(counter=counter, user=lone.user, profile=WorkProfile.objects.first())
    ticket_draw(location=location, service_slug="pas")
    url = reverse("workbench:counter")

    few = queries(lone_client, url)
    for _ in range(15):
        ticket_draw(location=location, service_slug="pas")
    many = queries(lone_client, url)

    assert few == many


def test_only_those_who_serve_citizens_use_the_counter(location, client):
    owner = staff_create(roles=["service_owner"], departments=["ydelse"], username="mette")
    staff_force_login(client, owner)

    assert client.get(reverse("workbench:counter")).status_code == 403


def test_transfer_from_the_counter(location, lone, lone_client):
    counter = location.desk_counters.get(number=1)
    counter = counter_open(counter=counter, user=lone.user, profile=WorkProfile.objects.first())
    ticket_draw(location=location, service_slug="pas")
    ticket = ticket_call_next(counter=counter, user=lone.user)

    lone_client.post(
        reverse("workbench:counter_ticket", args=[counter.pk, ticket.pk, "flyt"]),
        {"service": "sundhedskort"},
    )

    moved = Ticket.objects.get(transferred_from=ticket)
    assert moved.service_slug == "sundhedskort" and moved.number == ticket.number


def test_the_service_page_shows_the_desk_wait_now(location, lone, client, clock):
    counter = location.desk_counters.get(number=1)
    counter_open(counter=counter, user=lone.user, profile=WorkProfile.objects.first())
    for _ in range(3):
        ticket_draw(location=location, service_slug="sundhedskort")

    page = client.get(reverse("portal:service", args=["sundhedskort"])).content.decode()

    assert "Det kan du forvente lige nu" in page
    # Three ahead, one free counter, five minutes each: (4 − 1) × 5.
    assert "Ventetid i Borgerservice lige nu: ca. 15 minutter." in page


def test_the_service_page_says_when_no_counter_is_open(location, client):
    page = client.get(reverse("portal:service", args=["pas"])).content.decode()

    assert "ingen skranke er åben lige nu" in page
    assert "Næste ledige tid" in page
    assert dt.date(2026, 3, 2)  # the clock is frozen on a Monday


def _calls(lone, count: int, minutes: int) -> None:
    from borgerrejse.contacts.services import contact_register

    for index in range(count):
        contact_register(
            citizen=CitizenFactory(),
            channel="phone",
            direction="inbound",
            subject="Opkald",
            handler=lone.user,
            duration_seconds=minutes * 60,
            started_at=NOW - dt.timedelta(minutes=1 + index),
        )


@pytest.mark.parametrize(
    ("calls", "expected"),
    [
        (0, "Ringer du nu, kommer du typisk igennem med det samme."),
        # 30 calls of 4 minutes an hour on 3 lines: A = 2, C = 0.444, E[Wq] = 1.8 min.
        (30, "Ringer du nu, er ventetiden ca. 2 minutter."),
        # 60 calls of 4 minutes: A = 4 on 3 lines, more than the lines can take.
        (60, "Der er lang ventetid i telefonen lige nu."),
    ],
)
def test_the_service_page_shows_the_phone_wait_from_the_last_hours_calls(
    location, lone, client, calls, expected, settings
):
    settings.PHONE_LINES_OPEN = 3
    _calls(lone, calls, minutes=4)

    page = client.get(reverse("portal:service", args=["sundhedskort"])).content.decode()

    assert "Vi tager telefonen mandag til fredag kl. 8–15." in page
    assert expected in page


def test_the_phone_wait_is_not_shown_when_the_phone_is_closed(location, client, settings):
    settings.PHONE_HOURS = ("08:00", "09:30")  # the clock stands at 10.00

    page = client.get(reverse("portal:service", args=["sundhedskort"])).content.decode()

    assert "kl. 8–9.30" in page
    assert "Telefonen er lukket lige nu." in page
