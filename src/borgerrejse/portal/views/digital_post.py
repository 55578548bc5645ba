"""Digital Post, the local one: the mailbox where the demo citizen reads what the local
Digital Post adapter delivered, as they would at borger.dk.

The pages exist only while Digital Post is the local adapter (`local_mailbox_enabled`);
with the real Digital Post they answer 404. A citizen reads only their own mail: every
message is fetched through `access_digital_post_for_citizen`, which answers "not found"
for anyone else's.
"""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from borgerrejse.identity.access import citizen_required, current_citizen
from borgerrejse.notifications.adapters.digital_post import local_digital_post_mark_read
from borgerrejse.notifications.models import LocalDigitalPostMessage
from borgerrejse.notifications.selectors import (
    access_digital_post_for_citizen,
    digital_post_for_citizen,
    local_mailbox_enabled,
)
from borgerrejse.people.models import Citizen

PER_PAGE = 20


def _citizen(request: HttpRequest) -> Citizen:
    if not local_mailbox_enabled():
        raise Http404("Digital Post is not the local one")
    citizen = current_citizen(request)
    assert citizen is not None, "the view must be wrapped in @citizen_required"
    return citizen


def _message(request: HttpRequest, message_uuid: uuid.UUID) -> LocalDigitalPostMessage:
    return access_digital_post_for_citizen(citizen=_citizen(request), message_uuid=message_uuid)


@citizen_required
@require_GET
def mailbox(request: HttpRequest) -> HttpResponse:
    """The newest first, unread ones marked. Two queries however much mail there is: the
    count for the pages, and the page."""
    page = Paginator(digital_post_for_citizen(citizen=_citizen(request)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/digital_post/mailbox.html", {"page": page})


@citizen_required
@require_GET
def message_detail(request: HttpRequest, message_uuid: uuid.UUID) -> HttpResponse:
    """One message. Opening it marks it read, as Digital Post does."""
    message = local_digital_post_mark_read(message=_message(request, message_uuid))
    return render(
        request,
        "portal/digital_post/message.html",
        {"message": message, "has_pdf": bool(message.pdf_filename)},
    )


@citizen_required
@require_GET
def message_pdf(request: HttpRequest, message_uuid: uuid.UUID) -> HttpResponse:
    """The letter as a PDF, shown in the browser."""
    message = _message(request, message_uuid)
    if not message.pdf_filename:
        raise Http404("the message has no letter")
    response = HttpResponse(bytes(message.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{message.pdf_filename}"'
    return response
