"""From a caseworker's decision to the citizen's letterbox, through the real outbox.

An exempt citizen's decision is printed and goes in the print folder, with no Digital Post
message; anyone else's is a MeMo message in Digital Post carrying the decision letter. A
letter that cannot be addressed fails clearly and alerts staff instead of retrying.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfReader

from borgerrejse.cases.models import Case, DecisionOutcome, DecisionPreference
from borgerrejse.cases.services import DecisionContent, case_claim_next, decision_make
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications.adapters.digital_post import memo_message_uuid
from borgerrejse.notifications.adapters.printed import MANIFEST
from borgerrejse.notifications.delivery import adapter_for, message_deliver, messages_claim
from borgerrejse.notifications.models import (
    LocalDigitalPostMessage,
    Message,
    MessageChannel,
    MessageStatus,
)
from borgerrejse.notifications.selectors import failed_messages_for_staff
from borgerrejse.people.models import Citizen
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.tests.logins import staff_create

pytestmark = pytest.mark.django_db

M = "{https://DigitalPost.dk/MeMo-1}"
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
FUNERAL_UNKNOWN_ESTATE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "has_spouse_or_children_under_18": False,
    "estate_wealth_dkk": "unknown",
    "funeral_expenses_dkk": "20000.00",
}


@pytest.fixture(autouse=True)
def local_providers(settings, tmp_path) -> Path:
    """The local Digital Post and a print folder of the test's own."""
    settings.NOTIFICATION_ADAPTERS = {
        **settings.NOTIFICATION_ADAPTERS,
        "digital_post": "borgerrejse.notifications.adapters.digital_post.LocalDigitalPost",
        "print": "borgerrejse.notifications.adapters.printed.PrintFolder",
    }
    settings.NOTIFICATION_FAULTS = {}
    settings.PRINT_DIR = tmp_path / "print"
    adapter_for.cache_clear()
    yield settings.PRINT_DIR
    adapter_for.cache_clear()


@pytest.fixture(autouse=True)
def _monday(published_catalogue):
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mette() -> StaffMember:
    return staff_create(
        roles=["caseworker"], departments=["ydelse"], skills=["begravelseshjaelp"], username="mette"
    )


def decide(citizen: Citizen, mette: StaffMember) -> Case:
    """A caseworker takes the referred case and grants it."""
    submitted_case(
        citizen,
        "begravelseshjaelp",
        FUNERAL_UNKNOWN_ESTATE,
        preference=DecisionPreference.CASEWORKER,
    )
    case = case_claim_next(user=mette.user, departments=["ydelse"], services=["begravelseshjaelp"])
    assert case is not None
    decision_make(
        case=case,
        user=mette.user,
        content=DecisionContent(
            outcome=DecisionOutcome.GRANTED,
            reasons=[
                {
                    "text": {"da": "Boet kan ikke betale begravelsen."},
                    "legal_basis": "Sundhedsloven § 160",
                    "facts": {},
                }
            ],
            legal_basis="Sundhedsloven § 160",
            amount=Decimal("12950"),
        ),
    )
    return case


def deliver_everything() -> None:
    """What a worker does until nothing is due: claim a batch, deliver each message."""
    while claimed := messages_claim(limit=20):
        for message in claimed:
            message_deliver(message)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_an_exempt_citizens_decision_is_printed_and_not_sent_to_digital_post(
    mette, local_providers
):
    karl = CitizenFactory(
        exempt=True, first_name="Karl", last_name="Jensen", street="Skovvej 3", city="Aarhus C"
    )
    case = decide(karl, mette)

    deliver_everything()

    letter = Message.objects.get(case=case, template="decision")
    assert letter.channel == MessageChannel.PRINT
    assert letter.status == MessageStatus.DELIVERED
    printed = local_providers / letter.provider_reference
    text = pdf_text(printed.read_bytes())
    assert "Afgørelse: Begravelseshjælp" in text
    assert "Karl Jensen Skovvej 3 8000 Aarhus C" in text
    assert f"Sagsnummer {case.number}" in text
    assert "Du får udbetalt 12.950 kr." in text
    lines = [
        json.loads(line)
        for line in (printed.parent / MANIFEST).read_text(encoding="utf-8").splitlines()
    ]
    (entry,) = [line for line in lines if line["key"] == letter.idempotency_key]
    assert entry["case_number"] == case.number
    assert entry["address"] == ["Skovvej 3", "8000 Aarhus C"]
    assert entry["pages"] >= 1
    # Nothing of Karl's went to Digital Post: his receipt was printed too.
    assert not LocalDigitalPostMessage.objects.filter(citizen=karl).exists()
    assert set(Message.objects.filter(case=case).values_list("channel", flat=True)) == {
        MessageChannel.PRINT
    }


def test_a_citizens_decision_is_a_memo_message_with_the_decision_letter(mette, local_providers):
    anne = CitizenFactory(first_name="Anne", last_name="Hansen")
    case = decide(anne, mette)

    deliver_everything()

    letter = Message.objects.get(case=case, template="decision")
    assert letter.channel == MessageChannel.DIGITAL_POST
    assert letter.status == MessageStatus.DELIVERED
    assert letter.provider_reference == f"memo:{memo_message_uuid(letter.idempotency_key)}"
    mail = LocalDigitalPostMessage.objects.get(idempotency_key=letter.idempotency_key)
    assert mail.citizen == anne
    assert mail.subject == letter.subject
    memo = ElementTree.fromstring(mail.memo_xml.encode())  # noqa: S314 - our own XML
    header = memo.find(f"{M}MessageHeader")
    assert header.findtext(f"{M}messageType") == "DIGITALPOST"
    assert header.findtext(f"{M}legalNotification") == "true"
    assert header.findtext(f"{M}Recipient/{M}recipientID") == anne.cpr.value
    assert header.findtext(f"{M}ContentData/{M}CaseID/{M}caseID") == case.number
    file = memo.find(f"{M}MessageBody/{M}MainDocument/{M}File")
    assert file.findtext(f"{M}encodingFormat") == "application/pdf"
    pdf = base64.b64decode(file.findtext(f"{M}content"))
    assert pdf == bytes(mail.pdf)
    text = pdf_text(pdf)
    assert "Afgørelse: Begravelseshjælp" in text
    assert "Klagevejledning" in text
    assert f"Sagsnummer {case.number}" in text
    # No paper for Anne.
    assert not list(local_providers.rglob("*.pdf"))


def test_delivering_twice_sends_each_letter_once(mette, local_providers):
    anne = CitizenFactory()
    karl = CitizenFactory(exempt=True)
    decide(anne, mette)
    decide(karl, mette)
    deliver_everything()
    # As if every lease ran out and the messages were sent again with the same keys.
    Message.objects.update(status=MessageStatus.QUEUED, available_at=NOW)

    deliver_everything()

    assert LocalDigitalPostMessage.objects.filter(citizen=anne).count() == 2  # receipt, decision
    assert len(list(local_providers.rglob("*.pdf"))) == 2
    manifest_lines = sum(
        len(path.read_text(encoding="utf-8").splitlines())
        for path in local_providers.rglob(MANIFEST)
    )
    assert manifest_lines == 2


def test_a_letter_without_an_address_fails_at_once_and_alerts_staff(mette, local_providers):
    nowhere = CitizenFactory(exempt=True, street="", postcode="", city="")
    case = decide(nowhere, mette)

    deliver_everything()

    letter = Message.objects.get(case=case, template="decision")
    assert letter.status == MessageStatus.FAILED
    assert letter.attempts == 1
    assert "no postal address" in letter.last_error
    assert letter.failed_at is not None
    assert letter in failed_messages_for_staff(user=mette.user)
    assert not list(local_providers.rglob("*.pdf"))
