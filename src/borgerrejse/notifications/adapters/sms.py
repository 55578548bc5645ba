"""SMS: reminders and status updates for citizens who prefer a text message.

The provider contract. A production SMS gateway is an HTTP service that takes
- `to`: the number in E.164 form (`+4512345678`),
- `text`: the message (GSM 03.38, up to three concatenated SMS),
- `reference`: our idempotency key, which the gateway keeps for at least 48 hours
  (our retry window) and answers a repeat of with the first send's id instead of
  sending again,
and answers with its id for the SMS. A 4xx answer about the number or the text is a
permanent failure; a timeout, 429 or 5xx is temporary. `HttpSmsGateway` below speaks
that contract; Danish gateways (Compaya/CPSMS, GatewayAPI, Inmobile) take the same three
fields under their own names.

`LocalSms` is the local gateway: it keeps each SMS in the `LocalSms` table (unique on
the key, as the gateway is) and takes injected faults like the other local adapters
(`NOTIFICATION_FAULTS["sms"]`).

Both check the number first. We send to Danish numbers only: +45 and eight digits,
written as "12 34 56 78", "+45 12345678" or "0045 12345678". Anything else fails at once
with a message for staff, because no retry will make "123" a phone number.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings

from borgerrejse.notifications.adapters.base import (
    Outgoing,
    PermanentDeliveryError,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.faults import inject_faults
from borgerrejse.notifications.models import LocalSms as LocalSmsRecord

_DANISH_NUMBER = re.compile(r"(?:\+45|0045)?(\d{8})")
_SEPARATORS = re.compile(r"[\s\-.()]")
_URL = re.compile(r"https?://\S+")

# GSM 03.38: the characters one SMS segment carries in 7 bits (Danish æ, ø and å
# included); those in the extension table take two. Anything else turns the whole
# message into UCS-2, with far fewer characters per segment.
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("^{}\\[~]|€\f")
# Three concatenated SMS: 3 × 153 GSM characters, or 3 × 67 in UCS-2.
SEGMENTS = 3
GSM_LIMIT = SEGMENTS * 153
UCS2_LIMIT = SEGMENTS * 67
# Typography our texts use that GSM 03.38 lacks, written as GSM has it.
_PLAIN = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "»": '"', "«": '"', "…": "..."}
)


def phone_number_normalise(raw: str) -> str:
    """A Danish number as +45XXXXXXXX. Raises PermanentDeliveryError for anything else."""
    compact = _SEPARATORS.sub("", raw or "")
    match = _DANISH_NUMBER.fullmatch(compact)
    if match is None:
        if not compact:
            raise PermanentDeliveryError("Borgeren har intet telefonnummer.")
        raise PermanentDeliveryError(
            f"Ugyldigt telefonnummer: »{raw}«. Vi sender kun SMS til danske numre "
            "med 8 cifre, evt. med +45 foran."
        )
    return f"+45{match.group(1)}"


def sms_length(text: str) -> int:
    """How many characters of the message's encoding the text takes."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        return sum(2 if char in GSM_EXTENSION else 1 for char in text)
    return len(text)


def _limit(text: str) -> int:
    gsm = all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)
    return GSM_LIMIT if gsm else UCS2_LIMIT


def _fits(text: str) -> bool:
    return sms_length(text) <= _limit(text)


def sms_text(outgoing: Outgoing) -> str:
    """The subject, as much of the body as fits in three SMS, and always the link.

    Paragraphs are kept whole, in order: half a sentence reads worse than none. The
    link to the case goes last if its paragraph did not fit, so the citizen can always
    read the rest online.
    """
    subject = outgoing.subject.translate(_PLAIN).strip()
    paragraphs = [p.strip() for p in outgoing.body.translate(_PLAIN).split("\n\n") if p.strip()]
    link = next((m.group(0) for p in paragraphs for m in [_URL.search(p)] if m), "")
    parts = [subject]
    for paragraph in paragraphs:
        candidate = [*parts, paragraph]
        # Room is kept for the link unless this paragraph carries it.
        tail = [] if link in "\n".join(candidate) else [link] if link else []
        if _fits("\n".join(candidate + tail)):
            parts = candidate
    if link and link not in "\n".join(parts):
        parts.append(link)
    text = "\n".join(parts)
    if not _fits(text):
        # Only a subject longer than the whole message gets here: shorten it, keep the link.
        rest = "\n".join(parts[1:])
        room = max(_limit(text) - sms_length(rest) - 4, 0)
        text = "\n".join([subject[:room].rstrip() + "...", *parts[1:]])
    while not _fits(text):
        text = text[:-1]
    return text


class LocalSms:
    """The local SMS gateway: keeps each SMS in the `LocalSms` table."""

    def send(self, outgoing: Outgoing) -> str:
        inject_faults("sms")
        phone = phone_number_normalise(outgoing.recipient.phone)
        record, _created = LocalSmsRecord.objects.get_or_create(
            idempotency_key=outgoing.idempotency_key,
            defaults={"phone": phone, "text": sms_text(outgoing)},
        )
        return f"local-sms:{record.pk}"


# (url, body, headers, timeout) → (HTTP status, response body)
Transport = Callable[[str, bytes, dict[str, str], float], tuple[int, bytes]]


def _urllib_transport(
    url: str, body: bytes, headers: dict[str, str], timeout: float
) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class HttpSmsGateway:
    """A gateway speaking the contract in this module's docstring over HTTPS + JSON.

    Configured by `SMS_GATEWAY_URL`, `SMS_GATEWAY_TOKEN` and `SMS_GATEWAY_SENDER`; the
    transport is injectable so the tests see the exact request without a network.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        token: str | None = None,
        sender: str | None = None,
        transport: Transport | None = None,
        timeout: float = 10.0,
    ) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.sender = sender if sender is not None else settings.SMS_GATEWAY_SENDER
        self.transport = transport or _urllib_transport
        self.timeout = timeout

    def request_for(self, outgoing: Outgoing) -> tuple[str, bytes, dict[str, str]]:
        """The request `send` would make: url, JSON body and headers."""
        body = {
            "to": phone_number_normalise(outgoing.recipient.phone),
            "from": self.sender,
            "text": sms_text(outgoing),
            "reference": outgoing.idempotency_key,
        }
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {self.token}",
            "Idempotency-Key": outgoing.idempotency_key,
        }
        return self.url, json.dumps(body, ensure_ascii=False).encode(), headers

    def send(self, outgoing: Outgoing) -> str:
        if not self.url:
            raise TemporaryDeliveryError("SMS_GATEWAY_URL er ikke sat op.")
        url, body, headers = self.request_for(outgoing)
        try:
            status, answer = self.transport(url, body, headers, self.timeout)
        except (OSError, TimeoutError) as error:
            raise TemporaryDeliveryError(f"Kunne ikke nå SMS-gatewayen: {error!r}") from error
        text = answer.decode(errors="replace")[:500]
        if 200 <= status < 300 or status == 409:
            # 409: the gateway already has this reference; the first send's id comes back.
            try:
                return str(json.loads(answer)["id"])
            except (ValueError, KeyError, TypeError):
                return outgoing.idempotency_key
        if status in {400, 404, 422}:
            raise PermanentDeliveryError(f"SMS-gatewayen afviste beskeden ({status}): {text}")
        raise TemporaryDeliveryError(f"SMS-gatewayen svarede {status}: {text}")
