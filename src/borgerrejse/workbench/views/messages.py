"""Failed messages: what the outbox could not deliver, for staff to deal with.

A message fails for good when retrying cannot help (no address, an invalid phone number)
or after 48 hours of retries. The citizen has then not heard from us, so someone calls
or writes to them, and marks the message as dealt with here. Until then it counts in the
badge in the workbench menu.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from borgerrejse.notifications.models import Message
from borgerrejse.notifications.selectors import (
    access_failed_message_for_staff,
    failed_messages_for_staff,
)
from borgerrejse.notifications.services import message_alert_resolve
from borgerrejse.staff.access import staff_required
from borgerrejse.staff.models import Action
from borgerrejse.workbench.display import message_channel_label, message_kind
from borgerrejse.workbench.views.base import frame, member_of, page_numbers, staff_user

PER_PAGE = 25


@dataclass(frozen=True)
class FailedRow:
    message: Message
    kind: str
    channel: str


@staff_required
@require_GET
def failed_messages(request: HttpRequest) -> HttpResponse:
    """Failed messages in my scope nobody has dealt with, the longest-waiting first."""
    member = member_of(request)
    page = Paginator(failed_messages_for_staff(user=staff_user(request)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        FailedRow(
            message=message, kind=message_kind(message), channel=message_channel_label(message)
        )
        for message in page.object_list
    ]
    return render(
        request,
        "workbench/failed_messages.html",
        {
            **frame(member, "failed_messages"),
            "page": page,
            "page_numbers": page_numbers(page.number, page.paginator.num_pages),
            "query": "",
            "rows": rows,
            # Marking it dealt with is a note on the case, in effect: the roles that may
            # write notes may do it.
            "can_resolve": member.may(Action.ADD_NOTE),
        },
    )


@staff_required
@require_POST
def failed_message_resolve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Markér som håndteret: someone has reached the citizen another way."""
    member = member_of(request)
    if not member.may(Action.ADD_NOTE):
        raise PermissionDenied("the role may not deal with failed messages")
    message = access_failed_message_for_staff(user=staff_user(request), public_id=public_id)
    # The name for the case's timeline, the username to tell two Mettes apart.
    resolved_by = f"{member.full_name} ({member.user.get_username()})"
    message_alert_resolve(message=message, resolved_by=resolved_by)
    messages.success(
        request,
        _("Beskeden »%(subject)s« til %(name)s er markeret som håndteret.")
        % {"subject": message.subject, "name": message.recipient_label},
    )
    return redirect("workbench:failed_messages")
