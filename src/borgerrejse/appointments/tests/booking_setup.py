"""A town hall, a desk clerk and a caseworker with calendars, for the booking tests."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from borgerrejse.appointments.demo_booking import town_hall_create
from borgerrejse.appointments.models import AppointmentKind, Location, StaffCalendar

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
# A Monday morning, as in the portal's tests.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=COPENHAGEN)


@dataclass
class BookingSetup:
    location: Location
    clerk: User
    caseworker: User


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=COPENHAGEN).astimezone(dt.UTC)


def booking_setup_create() -> BookingSetup:
    """One clerk at the desk 10-12 and one caseworker on phone and video 9-11, weekdays."""
    location = town_hall_create()
    users = get_user_model().objects
    clerk = users.create_user("lone.test", first_name="Lone", last_name="Skranke")
    caseworker = users.create_user("mette.test", first_name="Mette", last_name="Sagsbehandler")
    for weekday in range(5):
        StaffCalendar.objects.create(
            user=clerk,
            location=location,
            weekday=weekday,
            starts=dt.time(10),
            ends=dt.time(12),
            kinds=[AppointmentKind.DESK.value],
        )
        StaffCalendar.objects.create(
            user=caseworker,
            weekday=weekday,
            starts=dt.time(9),
            ends=dt.time(11),
            kinds=[AppointmentKind.PHONE.value, AppointmentKind.VIDEO.value],
        )
    return BookingSetup(location=location, clerk=clerk, caseworker=caseworker)
