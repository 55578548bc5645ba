"""Bedøm din kontakt med os: after a call or a visit, the citizen may rate it 1 to 5.

Optional and simple: one question per contact, no free text, and only the citizen's own
contacts with a person (DESIGN.md, principle 8: managers see citizen satisfaction).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from borgerrejse.contacts.selectors import (
    access_contact_for_citizen,
    rateable_contacts_for_citizen,
)
from borgerrejse.contacts.services import ContactError, contact_rate
from borgerrejse.identity.access import citizen_required, current_citizen

SHOWN = 10
RATINGS = (
    (5, gettext_lazy("Meget god")),
    (4, gettext_lazy("God")),
    (3, gettext_lazy("Hverken god eller dårlig")),
    (2, gettext_lazy("Dårlig")),
    (1, gettext_lazy("Meget dårlig")),
)


@citizen_required
@require_GET
def contacts_to_rate(request: HttpRequest) -> HttpResponse:
    citizen = current_citizen(request)
    assert citizen is not None, "the view is wrapped in @citizen_required"
    contacts = list(rateable_contacts_for_citizen(citizen=citizen)[:SHOWN])
    return render(request, "portal/contacts_rate.html", {"contacts": contacts, "ratings": RATINGS})


@citizen_required
@require_POST
def contact_rating(request: HttpRequest, contact_id: int) -> HttpResponse:
    citizen = current_citizen(request)
    assert citizen is not None, "the view is wrapped in @citizen_required"
    contact = access_contact_for_citizen(citizen=citizen, contact_id=contact_id)
    if contact is None:
        raise Http404
    try:
        rating = int(request.POST.get("rating", ""))
    except ValueError:
        rating = 0
    try:
        contact_rate(citizen=citizen, contact=contact, rating=rating)
    except ContactError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Tak for din bedømmelse."))
    return redirect("portal:contacts_rate")
