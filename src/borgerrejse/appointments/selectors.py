"""Reads about booked meetings: which kinds a service offers, free slots, a citizen's
appointments, and the day's meetings for the workbench."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from borgerrejse.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Location,
    OpeningHours,
    SlotClaim,
    StaffCalendar,
)
from borgerrejse.cases.working_days import is_working_day
from borgerrejse.catalog.schema import Channel
from borgerrejse.catalog.selectors import (
    ServiceNotFound,
    service_definition,
    service_version_get,
)
from borgerrejse.people.models import Citizen

LOCAL = ZoneInfo("Europe/Copenhagen")
# Staff time is held in units of this length (see SlotClaim); durations are multiples.
UNIT = dt.timedelta(minutes=5)
# How far ahead a citizen can book, in working days.
BOOKING_HORIZON_WORKING_DAYS = 15
# A meeting cannot be booked closer to its start than this.
BOOKING_NOTICE = dt.timedelta(hours=1)

# Minutes per meeting, by service and kind. A passport takes fingerprints and a photo
# and is quick; a conversation about a benefit takes longer.
DEFAULT_DURATION_MINUTES = 20
DURATION_MINUTES: dict[str, dict[str, int]] = {
    "pas": {AppointmentKind.DESK: 15},
    "enkeltydelse": {AppointmentKind.DESK: 30, AppointmentKind.VIDEO: 30},
}

ACTIVE = (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)


class AppointmentNotFound(LookupError):
    pass


@dataclass(frozen=True)
class AppointmentType:
    service_slug: str
    kind: AppointmentKind
    duration: dt.timedelta

    @property
    def minutes(self) -> int:
        return int(self.duration.total_seconds() // 60)


@dataclass(frozen=True)
class Slot:
    """A start time at which at least one staff member is free for the whole meeting."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: AppointmentKind
    location_id: int | None
    # Free staff, first choice first.
    staff_ids: tuple[int, ...]

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(LOCAL)

    @property
    def key(self) -> str:
        """How a form names the slot: the start in UTC and the location."""
        return f"{self.starts_at.astimezone(dt.UTC):%Y%m%dT%H%M}-{self.location_id or 0}"


def appointment_types(service_slug: str, *, on: dt.date | None = None) -> list[AppointmentType]:
    """The kinds of meeting a service offers, derived from its channels.

    The desk channel means a desk meeting. The phone channel means we can handle the
    matter without seeing the citizen in person, so a phone call and a video meeting
    are both offered. Durations come from DURATION_MINUTES.
    """
    day = on or timezone.localdate()
    try:
        definition = service_definition(service_version_get(slug=service_slug, on=day))
    except ServiceNotFound:
        return []
    kinds: list[AppointmentKind] = []
    if Channel.DESK in definition.channels:
        kinds.append(AppointmentKind.DESK)
    if Channel.PHONE in definition.channels or Channel.VIDEO in definition.channels:
        kinds += [AppointmentKind.PHONE, AppointmentKind.VIDEO]
    durations = DURATION_MINUTES.get(service_slug, {})
    return [
        AppointmentType(
            service_slug=service_slug,
            kind=kind,
            duration=dt.timedelta(minutes=durations.get(kind, DEFAULT_DURATION_MINUTES)),
        )
        for kind in kinds
    ]


def appointment_type(service_slug: str, kind: str) -> AppointmentType | None:
    return next((t for t in appointment_types(service_slug) if t.kind == kind), None)


def working_days_from(start: dt.date, working_days: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < working_days:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def claim_units(starts_at: dt.datetime, ends_at: dt.datetime) -> Iterable[dt.datetime]:
    unit = starts_at
    while unit < ends_at:
        yield unit
        unit += UNIT


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LOCAL).astimezone(dt.UTC)


def free_slots(
    *,
    service_slug: str,
    kind: str,
    now: dt.datetime | None = None,
    days: list[dt.date] | None = None,
) -> list[Slot]:
    """Free start times: staff calendars (within opening hours for desk meetings) on the
    coming working days, cut into meetings of the type's length, minus the time already
    claimed by bookings. Danish public holidays and weekends are closed."""
    meeting = appointment_type(service_slug, kind)
    if meeting is None:
        return []
    now = now or timezone.now()
    if days is None:
        days = working_days_from(now.astimezone(LOCAL).date(), BOOKING_HORIZON_WORKING_DAYS)
    days = [day for day in days if is_working_day(day)]
    if not days:
        return []
    calendars = [
        row
        for row in StaffCalendar.objects.filter(
            weekday__in={day.weekday() for day in days}, user__is_active=True
        ).order_by("user_id", "starts")
        if meeting.kind in row.kinds and (meeting.kind != AppointmentKind.DESK or row.location_id)
    ]
    opening: dict[tuple[int, int], list[tuple[dt.time, dt.time]]] = defaultdict(list)
    if meeting.kind == AppointmentKind.DESK:
        for hours in OpeningHours.objects.all():
            opening[(hours.location_id, hours.weekday)].append((hours.opens, hours.closes))
    claimed = {
        (staff_id, starts_at)
        for staff_id, starts_at in SlotClaim.objects.filter(
            starts_at__gte=_at(days[0], dt.time.min),
            starts_at__lt=_at(days[-1] + dt.timedelta(days=1), dt.time.min),
        ).values_list("staff_id", "starts_at")
    }
    earliest = now + BOOKING_NOTICE
    free: dict[tuple[dt.datetime, int | None], list[int]] = defaultdict(list)
    for day in days:
        for row in calendars:
            if row.weekday != day.weekday():
                continue
            windows = [(row.starts, row.ends)]
            if meeting.kind == AppointmentKind.DESK:
                assert row.location_id is not None
                windows = [
                    (max(row.starts, opens), min(row.ends, closes))
                    for opens, closes in opening[(row.location_id, day.weekday())]
                    if max(row.starts, opens) < min(row.ends, closes)
                ]
            for opens, closes in windows:
                start, end = _at(day, opens), _at(day, closes)
                while start + meeting.duration <= end:
                    units = claim_units(start, start + meeting.duration)
                    if start >= earliest and all((row.user_id, u) not in claimed for u in units):
                        location = row.location_id if meeting.kind == AppointmentKind.DESK else None
                        if row.user_id not in free[(start, location)]:
                            free[(start, location)].append(row.user_id)
                    start += meeting.duration
    return [
        Slot(
            starts_at=start,
            ends_at=start + meeting.duration,
            kind=meeting.kind,
            location_id=location,
            staff_ids=tuple(staff),
        )
        for (start, location), staff in sorted(free.items(), key=lambda item: item[0][0])
    ]


def next_free_slot(service_slug: str, kind: str) -> Slot | None:
    """The first free slot of a kind for a service, for "next free appointment" facts."""
    slots = free_slots(service_slug=service_slug, kind=kind)
    return slots[0] if slots else None


def citizen_appointments(citizen: Citizen) -> QuerySet[Appointment]:
    """A citizen's meetings, newest first, with what their pages show."""
    return (
        Appointment.objects.filter(citizen=citizen)
        .select_related("location", "staff", "case")
        .order_by("-starts_at", "-id")
    )


def citizen_appointments_upcoming(
    citizen: Citizen, *, now: dt.datetime | None = None
) -> QuerySet[Appointment]:
    now = now or timezone.now()
    return (
        Appointment.objects.filter(
            citizen=citizen, status=AppointmentStatus.BOOKED, ends_at__gte=now
        )
        .select_related("location")
        .order_by("starts_at", "id")
    )


def access_appointment_for_citizen(citizen: Citizen, public_id: UUID | str) -> Appointment:
    """One of the citizen's own appointments; another citizen's is not found."""
    appointment = (
        Appointment.objects.filter(citizen=citizen, public_id=public_id)
        .select_related("location", "citizen")
        .first()
    )
    if appointment is None:
        raise AppointmentNotFound(str(public_id))
    return appointment


def appointments_for_day(*, day: dt.date) -> QuerySet[Appointment]:
    """The day's meetings that are not cancelled, in start order, for the workbench."""
    return (
        Appointment.objects.filter(
            starts_at__gte=_at(day, dt.time.min),
            starts_at__lt=_at(day + dt.timedelta(days=1), dt.time.min),
        )
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("citizen", "location", "staff")
        .order_by("starts_at", "id")
    )


def locations() -> QuerySet[Location]:
    return Location.objects.prefetch_related("opening_hours").order_by("name")


def access_appointment_for_staff(public_id: UUID | str) -> Appointment:
    """An appointment for the workbench. Every staff member may see the day's meetings:
    whoever stands at the desk or takes the call records how it went."""
    appointment = Appointment.objects.filter(public_id=public_id).select_related("citizen").first()
    if appointment is None:
        raise AppointmentNotFound(str(public_id))
    return appointment
