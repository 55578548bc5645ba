"""SMS: Danish numbers only, a text that fits three SMS and always carries the link, a
local gateway that sends each key once, and the HTTP gateway up to the request it makes."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine

from borgerrejse.cases.models import DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications.adapters.base import (
    Outgoing,
    PermanentDeliveryError,
    Recipient,
    TemporaryDeliveryError,
)
from borgerrejse.notifications.adapters.sms import (
    GSM_LIMIT,
    UCS2_LIMIT,
    HttpSmsGateway,
    LocalSms,
    phone_number_normalise,
    sms_length,
    sms_text,
)
from borgerrejse.notifications.models import LocalSms as LocalSmsRecord
from borgerrejse.notifications.models import Message, MessageStatus
from borgerrejse.people.models import PreferredChannel
from borgerrejse.people.tests.factories import CitizenFactory

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))
LINK = "http://127.0.0.1:8000/sager/2026-000041/"
BODY = (
    "Vi venter på dit svar i sag 2026-000041 om begravelseshjælp.\n\n"
    f"Svar senest 16. marts 2026 på Min side: {LINK}\n\n"
    "Har du spørgsmål, så ring til Mette Sørensen på 12 34 56 01, eller skriv til "
    "mette.soerensen@borgerrejse.example."
)


def outgoing(phone: str = "+4520304050", **changes) -> Outgoing:
    return Outgoing(
        idempotency_key=changes.pop("key", "reminder:request:7"),
        recipient=Recipient(name="Lars Nielsen", phone=phone),
        subject=changes.pop("subject", "Husk at svare senest 16. marts 2026"),
        body=changes.pop("body", BODY),
        language="da",
        **changes,
    )


# The number


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("20304050", "+4520304050"),
        ("20 30 40 50", "+4520304050"),
        ("+45 20 30 40 50", "+4520304050"),
        ("+4520304050", "+4520304050"),
        ("0045 20304050", "+4520304050"),
        ("0045-20-30-40-50", "+4520304050"),
        (" (+45) 2030 4050 ", "+4520304050"),
    ],
)
def test_danish_numbers_are_written_as_plus_45_and_eight_digits(written, normalised):
    assert phone_number_normalise(written) == normalised


@pytest.mark.parametrize(
    "written",
    [
        "123",
        "2030405",  # seven digits
        "203040506",  # nine digits
        "+46 20304050",  # a Swedish number
        "+45 2030405",
        "45 20304050 1",
        "tlf. 20304050",
        "+45 2O3O4O5O",  # letters O, not zeros
    ],
)
def test_anything_else_fails_for_good_and_says_what_was_wrong(written):
    with pytest.raises(PermanentDeliveryError, match="Ugyldigt telefonnummer") as refused:
        phone_number_normalise(written)

    assert written in str(refused.value)


def test_no_number_at_all_says_so():
    with pytest.raises(
        PermanentDeliveryError, match=re.escape("Borgeren har intet telefonnummer.")
    ):
        phone_number_normalise("  ")


# The text


def test_the_text_has_the_subject_the_body_and_the_link():
    text = sms_text(outgoing())

    assert text.startswith("Husk at svare senest 16. marts 2026\n")
    assert "Vi venter på dit svar i sag 2026-000041" in text
    assert LINK in text
    assert sms_length(text) <= GSM_LIMIT


def test_a_long_body_is_cut_by_whole_paragraphs_and_keeps_the_link():
    long_paragraph = "Her står der meget mere, end der kan være i tre SMS. " * 10
    body = f"Første afsnit.\n\n{long_paragraph}\n\nSe mere på Min side: {LINK}"

    text = sms_text(outgoing(body=body))

    assert sms_length(text) <= GSM_LIMIT
    assert "Første afsnit." in text
    assert "Her står der meget mere" not in text
    assert text.endswith(LINK)


def test_the_link_is_added_when_its_paragraph_does_not_fit():
    body = "Kort.\n\n" + ("Et meget langt afsnit med linket til sidst. " * 12) + LINK

    text = sms_text(outgoing(body=body))

    assert text == f"Husk at svare senest 16. marts 2026\nKort.\n{LINK}"


def test_typography_is_written_as_gsm_has_it_so_danish_letters_keep_three_full_sms():
    text = sms_text(outgoing(subject="Din tid – »Pas« – er booket", body="Æbler, øl og ål."))

    assert text == 'Din tid - "Pas" - er booket\nÆbler, øl og ål.'
    assert sms_length(text) == len(text)


def test_a_text_outside_gsm_has_fewer_characters_to_use():
    body = "\n\n".join(["Напомняне за срок. " * 4] * 6)

    text = sms_text(outgoing(body=body))

    assert len(text) <= UCS2_LIMIT


def test_extension_characters_count_twice():
    assert sms_length("[€]") == 6
    assert sms_length("abc") == 3


# The local gateway


def test_the_local_gateway_keeps_the_sms_once_per_key(db):
    first = LocalSms().send(outgoing("20 30 40 50"))
    again = LocalSms().send(outgoing("20 30 40 50"))

    (sms,) = LocalSmsRecord.objects.all()
    assert first == again == f"local-sms:{sms.pk}"
    assert sms.phone == "+4520304050"
    assert sms.idempotency_key == "reminder:request:7"
    assert LINK in sms.text


def test_the_local_gateway_refuses_an_invalid_number_and_keeps_nothing(db):
    with pytest.raises(PermanentDeliveryError, match="Ugyldigt telefonnummer: »123«"):
        LocalSms().send(outgoing("123"))

    assert not LocalSmsRecord.objects.exists()


@pytest.mark.parametrize(
    "faults",
    [{"failure_rate": 1.0}, {"down_until": "2999-01-01T00:00:00+00:00"}],
)
def test_the_local_gateway_takes_injected_faults(db, settings, faults):
    settings.NOTIFICATION_FAULTS = {"sms": faults}

    with pytest.raises(TemporaryDeliveryError, match="sms"):
        LocalSms().send(outgoing())

    assert not LocalSmsRecord.objects.exists()


@pytest.fixture
def world(db, published_catalogue) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_citizen_who_prefers_sms_gets_the_receipt_by_sms(world, deliver):
    citizen = CitizenFactory(
        phone="20 30 40 50", preferred_channels=[PreferredChannel.SMS, PreferredChannel.EMAIL]
    )
    case = submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )

    deliver()

    (message,) = Message.objects.filter(case=case)
    assert message.channel == "sms"
    assert message.status == MessageStatus.DELIVERED
    (sms,) = LocalSmsRecord.objects.all()
    assert message.provider_reference == f"local-sms:{sms.pk}"
    assert sms.phone == "+4520304050"
    assert sms.text.startswith(message.subject)
    assert f"/sager/{case.number}/" in sms.text


# The HTTP gateway, up to the request it would send


class FakeTransport:
    def __init__(self, status: int = 200, answer: bytes = b'{"id": "sms-981"}') -> None:
        self.status = status
        self.answer = answer
        self.requests: list[tuple[str, dict, dict[str, str]]] = []

    def __call__(self, url, body, headers, timeout):
        self.requests.append((url, json.loads(body), headers))
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.status, self.answer


def gateway(transport: FakeTransport) -> HttpSmsGateway:
    return HttpSmsGateway(
        url="https://sms.example/v1/messages",
        token="hemmelig",
        sender="Aarhus",
        transport=transport,
    )


def test_the_gateway_posts_number_text_and_reference():
    transport = FakeTransport()

    reference = gateway(transport).send(outgoing("20 30 40 50"))

    assert reference == "sms-981"
    ((url, body, headers),) = transport.requests
    assert url == "https://sms.example/v1/messages"
    assert body == {
        "to": "+4520304050",
        "from": "Aarhus",
        "text": sms_text(outgoing()),
        "reference": "reminder:request:7",
    }
    assert headers["Authorization"] == "Bearer hemmelig"
    assert headers["Idempotency-Key"] == "reminder:request:7"


def test_a_repeat_the_gateway_knows_is_the_first_send():
    assert gateway(FakeTransport(409, b'{"id": "sms-981"}')).send(outgoing()) == "sms-981"


@pytest.mark.parametrize("status", [400, 422])
def test_a_refused_message_fails_for_good(status):
    with pytest.raises(PermanentDeliveryError, match=str(status)):
        gateway(FakeTransport(status, b'{"error": "invalid number"}')).send(outgoing())


@pytest.mark.parametrize("status", [401, 429, 500, 503])
def test_an_overloaded_or_broken_gateway_is_temporary(status):
    with pytest.raises(TemporaryDeliveryError, match=str(status)):
        gateway(FakeTransport(status, b"busy")).send(outgoing())


def test_a_gateway_out_of_reach_is_temporary():
    transport = FakeTransport(answer=TimeoutError("timed out"))  # type: ignore[arg-type]

    with pytest.raises(TemporaryDeliveryError, match="Kunne ikke nå SMS-gatewayen"):
        gateway(transport).send(outgoing())


def test_an_invalid_number_never_reaches_the_gateway():
    transport = FakeTransport()

    with pytest.raises(PermanentDeliveryError, match="Ugyldigt telefonnummer"):
        gateway(transport).send(outgoing("123"))

    assert transport.requests == []
