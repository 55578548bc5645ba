"""Reads of the outbox: a citizen's messages, a case's messages, the failed messages
staff must deal with, the local Digital Post mailbox, and the letters sent to print.

Staff see a failed message when its case is in their scope (`staff.access`), so the
alert reaches the department that knows the case. A message without a case (an
appointment reminder, say) is the front desk's: it serves every citizen.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.module_loading import import_string

from borgerrejse.cases.models import Case
from borgerrejse.notifications.adapters.digital_post import LocalDigitalPost
from borgerrejse.notifications.adapters.printed import PrintFolder, printed_letter_path
from borgerrejse.notifications.documents import message_documents
from borgerrejse.notifications.models import (
    LocalDigitalPostMessage,
    Message,
    MessageChannel,
    MessageStatus,
)
from borgerrejse.people.models import Citizen
from borgerrejse.staff.access import UserLike, cases_in_scope, staff_member
from borgerrejse.staff.roles import Role


class MessageNotFound(LookupError, Http404):
    """The message does not exist for this person: not found, however it is asked for."""


# --- Citizens ---------------------------------------------------------------------------


def messages_for_citizen(*, citizen: Citizen) -> QuerySet[Message]:
    """Every message to the citizen, newest first, with its case for the link."""
    return (
        Message.objects.filter(citizen=citizen)
        .select_related("case")
        .order_by("-created_at", "-id")
    )


def messages_for_case(*, case: Case) -> list[Message]:
    """The case's messages, oldest first, as its timeline runs. One query.

    The caller has fetched `case` through an access helper: the messages are as visible
    as the case is.
    """
    return list(Message.objects.filter(case=case).order_by("created_at", "id"))


# --- Staff: failed messages ---------------------------------------------------------------


def _unresolved_failures() -> QuerySet[Message]:
    # The same condition as the partial index message_alert_idx, so it can be used.
    return Message.objects.filter(status=MessageStatus.FAILED, alert_resolved_at__isnull=True)


def _staff_scope(user: UserLike) -> Q | None:
    member = staff_member(user)
    if member is None:
        return None
    scope = Q(case__in=cases_in_scope(user=user).values("pk"))
    if member.has_role(Role.FRONT_DESK):
        scope |= Q(case__isnull=True)
    return scope


def failed_messages_for_staff(*, user: UserLike) -> QuerySet[Message]:
    """Failed messages nobody has dealt with yet, in the user's scope, oldest failure first:
    the citizen who has waited longest comes first."""
    scope = _staff_scope(user)
    if scope is None:
        return Message.objects.none()
    return (
        _unresolved_failures()
        .filter(scope)
        .select_related("citizen", "case")
        .order_by("failed_at", "id")
    )


def failed_messages_count_for_staff(*, user: UserLike) -> int:
    """How many failed messages wait for the user: the badge in the workbench menu. One
    COUNT over the partial index."""
    scope = _staff_scope(user)
    if scope is None:
        return 0
    return _unresolved_failures().filter(scope).count()


def access_failed_message_for_staff(*, user: UserLike, public_id: uuid.UUID) -> Message:
    """A failed message in the user's scope, dealt with or not (so that marking it twice
    does no harm). Raises MessageNotFound (404) otherwise."""
    scope = _staff_scope(user)
    message = None
    if scope is not None:
        message = (
            Message.objects.filter(scope, status=MessageStatus.FAILED, public_id=public_id)
            .select_related("citizen", "case")
            .first()
        )
    if message is None:
        raise MessageNotFound(public_id)
    return message


# --- Citizens: the local Digital Post mailbox ---------------------------------------------


def local_mailbox_enabled() -> bool:
    """Whether Digital Post is the local one, whose mailbox the portal shows. With the
    real Digital Post, citizens read their mail at borger.dk or in the Digital Post app."""
    adapter = import_string(settings.NOTIFICATION_ADAPTERS["digital_post"])
    return isinstance(adapter, type) and issubclass(adapter, LocalDigitalPost)


def digital_post_for_citizen(*, citizen: Citizen) -> QuerySet[LocalDigitalPostMessage]:
    """The citizen's local Digital Post, newest first, without the heavy MeMo XML and PDF."""
    return (
        LocalDigitalPostMessage.objects.filter(citizen=citizen)
        .defer("memo_xml", "pdf", "body")
        .order_by("-received_at", "-id")
    )


def access_digital_post_for_citizen(
    *, citizen: Citizen, message_uuid: uuid.UUID
) -> LocalDigitalPostMessage:
    """One message in the citizen's own local mailbox. Raises MessageNotFound (404) for
    anything else, another citizen's mail included."""
    message = (
        LocalDigitalPostMessage.objects.filter(citizen=citizen, message_uuid=message_uuid)
        .defer("memo_xml")
        .first()
    )
    if message is None:
        raise MessageNotFound(message_uuid)
    return message


# --- Staff: letters sent to print -------------------------------------------------------

# Who may see what went to print: those who answer citizens asking about a letter.
PRINT_LIST_ROLES = frozenset({Role.FRONT_DESK, Role.CASEWORKER, Role.TEAM_LEAD})


def may_see_printed_letters(*, user: UserLike) -> bool:
    member = staff_member(user)
    return member is not None and any(member.has_role(role) for role in PRINT_LIST_ROLES)


def _printed() -> QuerySet[Message]:
    # The same condition as the partial index message_print_idx, so it can be used.
    return Message.objects.filter(channel=MessageChannel.PRINT, status=MessageStatus.DELIVERED)


def printed_messages_for_staff(*, user: UserLike) -> QuerySet[Message]:
    """Letters sent to print in the user's scope, the newest first. Empty for roles that
    may not see them."""
    scope = _staff_scope(user)
    if scope is None or not may_see_printed_letters(user=user):
        return Message.objects.none()
    return (
        _printed()
        .filter(scope)
        .select_related("citizen", "case")
        .defer("context", "body")
        .order_by("-delivered_at", "-id")
    )


def access_printed_message_for_staff(*, user: UserLike, public_id: uuid.UUID) -> Message:
    """A letter sent to print, in the user's scope. Raises MessageNotFound (404)."""
    found = printed_messages_for_staff(user=user).filter(public_id=public_id)
    # All of it: the letter may have to be made again from the body and context.
    message = found.defer(None).first()
    if message is None:
        raise MessageNotFound(public_id)
    return message


def printed_letter_pdf(*, message: Message) -> bytes:
    """The PDF that went to print: from the print folder while it is there, else made
    again from the message (the print service may have taken the file away)."""
    adapter = import_string(settings.NOTIFICATION_ADAPTERS["print"])
    if isinstance(adapter, type) and issubclass(adapter, PrintFolder):
        path = printed_letter_path(message.provider_reference)
        if path is not None:
            return path.read_bytes()
    for document in message_documents(message):
        if document.content_type == "application/pdf":
            return document.content
    raise MessageNotFound(message.public_id)
