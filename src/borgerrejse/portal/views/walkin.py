"""The walk-in queue's public pages: the kiosk where a citizen draws a ticket, the
ticket itself with its wait, and the display over the waiting area.

No login: a walk-in is anonymous until they reach the counter. The ticket page is found
by the ticket's random public id, which only its holder has.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from borgerrejse.appointments.models import Location
from borgerrejse.appointments.walkin import ticket_draw
from borgerrejse.appointments.walkin_selectors import (
    location_default,
    location_get,
    queue_snapshot,
    service_queues,
    ticket_get,
    tickets_called,
    walk_in_services,
)
from borgerrejse.notifications.adapters.base import PermanentDeliveryError
from borgerrejse.notifications.adapters.sms import phone_number_normalise

# The display reloads itself this often (seconds): often enough to see one's number
# called, seldom enough for a screen reader to finish reading.
DISPLAY_REFRESH_SECONDS = 15


BAD_PHONE = _("Skriv et dansk mobilnummer med 8 cifre, fx 20 30 40 50, eller lad feltet stå tomt.")


class TicketForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Hvad kommer du for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, hvad du kommer for.")},
    )

    phone = forms.CharField(
        label=_("Dit mobilnummer (frivilligt)"),
        help_text=_("Så sender vi en SMS, når det snart er din tur."),
        required=False,
        max_length=20,
    )

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["service"].choices = choices  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            return phone_number_normalise(raw)
        except PermanentDeliveryError:
            raise forms.ValidationError(BAD_PHONE) from None


def _location(request: HttpRequest) -> Location:
    slug = request.GET.get("sted")
    location = location_get(slug=slug) if slug else location_default()
    if location is None:
        raise Http404("no location")
    return location


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest) -> HttpResponse:
    """Choose what you came for, and get a number."""
    location = _location(request)
    language = get_language() or "da"
    services = walk_in_services(on=timezone.localdate(), language=language)
    form = TicketForm(
        request.POST if request.method == "POST" else None,
        choices=[(service.slug, service.title) for service in services],
    )
    if request.method == "POST" and form.is_valid():
        ticket = ticket_draw(
            location=location,
            service_slug=form.cleaned_data["service"],
            phone=form.cleaned_data["phone"],
            language=language,
        )
        return redirect("portal:walkin_ticket", public_id=ticket.public_id)
    snapshot = queue_snapshot(location=location)
    queues = {queue.slug: queue for queue in service_queues(snapshot=snapshot, services=services)}
    errors = [
        ("#id_service_0" if field == "service" else "#id_phone", str(messages[0]))
        for field, messages in form.errors.items()
    ]
    return render(
        request,
        "portal/walkin/kiosk.html",
        {
            "location": location,
            "form": form,
            "options": [(service, queues[service.slug]) for service in services],
            "errors": errors,
        },
    )


@require_GET
def ticket(request: HttpRequest, public_id: str) -> HttpResponse:
    """The number, how many are ahead, and about how long until we call it."""
    found = ticket_get(public_id=public_id)
    if found is None:
        raise Http404(public_id)
    snapshot = queue_snapshot(location=found.location)
    titles = {
        service.slug: service.title
        for service in walk_in_services(on=timezone.localdate(), language=get_language() or "da")
    }
    return render(
        request,
        "portal/walkin/ticket.html",
        {
            "ticket": found,
            "title": titles.get(found.service_slug, found.service_slug),
            "ahead": snapshot.ahead_of(found),
            "estimate": snapshot.ticket_estimate(found),
        },
    )


@require_GET
def display(request: HttpRequest) -> HttpResponse:
    """The screen in the waiting area: numbers called to which counter, and each queue's
    length and wait."""
    location = _location(request)
    services = walk_in_services(on=timezone.localdate(), language=get_language() or "da")
    snapshot = queue_snapshot(location=location)
    queues = [
        queue
        for queue in service_queues(snapshot=snapshot, services=services)
        if queue.waiting or queue.estimate_minutes is not None
    ]
    response = render(
        request,
        "portal/walkin/display.html",
        {
            "location": location,
            "called": tickets_called(location=location),
            "queues": queues,
            "refresh_seconds": DISPLAY_REFRESH_SECONDS,
            "now": timezone.now(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response
