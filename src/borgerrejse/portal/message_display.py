"""The messages we sent a citizen, as they read them: on "My messages" and in a case's
timeline. The delivery status is said plainly: waiting, sent, or not delivered, and then
that we will contact them (staff are alerted in the workbench)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgerrejse.notifications.models import Message, MessageChannel, MessageStatus
from borgerrejse.notifications.texts import TEMPLATES

# A message being sent right now is, to the citizen, still on its way.
CITIZEN_STATUSES: dict[str, Promise] = {
    MessageStatus.QUEUED: _("Venter på at blive sendt"),
    MessageStatus.SENDING: _("Venter på at blive sendt"),
    MessageStatus.DELIVERED: _("Sendt"),
    MessageStatus.FAILED: _("Kunne ikke leveres – vi kontakter dig"),
}
STATUS_BADGES: dict[str, str] = {
    MessageStatus.QUEUED: "badge-info",
    MessageStatus.SENDING: "badge-info",
    MessageStatus.DELIVERED: "badge-success",
    MessageStatus.FAILED: "badge-error",
}


@dataclass(frozen=True)
class MessageLine:
    message: Message
    # When it went out, or when we wrote it while it waits.
    at: dt.datetime
    kind: str
    channel: str
    status: str
    badge: str

    @property
    def failed(self) -> bool:
        return self.message.status == MessageStatus.FAILED


def message_line(message: Message) -> MessageLine:
    template = TEMPLATES.get(message.template)
    return MessageLine(
        message=message,
        at=message.delivered_at or message.created_at,
        kind=str(template.label) if template else message.template,
        channel=str(MessageChannel(message.channel).label)
        if message.channel in MessageChannel.values
        else message.channel,
        status=str(CITIZEN_STATUSES.get(message.status, message.status)),
        badge=STATUS_BADGES.get(message.status, ""),
    )
