"""Mine beskeder: every message we have sent the citizen, on which channel, and whether
it arrived.

The list is the outbox itself, read through `notifications.selectors`, so it shows what
was really sent, a failure included, and never another citizen's messages.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from borgerrejse.identity.access import citizen_required, current_citizen
from borgerrejse.notifications.selectors import messages_for_citizen
from borgerrejse.portal.message_display import message_line

PER_PAGE = 20


@citizen_required
@require_GET
def my_messages(request: HttpRequest) -> HttpResponse:
    """Newest first, a page at a time. Two queries however many messages there are: the
    count for the pages, and the page's messages with their cases."""
    citizen = current_citizen(request)
    assert citizen is not None, "the view is wrapped in @citizen_required"
    page = Paginator(messages_for_citizen(citizen=citizen), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/messages.html",
        {"page": page, "lines": [message_line(message) for message in page.object_list]},
    )
