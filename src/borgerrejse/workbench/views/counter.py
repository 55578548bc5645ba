"""The counter: a front-desk worker opens a counter with a work profile, calls the next
walk-in, and records what happened (served, no-show, parked, transferred, recalled).

The queue's rules live in `appointments.walkin`; this view parses the buttons, checks
that the staff member serves at the desk, calls the service and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from borgerrejse.appointments.models import Counter, Ticket
from borgerrejse.appointments.walkin import (
    WalkInError,
    counter_close,
    counter_open,
    ticket_call_next,
    ticket_no_show,
    ticket_park,
    ticket_recall,
    ticket_serve_start,
    ticket_served,
    ticket_transfer,
    ticket_unpark,
)
from borgerrejse.appointments.walkin_selectors import (
    counter_get,
    counters_for_location,
    location_default,
    queue_snapshot,
    service_queues,
    ticket_at_counter,
    tickets_parked,
    tickets_recorded,
    walk_in_services,
    work_profiles,
)
from borgerrejse.contacts.access import require_desk
from borgerrejse.staff.access import staff_required
from borgerrejse.workbench.views.base import frame, member_of, staff_user


def _desk_user(request: HttpRequest) -> AbstractBaseUser:
    user = staff_user(request)
    require_desk(user=user)
    return user


def _counter(request: HttpRequest, counter_id: int) -> Counter:
    counter = counter_get(counter_id=counter_id)
    if counter is None:
        raise Http404(counter_id)
    return counter


def _own_counter(request: HttpRequest, counter_id: int) -> Counter:
    """A counter the staff member has open: nobody acts at another's counter."""
    counter = _counter(request, counter_id)
    if not counter.is_open or counter.staff_id != staff_user(request).pk:
        raise Http404(counter_id)
    return counter


@staff_required
@require_GET
def counter_overview(request: HttpRequest) -> HttpResponse:
    """The counters at the location, the queues, and the staff member's own counter."""
    user = _desk_user(request)
    location = location_default()
    if location is None:
        raise Http404("no location")
    counters = list(counters_for_location(location=location))
    mine = next((c for c in counters if c.is_open and c.staff_id == user.pk), None)
    services = walk_in_services(on=timezone.localdate(), language=get_language() or "da")
    titles = {service.slug: service.title for service in services}
    snapshot = queue_snapshot(location=location)
    current = ticket_at_counter(counter=mine) if mine is not None else None
    context: dict[str, Any] = frame(member_of(request), nav="counter") | {
        "location": location,
        "counters": counters,
        "mine": mine,
        "profiles": list(work_profiles()),
        "queues": service_queues(snapshot=snapshot, services=services),
        "current": current,
        "current_title": titles.get(current.service_slug, "") if current else "",
        "services": services,
        "parked": tickets_parked(location=location),
        "recorded": tickets_recorded(location=location),
        "titles": titles,
    }
    return render(request, "workbench/counter.html", context)


@staff_required
@require_POST
def counter_open_view(request: HttpRequest, counter_id: int) -> HttpResponse:
    user = _desk_user(request)
    counter = _counter(request, counter_id)
    profile = work_profiles().filter(pk=request.POST.get("profile") or 0).first()
    if profile is None:
        messages.error(request, _("Vælg en arbejdsprofil."))
        return redirect("workbench:counter")
    try:
        counter_open(counter=counter, user=user, profile=profile)
    except WalkInError as error:
        messages.error(request, str(error.message))
    return redirect("workbench:counter")


@staff_required
@require_POST
def counter_close_view(request: HttpRequest, counter_id: int) -> HttpResponse:
    user = _desk_user(request)
    counter_close(counter=_own_counter(request, counter_id), user=user)
    messages.success(request, _("Skranken er lukket."))
    return redirect("workbench:counter")


@staff_required
@require_POST
def call_next(request: HttpRequest, counter_id: int) -> HttpResponse:
    user = _desk_user(request)
    counter = _own_counter(request, counter_id)
    try:
        ticket = ticket_call_next(counter=counter, user=user)
    except WalkInError as error:
        messages.error(request, str(error.message))
        return redirect("workbench:counter")
    if ticket is None:
        messages.info(request, _("Der er ingen i køen lige nu."))
    else:
        messages.success(request, _("Du har kaldt nummer %(number)s.") % {"number": ticket.number})
    return redirect("workbench:counter")


def _transfer(ticket: Ticket, user: AbstractBaseUser, request: HttpRequest) -> Ticket:
    service = request.POST.get("service", "")
    if service not in {s.slug for s in walk_in_services(on=timezone.localdate(), language="da")}:
        raise WalkInError(_("Vælg den kø, borgeren skal flyttes til."))
    return ticket_transfer(ticket=ticket, service_slug=service, user=user)


_ACTIONS: dict[str, tuple[Callable[..., Ticket], Promise]] = {
    "genkald": (ticket_recall, gettext_lazy("Nummer %(number)s er kaldt igen.")),
    "start": (ticket_serve_start, gettext_lazy("Du betjener nummer %(number)s.")),
    "betjent": (ticket_served, gettext_lazy("Nummer %(number)s er betjent.")),
    "ikke-moedt": (
        ticket_no_show,
        gettext_lazy("Nummer %(number)s er registreret som ikke mødt op."),
    ),
    "parker": (ticket_park, gettext_lazy("Nummer %(number)s er parkeret.")),
}


@staff_required
@require_POST
def ticket_action(
    request: HttpRequest, counter_id: int, ticket_id: int, action: str
) -> HttpResponse:
    user = _desk_user(request)
    counter = _own_counter(request, counter_id)
    ticket = Ticket.objects.filter(pk=ticket_id, location_id=counter.location_id).first()
    if ticket is None:
        raise Http404(ticket_id)
    try:
        if action == "flyt":
            moved = _transfer(ticket, user, request)
            text = _("Nummer %(number)s er flyttet til en anden kø.") % {"number": moved.number}
        elif action == "hent":
            moved = ticket_unpark(ticket=ticket, counter=counter, user=user)
            text = _("Nummer %(number)s er kaldt tilbage til din skranke.") % {
                "number": moved.number
            }
        elif action in _ACTIONS:
            service, message = _ACTIONS[action]
            if ticket.counter_id != counter.pk:
                raise Http404(ticket_id)
            done = service(ticket=ticket, user=user)
            text = str(message) % {"number": done.number}
        else:
            raise Http404(action)
    except WalkInError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, text)
    return redirect("workbench:counter")
