"""Pages anyone can read: the front page, each service, the accessibility statement."""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from borgerrejse.catalog.selectors import ServiceNotFound
from borgerrejse.portal.channel_facts import channel_facts
from borgerrejse.portal.selectors import (
    catalogue_overview,
    service_definition_current,
    service_page,
)

# The day the accessibility statement was last checked against the site.
ACCESSIBILITY_STATEMENT_REVIEWED_ON = dt.date(2026, 11, 23)


def home(request: HttpRequest) -> HttpResponse:
    groups = catalogue_overview(on=timezone.localdate(), language=get_language())
    return render(request, "portal/home.html", {"groups": groups})


def service(request: HttpRequest, slug: str) -> HttpResponse:
    """What a service is, what we ask for, each channel's time, and how to apply."""
    try:
        definition = service_definition_current(slug=slug, on=timezone.localdate())
    except ServiceNotFound:
        raise Http404(slug) from None
    page = service_page(definition, language=get_language())
    facts = channel_facts(definition, language=get_language())
    return render(request, "portal/service.html", {"page": page, "facts": facts})


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """Tilgængelighedserklæring: webtilgængelighedsloven (lov nr. 692 af 8. juni 2018)
    requires one, linked from every page, with contact by phone and in writing."""
    return render(
        request,
        "portal/accessibility.html",
        {"reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED_ON},
    )
