"""E-mail through Django's SMTP backend.

Contract (see `adapters/base.py`), with one honest exception:

- `send(outgoing)` hands the message to the SMTP server in `EMAIL_HOST`/`EMAIL_PORT`
  and returns its Message-ID as the provider reference.
- SMTP is **at-least-once**, not exactly-once: the protocol has no idempotency key. If
  the worker dies after the server accepted the message but before the outbox recorded
  it, the retry sends it again. The Message-ID is derived from the outbox row's
  idempotency key, so both copies carry the same `Message-ID`, and mail clients and
  servers that de-duplicate on it show the citizen one message.
- `PermanentDeliveryError` when the citizen has no e-mail address, the address is not
  valid, or the server refuses the recipient with a 5xx answer (no such mailbox).
- `TemporaryDeliveryError` for connection errors, timeouts, 4xx answers (greylisting, a
  full queue) and for a sender or login the server refuses: that is our configuration,
  and the message should go out once it is fixed, not fail for good.

Locally `borgerrejse smtp_sink` is the server: a real SMTP server that stores every
message in a maildir (`notifications/smtp_sink.py`). Faults are injected before
connecting, as for the other local adapters (`NOTIFICATION_FAULTS["email"]`).
"""

from __future__ import annotations

import hashlib
import smtplib
from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend
from django.core.validators import validate_email

from borgerrejse.notifications.adapters.base import (
    Outgoing,
    PermanentDeliveryError,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.faults import inject_faults


def message_id_for(idempotency_key: str) -> str:
    """The Message-ID every attempt at this message carries.

    The key itself ("event:12:receipt") is not valid in a Message-ID, and the same key
    exists in every municipality's outbox, so the ID is a hash of the key at this
    installation's own host name.
    """
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "borgerrejse"
    return f"<{digest}@{host}>"


class SmtpEmail:
    """E-mail through `django.core.mail.backends.smtp.EmailBackend` and `EMAIL_*`."""

    def send(self, outgoing: Outgoing) -> str:
        inject_faults("email")
        address = _valid_address(outgoing.recipient.email)
        message_id = message_id_for(outgoing.idempotency_key)
        email = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[formataddr((outgoing.recipient.name, address))],
            headers={
                "Message-ID": message_id,
                # RFC 3834: an automatic message, so vacation replies are not sent back.
                "Auto-Submitted": "auto-generated",
            },
            # The SMTP backend by name, not EMAIL_BACKEND: that setting is Django's
            # default for everything else and is swapped for an in-memory box in tests,
            # while this adapter *is* the SMTP channel.
            connection=EmailBackend(fail_silently=False),
        )
        for document in outgoing.documents:
            email.attach(document.filename, document.content, document.content_type)
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused as refused:
            raise _recipient_refused(refused, address) from refused
        except (smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError) as error:
            raise TemporaryDeliveryError(f"SMTP-serveren afviste afsenderen: {error}") from error
        except smtplib.SMTPResponseException as error:
            if 500 <= error.smtp_code < 600:
                raise PermanentDeliveryError(
                    f"SMTP-serveren afviste beskeden ({error.smtp_code}): {_text(error.smtp_error)}"
                ) from error
            raise TemporaryDeliveryError(
                f"SMTP-serveren svarede {error.smtp_code}: {_text(error.smtp_error)}"
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            # Connection refused, a timeout, the server hanging up: all may pass.
            raise TemporaryDeliveryError(f"Kunne ikke nå SMTP-serveren: {error!r}") from error
        return message_id


def _valid_address(address: str) -> str:
    address = address.strip()
    if not address:
        raise PermanentDeliveryError("Borgeren har ingen e-mailadresse.")
    try:
        validate_email(address)
    except ValidationError:
        raise PermanentDeliveryError(f"Ugyldig e-mailadresse: {address}") from None
    return address


def _recipient_refused(
    refused: smtplib.SMTPRecipientsRefused, address: str
) -> PermanentDeliveryError | TemporaryDeliveryError:
    answers = [(code, _text(text)) for code, text in refused.recipients.values()]
    described = "; ".join(f"{code} {text}" for code, text in answers)
    if answers and all(500 <= code < 600 for code, _ in answers):
        return PermanentDeliveryError(f"Modtageren {address} blev afvist: {described}")
    return TemporaryDeliveryError(f"Modtageren {address} blev afvist for nu: {described}")


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
