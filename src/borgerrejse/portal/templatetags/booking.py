"""Booking on pages the booking views do not own: the service page and My page."""

from __future__ import annotations

from django import template
from django.db.models import QuerySet

from borgerrejse.appointments.models import Appointment
from borgerrejse.appointments.selectors import (
    AppointmentType,
    appointment_types,
    citizen_appointments_upcoming,
)
from borgerrejse.people.models import Citizen

register = template.Library()


@register.simple_tag
def booking_kinds(slug: str) -> list[AppointmentType]:
    """The kinds of meeting the service page may offer to book."""
    return appointment_types(slug)


@register.simple_tag
def upcoming_appointments(citizen: Citizen) -> QuerySet[Appointment]:
    return citizen_appointments_upcoming(citizen)
