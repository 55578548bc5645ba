"""The walk-in queue's services: drawing tickets, calling by work profile, booked
check-ins first, counter actions, the "nearly up" SMS, and parallel calls."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection, connections

from borgerrejse.appointments.booking import appointment_book
from borgerrejse.appointments.models import (
    AppointmentStatus,
    Counter,
    Location,
    Ticket,
    TicketStatus,
    WorkMode,
    WorkProfile,
)
from borgerrejse.appointments.tests.booking_setup import NOW, booking_setup_create, local
from borgerrejse.appointments.walkin import (
    WalkInError,
    counter_close,
    counter_open,
    ticket_call_next,
    ticket_check_in_appointment,
    ticket_draw,
    ticket_no_show,
    ticket_park,
    ticket_recall,
    ticket_serve_start,
    ticket_served,
    ticket_transfer,
    ticket_unpark,
)
from borgerrejse.appointments.walkin_demo import walkin_demo_create
from borgerrejse.appointments.walkin_selectors import queue_snapshot
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.notifications.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def location(published_catalogue, clock) -> Location:
    return booking_setup_create().location


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_user("skranke1", first_name="Lone")


@pytest.fixture
def clerk2(db):
    return get_user_model().objects.create_user("skranke2", first_name="Bo")


def open_counter(location: Location, user, number: int = 1, profile: WorkProfile | None = None):
    counters = walkin_demo_create(location=location)
    profile = profile or WorkProfile.objects.get(name="Alle ydelser")
    return counter_open(counter=counters[number - 1], user=user, profile=profile)


def draw(location: Location, service: str, clock, minutes: float = 1) -> Ticket:
    ticket = ticket_draw(location=location, service_slug=service)
    clock.shift(dt.timedelta(minutes=minutes))
    return ticket


def test_numbers_run_per_service_letter_and_day(location, clock):
    first = draw(location, "pas", clock)
    second = draw(location, "pas", clock)
    card = draw(location, "sundhedskort", clock)

    assert (first.number, second.number, card.number) == ("P001", "P002", "S001")
    clock.shift(dt.timedelta(days=1))
    assert draw(location, "pas", clock).number == "P001"


def test_longest_wait_calls_across_queues_in_arrival_order(location, clock, clerk):
    counter = open_counter(location, clerk)
    a = draw(location, "sundhedskort", clock)
    b = draw(location, "pas", clock)
    c = draw(location, "flytning", clock)

    called = []
    for _ in range(3):
        ticket = ticket_call_next(counter=counter, user=clerk)
        called.append(ticket.pk)
        ticket_served(ticket=ticket, user=clerk)
    assert called == [a.pk, b.pk, c.pk]
    assert ticket_call_next(counter=counter, user=clerk) is None


def test_weighted_profile_multiplies_the_wait_by_the_weight(location, clock, clerk):
    profile = WorkProfile.objects.create(
        name="Pas tæller tre gange",
        mode=WorkMode.WEIGHTED,
        weights={"pas": 3, "sundhedskort": 1},
    )
    counter = open_counter(location, clerk, profile=profile)
    card = draw(location, "sundhedskort", clock, minutes=10)  # waits 20 min × 1
    passport = draw(location, "pas", clock, minutes=10)  # waits 10 min × 3
    moving = draw(location, "flytning", clock)  # not in the profile

    first = ticket_call_next(counter=counter, user=clerk)
    ticket_served(ticket=first, user=clerk)
    second = ticket_call_next(counter=counter, user=clerk)
    ticket_served(ticket=second, user=clerk)

    assert [first.pk, second.pk] == [passport.pk, card.pk]
    assert ticket_call_next(counter=counter, user=clerk) is None
    assert Ticket.objects.get(pk=moving.pk).status == TicketStatus.WAITING


def test_a_booked_appointment_checks_in_at_the_top_of_its_queue(location, clock, clerk):
    anne = demo_citizen_create("danish_adult")
    appointment = appointment_book(
        citizen=anne,
        service_slug="pas",
        kind="desk",
        starts_at=local(NOW.date() + dt.timedelta(days=1), 10),
        location=location,
    )
    counter = open_counter(location, clerk)
    walk_in = draw(location, "pas", clock, minutes=15)

    booked = ticket_check_in_appointment(appointment=appointment, recorded_by=clerk)

    assert ticket_check_in_appointment(appointment=appointment) == booked
    assert booked.citizen == anne
    first = ticket_call_next(counter=counter, user=clerk)
    assert first == booked
    ticket_served(ticket=first, user=clerk)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.SERVED
    assert ticket_call_next(counter=counter, user=clerk) == walk_in


def test_transfer_keeps_the_number_and_the_arrival(location, clock, clerk):
    counter = open_counter(location, clerk)
    early = draw(location, "pas", clock, minutes=5)
    later = draw(location, "sundhedskort", clock)
    called = ticket_call_next(counter=counter, user=clerk)
    assert called == early

    moved = ticket_transfer(ticket=called, service_slug="flytning", user=clerk)

    assert moved.number == early.number
    assert moved.queued_at == early.queued_at
    assert moved.transferred_from_id == early.pk
    assert Ticket.objects.get(pk=early.pk).status == TicketStatus.TRANSFERRED
    # The moved ticket keeps its place in time: it comes before the later arrival.
    assert ticket_call_next(counter=counter, user=clerk) == moved
    with pytest.raises(WalkInError):
        ticket_transfer(ticket=moved, service_slug="flytning", user=clerk)
    ticket_served(ticket=moved, user=clerk)
    assert ticket_call_next(counter=counter, user=clerk) == later


def test_recall_no_show_park_and_unpark(location, clock, clerk):
    counter = open_counter(location, clerk)
    first = draw(location, "pas", clock)
    second = draw(location, "pas", clock)

    called = ticket_call_next(counter=counter, user=clerk)
    with pytest.raises(WalkInError):
        ticket_call_next(counter=counter, user=clerk)  # deal with the called one first
    recalled = ticket_recall(ticket=called, user=clerk)
    assert recalled.recalls == 1
    assert ticket_no_show(ticket=recalled, user=clerk).status == TicketStatus.NO_SHOW

    called = ticket_call_next(counter=counter, user=clerk)
    assert called == second
    ticket_serve_start(ticket=called, user=clerk)
    parked = ticket_park(ticket=called, user=clerk)
    assert parked.status == TicketStatus.PARKED
    assert ticket_call_next(counter=counter, user=clerk) is None

    back = ticket_unpark(ticket=parked, counter=counter, user=clerk)
    assert back.status == TicketStatus.CALLED and back.counter == counter
    clock.shift(dt.timedelta(minutes=6))
    done = ticket_served(ticket=back, user=clerk)
    assert done.status == TicketStatus.SERVED
    assert done.handling_seconds == pytest.approx(6 * 60, abs=61)
    assert first.pk != second.pk


def test_closing_a_counter_puts_its_called_ticket_back(location, clock, clerk):
    counter = open_counter(location, clerk)
    ticket = draw(location, "pas", clock)
    ticket_call_next(counter=counter, user=clerk)

    counter_close(counter=counter, user=clerk)

    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.WAITING and ticket.counter is None
    with pytest.raises(WalkInError):
        ticket_call_next(counter=Counter.objects.get(pk=counter.pk), user=clerk)


def test_nearly_up_sms_is_queued_once_for_a_known_citizen(location, clock, clerk):
    anne = demo_citizen_create("danish_adult")
    counter = open_counter(location, clerk)
    tickets = [draw(location, "pas", clock) for _ in range(4)]
    anne_ticket = ticket_draw(location=location, service_slug="pas", citizen=anne, phone="20304050")

    ticket = ticket_call_next(counter=counter, user=clerk)  # 3 ahead of Anne: nothing yet
    assert not Message.objects.filter(template="ticket_nearly_up").exists()
    ticket_served(ticket=ticket, user=clerk)
    ticket = ticket_call_next(counter=counter, user=clerk)  # 2 ahead: now
    ticket_served(ticket=ticket, user=clerk)
    ticket_call_next(counter=counter, user=clerk)  # 1 ahead: no second message

    messages = Message.objects.filter(template="ticket_nearly_up")
    assert messages.count() == 1
    message = messages.get()
    assert message.idempotency_key == f"ticket:{anne_ticket.pk}:nearly_up"
    assert anne_ticket.number in message.body
    assert len(tickets) == 4


def test_a_walk_in_who_gave_a_number_gets_the_sms_without_being_known(
    location, clock, clerk, settings
):
    from borgerrejse.notifications.delivery import adapter_for, message_deliver, messages_claim
    from borgerrejse.notifications.models import LocalSms

    settings.NOTIFICATION_ADAPTERS = {
        **settings.NOTIFICATION_ADAPTERS,
        "sms": "borgerrejse.notifications.adapters.sms.LocalSms",
    }
    adapter_for.cache_clear()
    counter = open_counter(location, clerk)
    for _ in range(3):
        draw(location, "pas", clock)
    walk_in = ticket_draw(location=location, service_slug="pas", phone="+4520304050", language="en")

    ticket_call_next(counter=counter, user=clerk)  # 2 ahead: now

    message = Message.objects.get(template="ticket_nearly_up")
    assert message.citizen is None and message.phone == "+4520304050"
    assert message.channel == "sms" and message.language == "en"
    assert walk_in.number in message.body
    for claimed in messages_claim(limit=10):
        message_deliver(claimed)
    sms = LocalSms.objects.get()
    assert sms.phone == "+4520304050" and walk_in.number in sms.text


def test_the_estimate_follows_the_queue(location, clock, clerk, clerk2):
    open_counter(location, clerk)
    for _ in range(4):
        draw(location, "sundhedskort", clock, minutes=0)
    last = draw(location, "sundhedskort", clock, minutes=0)

    snapshot = queue_snapshot(location=location)
    # 4 ahead, one counter free: the first is called at once, the last waits for 4
    # departures at the default 5 minutes each.
    assert snapshot.ahead_of(last) == 4
    assert snapshot.ticket_estimate(last) == 20

    open_counter(location, clerk2, number=2)
    snapshot = queue_snapshot(location=location)
    assert snapshot.ticket_estimate(last) == 8  # (5 − 2 free) × 5 / 2 → 7.5, rounded up
    # Both counters call from every queue by the longest wait: a passport ticket drawn
    # now waits behind all five health-card tickets.
    assert snapshot.drawn_now_estimate("pas") == 10


@pytest.mark.django_db(transaction=True)
def test_two_counters_calling_at_once_never_get_the_same_ticket(published_catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is tested on PostgreSQL")
    location = booking_setup_create().location
    users = [get_user_model().objects.create_user(f"skranke{n}") for n in range(4)]
    counters = walkin_demo_create(location=location)
    profile = WorkProfile.objects.get(name="Alle ydelser")
    extra = [Counter.objects.create(location=location, number=10 + n) for n in range(4)]
    counters = [
        counter_open(counter=c, user=u, profile=profile)
        for c, u in zip((counters + extra)[:4], users, strict=True)
    ]
    for _ in range(3):
        ticket_draw(location=location, service_slug="pas")
    barrier = threading.Barrier(4)
    called, errors = [], []

    def call(counter, user):
        try:
            barrier.wait()
            ticket = ticket_call_next(counter=counter, user=user)
            if ticket is not None:
                called.append(ticket.pk)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=call, args=(c, u)) for c, u in zip(counters, users, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(called) == len(set(called)) == 3
