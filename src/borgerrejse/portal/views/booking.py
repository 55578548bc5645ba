"""Booking a meeting: choose the kind, choose a free time, confirm; then move or cancel it.

The citizen's appointments are always fetched through `access_appointment_for_citizen`,
so a citizen only ever reaches their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from borgerrejse.appointments.booking import (
    AppointmentError,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from borgerrejse.appointments.models import Appointment, AppointmentKind, Location
from borgerrejse.appointments.selectors import (
    LOCAL,
    AppointmentNotFound,
    AppointmentType,
    Slot,
    access_appointment_for_citizen,
    appointment_type,
    appointment_types,
    free_slots,
    working_days_from,
)
from borgerrejse.catalog.selectors import ServiceNotFound
from borgerrejse.identity.access import citizen_required, current_citizen
from borgerrejse.people.models import Citizen
from borgerrejse.portal.selectors import service_definition_current
from borgerrejse.portal.views.drafts import active_language

# Working days shown on one page of free times; "Vis flere tider" shows the next ones.
DAYS_PER_PAGE = 5


@dataclass(frozen=True)
class SlotDay:
    day: dt.date
    slots: list[Slot]


def _citizen(request: HttpRequest) -> Citizen:
    citizen = current_citizen(request)
    assert citizen is not None, "the view must be wrapped in @citizen_required"
    return citizen


def _service_title(slug: str) -> str:
    try:
        definition = service_definition_current(slug=slug, on=timezone.localdate())
    except ServiceNotFound:
        raise Http404(slug) from None
    return definition.title.get(active_language())


def _meeting(slug: str, kind: str) -> AppointmentType:
    meeting = appointment_type(slug, kind)
    if meeting is None:
        raise Http404(kind)
    return meeting


def _own(request: HttpRequest, public_id: UUID) -> Appointment:
    try:
        return access_appointment_for_citizen(_citizen(request), public_id)
    except AppointmentNotFound:
        raise Http404(str(public_id)) from None


def _first_day(request: HttpRequest) -> dt.date:
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(request.GET.get("fra", ""))
    except ValueError:
        return today
    return max(day, today)


def _slot_days(slug: str, kind: str, first: dt.date) -> tuple[list[SlotDay], dt.date]:
    days = working_days_from(first, DAYS_PER_PAGE)
    slots = free_slots(service_slug=slug, kind=kind, days=days)
    grouped = [
        SlotDay(day=day, slots=list(group))
        for day, group in groupby(slots, key=lambda s: s.local_start.date())
    ]
    return grouped, days[-1] + dt.timedelta(days=1)


def _chosen_slot(request: HttpRequest, slug: str, kind: str) -> Slot | None:
    """The free slot named by the form's `slot` value, or None if it is no longer free."""
    key = request.POST.get("slot") or request.GET.get("slot", "")
    try:
        stamp, location = key.split("-")
        starts_at = dt.datetime.strptime(stamp, "%Y%m%dT%H%M").replace(tzinfo=dt.UTC)
        location_id = int(location) or None
    except ValueError:
        return None
    for slot in free_slots(service_slug=slug, kind=kind, days=[starts_at.astimezone(LOCAL).date()]):
        if slot.starts_at == starts_at and slot.location_id == location_id:
            return slot
    return None


def _location(slot: Slot) -> Location | None:
    if slot.location_id is None:
        return None
    return Location.objects.get(pk=slot.location_id)


@citizen_required
@require_GET
def booking_kind(request: HttpRequest, slug: str) -> HttpResponse:
    """Which kind of meeting: at the desk, by phone or by video, as the service allows."""
    title = _service_title(slug)
    kinds = appointment_types(slug)
    if not kinds:
        raise Http404(slug)
    if len(kinds) == 1:
        return redirect("portal:booking_slots", slug=slug, kind=kinds[0].kind)
    return render(
        request, "portal/booking/kind.html", {"slug": slug, "title": title, "kinds": kinds}
    )


@citizen_required
@require_GET
def booking_slots(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    title = _service_title(slug)
    meeting = _meeting(slug, kind)
    days, next_day = _slot_days(slug, kind, _first_day(request))
    return render(
        request,
        "portal/booking/slots.html",
        {
            "slug": slug,
            "title": title,
            "meeting": meeting,
            "days": days,
            "next_day": next_day,
            "action": reverse("portal:booking_confirm", args=[slug, kind]),
            "error": request.GET.get("optaget") and _("Tiden er lige blevet taget. Vælg en anden."),
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def booking_confirm(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Look over the chosen time and book it. A time taken meanwhile sends the citizen
    back to the list with a clear message."""
    citizen = _citizen(request)
    title = _service_title(slug)
    meeting = _meeting(slug, kind)
    slots_url = reverse("portal:booking_slots", args=[slug, kind])
    slot = _chosen_slot(request, slug, kind)
    if slot is None:
        return redirect(f"{slots_url}?optaget=1")
    phone = request.POST.get("phone", citizen.phone).strip()
    error = ""
    if request.method == "POST":
        try:
            appointment = appointment_book(
                citizen=citizen,
                service_slug=slug,
                kind=kind,
                starts_at=slot.starts_at,
                location=_location(slot),
                phone=phone,
            )
        except AppointmentError as failure:
            error = str(failure.message)
        else:
            return redirect("portal:appointment", public_id=appointment.public_id)
    return render(
        request,
        "portal/booking/confirm.html",
        {
            "title": title,
            "meeting": meeting,
            "slot": slot,
            "location": _location(slot),
            "phone": phone,
            "error": error,
            "back": slots_url,
            "button": _("Book tiden"),
        },
    )


@citizen_required
@require_GET
def appointment_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    appointment = _own(request, public_id)
    return render(
        request,
        "portal/booking/appointment.html",
        {"appointment": appointment, "title": _service_title(appointment.service_slug)},
    )


@citizen_required
@require_GET
def appointment_reschedule_slots(request: HttpRequest, public_id: UUID) -> HttpResponse:
    appointment = _own(request, public_id)
    if not appointment.can_change():
        raise Http404(str(public_id))
    slug, kind = appointment.service_slug, appointment.kind
    days, next_day = _slot_days(slug, kind, _first_day(request))
    return render(
        request,
        "portal/booking/slots.html",
        {
            "slug": slug,
            "title": _service_title(slug),
            "meeting": _meeting(slug, kind),
            "days": days,
            "next_day": next_day,
            "moving": appointment,
            "action": reverse("portal:appointment_reschedule_confirm", args=[public_id]),
            "error": request.GET.get("optaget") and _("Tiden er lige blevet taget. Vælg en anden."),
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def appointment_reschedule_confirm(request: HttpRequest, public_id: UUID) -> HttpResponse:
    appointment = _own(request, public_id)
    if not appointment.can_change():
        raise Http404(str(public_id))
    slug, kind = appointment.service_slug, appointment.kind
    slots_url = reverse("portal:appointment_reschedule", args=[public_id])
    slot = _chosen_slot(request, slug, kind)
    if slot is None:
        return redirect(f"{slots_url}?optaget=1")
    phone = request.POST.get("phone", appointment.phone).strip()
    error = ""
    if request.method == "POST":
        try:
            moved = appointment_reschedule(
                appointment=appointment,
                starts_at=slot.starts_at,
                location=_location(slot),
                phone=phone if kind == AppointmentKind.PHONE else None,
            )
        except AppointmentError as failure:
            error = str(failure.message)
        else:
            messages.success(request, _("Din tid er flyttet. Vi har sendt dig en ny bekræftelse."))
            return redirect("portal:appointment", public_id=moved.public_id)
    return render(
        request,
        "portal/booking/confirm.html",
        {
            "title": _service_title(slug),
            "meeting": _meeting(slug, kind),
            "slot": slot,
            "location": _location(slot),
            "phone": phone,
            "error": error,
            "back": slots_url,
            "moving": appointment,
            "button": _("Flyt tiden"),
        },
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def appointment_cancel_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    appointment = _own(request, public_id)
    if not appointment.can_change():
        raise Http404(str(public_id))
    if request.method == "POST":
        try:
            appointment_cancel(appointment=appointment)
        except AppointmentError as failure:
            messages.error(request, str(failure.message))
        else:
            messages.success(request, _("Din tid er aflyst."))
        return redirect("portal:my_page")
    return render(
        request,
        "portal/booking/cancel.html",
        {"appointment": appointment, "title": _service_title(appointment.service_slug)},
    )
