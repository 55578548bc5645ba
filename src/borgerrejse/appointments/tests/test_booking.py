"""Booking services: free slots, booking, moving, cancelling and recording meetings."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
import time_machine
from django.db import connection, connections

from borgerrejse.appointments.booking import (
    AppointmentError,
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_check_in,
    appointment_no_show,
    appointment_reminders_queue_due,
    appointment_reschedule,
    appointment_served,
)
from borgerrejse.appointments.models import Appointment, AppointmentStatus, SlotClaim
from borgerrejse.appointments.selectors import (
    appointment_types,
    citizen_appointments,
    free_slots,
    next_free_slot,
)
from borgerrejse.appointments.tests.booking_setup import (
    NOW,
    BookingSetup,
    booking_setup_create,
    local,
)
from borgerrejse.appointments.video import JitsiRooms
from borgerrejse.identity.tests.logins import demo_citizen_create
from borgerrejse.notifications.models import Message
from borgerrejse.people.models import Citizen

MONDAY = NOW.date()
TUESDAY = MONDAY + dt.timedelta(days=1)


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


def book_pas(citizen: Citizen, setup: BookingSetup, at: dt.datetime) -> Appointment:
    return appointment_book(
        citizen=citizen, service_slug="pas", kind="desk", starts_at=at, location=setup.location
    )


def test_services_offer_the_kinds_their_channels_allow(published_catalogue):
    assert [t.kind for t in appointment_types("pas")] == ["desk"]
    assert appointment_types("pas")[0].duration == dt.timedelta(minutes=15)
    assert [t.kind for t in appointment_types("sundhedskort")] == ["desk", "phone", "video"]
    assert appointment_types("fritagelse-digital-post")[0].duration == dt.timedelta(minutes=20)
    assert appointment_types("no-such-service") == []


def test_free_slots_follow_calendars_opening_hours_and_notice(setup):
    slots = free_slots(service_slug="pas", kind="desk", days=[MONDAY, TUESDAY])
    monday = [s.local_start.strftime("%H:%M") for s in slots if s.local_start.date() == MONDAY]
    tuesday = [s.local_start.strftime("%H:%M") for s in slots if s.local_start.date() == TUESDAY]
    # It is 10:00 on Monday, and a meeting needs an hour's notice.
    assert monday == ["11:00", "11:15", "11:30", "11:45"]
    assert tuesday[0] == "10:00" and tuesday[-1] == "11:45" and len(tuesday) == 8
    assert {s.location_id for s in slots} == {setup.location.pk}
    assert all(s.staff_ids == (setup.clerk.pk,) for s in slots)


def test_no_slots_on_holidays_or_weekends(setup):
    maundy_thursday, saturday = dt.date(2026, 4, 2), dt.date(2026, 3, 7)
    assert free_slots(service_slug="pas", kind="desk", days=[maundy_thursday, saturday]) == []
    horizon = free_slots(service_slug="pas", kind="desk")
    assert horizon and all(s.local_start.weekday() < 5 for s in horizon)


def test_phone_and_video_slots_come_from_remote_calendars(setup):
    slot = next_free_slot("sundhedskort", "video")
    assert slot is not None
    assert slot.location_id is None and slot.staff_ids == (setup.caseworker.pk,)
    # The caseworker's 9-11 hours leave 11:00 today out: an hour's notice is needed.
    assert slot.starts_at == local(TUESDAY, 9)
    assert next_free_slot("pas", "video") is None


def test_booking_takes_the_slot_and_queues_the_confirmation(setup, anne):
    appointment = book_pas(anne, setup, local(TUESDAY, 10))

    assert appointment.status == AppointmentStatus.BOOKED
    assert appointment.ends_at == local(TUESDAY, 10, 15)
    assert appointment.staff == setup.clerk
    assert SlotClaim.objects.filter(appointment=appointment).count() == 3
    message = Message.objects.get(idempotency_key=f"appointment:{appointment.pk}:confirmed")
    assert message.template == "appointment_confirmed"
    assert "10.00" in message.body and "Rådhustorvet 1" in message.body
    assert "/min-side/" in message.body
    starts = [s.starts_at for s in free_slots(service_slug="pas", kind="desk", days=[TUESDAY])]
    assert local(TUESDAY, 10) not in starts
    assert list(citizen_appointments(anne)) == [appointment]


def test_the_same_slot_cannot_be_booked_twice(setup, anne):
    james = demo_citizen_create("english_speaking")
    book_pas(anne, setup, local(TUESDAY, 10))

    with pytest.raises(SlotTaken) as taken:
        book_pas(james, setup, local(TUESDAY, 10))

    assert str(taken.value) == "Tiden er lige blevet taget. Vælg en anden."
    assert Appointment.objects.count() == 1
    assert Message.objects.filter(citizen=james).count() == 0


def test_overlapping_meetings_of_other_lengths_are_refused(setup, anne):
    # A 20-minute sundhedskort meeting at 10:00 holds the clerk until 10:20, so the
    # 15-minute pas slot at 10:15 is no longer free.
    appointment_book(
        citizen=anne,
        service_slug="sundhedskort",
        kind="desk",
        starts_at=local(TUESDAY, 10),
        location=setup.location,
    )
    starts = [s.starts_at for s in free_slots(service_slug="pas", kind="desk", days=[TUESDAY])]
    assert local(TUESDAY, 10, 15) not in starts
    with pytest.raises(SlotTaken):
        book_pas(anne, setup, local(TUESDAY, 10, 15))


def test_cancel_frees_the_slot_and_is_idempotent(setup, anne):
    appointment = book_pas(anne, setup, local(TUESDAY, 10))

    appointment = appointment_cancel(appointment=appointment)
    again = appointment_cancel(appointment=appointment)

    assert again.status == AppointmentStatus.CANCELLED and again.cancelled_at == NOW
    assert not SlotClaim.objects.exists()
    assert book_pas(anne, setup, local(TUESDAY, 10)).status == AppointmentStatus.BOOKED


def test_reschedule_moves_the_meeting_and_confirms_again(setup, anne):
    old = book_pas(anne, setup, local(TUESDAY, 10))

    new = appointment_reschedule(appointment=old, starts_at=local(TUESDAY, 11))

    old.refresh_from_db()
    assert old.status == AppointmentStatus.CANCELLED
    assert new.rescheduled_from == old and new.starts_at == local(TUESDAY, 11)
    assert Message.objects.filter(template="appointment_confirmed", citizen=anne).count() == 2
    assert [c.appointment_id for c in SlotClaim.objects.all()] == [new.pk] * 3


def test_a_failed_reschedule_keeps_the_old_meeting(setup, anne):
    james = demo_citizen_create("english_speaking")
    old = book_pas(anne, setup, local(TUESDAY, 10))
    book_pas(james, setup, local(TUESDAY, 11))

    with pytest.raises(SlotTaken):
        appointment_reschedule(appointment=old, starts_at=local(TUESDAY, 11))

    old.refresh_from_db()
    assert old.status == AppointmentStatus.BOOKED
    assert SlotClaim.objects.filter(appointment=old).count() == 3


def test_a_video_meeting_gets_a_room_on_the_configured_server(setup, anne, settings):
    settings.VIDEO_SERVER = "video.borgerrejse.example"
    appointment = appointment_book(
        citizen=anne, service_slug="sundhedskort", kind="video", starts_at=local(TUESDAY, 9)
    )

    assert appointment.video_url.startswith("https://video.borgerrejse.example/Borgerrejse-")
    assert len(appointment.video_url.rsplit("-", 1)[1]) == 32
    other = JitsiRooms("meet.example").room_url(title="x")
    assert other.startswith("https://meet.example/") and other != appointment.video_url
    message = Message.objects.get(citizen=anne)
    assert appointment.video_url in message.body


def test_a_phone_meeting_needs_a_number_to_call(setup, anne):
    with pytest.raises(AppointmentError):
        appointment_book(
            citizen=anne, service_slug="sundhedskort", kind="phone", starts_at=local(TUESDAY, 9)
        )
    appointment = appointment_book(
        citizen=anne,
        service_slug="sundhedskort",
        kind="phone",
        starts_at=local(TUESDAY, 9),
        phone="12 34 56 78",
    )
    assert appointment.phone == "12 34 56 78" and appointment.location is None
    assert "12 34 56 78" in Message.objects.get(citizen=anne).body


def test_a_kind_the_service_does_not_offer_is_refused(setup, anne):
    with pytest.raises(AppointmentError):
        appointment_book(
            citizen=anne, service_slug="pas", kind="video", starts_at=local(TUESDAY, 9)
        )


def test_check_in_no_show_and_served_are_recorded(setup, anne):
    first = book_pas(anne, setup, local(TUESDAY, 10))
    second = book_pas(anne, setup, local(TUESDAY, 11))

    first = appointment_check_in(appointment=first, recorded_by=setup.clerk)
    assert first.status == AppointmentStatus.CHECKED_IN and first.checked_in_at == NOW
    first = appointment_served(appointment=first, recorded_by=setup.clerk)
    assert first.status == AppointmentStatus.SERVED and first.finished_at == NOW
    assert first.recorded_by == setup.clerk
    second = appointment_no_show(appointment=second, recorded_by=setup.clerk)
    assert second.status == AppointmentStatus.NO_SHOW
    # A repeat does nothing; a served meeting cannot be cancelled or marked absent.
    assert appointment_served(appointment=first).status == AppointmentStatus.SERVED
    with pytest.raises(AppointmentError):
        appointment_no_show(appointment=first)
    with pytest.raises(AppointmentError):
        appointment_cancel(appointment=first)


def test_reminders_go_out_the_day_before_once(setup, anne):
    tomorrow = book_pas(anne, setup, local(TUESDAY, 10))
    later = book_pas(anne, setup, local(TUESDAY + dt.timedelta(days=1), 10))

    assert appointment_reminders_queue_due(on=MONDAY) == 1
    assert appointment_reminders_queue_due(on=MONDAY) == 1
    reminders = Message.objects.filter(template="appointment_reminder")
    assert [m.idempotency_key for m in reminders] == [f"appointment:{tomorrow.pk}:reminder"]
    assert later.pk != tomorrow.pk


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_bookings_of_one_slot_give_one_booking(published_catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("Parallel bookings are tested on PostgreSQL; SQLite serialises writes")
    with time_machine.travel(NOW, tick=False):
        setup = booking_setup_create()
        citizens = [demo_citizen_create("danish_adult")] + [
            demo_citizen_create("english_speaking")
        ] * 19
        at = local(TUESDAY, 10)
        barrier = threading.Barrier(20)
        booked, taken, errors = [], [], []

        def book(citizen: Citizen) -> None:
            try:
                barrier.wait()
                booked.append(book_pas(citizen, setup, at))
            except SlotTaken as error:
                taken.append(str(error))
            except Exception as error:  # collected and asserted below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=book, args=(c,)) for c in citizens]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    assert len(booked) == 1
    assert taken == ["Tiden er lige blevet taget. Vælg en anden."] * 19
    assert Appointment.objects.count() == 1
    assert SlotClaim.objects.count() == 3
    assert Message.objects.filter(template="appointment_confirmed").count() == 1


def test_the_demo_gives_bookable_times_and_runs_twice(published_catalogue, settings):
    from django.core.management import call_command

    from borgerrejse.staff.demo import staff_demo_create

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff_demo_create()
    call_command("demo_appointments")
    call_command("demo_appointments")

    with time_machine.travel(NOW, tick=False):
        for slug, kind in [("pas", "desk"), ("sundhedskort", "video"), ("enkeltydelse", "phone")]:
            assert next_free_slot(slug, kind) is not None, (slug, kind)
