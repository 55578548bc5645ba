"""Demo places and calendars for booked meetings: `borgerrejse demo_appointments`.

One citizen service centre at the town hall, open on weekdays with a late Thursday, and
calendars for the demo staff: the front desk takes desk meetings, caseworkers take phone
and video meetings. A second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from borgerrejse.appointments.models import (
    AppointmentKind,
    Location,
    OpeningHours,
    StaffCalendar,
)
from borgerrejse.staff.demo import (
    BORGERSERVICE_CASEWORKER,
    FRONT_DESK,
    HJAELPEMIDLER_CASEWORKER,
    YDELSE_CASEWORKER,
)

T = dt.time
# Monday to Friday; Thursday is the late day.
OPENING_HOURS = {
    0: (T(10), T(15)),
    1: (T(10), T(15)),
    2: (T(10), T(15)),
    3: (T(10), T(17, 30)),
    4: (T(10), T(13)),
}
DESK = [AppointmentKind.DESK]
REMOTE = [AppointmentKind.PHONE, AppointmentKind.VIDEO]
# (username, at the town hall?, kinds, hours every weekday)
CALENDARS = [
    (FRONT_DESK, True, DESK, (T(10), T(15))),
    (BORGERSERVICE_CASEWORKER, True, DESK, (T(10), T(12))),
    (YDELSE_CASEWORKER, False, REMOTE, (T(9), T(12))),
    (HJAELPEMIDLER_CASEWORKER, False, REMOTE, (T(13), T(15))),
]


def town_hall_create() -> Location:
    location, _ = Location.objects.get_or_create(
        slug="raadhuset",
        defaults={
            "name": "Borgerservice, Rådhuset",
            "address": "Rådhustorvet 1, 9999 Borgerrejse",
            "counters": 4,
        },
    )
    for weekday, (opens, closes) in OPENING_HOURS.items():
        OpeningHours.objects.get_or_create(
            location=location, weekday=weekday, defaults={"opens": opens, "closes": closes}
        )
    return location


def appointments_demo_create() -> int:
    """Create the demo location and calendars. Returns how many calendar rows were new."""
    created = 0
    with transaction.atomic():
        location = town_hall_create()
        users = {u.username: u for u in User.objects.filter(username__in=[c[0] for c in CALENDARS])}
        for username, at_town_hall, kinds, (starts, ends) in CALENDARS:
            user = users.get(username)
            if user is None:
                continue
            for weekday in OPENING_HOURS:
                _, new = StaffCalendar.objects.get_or_create(
                    user=user,
                    weekday=weekday,
                    starts=starts,
                    defaults={
                        "location": location if at_town_hall else None,
                        "ends": min(ends, OPENING_HOURS[weekday][1]) if at_town_hall else ends,
                        "kinds": [str(kind) for kind in kinds],
                    },
                )
                created += new
    return created
