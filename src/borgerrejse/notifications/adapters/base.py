"""The contract every channel adapter keeps.

`send(outgoing)` delivers one message and returns the provider's reference for it.

- It is idempotent on `outgoing.idempotency_key`: called again with the same key (a retry
  after a crash, a second worker after an expired lease) it delivers nothing new and
  returns the reference of the first delivery. Providers that cannot promise this (plain
  SMTP) say so in their docstring.
- It raises `PermanentDeliveryError` when retrying cannot help (no address, an invalid
  phone number, a recipient the provider does not know). The message fails at once and
  staff are alerted.
- It raises `TemporaryDeliveryError` for everything that may pass (a timeout, a 5xx, a
  provider outage). The worker retries with exponential backoff for up to 48 hours.
  Any other exception is treated as temporary too.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol


class DeliveryError(Exception):
    permanent = False


class TemporaryDeliveryError(DeliveryError):
    pass


class PermanentDeliveryError(DeliveryError):
    permanent = True


@dataclasses.dataclass(frozen=True, kw_only=True)
class Recipient:
    name: str
    cpr: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    email: str = ""
    phone: str = ""

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(
            line
            for line in (self.name, self.street, f"{self.postcode} {self.city}".strip())
            if line
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class Document:
    """A file that travels with the message: the letter as a PDF."""

    filename: str
    content_type: str
    content: bytes


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outgoing:
    idempotency_key: str
    recipient: Recipient
    subject: str
    body: str
    language: str
    documents: tuple[Document, ...] = ()
    # The case number, for the provider's reference fields (MeMo's case ID).
    case_number: str = ""


class Adapter(Protocol):
    def send(self, outgoing: Outgoing) -> str: ...
