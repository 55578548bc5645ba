"""Digital Post: the MeMo message, the local mailbox, and the SF1601 request the
production adapter would send, with a fake transport in place of the network."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from xml.etree import ElementTree

import pytest

from borgerrejse.notifications.adapters import digital_post
from borgerrejse.notifications.adapters.base import (
    Document,
    Outgoing,
    PermanentDeliveryError,
    Recipient,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.digital_post import (
    DigitalPostConfig,
    LocalDigitalPost,
    ServiceplatformenDigitalPost,
    Sf1601Request,
    Sf1601Response,
    local_digital_post_mark_read,
    memo_message,
    memo_message_uuid,
    memo_xml,
    sf1601_request,
)
from borgerrejse.notifications.models import LocalDigitalPostMessage
from borgerrejse.people.tests.factories import CitizenFactory

M = "{https://DigitalPost.dk/MeMo-1}"
GRD = "{https://data.gov.dk/model/core/}"
PDF = b"%PDF-1.7\nen afg\xc3\xb8relse\n%%EOF\n"
CPR = "1203851234"
CONFIG = DigitalPostConfig(
    sender_cvr="12345674",
    sender_label="Borgerrejse Kommune",
    cert_path="/etc/borgerrejse/sf1601.pem",
    environment="test",
    timeout=5,
)
CREATED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def outgoing(
    *,
    key: str = "event:7:decision",
    cpr: str = CPR,
    documents: tuple[Document, ...] | None = None,
    subject: str = "Afgørelse om begravelseshjælp",
) -> Outgoing:
    return Outgoing(
        idempotency_key=key,
        recipient=Recipient(name="Anne Hansen", cpr=cpr, street="Æblevej 1"),
        subject=subject,
        body="Vi har truffet en afgørelse i din sag 2026-000007.\n\nDu kan læse den i brevet.",
        language="da",
        documents=(
            (Document(filename="afgoerelse.pdf", content_type="application/pdf", content=PDF),)
            if documents is None
            else documents
        ),
        case_number="2026-000007",
    )


def parsed(xml: str | bytes) -> ElementTree.Element:
    """Our own XML, parsed to read it back."""
    return ElementTree.fromstring(xml.encode() if isinstance(xml, str) else xml)  # noqa: S314


def text(element: ElementTree.Element, path: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.text


# The MeMo message


def test_the_memo_message_has_the_fields_digital_post_reads():
    root = parsed(memo_xml(memo_message(outgoing(), config=CONFIG, created_at=CREATED)))

    assert root.tag == f"{M}Message"
    assert root.get("memoVersion") == "1.2"
    header = root.find(f"{M}MessageHeader")
    assert text(header, f"{M}messageType") == "DIGITALPOST"
    assert text(header, f"{M}messageUUID") == str(memo_message_uuid("event:7:decision"))
    assert text(header, f"{M}messageID") == "event:7:decision"
    assert text(header, f"{M}label") == "Afgørelse om begravelseshjælp"
    # A letter with a PDF is formal: it must reach the citizen and has legal effect.
    assert text(header, f"{M}mandatory") == "true"
    assert text(header, f"{M}legalNotification") == "true"
    assert text(header, f"{M}Sender/{M}senderID") == "12345674"
    assert text(header, f"{M}Sender/{M}idType") == "CVR"
    assert text(header, f"{M}Sender/{M}label") == "Borgerrejse Kommune"
    assert text(header, f"{M}Recipient/{M}recipientID") == CPR
    assert text(header, f"{M}Recipient/{M}idType") == "CPR"
    assert text(header, f"{M}ContentData/{GRD}CPRdata/{GRD}cprNumber") == CPR
    assert text(header, f"{M}ContentData/{GRD}CPRdata/{GRD}name") == "Anne Hansen"
    assert text(header, f"{M}ContentData/{M}CaseID/{M}caseID") == "2026-000007"
    body = root.find(f"{M}MessageBody")
    assert text(body, f"{M}createdDateTime") == "2026-03-02T09:00:00Z"
    file = body.find(f"{M}MainDocument/{M}File")
    assert text(file, f"{M}encodingFormat") == "application/pdf"
    assert text(file, f"{M}filename") == "afgoerelse.pdf"
    assert text(file, f"{M}language") == "da"
    assert base64.b64decode(text(file, f"{M}content")) == PDF


def test_the_message_uuid_follows_from_the_idempotency_key():
    first = memo_message(outgoing(), config=CONFIG, created_at=CREATED)
    retry = memo_message(outgoing(), config=CONFIG, created_at=CREATED + dt.timedelta(hours=5))
    other = memo_message(outgoing(key="event:8:decision"), config=CONFIG, created_at=CREATED)

    assert first.messageHeader.messageUUID == retry.messageHeader.messageUUID
    assert first.messageHeader.messageUUID != other.messageHeader.messageUUID
    assert uuid.UUID(first.messageHeader.messageUUID).version == 5


def test_a_notice_without_a_letter_carries_its_text_and_is_not_formal():
    root = parsed(memo_xml(memo_message(outgoing(documents=()), config=CONFIG, created_at=CREATED)))

    assert text(root, f"{M}MessageHeader/{M}mandatory") == "false"
    assert text(root, f"{M}MessageHeader/{M}legalNotification") == "false"
    file = root.find(f"{M}MessageBody/{M}MainDocument/{M}File")
    assert text(file, f"{M}encodingFormat") == "text/plain"
    assert base64.b64decode(text(file, f"{M}content")).decode().startswith("Vi har truffet")


def test_further_documents_go_as_additional_documents():
    extra = Document(filename="bilag.pdf", content_type="application/pdf", content=b"%PDF-bilag")
    documents = (outgoing().documents[0], extra)

    root = parsed(
        memo_xml(memo_message(outgoing(documents=documents), config=CONFIG, created_at=CREATED))
    )

    body = root.find(f"{M}MessageBody")
    assert text(body, f"{M}MainDocument/{M}File/{M}filename") == "afgoerelse.pdf"
    assert text(body, f"{M}AdditionalDocument/{M}File/{M}filename") == "bilag.pdf"


@pytest.mark.parametrize("cpr", ["", "   "])
def test_without_a_cpr_number_there_is_no_digital_post(cpr):
    with pytest.raises(PermanentDeliveryError, match="no CPR number"):
        memo_message(outgoing(cpr=cpr), config=CONFIG, created_at=CREATED)


@pytest.mark.parametrize("cpr", ["120385-XXXX", "12038512", "320385-1234", "abc"])
def test_a_malformed_cpr_number_fails_for_good_and_is_not_repeated(cpr):
    with pytest.raises(PermanentDeliveryError, match="not valid") as failure:
        memo_message(outgoing(cpr=cpr), config=CONFIG, created_at=CREATED)

    assert cpr not in str(failure.value)


# The local Digital Post


@pytest.fixture
def anne(db):
    return CitizenFactory(cpr="120385-1234", first_name="Anne", last_name="Hansen")


def test_the_local_digital_post_keeps_the_memo_message_and_the_pdf(anne):
    reference = LocalDigitalPost().send(outgoing())

    stored = LocalDigitalPostMessage.objects.get()
    assert reference == f"memo:{memo_message_uuid('event:7:decision')}"
    assert stored.citizen == anne
    assert stored.message_uuid == memo_message_uuid("event:7:decision")
    assert stored.subject == "Afgørelse om begravelseshjælp"
    assert stored.sender == "Borgerrejse Kommune"
    assert stored.body.startswith("Vi har truffet en afgørelse")
    assert bytes(stored.pdf) == PDF
    assert stored.pdf_filename == "afgoerelse.pdf"
    assert stored.read_at is None
    root = parsed(stored.memo_xml)  # well-formed
    assert text(root, f"{M}MessageHeader/{M}messageUUID") == str(stored.message_uuid)
    file = root.find(f"{M}MessageBody/{M}MainDocument/{M}File")
    assert base64.b64decode(text(file, f"{M}content")) == PDF


def test_sending_again_delivers_nothing_new(anne):
    first = LocalDigitalPost().send(outgoing())
    again = LocalDigitalPost().send(outgoing())

    assert again == first
    assert LocalDigitalPostMessage.objects.count() == 1


def test_losing_a_race_with_another_worker_is_the_same_message(anne, monkeypatch):
    """Another worker stores the message between our look and our insert."""
    found = digital_post.citizen_get_by_cpr

    def look_up_while_another_worker_sends(*, cpr):
        citizen = found(cpr=cpr)
        LocalDigitalPostMessage.objects.create(
            idempotency_key="event:7:decision",
            message_uuid=memo_message_uuid("event:7:decision"),
            citizen=citizen,
            sender="Borgerrejse Kommune",
            subject="Afgørelse",
            body="",
            memo_xml="<memo:Message/>",
        )
        return citizen

    monkeypatch.setattr(digital_post, "citizen_get_by_cpr", look_up_while_another_worker_sends)

    reference = LocalDigitalPost().send(outgoing())

    assert reference == f"memo:{memo_message_uuid('event:7:decision')}"
    assert LocalDigitalPostMessage.objects.count() == 1


def test_the_local_digital_post_refuses_a_citizen_it_does_not_know(db):
    with pytest.raises(PermanentDeliveryError, match="no Digital Post mailbox"):
        LocalDigitalPost().send(outgoing())

    assert not LocalDigitalPostMessage.objects.exists()


def test_the_local_digital_post_refuses_a_malformed_cpr_number(anne):
    with pytest.raises(PermanentDeliveryError):
        LocalDigitalPost().send(outgoing(cpr="120385-XXXX"))

    assert not LocalDigitalPostMessage.objects.exists()


def test_an_injected_outage_is_temporary_and_stores_nothing(anne, settings):
    settings.NOTIFICATION_FAULTS = {"digital_post": {"down_until": "2999-01-01T00:00:00+00:00"}}

    with pytest.raises(TemporaryDeliveryError, match="down"):
        LocalDigitalPost().send(outgoing())

    assert not LocalDigitalPostMessage.objects.exists()


def test_the_sender_is_configurable(anne, settings):
    settings.DIGITAL_POST_SENDER_CVR = "29189846"
    settings.DIGITAL_POST_SENDER_LABEL = "Eksempel Kommune"

    LocalDigitalPost().send(outgoing())

    stored = LocalDigitalPostMessage.objects.get()
    assert stored.sender == "Eksempel Kommune"
    assert text(parsed(stored.memo_xml), f"{M}MessageHeader/{M}Sender/{M}senderID") == "29189846"


def test_opening_a_message_marks_it_read_once(anne):
    LocalDigitalPost().send(outgoing())
    stored = LocalDigitalPostMessage.objects.get()

    first = local_digital_post_mark_read(message=stored).read_at
    again = local_digital_post_mark_read(message=LocalDigitalPostMessage.objects.get()).read_at

    assert first is not None
    assert again == first


# Serviceplatformen, SF1601: up to the request it would send


def test_the_sf1601_request_posts_the_memo_message_to_kombipostafsend():
    message = memo_message(outgoing(), config=CONFIG, created_at=CREATED)
    transaction_id = uuid.UUID("3f7a3a64-9a0e-4b8e-8f1e-2b4e5b2c7d10")

    request = sf1601_request(
        message=message,
        base_url="https://exttest.serviceplatformen.dk/",
        access_token="Holder-of-key abc123",
        transaction_id=transaction_id,
        sent_at=dt.datetime(2026, 3, 2, 10, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    )

    assert request.method == "POST"
    assert request.url == "https://exttest.serviceplatformen.dk/service/KombiPostAfsend_1/memos"
    assert request.headers["X-TransaktionsId"] == str(transaction_id)
    assert request.headers["X-TransaktionsTid"] == "2026-03-02T09:00:05Z"
    assert request.headers["Authorization"] == "Holder-of-key abc123"
    assert request.headers["Content-Type"] == "application/xml; charset=utf-8"
    assert request.body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    kombi = parsed(request.body)
    assert kombi.tag == "kombi_request"
    assert text(kombi, "KombiValgKode") == "Digital Post"
    memo = kombi.find(f"{M}Message")
    assert text(memo, f"{M}MessageHeader/{M}messageUUID") == message.messageHeader.messageUUID
    assert text(memo, f"{M}MessageHeader/{M}label") == "Afgørelse om begravelseshjælp"
    assert "Afgørelse om begravelseshjælp".encode() in request.body  # UTF-8, not Latin-1


class FakeTransport:
    """Answers each request with the next of `answers`; an exception is raised."""

    def __init__(self, *answers: Sf1601Response | Exception) -> None:
        self.answers = list(answers)
        self.requests: list[tuple[Sf1601Request, str, float]] = []

    def __call__(self, request: Sf1601Request, *, cert_path: str, timeout: float):
        self.requests.append((request, cert_path, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def production(transport: FakeTransport, config: DigitalPostConfig = CONFIG):
    return ServiceplatformenDigitalPost(
        config=config, transport=transport, access_token=lambda config: "Bearer token-1"
    )


def test_production_sends_with_the_certificate_and_returns_the_message_uuid():
    transport = FakeTransport(Sf1601Response(status=201))

    reference = production(transport).send(outgoing())

    ((request, cert_path, timeout),) = transport.requests
    assert reference == f"memo:{memo_message_uuid('event:7:decision')}"
    assert cert_path == "/etc/borgerrejse/sf1601.pem"
    assert timeout == 5
    assert request.url.startswith("https://exttest.serviceplatformen.dk/")
    assert request.headers["Authorization"] == "Bearer token-1"


def test_production_environment_uses_the_production_service():
    transport = FakeTransport(Sf1601Response(status=200))
    config = DigitalPostConfig(
        sender_cvr="12345674",
        sender_label="Borgerrejse Kommune",
        cert_path="/etc/cert.pem",
        environment="production",
    )

    production(transport, config).send(outgoing())

    assert transport.requests[0][0].url == (
        "https://prod.serviceplatformen.dk/service/KombiPostAfsend_1/memos"
    )


def test_a_retry_sends_the_same_memo_message_in_a_new_transaction():
    transport = FakeTransport(Sf1601Response(status=503), Sf1601Response(status=201))
    adapter = production(transport)

    with pytest.raises(TemporaryDeliveryError):
        adapter.send(outgoing())
    adapter.send(outgoing())

    (first, *_), (second, *_) = transport.requests
    uuids = [
        text(parsed(r.body), f"{M}Message/{M}MessageHeader/{M}messageUUID") for r in (first, second)
    ]
    assert uuids[0] == uuids[1]
    assert first.headers["X-TransaktionsId"] != second.headers["X-TransaktionsId"]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (200, None),
        (201, None),
        (202, None),
        (500, TemporaryDeliveryError),
        (502, TemporaryDeliveryError),
        (503, TemporaryDeliveryError),
        (504, TemporaryDeliveryError),
        (429, TemporaryDeliveryError),
        (408, TemporaryDeliveryError),
        # Our certificate or agreement: fixable, so the messages wait for the fix.
        (401, TemporaryDeliveryError),
        (403, TemporaryDeliveryError),
        # The message itself: an unknown recipient, an invalid MeMo message.
        (400, PermanentDeliveryError),
        (404, PermanentDeliveryError),
        (422, PermanentDeliveryError),
    ],
)
def test_http_answers_map_to_temporary_and_permanent_failures(status, error):
    transport = FakeTransport(Sf1601Response(status=status, body="Modtager findes ikke"))

    if error is None:
        assert production(transport).send(outgoing()).startswith("memo:")
    else:
        with pytest.raises(error, match=str(status)):
            production(transport).send(outgoing())


@pytest.mark.parametrize(
    "failure", [TimeoutError("timed out"), ConnectionRefusedError("refused"), OSError("TLS")]
)
def test_no_answer_is_a_temporary_failure(failure):
    with pytest.raises(TemporaryDeliveryError, match="no answer"):
        production(FakeTransport(failure)).send(outgoing())


def test_failing_to_get_a_token_is_a_temporary_failure():
    def no_token(config):
        raise ValueError("Couldn't obtain SAML token")

    transport = FakeTransport()
    adapter = ServiceplatformenDigitalPost(
        config=CONFIG, transport=transport, access_token=no_token
    )

    with pytest.raises(TemporaryDeliveryError, match="access token"):
        adapter.send(outgoing())
    assert transport.requests == []


def test_without_a_certificate_nothing_is_sent():
    config = DigitalPostConfig(sender_cvr="12345674", sender_label="Borgerrejse Kommune")
    transport = FakeTransport()

    with pytest.raises(TemporaryDeliveryError, match="DIGITAL_POST_CERT_PATH"):
        production(transport, config).send(outgoing())
    assert transport.requests == []


def test_production_refuses_a_recipient_without_cpr_before_calling_anyone():
    transport = FakeTransport()

    with pytest.raises(PermanentDeliveryError):
        production(transport).send(outgoing(cpr=""))
    assert transport.requests == []


def test_the_configuration_comes_from_settings(settings):
    settings.DIGITAL_POST_SENDER_CVR = "29189846"
    settings.DIGITAL_POST_CERT_PATH = "/run/secrets/sf1601.pem"
    settings.DIGITAL_POST_ENVIRONMENT = "production"
    settings.DIGITAL_POST_TIMEOUT = 12

    config = DigitalPostConfig.from_settings()

    assert config.sender_cvr == "29189846"
    assert config.cert_path == "/run/secrets/sf1601.pem"
    assert config.base_url == "https://prod.serviceplatformen.dk/"
    assert config.timeout == 12
