"""Writes about booked meetings: book, reschedule, cancel, and what happened at the meeting.

Every write runs in one transaction with the confirmation it queues in the outbox, so a
booking is never confirmed without being made, nor made without being confirmed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from borgerrejse.appointments.models import (
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Location,
    SlotClaim,
)
from borgerrejse.appointments.selectors import (
    LOCAL,
    Slot,
    appointment_type,
    claim_units,
    free_slots,
)
from borgerrejse.appointments.video import VideoMeetings, video_meetings
from borgerrejse.cases.models import Case
from borgerrejse.catalog.selectors import service_definition, service_version_get
from borgerrejse.notifications.services import message_queue
from borgerrejse.people.models import Citizen
from borgerrejse.rules.presentation import date_text

__all__ = [
    "AppointmentError",
    "SlotTaken",
    "appointment_book",
    "appointment_cancel",
    "appointment_check_in",
    "appointment_no_show",
    "appointment_reminders_queue_due",
    "appointment_reschedule",
    "appointment_served",
]


class AppointmentError(Exception):
    """A booking action that cannot be done; the message is for the person acting."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class SlotTaken(AppointmentError):
    def __init__(self) -> None:
        super().__init__(gettext_lazy("Tiden er lige blevet taget. Vælg en anden."))


def _language(citizen: Citizen) -> str:
    return citizen.preferred_language or settings.LANGUAGE_CODE


def when_text(starts_at: dt.datetime, language: str) -> str:
    local = starts_at.astimezone(LOCAL)
    if language == "en":
        return f"{date_text(local.date(), language)} at {local:%H:%M}"
    return f"{date_text(local.date(), language)} kl. {local:%H.%M}"


def where_text(appointment: Appointment, language: str) -> str:
    with translation.override(language):
        if appointment.kind == AppointmentKind.DESK and appointment.location is not None:
            return f"{appointment.location.name}, {appointment.location.address}"
        if appointment.kind == AppointmentKind.PHONE:
            return _("Vi ringer til dig på %(phone)s") % {"phone": appointment.phone}
        return _("Videomøde: %(url)s") % {"url": appointment.video_url}


def _message_context(appointment: Appointment) -> dict[str, str]:
    language = _language(appointment.citizen)
    title = service_definition(
        service_version_get(slug=appointment.service_slug, on=timezone.localdate())
    ).title.get(language)
    prefix = "/en" if language == "en" else ""
    return {
        "title": title,
        "when": when_text(appointment.starts_at, language),
        "where": where_text(appointment, language),
        "url": f"{settings.PUBLIC_BASE_URL}{prefix}/min-side/",
    }


def _find_slot(
    *, service_slug: str, kind: str, starts_at: dt.datetime, location_id: int | None
) -> Slot:
    local_day = starts_at.astimezone(LOCAL).date()
    for slot in free_slots(service_slug=service_slug, kind=kind, days=[local_day]):
        if slot.starts_at == starts_at and slot.location_id == location_id:
            return slot
    raise SlotTaken


def _book(
    *,
    citizen: Citizen,
    service_slug: str,
    kind: str,
    starts_at: dt.datetime,
    location: Location | None,
    phone: str,
    case: Case | None,
    rescheduled_from: Appointment | None,
    video: VideoMeetings | None,
) -> Appointment:
    meeting = appointment_type(service_slug, kind)
    if meeting is None:
        raise AppointmentError(gettext_lazy("Den type møde kan du ikke booke til denne ydelse."))
    if meeting.kind == AppointmentKind.PHONE and not phone.strip():
        raise AppointmentError(gettext_lazy("Skriv det telefonnummer, vi skal ringe til."))
    location_id = location.pk if location is not None else None
    slot = _find_slot(
        service_slug=service_slug, kind=kind, starts_at=starts_at, location_id=location_id
    )
    appointment = Appointment.objects.create(
        citizen=citizen,
        service_slug=service_slug,
        kind=meeting.kind,
        location=location,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        staff_id=slot.staff_ids[0],
        phone=phone.strip() if meeting.kind == AppointmentKind.PHONE else "",
        case=case,
        rescheduled_from=rescheduled_from,
    )
    try:
        # A savepoint, so that on PostgreSQL the losing transaction can still roll back
        # cleanly and tell the citizen, rather than fail on an aborted transaction.
        with transaction.atomic():
            SlotClaim.objects.bulk_create(
                SlotClaim(appointment=appointment, staff_id=slot.staff_ids[0], starts_at=unit)
                for unit in claim_units(slot.starts_at, slot.ends_at)
            )
    except IntegrityError:
        raise SlotTaken from None
    if meeting.kind == AppointmentKind.VIDEO:
        title = f"{service_slug} {appointment.public_id}"
        appointment.video_url = (video or video_meetings()).room_url(title=title)
        appointment.save(update_fields=["video_url"])
    message_queue(
        citizen=citizen,
        template="appointment_confirmed",
        key=f"appointment:{appointment.pk}:confirmed",
        context=_message_context(appointment),
        case=case,
        data={"appointment": str(appointment.public_id)},
    )
    return appointment


def appointment_book(
    *,
    citizen: Citizen,
    service_slug: str,
    kind: str,
    starts_at: dt.datetime,
    location: Location | None = None,
    phone: str = "",
    case: Case | None = None,
    video: VideoMeetings | None = None,
) -> Appointment:
    """Book a free slot and queue its confirmation. Raises SlotTaken if someone else got
    the slot first: the claim rows' unique constraint decides, not a prior read."""
    try:
        with transaction.atomic(durable=True):
            return _book(
                citizen=citizen,
                service_slug=service_slug,
                kind=kind,
                starts_at=starts_at,
                location=location,
                phone=phone,
                case=case,
                rescheduled_from=None,
                video=video,
            )
    except IntegrityError:
        raise SlotTaken from None


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("citizen", "location")
        .get(pk=appointment.pk)
    )


def _release(appointment: Appointment, *, now: dt.datetime) -> None:
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at = now
    appointment.save(update_fields=["status", "cancelled_at"])
    appointment.claims.all().delete()


def appointment_cancel(*, appointment: Appointment) -> Appointment:
    """Cancel a booked meeting and free its time. Cancelling twice does no harm."""
    with transaction.atomic(durable=True):
        locked = _locked(appointment)
        if locked.status == AppointmentStatus.CANCELLED:
            return locked
        if not locked.can_change():
            raise AppointmentError(gettext_lazy("Mødet er allerede holdt og kan ikke aflyses."))
        _release(locked, now=timezone.now())
        return locked


def appointment_reschedule(
    *,
    appointment: Appointment,
    starts_at: dt.datetime,
    location: Location | None = None,
    phone: str | None = None,
    video: VideoMeetings | None = None,
) -> Appointment:
    """Move a meeting: the old one is cancelled and a new one booked in one transaction,
    so the citizen never ends up with both or neither. A new confirmation goes out."""
    try:
        with transaction.atomic(durable=True):
            old = _locked(appointment)
            if not old.can_change():
                raise AppointmentError(gettext_lazy("Mødet kan ikke flyttes længere."))
            _release(old, now=timezone.now())
            return _book(
                citizen=old.citizen,
                service_slug=old.service_slug,
                kind=old.kind,
                starts_at=starts_at,
                location=location if location is not None else old.location,
                phone=old.phone if phone is None else phone,
                case=old.case,
                rescheduled_from=old,
                video=video,
            )
    except IntegrityError:
        raise SlotTaken from None


def _record(
    *, appointment: Appointment, status: AppointmentStatus, allowed: set[str], recorded_by: Any
) -> Appointment:
    with transaction.atomic(durable=True):
        locked = _locked(appointment)
        if locked.status == status:
            return locked
        if locked.status not in allowed:
            raise AppointmentError(
                gettext_lazy("Det kan ikke registreres for et møde med status %(status)s.")
                % {"status": locked.get_status_display()}
            )
        now = timezone.now()
        locked.status = status
        locked.recorded_by = recorded_by
        fields = ["status", "recorded_by"]
        if status == AppointmentStatus.CHECKED_IN:
            locked.checked_in_at = now
            fields.append("checked_in_at")
        else:
            locked.finished_at = now
            fields.append("finished_at")
        locked.save(update_fields=fields)
        return locked


def appointment_check_in(*, appointment: Appointment, recorded_by: Any = None) -> Appointment:
    """The citizen has arrived (desk) or answered (phone, video)."""
    return _record(
        appointment=appointment,
        status=AppointmentStatus.CHECKED_IN,
        allowed={AppointmentStatus.BOOKED},
        recorded_by=recorded_by,
    )


def appointment_no_show(*, appointment: Appointment, recorded_by: Any = None) -> Appointment:
    return _record(
        appointment=appointment,
        status=AppointmentStatus.NO_SHOW,
        allowed={AppointmentStatus.BOOKED},
        recorded_by=recorded_by,
    )


def appointment_served(*, appointment: Appointment, recorded_by: Any = None) -> Appointment:
    return _record(
        appointment=appointment,
        status=AppointmentStatus.SERVED,
        allowed={AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN},
        recorded_by=recorded_by,
    )


def appointment_reminders_queue_due(*, on: dt.date) -> int:
    """Remind citizens the day before their meeting. Each appointment gets one reminder:
    the message key makes a second run a no-op. Returns how many were queued or found."""
    start = dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL)
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=1),
    ).select_related("citizen", "location", "case")
    count = 0
    for appointment in due:
        with transaction.atomic():
            message_queue(
                citizen=appointment.citizen,
                template="appointment_reminder",
                key=f"appointment:{appointment.pk}:reminder",
                context=_message_context(appointment),
                case=appointment.case,
                data={"appointment": str(appointment.public_id)},
            )
        count += 1
    return count
