"""Which channel a message goes on. The rules live here and nowhere else.

- Letters (decisions, requests that start a deadline, consultation) go to Digital Post,
  the citizen's official mailbox, or on paper to a citizen exempt from it (lov om Digital
  Post § 5 and the exemption order: an exempt citizen gets the letter by post).
- Notices (receipts, reminders) follow the citizen's preferred channels, in their order,
  among Digital Post, e-mail and SMS. E-mail and SMS need an address or number on file;
  Digital Post is skipped for an exempt citizen. With nothing usable, a notice falls back
  to what a letter would use.
"""

from __future__ import annotations

import datetime as dt

from borgerrejse.notifications.models import MessageChannel, Purpose
from borgerrejse.people.models import Citizen, PreferredChannel

_NOTICE_CHANNELS = {
    PreferredChannel.DIGITAL_POST: MessageChannel.DIGITAL_POST,
    PreferredChannel.EMAIL: MessageChannel.EMAIL,
    PreferredChannel.SMS: MessageChannel.SMS,
}


def message_channel(*, citizen: Citizen, purpose: Purpose, on: dt.date) -> MessageChannel:
    exempt = citizen.is_digital_post_exempt(on)
    official = MessageChannel.PRINT if exempt else MessageChannel.DIGITAL_POST
    if purpose == Purpose.LETTER:
        return official
    for preferred in citizen.preferred_channels:
        channel = _NOTICE_CHANNELS.get(preferred)
        if channel == MessageChannel.DIGITAL_POST and not exempt:
            return channel
        if channel == MessageChannel.EMAIL and citizen.email:
            return channel
        if channel == MessageChannel.SMS and citizen.phone:
            return channel
    return official
