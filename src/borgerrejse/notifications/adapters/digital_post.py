"""Digital Post: a MeMo message with the letter as a PDF, to the citizen's official mailbox.

The contract (see `adapters.base`): `send(outgoing)` puts one MeMo message in the
recipient's Digital Post and returns `memo:<messageUUID>` as the reference.

- The MeMo message (MeMo 1.2, namespace https://DigitalPost.dk/MeMo-1) is built with
  python-serviceplatformen's MeMo classes: a MessageHeader (DIGITALPOST, messageUUID,
  messageID, the subject as label, mandatory, legalNotification, the municipality as
  Sender by CVR, the citizen as Recipient by CPR, ContentData with the CPR number and
  the case number) and a MessageBody whose MainDocument holds the letter's PDF.
- Idempotent on the idempotency key: the messageUUID is derived from it (uuid5), so a
  retry sends the very same MeMo message, and Digital Post keeps one message per UUID.
  How SF1601 answers a repeat of a UUID it already holds (after a lost answer) is to be
  confirmed in the test environment; until then such an answer is a 4xx, a permanent
  failure that alerts staff: a false alarm at worst, never a second letter.
- A formal letter (one that carries a PDF: a decision, a request, a consultation) is
  `mandatory` and has `legalNotification`: it must reach the citizen and it has legal
  effect. A notice carries its text as a plain-text main document and is neither.
- `PermanentDeliveryError` when the recipient has no CPR number or a malformed one, and
  when Digital Post refuses the message itself (4xx: an unknown recipient, an invalid
  message). `TemporaryDeliveryError` for timeouts, 5xx, 429 and problems with our own
  credentials (401/403: the messages wait until someone fixes the certificate).

Two implementations:

`ServiceplatformenDigitalPost` (production) sends through Serviceplatformen, SF1601
KombiPostAfsend (`POST service/KombiPostAfsend_1/memos`), authenticated with the
municipality's system certificate through KOMBIT's STS (python-serviceplatformen's
`KombitAccess`). Configuration (settings, from the environment variables of the same name):

- `DIGITAL_POST_SENDER_CVR`: the municipality's CVR number, the MeMo sender and the
  organisation the certificate acts for (default: a test value, 12345674);
- `DIGITAL_POST_SENDER_LABEL`: the sender's name in the mailbox (Borgerrejse Kommune);
- `DIGITAL_POST_CERT_PATH`: the certificate and its private key in one PEM file
  (OCES3 system certificate registered with Serviceplatformen);
- `DIGITAL_POST_ENVIRONMENT`: `test` (exttest.serviceplatformen.dk, the default) or
  `production` (prod.serviceplatformen.dk);
- `DIGITAL_POST_TIMEOUT`: seconds to wait for Serviceplatformen (30).

The request is built by `sf1601_request`, a pure function, and sent by a transport that
can be replaced (`Transport`), so it is tested up to the bytes it would send.

`LocalDigitalPost` (the default) behaves like Digital Post without leaving the machine: it
keeps the MeMo message and its PDF in `LocalDigitalPostMessage`, the mailbox a citizen
reads at "Digital Post" in the portal, refuses recipients Digital Post would not know,
and takes injected faults (`NOTIFICATION_FAULTS["digital_post"]`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import ssl
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from xml.etree import ElementTree

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from python_serviceplatformen.models import (  # type: ignore[import-untyped]
    message as memo,
)
from python_serviceplatformen.models.xml_util import (  # type: ignore[import-untyped]
    dataclass_to_xml,
)

from borgerrejse.notifications.adapters.base import (
    Outgoing,
    PermanentDeliveryError,
    Recipient,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.faults import inject_faults
from borgerrejse.notifications.models import LocalDigitalPostMessage
from borgerrejse.people.cpr import InvalidCPR, parse_cpr
from borgerrejse.people.selectors import citizen_get_by_cpr

MEMO_VERSION = "1.2"
# Fixed for Borgerrejse: messageUUID = uuid5(this, idempotency key). Never change it, or a
# retry of a message sent before the change would reach the citizen a second time.
MESSAGE_UUID_NAMESPACE = uuid.UUID("6f1c3b3e-4d0a-5c52-9b7e-0f3a9d1e2c41")
CASE_SYSTEM = "Borgerrejse"

SF1601_PATH = "service/KombiPostAfsend_1/memos"
SF1601_ENTITY_ID = "http://entityid.kombit.dk/service/kombipostafsend/1"
ENVIRONMENTS = {
    "test": "https://exttest.serviceplatformen.dk/",
    "production": "https://prod.serviceplatformen.dk/",
}
# Statuses worth retrying: the request timed out, came too early or too often, or the
# service failed. 401/403 are ours to fix (certificate, agreement), not the message's.
_TEMPORARY_STATUSES = frozenset({401, 403, 408, 425, 429})


# --- Configuration --------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class DigitalPostConfig:
    sender_cvr: str
    sender_label: str
    cert_path: str = ""
    environment: str = "test"
    timeout: float = 30.0

    @classmethod
    def from_settings(cls) -> DigitalPostConfig:
        return cls(
            sender_cvr=settings.DIGITAL_POST_SENDER_CVR,
            sender_label=settings.DIGITAL_POST_SENDER_LABEL,
            cert_path=settings.DIGITAL_POST_CERT_PATH,
            environment=settings.DIGITAL_POST_ENVIRONMENT,
            timeout=settings.DIGITAL_POST_TIMEOUT,
        )

    @property
    def base_url(self) -> str:
        try:
            return ENVIRONMENTS[self.environment]
        except KeyError:
            raise TemporaryDeliveryError(
                "digital_post: DIGITAL_POST_ENVIRONMENT must be "
                f"{' or '.join(ENVIRONMENTS)}, not {self.environment!r}"
            ) from None


# --- The MeMo message -----------------------------------------------------------------


def memo_message_uuid(idempotency_key: str) -> uuid.UUID:
    """The messageUUID for a key: the same on every retry, so Digital Post sees one
    message however often it is sent."""
    return uuid.uuid5(MESSAGE_UUID_NAMESPACE, idempotency_key)


def memo_reference(message_uuid: uuid.UUID) -> str:
    return f"memo:{message_uuid}"


def recipient_cpr(recipient: Recipient) -> str:
    """The recipient's CPR number as MeMo writes it (10 digits). Digital Post knows
    citizens only by CPR number, so without a valid one the message cannot go."""
    if not recipient.cpr.strip():
        raise PermanentDeliveryError("digital_post: the recipient has no CPR number")
    try:
        return parse_cpr(recipient.cpr).value
    except InvalidCPR:
        # Never the number itself in an error: it ends up in logs and on staff pages.
        raise PermanentDeliveryError(
            "digital_post: the recipient's CPR number is not valid"
        ) from None


def _message_id(idempotency_key: str) -> str:
    """The sender's own id for the message (MeMo allows 50 characters)."""
    if len(idempotency_key) <= 50:
        return idempotency_key
    return hashlib.sha256(idempotency_key.encode()).hexdigest()[:50]


def _files(outgoing: Outgoing) -> list[Any]:
    files = [
        memo.File(
            encodingFormat=document.content_type,
            filename=document.filename,
            language=outgoing.language,
            content=base64.b64encode(document.content).decode("ascii"),
        )
        for document in outgoing.documents
    ]
    if files:
        return files
    return [
        memo.File(
            encodingFormat="text/plain",
            filename="besked.txt",
            language=outgoing.language,
            content=base64.b64encode(outgoing.body.encode("utf-8")).decode("ascii"),
        )
    ]


def memo_message(outgoing: Outgoing, *, config: DigitalPostConfig, created_at: dt.datetime) -> Any:
    """The MeMo message for `outgoing` (python-serviceplatformen's `Message`)."""
    cpr = recipient_cpr(outgoing.recipient)
    formal = any(document.content_type == "application/pdf" for document in outgoing.documents)
    main, *additional = _files(outgoing)
    content = memo.ContentData(
        CPR_data=memo.CPRdata(cprNumber=cpr, name=outgoing.recipient.name),
        caseID=(
            memo.CaseID(caseID=outgoing.case_number, caseSystem=CASE_SYSTEM)
            if outgoing.case_number
            else None
        ),
    )
    return memo.Message(
        messageHeader=memo.MessageHeader(
            messageType="DIGITALPOST",
            messageUUID=str(memo_message_uuid(outgoing.idempotency_key)),
            messageID=_message_id(outgoing.idempotency_key),
            label=outgoing.subject,
            mandatory=formal,
            legalNotification=formal,
            sender=memo.Sender(senderID=config.sender_cvr, idType="CVR", label=config.sender_label),
            recipient=memo.Recipient(recipientID=cpr, idType="CPR", label=outgoing.recipient.name),
            contentData=content,
        ),
        messageBody=memo.MessageBody(
            createdDateTime=created_at.astimezone(dt.UTC),
            mainDocument=memo.MainDocument(label=outgoing.subject, files=(main,)),
            additionalDocuments=(
                tuple(
                    memo.AdditionalDocument(label=file.filename, files=(file,))
                    for file in additional
                )
                or None
            ),
        ),
    )


def memo_element(message: Any) -> ElementTree.Element:
    element = dataclass_to_xml(message)
    # The MeMo version is an attribute of the root; the library's default may lag.
    element.set("memoVersion", MEMO_VERSION)
    return element


def memo_xml(message: Any) -> str:
    """The MeMo message as an XML document."""
    body = ElementTree.tostring(memo_element(message), encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}'


# --- Serviceplatformen (SF1601) -------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class Sf1601Request:
    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes


@dataclasses.dataclass(frozen=True, kw_only=True)
class Sf1601Response:
    status: int
    body: str = ""


class Transport(Protocol):
    """Sends a request with the client certificate. Raises OSError (timeouts included)
    when no answer came back; any HTTP status is an answer."""

    def __call__(
        self, request: Sf1601Request, *, cert_path: str, timeout: float
    ) -> Sf1601Response: ...


def sf1601_request(
    *,
    message: Any,
    base_url: str,
    access_token: str,
    transaction_id: uuid.UUID,
    sent_at: dt.datetime,
) -> Sf1601Request:
    """The HTTP request that puts `message` in Digital Post through KombiPostAfsend.

    The body is a `kombi_request` naming the channel and holding the MeMo message.
    X-TransaktionsId traces this one call at Serviceplatformen; the messageUUID inside
    is what makes a retry the same message.
    """
    kombi = ElementTree.Element("kombi_request")
    ElementTree.SubElement(kombi, "KombiValgKode").text = "Digital Post"
    kombi.append(memo_element(message))
    body = ElementTree.tostring(kombi, encoding="utf-8", xml_declaration=True)
    return Sf1601Request(
        method="POST",
        url=base_url.rstrip("/") + "/" + SF1601_PATH,
        headers={
            "X-TransaktionsId": str(transaction_id),
            "X-TransaktionsTid": sent_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Authorization": access_token,
            "Content-Type": "application/xml; charset=utf-8",
            "Accept": "application/json, application/xml",
        },
        body=body,
    )


def sf1601_outcome(response: Sf1601Response) -> None:
    """Raise the delivery error an answer from Serviceplatformen means, if any."""
    status = response.status
    if 200 <= status < 300:
        return
    detail = " ".join(response.body.split())[:300]
    text = f"digital_post: Serviceplatformen answered {status}" + (f": {detail}" if detail else "")
    if status >= 500 or status in _TEMPORARY_STATUSES:
        raise TemporaryDeliveryError(text)
    raise PermanentDeliveryError(text)


def urllib_transport(request: Sf1601Request, *, cert_path: str, timeout: float) -> Sf1601Response:
    """The real transport: HTTPS with the certificate as client certificate."""
    context = ssl.create_default_context()
    context.load_cert_chain(cert_path)
    http_request = urllib.request.Request(  # noqa: S310 - the URL is one of ENVIRONMENTS
        request.url, data=request.body, headers=dict(request.headers), method=request.method
    )
    try:
        with urllib.request.urlopen(http_request, timeout=timeout, context=context) as answer:  # noqa: S310
            return Sf1601Response(status=answer.status, body=answer.read().decode(errors="replace"))
    except urllib.error.HTTPError as error:
        return Sf1601Response(status=error.code, body=error.read().decode(errors="replace"))


class ServiceplatformenDigitalPost:
    """Digital Post through Serviceplatformen, SF1601. See the module's docstring."""

    def __init__(
        self,
        *,
        config: DigitalPostConfig | None = None,
        transport: Transport | None = None,
        access_token: Callable[[DigitalPostConfig], str] | None = None,
    ) -> None:
        self._config = config
        self._transport: Transport = transport or urllib_transport
        self._access_token = access_token or self._kombit_access_token
        self._kombit: dict[DigitalPostConfig, Any] = {}

    def send(self, outgoing: Outgoing) -> str:
        config = self._config or DigitalPostConfig.from_settings()
        now = timezone.now()
        message = memo_message(outgoing, config=config, created_at=now)
        if not config.cert_path:
            raise TemporaryDeliveryError("digital_post: DIGITAL_POST_CERT_PATH is not set")
        try:
            token = self._access_token(config)
        except Exception as error:  # any failure to log in may pass: retry
            raise TemporaryDeliveryError(
                f"digital_post: no access token from KOMBIT's STS: {error}"
            ) from error
        request = sf1601_request(
            message=message,
            base_url=config.base_url,
            access_token=token,
            transaction_id=uuid.uuid4(),
            sent_at=now,
        )
        try:
            response = self._transport(request, cert_path=config.cert_path, timeout=config.timeout)
        except OSError as error:  # timeouts, refused connections, TLS failures
            raise TemporaryDeliveryError(f"digital_post: no answer: {error}") from error
        sf1601_outcome(response)
        return memo_reference(memo_message_uuid(outgoing.idempotency_key))

    def _kombit_access_token(self, config: DigitalPostConfig) -> str:
        """A token from KOMBIT's STS for KombiPostAfsend; KombitAccess reuses it until it
        expires."""
        from python_serviceplatformen.authentication import (  # type: ignore[import-untyped]
            KombitAccess,
        )

        access = self._kombit.get(config)
        if access is None:
            access = KombitAccess(
                cvr=config.sender_cvr,
                cert_path=config.cert_path,
                test=config.environment != "production",
            )
            self._kombit[config] = access
        return str(access.get_access_token(SF1601_ENTITY_ID))


# --- The local Digital Post -----------------------------------------------------------


class LocalDigitalPost:
    """The local Digital Post: a mailbox in the database. See the module's docstring."""

    def send(self, outgoing: Outgoing) -> str:
        inject_faults("digital_post")
        cpr = recipient_cpr(outgoing.recipient)
        key = outgoing.idempotency_key
        message_uuid = memo_message_uuid(key)
        if LocalDigitalPostMessage.objects.filter(idempotency_key=key).exists():
            return memo_reference(message_uuid)
        # Digital Post refuses a CPR number it has no mailbox for.
        citizen = citizen_get_by_cpr(cpr=cpr)
        if citizen is None:
            raise PermanentDeliveryError("digital_post: the recipient has no Digital Post mailbox")
        config = DigitalPostConfig.from_settings()
        message = memo_message(outgoing, config=config, created_at=timezone.now())
        pdf = next((d for d in outgoing.documents if d.content_type == "application/pdf"), None)
        try:
            with transaction.atomic():
                LocalDigitalPostMessage.objects.create(
                    idempotency_key=key,
                    message_uuid=message_uuid,
                    citizen=citizen,
                    sender=config.sender_label,
                    subject=outgoing.subject[:200],
                    body=outgoing.body,
                    memo_xml=memo_xml(message),
                    pdf=pdf.content if pdf else b"",
                    pdf_filename=pdf.filename[:100] if pdf else "",
                )
        except IntegrityError:
            # Another worker with the same key got there first: the same message.
            if not LocalDigitalPostMessage.objects.filter(idempotency_key=key).exists():
                raise
        return memo_reference(message_uuid)


def local_digital_post_mark_read(*, message: LocalDigitalPostMessage) -> LocalDigitalPostMessage:
    """The citizen opened the message in the local mailbox. The first time counts."""
    now = timezone.now()
    updated = LocalDigitalPostMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
        read_at=now
    )
    if updated:
        message.read_at = now
    return message
