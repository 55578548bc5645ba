"""A plain letter as a PDF with an address window, for letters other than decisions."""

from __future__ import annotations

from borgerrejse.notifications.models import Message


def message_letter_pdf(message: Message) -> bytes:
    raise NotImplementedError
