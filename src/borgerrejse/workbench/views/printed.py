"""Sendt til print: the letters that went on paper to citizens exempt from Digital Post.

The front desk and the caseworkers see it to answer "did you send me a letter?", and to
print a letter again. It lists what the outbox delivered to the print channel in the
staff member's scope, the newest first, and gives each letter's PDF: the very file in
the print folder while it is there, else the letter made again from the message.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from borgerrejse.notifications.models import Message
from borgerrejse.notifications.selectors import (
    access_printed_message_for_staff,
    may_see_printed_letters,
    printed_letter_pdf,
    printed_messages_for_staff,
)
from borgerrejse.staff.access import staff_required
from borgerrejse.workbench.display import message_kind
from borgerrejse.workbench.views.base import frame, member_of, page_numbers, staff_user

PER_PAGE = 25


@dataclass(frozen=True)
class PrintedRow:
    message: Message
    kind: str
    address: list[str]


def _allowed(request: HttpRequest) -> None:
    if not may_see_printed_letters(user=staff_user(request)):
        raise PermissionDenied("the role does not see letters sent to print")


@staff_required
@require_GET
def printed_letters(request: HttpRequest) -> HttpResponse:
    """The letters sent to print in my scope, the newest first, a page at a time."""
    member = member_of(request)
    _allowed(request)
    page = Paginator(printed_messages_for_staff(user=member.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        PrintedRow(
            message=message,
            kind=message_kind(message),
            address=[
                line
                for line in (
                    message.citizen.street,
                    f"{message.citizen.postcode} {message.citizen.city}".strip(),
                )
                if line
            ],
        )
        for message in page.object_list
    ]
    return render(
        request,
        "workbench/printed_letters.html",
        {
            **frame(member, "printed"),
            "page": page,
            "page_numbers": page_numbers(page.number, page.paginator.num_pages),
            "query": "",
            "rows": rows,
        },
    )


@staff_required
@require_GET
def printed_letter(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """One letter's PDF, to print again or read."""
    _allowed(request)
    message = access_printed_message_for_staff(user=staff_user(request), public_id=public_id)
    response = HttpResponse(printed_letter_pdf(message=message), content_type="application/pdf")
    name = message.case.number if message.case is not None else "brev"
    response["Content-Disposition"] = f'inline; filename="{name}-{message.template}.pdf"'
    return response
