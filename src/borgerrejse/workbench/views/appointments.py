"""Telefontider: the day's booked meetings. Phone meetings say who to call when and on
which number; desk and video meetings are checked in, served or marked as no-shows."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from borgerrejse.appointments.booking import (
    AppointmentError,
    appointment_check_in,
    appointment_no_show,
    appointment_served,
)
from borgerrejse.appointments.models import AppointmentKind
from borgerrejse.appointments.selectors import (
    AppointmentNotFound,
    access_appointment_for_staff,
    appointments_for_day,
)
from borgerrejse.catalog.selectors import service_versions_current
from borgerrejse.contacts.access import require_desk
from borgerrejse.staff.access import staff_required
from borgerrejse.workbench.views.base import frame, language, member_of, staff_user

_ACTIONS = {
    "moedt": (appointment_check_in, _("Borgeren er registreret som mødt.")),
    "betjent": (appointment_served, _("Mødet er registreret som holdt.")),
    "udeblevet": (appointment_no_show, _("Borgeren er registreret som udeblevet.")),
}


def _day(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("dag", ""))
    except ValueError:
        return timezone.localdate()


@staff_required
@require_GET
def appointments_today(request: HttpRequest) -> HttpResponse:
    require_desk(user=request.user)
    day = _day(request)
    titles = {
        version.slug: version.title_en if language() == "en" else version.title_da
        for version in service_versions_current(on=day)
    }
    appointments = list(appointments_for_day(day=day))
    for appointment in appointments:
        appointment.service_title = titles.get(appointment.service_slug, appointment.service_slug)  # type: ignore[attr-defined]
    return render(
        request,
        "workbench/appointments.html",
        {
            **frame(member_of(request), nav="appointments"),
            "day": day,
            "previous_day": day - dt.timedelta(days=1),
            "next_day": day + dt.timedelta(days=1),
            "calls": [a for a in appointments if a.kind == AppointmentKind.PHONE],
            "meetings": [a for a in appointments if a.kind != AppointmentKind.PHONE],
        },
    )


@staff_required
@require_POST
def appointment_record(request: HttpRequest, public_id: UUID, action: str) -> HttpResponse:
    require_desk(user=request.user)
    if action not in _ACTIONS:
        raise Http404(action)
    try:
        appointment = access_appointment_for_staff(public_id)
    except AppointmentNotFound:
        raise Http404(str(public_id)) from None
    record, done = _ACTIONS[action]
    try:
        record(appointment=appointment, recorded_by=staff_user(request))
    except AppointmentError as failure:
        messages.error(request, str(failure.message))
    else:
        messages.success(request, str(done))
    day = timezone.localdate(appointment.starts_at)
    return redirect(f"{reverse('workbench:appointments')}?dag={day.isoformat()}")
