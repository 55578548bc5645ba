"""The plain letter: the address in the envelope window, the sender, date, case number,
subject and body, in Danish and English, read back from the PDF."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from borgerrejse.cases.models import DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.notifications.letters import message_letter_html, message_letter_pdf
from borgerrejse.notifications.models import Message
from borgerrejse.notifications.services import message_queue
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.services import staff_member_create

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre
FUNERAL_UNKNOWN_ESTATE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "has_spouse_or_children_under_18": False,
    "estate_wealth_dkk": "unknown",
    "funeral_expenses_dkk": "20000.00",
}


@pytest.fixture(autouse=True)
def _on_a_monday() -> Iterator[None]:
    with time_machine.travel(
        dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    ):
        yield


def citizen(language: str = "da"):
    return CitizenFactory(
        first_name="Karen",
        last_name="Holm",
        street="Kirkevej 12",
        postcode="8000",
        city="Aarhus C",
        preferred_language=language,
    )


def receipt(language: str = "da") -> Message:
    """The receipt a referred case sends: queued by the case services themselves."""
    case = submitted_case(
        citizen(language),
        "begravelseshjaelp",
        FUNERAL_UNKNOWN_ESTATE,
        preference=DecisionPreference.CASEWORKER,
    )
    return Message.objects.get(case=case, template="receipt")


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_letter_carries_sender_recipient_date_case_subject_and_body(published_catalogue):
    message = receipt()

    text = pdf_text(message_letter_pdf(message))

    assert "Borgerrejse Kommune" in text
    assert "Ydelse og Jobcenter" in text
    assert "ydelse@borgerrejse.example" in text
    assert "Karen Holm Kirkevej 12 8000 Aarhus C" in text
    assert "2. marts 2026" in text
    assert f"Sagsnummer {message.case.number}" in text
    assert message.subject in text
    assert "Vi har fået din ansøgning om Begravelseshjælp" in text
    for paragraph in message.body.split("\n\n"):
        assert " ".join(paragraph.split()) in text
    assert "Venlig hilsen" in text
    assert "Side 1 af 1" in text


def test_the_address_sits_in_the_envelope_window(published_catalogue):
    page = PdfReader(io.BytesIO(message_letter_pdf(receipt()))).pages[0]
    height = float(page.mediabox.height)
    where: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
        where.setdefault(text.strip(), (x / MM, (height - y) / MM))

    page.extract_text(visitor_text=visit)

    # C5/C65 window: about 20 mm from the left, from 45 mm down, 90 x 45 mm.
    for line in ("Karen Holm", "Kirkevej 12", "8000 Aarhus C"):
        left, top = where[line]
        assert 19 <= left <= 25, (line, left)
        assert 47 <= top <= 88, (line, top)


def test_an_english_letter_is_in_english(published_catalogue):
    message = receipt("en")

    text = pdf_text(message_letter_pdf(message))

    assert message.language == "en"
    assert message.subject in text
    assert "2 March 2026" in text
    assert "2. marts 2026" not in text
    assert "Karen Holm Kirkevej 12 8000 Aarhus C" in text
    with translation.override("en"):
        assert translation.gettext("Venlig hilsen") in text
        assert f"{translation.gettext('Sagsnummer')} {message.case.number}" in text
    reader = PdfReader(io.BytesIO(message_letter_pdf(message)))
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_letter_is_an_archivable_tagged_pdf_with_embedded_fonts(published_catalogue):
    message = receipt()

    reader = PdfReader(io.BytesIO(message_letter_pdf(message)))

    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da"
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert message.case.number in reader.metadata.title
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            (descendant,) = font["/DescendantFonts"]
            descriptor = descendant.get_object()["/FontDescriptor"]
            assert "IBMPlexSans" in str(font["/BaseFont"]).replace("-", "")
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_the_letter_names_the_caseworker_once_someone_has_the_case(published_catalogue):
    message = receipt()
    member = staff_member_create(
        username="mette.letter",
        password="x",
        first_name="Mette",
        last_name="Sørensen",
        email="mette.sorensen@borgerrejse.example",
        title="Sagsbehandler",
        roles=["caseworker"],
        departments=["ydelse"],
        skills=["begravelseshjaelp"],
        phone="99 99 12 34",
    )
    message.case.handler = member.user
    message.case.save(update_fields=["handler"])

    html = message_letter_html(message)

    assert "Sagsbehandler: Mette Sørensen" in html
    assert "Telefon 99 99 12 34" in html
    assert "mette.sorensen@borgerrejse.example" in html


def test_a_letter_without_a_case_comes_from_the_citizen_service_centre(db):
    person = citizen()
    message = message_queue(
        citizen=person,
        template="appointment_confirmed",
        key="appointment:1:confirmed",
        context={
            "title": "Pas",
            "when": "tirsdag 3. marts kl. 10.00",
            "where": "Borgerservice, Rådhustorvet 1",
            "url": "http://127.0.0.1:8000/min-side/",
        },
    )

    html = message_letter_html(message)
    text = pdf_text(message_letter_pdf(message))

    assert "Borgerservice" in text
    assert "borgerservice@borgerrejse.example" in text
    assert "Sagsnummer" not in html
    assert "Din tid tirsdag 3. marts kl. 10.00 er booket" in text
    assert "Karen Holm Kirkevej 12 8000 Aarhus C" in text


def test_the_letter_keeps_the_day_it_was_written(published_catalogue):
    message = receipt()

    with time_machine.travel(
        dt.datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    ):
        html = message_letter_html(message)

    assert "2. marts 2026" in html
    assert "5. marts 2026" not in html


def test_links_in_the_body_can_be_followed(published_catalogue):
    message = receipt()

    html = message_letter_html(message)

    assert f'<a href="{settings.PUBLIC_BASE_URL}/sager/{message.case.number}/"' in html
