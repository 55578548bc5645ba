"""Writes for the walk-in queue: drawing tickets, counters calling and serving them.

Every action is one durable transaction. `ticket_call_next` locks the ticket it takes
with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, so two counters calling at the same
moment never get the same ticket; rows are locked counter first, then ticket.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerrejse.appointments.booking import (
    AppointmentError,
    appointment_check_in,
    appointment_served,
)
from borgerrejse.appointments.models import (
    Appointment,
    AppointmentStatus,
    Counter,
    Location,
    Ticket,
    TicketPriority,
    TicketStatus,
    WorkMode,
    WorkProfile,
)
from borgerrejse.notifications.services import message_queue, message_queue_sms

# "It is nearly your turn" goes out when this many or fewer are ahead.
NEARLY_UP_AHEAD = 2
# How many of the best candidates a counter tries before it gives up for this call:
# others may hold the first ones locked.
_CANDIDATES = 25


class WalkInError(Exception):
    """A queue action that cannot be done; the message is for the staff member."""

    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(str(message))


def ticket_prefix(service_slug: str) -> str:
    """The letter a service's ticket numbers start with: its first letter."""
    return (service_slug[:1] or "X").upper()


def _next_number(*, location: Location, day: dt.date, prefix: str) -> str:
    used = (
        Ticket.objects.filter(
            location=location,
            day=day,
            number__startswith=prefix,
            transferred_from__isnull=True,
        )
        .aggregate(top=Max("number"))
        .get("top")
    )
    sequence = int(used[len(prefix) :]) + 1 if used else 1
    return f"{prefix}{sequence:03d}"


def _locked_location(location: Location) -> Location:
    # Numbers are handed out one at a time per location: the row lock serialises them.
    return Location.objects.select_for_update().get(pk=location.pk)


def ticket_draw(
    *,
    location: Location,
    service_slug: str,
    phone: str = "",
    citizen: Any = None,
    appointment: Appointment | None = None,
    language: str = "da",
) -> Ticket:
    """A new ticket at the back of the service's queue (a booked one at its front).
    `phone`, when given, is a normalised Danish number (+45XXXXXXXX) for the SMS."""
    with transaction.atomic(durable=True):
        return _ticket_create(
            location=location,
            service_slug=service_slug,
            phone=phone,
            citizen=citizen,
            appointment=appointment,
            language=language,
        )


def _ticket_create(
    *,
    location: Location,
    service_slug: str,
    phone: str,
    citizen: Any,
    appointment: Appointment | None,
    language: str = "da",
) -> Ticket:
    location = _locked_location(location)
    now = timezone.now()
    day = timezone.localdate(now)
    return Ticket.objects.create(
        location=location,
        day=day,
        number=_next_number(location=location, day=day, prefix=ticket_prefix(service_slug)),
        service_slug=service_slug,
        citizen=citizen,
        phone=phone,
        language=language,
        appointment=appointment,
        priority=TicketPriority.BOOKED if appointment is not None else TicketPriority.WALK_IN,
        queued_at=now,
    )


def ticket_check_in_appointment(*, appointment: Appointment, recorded_by: Any = None) -> Ticket:
    """A booked desk meeting arrives: the appointment is checked in and gets a ticket at
    the top of its service's queue. A second check-in returns the same ticket."""
    if appointment.location is None:
        raise WalkInError(_("Kun møder i Borgerservice kan tjekke ind i køen."))
    existing = appointment.tickets.order_by("-pk").first()
    if existing is not None:
        return existing
    try:
        appointment_check_in(appointment=appointment, recorded_by=recorded_by)
    except AppointmentError as error:
        raise WalkInError(error) from error
    with transaction.atomic(durable=True):
        return _ticket_create(
            location=appointment.location,
            service_slug=appointment.service_slug,
            phone=appointment.phone,
            citizen=appointment.citizen,
            appointment=appointment,
        )


# --- Counters -------------------------------------------------------------------------


def counter_open(*, counter: Counter, user: AbstractBaseUser, profile: WorkProfile) -> Counter:
    """The staff member sits down at the counter and calls by the profile."""
    with transaction.atomic(durable=True):
        locked = Counter.objects.select_for_update().get(pk=counter.pk)
        if locked.is_open and locked.staff_id not in (None, user.pk):
            raise WalkInError(_("Skranken er allerede åben for en anden medarbejder."))
        if not locked.is_open:
            locked.opened_at = timezone.now()
        locked.is_open = True
        locked.staff = user  # type: ignore[assignment]
        locked.profile = profile
        locked.save(update_fields=["is_open", "staff", "profile", "opened_at"])
        return locked


def counter_close(*, counter: Counter, user: AbstractBaseUser) -> Counter:
    """The counter closes. A ticket still called to it goes back to the front of its
    queue, so nobody is lost."""
    with transaction.atomic(durable=True):
        locked = Counter.objects.select_for_update().get(pk=counter.pk)
        for ticket in _at_counter(locked).select_for_update():
            if ticket.status == TicketStatus.CALLED:
                ticket.status = TicketStatus.WAITING
                ticket.counter = None
                ticket.called_at = None
                ticket.save(update_fields=["status", "counter", "called_at"])
        locked.is_open = False
        locked.staff = None
        locked.opened_at = None
        locked.save(update_fields=["is_open", "staff", "opened_at"])
        return locked


def _at_counter(counter: Counter) -> QuerySet[Ticket]:
    return Ticket.objects.filter(
        counter=counter, status__in=[TicketStatus.CALLED, TicketStatus.SERVING]
    )


def _candidates(counter: Counter, profile: WorkProfile, now: dt.datetime) -> list[Ticket]:
    """Waiting tickets for the counter's services, best first by its work profile.

    Booked check-ins come first in every profile. Then LONGEST_WAIT takes the ticket
    that joined first, whichever queue it is in; WEIGHTED takes the longest wait times
    the service's weight, so a queue weighted 2 is served as if its people had waited
    twice as long.
    """
    waiting = list(
        Ticket.objects.filter(
            location_id=counter.location_id,
            day=timezone.localdate(now),
            status=TicketStatus.WAITING,
            service_slug__in=profile.services,
        ).order_by("-priority", "queued_at", "pk")
    )
    if profile.mode == WorkMode.WEIGHTED:
        waiting = [ticket for ticket in waiting if profile.weight(ticket.service_slug) > 0]
        waiting.sort(
            key=lambda ticket: (
                -ticket.priority,
                -(now - ticket.queued_at).total_seconds() * profile.weight(ticket.service_slug),
                ticket.pk,
            )
        )
    return waiting[:_CANDIDATES]


def _lock_waiting(ticket_id: int) -> Ticket | None:
    tickets = Ticket.objects.filter(pk=ticket_id, status=TicketStatus.WAITING)
    if connection.features.has_select_for_update_skip_locked:
        tickets = tickets.select_for_update(skip_locked=True, of=("self",))
    else:
        tickets = tickets.select_for_update()
    return tickets.first()


def ticket_call_next(*, counter: Counter, user: AbstractBaseUser) -> Ticket | None:
    """Call the next ticket to the counter by its work profile; None when nobody waits.

    A ticket still called to the counter and never served is a no-show first: the desk
    must say what happened to it before calling the next.
    """
    now = timezone.now()
    with transaction.atomic(durable=True):
        locked = (
            Counter.objects.select_for_update(of=("self",))
            .select_related("profile")
            .get(pk=counter.pk)
        )
        if not locked.is_open or locked.profile is None:
            raise WalkInError(_("Åbn skranken og vælg en arbejdsprofil først."))
        if _at_counter(locked).exists():
            raise WalkInError(_("Afslut den borger, du har kaldt, før du kalder den næste."))
        chosen: Ticket | None = None
        for candidate in _candidates(locked, locked.profile, now):
            chosen = _lock_waiting(candidate.pk)
            if chosen is not None:
                break
        if chosen is None:
            return None
        chosen.status = TicketStatus.CALLED
        chosen.counter = locked
        chosen.called_at = now
        chosen.served_by = user  # type: ignore[assignment]
        chosen.save(update_fields=["status", "counter", "called_at", "served_by"])
        _nearly_up_notify(location_id=locked.location_id, service_slug=chosen.service_slug)
        return chosen


def _locked_ticket(ticket: Ticket, allowed: Iterable[str]) -> Ticket:
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status not in set(allowed):
        raise WalkInError(
            _("Det kan ikke gøres med et nummer, der har status %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


def ticket_recall(*, ticket: Ticket, user: AbstractBaseUser) -> Ticket:
    """Call the same number again: the display shows it anew."""
    with transaction.atomic(durable=True):
        locked = _locked_ticket(ticket, [TicketStatus.CALLED])
        locked.recalls += 1
        locked.called_at = timezone.now()
        locked.save(update_fields=["recalls", "called_at"])
        return locked


def ticket_serve_start(*, ticket: Ticket, user: AbstractBaseUser) -> Ticket:
    """The citizen has come to the counter."""
    with transaction.atomic(durable=True):
        locked = _locked_ticket(ticket, [TicketStatus.CALLED, TicketStatus.SERVING])
        if locked.status == TicketStatus.SERVING:
            return locked
        locked.status = TicketStatus.SERVING
        locked.served_started_at = timezone.now()
        locked.save(update_fields=["status", "served_started_at"])
        return locked


def ticket_served(*, ticket: Ticket, user: AbstractBaseUser) -> Ticket:
    """Done: the handling time (from start, or from the call) is what the estimates use."""
    with transaction.atomic(durable=True):
        locked = _locked_ticket(
            ticket, [TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.SERVED]
        )
        if locked.status == TicketStatus.SERVED:
            return locked
        now = timezone.now()
        locked.status = TicketStatus.SERVED
        locked.served_started_at = locked.served_started_at or locked.called_at or now
        locked.served_ended_at = now
        locked.served_by = user  # type: ignore[assignment]
        locked.save(update_fields=["status", "served_started_at", "served_ended_at", "served_by"])
    if locked.appointment_id is not None:
        _appointment_record_served(locked, user)
    return locked


def _appointment_record_served(ticket: Ticket, user: AbstractBaseUser) -> None:
    appointment = Appointment.objects.filter(pk=ticket.appointment_id or 0).first()
    if appointment is None:
        return
    if appointment.status in (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN):
        appointment_served(appointment=appointment, recorded_by=user)


def ticket_no_show(*, ticket: Ticket, user: AbstractBaseUser) -> Ticket:
    """Called, and nobody came."""
    with transaction.atomic(durable=True):
        locked = _locked_ticket(ticket, [TicketStatus.CALLED, TicketStatus.NO_SHOW])
        if locked.status == TicketStatus.NO_SHOW:
            return locked
        locked.status = TicketStatus.NO_SHOW
        locked.served_ended_at = timezone.now()
        locked.save(update_fields=["status", "served_ended_at"])
        return locked


def ticket_park(*, ticket: Ticket, user: AbstractBaseUser) -> Ticket:
    """Set the citizen aside (fetching a document, say); the counter serves others."""
    with transaction.atomic(durable=True):
        locked = _locked_ticket(ticket, [TicketStatus.CALLED, TicketStatus.SERVING])
        locked.status = TicketStatus.PARKED
        locked.save(update_fields=["status"])
        return locked


def ticket_unpark(*, ticket: Ticket, counter: Counter, user: AbstractBaseUser) -> Ticket:
    """Take a parked citizen back to this counter."""
    with transaction.atomic(durable=True):
        locked_counter = Counter.objects.select_for_update().get(pk=counter.pk)
        if _at_counter(locked_counter).exists():
            raise WalkInError(_("Afslut den borger, du har kaldt, før du kalder den næste."))
        locked = _locked_ticket(ticket, [TicketStatus.PARKED])
        locked.status = TicketStatus.CALLED
        locked.counter = locked_counter
        locked.called_at = timezone.now()
        locked.save(update_fields=["status", "counter", "called_at"])
        return locked


def ticket_transfer(*, ticket: Ticket, service_slug: str, user: AbstractBaseUser) -> Ticket:
    """Move the citizen to another service's queue. They keep their number, their place
    in time (the original arrival) and a booked priority: nobody starts over."""
    with transaction.atomic(durable=True):
        locked = _locked_ticket(
            ticket,
            [TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.PARKED],
        )
        if locked.service_slug == service_slug:
            raise WalkInError(_("Nummeret står allerede i den kø."))
        locked.status = TicketStatus.TRANSFERRED
        locked.served_ended_at = timezone.now()
        locked.save(update_fields=["status", "served_ended_at"])
        moved = Ticket.objects.create(
            location_id=locked.location_id,
            day=locked.day,
            number=locked.number,
            service_slug=service_slug,
            citizen_id=locked.citizen_id,
            phone=locked.phone,
            appointment_id=locked.appointment_id,
            priority=locked.priority,
            queued_at=locked.queued_at,
            transferred_from=locked,
        )
        _nearly_up_notify(location_id=locked.location_id, service_slug=service_slug)
        return moved


# --- "It is nearly your turn" ---------------------------------------------------------


def _nearly_up_notify(*, location_id: int, service_slug: str) -> None:
    """Queue the message for tickets with NEARLY_UP_AHEAD or fewer ahead in their queue.

    Runs inside the caller's transaction. A number given at the kiosk gets an SMS; a
    booked check-in without one hears on the citizen's own channel. The idempotency key
    makes a second call for the same ticket a no-op.
    """
    head = list(
        Ticket.objects.filter(
            location_id=location_id,
            day=timezone.localdate(),
            service_slug=service_slug,
            status=TicketStatus.WAITING,
        )
        .select_related("citizen")
        .order_by("-priority", "queued_at", "pk")[: NEARLY_UP_AHEAD + 1]
    )
    for ticket in head:
        if ticket.nearly_up_notified_at is not None:
            continue
        key = f"ticket:{ticket.pk}:nearly_up"
        context = {"number": ticket.number}
        if ticket.phone:
            message_queue_sms(
                phone=ticket.phone,
                template="ticket_nearly_up",
                key=key,
                context=context,
                language=ticket.language,
            )
        elif ticket.citizen is not None:
            message_queue(
                citizen=ticket.citizen,
                template="ticket_nearly_up",
                key=key,
                context=context,
                data={"ticket": ticket.pk},
            )
        else:
            continue
        ticket.nearly_up_notified_at = timezone.now()
        ticket.save(update_fields=["nearly_up_notified_at"])
