"""The decision letter: what forvaltningsloven §§ 22-25 asks of it, read back from the PDF."""

import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from pypdf import PdfReader

from borgerrejse.cases.letters import decision_letter_html, decision_letter_pdf, fact_value_text
from borgerrejse.cases.models import ActorKind, Decision, DecisionOutcome, DecisionPreference
from borgerrejse.cases.tests.factories import TODAY, submitted_case
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.rules.definitions import LocalText, ValueType
from borgerrejse.staff.services import staff_member_create

pytestmark = pytest.mark.django_db

ESTATE_COMPLETE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "estate_wealth_dkk": "10000",
    "has_spouse_or_children_under_18": False,
    "funeral_expenses_dkk": "30000",
}
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(autouse=True)
def _on_the_decision_day() -> Iterator[None]:
    # The letter's date and the appeal deadline both follow from the day of the decision.
    with time_machine.travel(
        dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen")), tick=False
    ):
        yield


@pytest.fixture
def citizen():
    return CitizenFactory(
        first_name="Karen", last_name="Holm", street="Kirkevej 12", postcode="8000", city="Aarhus C"
    )


def decided(citizen, slug: str, answers: dict) -> Decision:
    return submitted_case(citizen, slug, answers).decisions.get()


def pdf_text(pdf: bytes) -> str:
    """All pages' text with runs of whitespace made single spaces, so wrapping does not matter."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_fee_letter_carries_what_the_law_asks(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})

    text = pdf_text(decision_letter_pdf(decision=decision, language="da"))

    assert "Afgørelse: Nyt sundhedskort" in text
    # Sender, recipient, date and case number.
    assert "Borgerrejse Kommune" in text
    assert "borgerservice@borgerrejse.example" in text
    assert "Karen Holm Kirkevej 12 8000 Aarhus C" in text
    assert "2. marts 2026" in text
    assert f"Sagsnummer {decision.case.number}" in text
    # The outcome in plain words, with the fee.
    assert "Bevilget" in text
    assert "Du skal betale et gebyr på 225 kr." in text
    assert "kr.." not in text
    # Reasons, the rules applied and the facts used (§§ 22-24).
    assert "Dit kort er væk. Et nyt kort koster 225 kr." in text
    assert decision.legal_basis in text
    assert "Bekendtgørelse om valg af læge, gebyr for sundhedskort" in text
    assert "Hvorfor skal du have et nyt kort? Kortet er væk" in text
    assert "Gebyr for nyt kort 225 kr." in text
    # Automated: who decided, and the right to have a person look at it (GDPR art. 22).
    assert "Afgørelsen er truffet automatisk efter reglerne i »sundhedskort v1«" in text
    assert "Du kan altid bede om, at en medarbejder ser på sagen." in text
    # Appeal guidance (§ 25): body, how and deadline.
    assert "Klagevejledning" in text
    assert "Du kan klage over afgørelsen til Styrelsen for Patientklager." in text
    assert "Giver vi dig ikke ret, sender vi klagen videre." in text
    assert "Du har 4 uger til at klage." in text
    assert "senest den 30. marts 2026" in text
    assert "Side 1 af" in text


def test_benefit_letter_shows_the_amount_and_the_answers_in_words(published_catalogue, citizen):
    decision = decided(citizen, "begravelseshjaelp", ESTATE_COMPLETE)

    text = pdf_text(decision_letter_pdf(decision=decision, language="da"))

    assert decision.outcome == DecisionOutcome.PARTLY_GRANTED
    assert "Delvist bevilget" in text
    assert "Du får udbetalt 12.950 kr." in text
    assert "Du får 12.950 kr. Regningen var på 30.000 kr. Resten skal boet betale." in text
    assert "Sundhedsloven § 160 og bekendtgørelse om begravelseshjælp (formuegrænser)" in text
    assert "Hvornår blev afdøde født? 1. maj 1950" in text
    assert "Hvor stor var afdødes formue på dødsdagen? 10.000 kr." in text
    assert "Efterlader afdøde en ægtefælle eller børn under 18 år? nej" in text
    assert "Formuegrænse uden ægtefælle eller børn under 18 år 21.700 kr." in text
    assert "Du kan klage over afgørelsen til Ankestyrelsen." in text
    assert "automatisk" in text


def test_english_letter_uses_the_english_texts(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})

    text = pdf_text(decision_letter_pdf(decision=decision, language="en"))

    assert "New health insurance card" in text
    assert "Your card is lost. A new card costs DKK 225." in text
    assert "The card is lost" in text
    assert "The Danish Patient Complaints Board" in text
    assert "Write to the municipality. We look at the case again." in text
    assert "30 March 2026" in text
    assert "2 March 2026" in text
    assert decision.case.number in text
    assert "Karen Holm" in text
    assert "Kortet er væk" not in text
    with translation.override("en"):
        # Whatever the catalogue holds right now: the letter's own words follow the language.
        assert translation.gettext("Klagevejledning") in text
        assert translation.gettext("Sagsnummer") in text


def test_letter_embeds_its_fonts(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})

    reader = PdfReader(io.BytesIO(decision_letter_pdf(decision=decision, language="da")))

    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            (descendant,) = font["/DescendantFonts"]
            fonts[str(font["/BaseFont"])] = descendant.get_object()["/FontDescriptor"]
    assert fonts
    for name, descriptor in fonts.items():
        assert "IBMPlexSans" in name.replace("-", ""), name
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name


def test_letter_is_an_archivable_tagged_pdf(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})

    reader = PdfReader(io.BytesIO(decision_letter_pdf(decision=decision, language="en")))

    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root  # tagged: reading order for screen readers
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert decision.case.number in reader.metadata.title


def test_address_sits_in_the_envelope_window(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})
    page = PdfReader(io.BytesIO(decision_letter_pdf(decision=decision, language="da"))).pages[0]
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


def test_caseworker_decision_names_who_decided_and_has_no_automation_text(
    published_catalogue, citizen
):
    case = submitted_case(
        citizen, "sundhedskort", {"reason": "lost"}, preference=DecisionPreference.CASEWORKER
    )
    # No service issues a caseworker's decision yet; the letter must already handle one.
    decision = Decision.objects.create(
        case=case,
        outcome=DecisionOutcome.REJECTED,
        reasons=[
            {
                "rule": "manual",
                "text": {"da": "Du har allerede fået et nyt kort.", "en": "You already have one."},
                "legal_basis": "Sundhedsloven § 12",
                "facts": {"cards_this_year": 3},
            }
        ],
        legal_basis="Sundhedsloven § 12",
        facts={"reason": "lost"},
        appeal={
            "body": {"da": "Styrelsen for Patientklager", "en": "The Board"},
            "how": {"da": "Skriv til os.", "en": "Write to us."},
            "deadline_weeks": 1,
            "deadline": (TODAY + dt.timedelta(weeks=1)).isoformat(),
        },
        decided_by_kind=ActorKind.STAFF,
        decided_by_name="Mette Sørensen",
    )

    html = decision_letter_html(decision=decision, language="da")

    assert "Du får afslag på din ansøgning." in html
    assert "Afgørelsen er truffet af Mette Sørensen, Borgerservice." in html
    assert "automatisk" not in html
    assert "gebyr" not in html
    assert "Kortet er væk" in html
    assert "cards_this_year" in html  # a fact outside the form is still shown
    assert "Du har 1 uge til at klage." in html
    assert "9. marts 2026" in html


def test_the_letter_names_the_caseworker_with_a_direct_line(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})
    team_letter = decision_letter_html(decision=decision, language="da")
    member = staff_member_create(
        username="mette.letter",
        password="x",
        first_name="Mette",
        last_name="Sørensen",
        email="mette.sorensen@borgerrejse.example",
        title="Sagsbehandler",
        roles=["caseworker"],
        departments=["borgerservice"],
        skills=["sundhedskort"],
        phone="99 99 12 34",
    )
    decision.case.handler = member.user
    decision.case.save(update_fields=["handler"])

    html = decision_letter_html(decision=decision, language="da")

    assert "Mette Sørensen" not in team_letter
    assert "Sagsbehandler: Mette Sørensen" in html
    assert "Ring til Mette Sørensen på 99 99 12 34, eller skriv til" in html
    assert "mette.sorensen@borgerrejse.example" in html


def test_free_card_says_it_costs_nothing(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "first_card"})

    html = decision_letter_html(decision=decision, language="da")

    assert "Vi har bevilget din ansøgning. Det koster ikke noget." in html
    assert "gebyr på" not in html
    assert "Jeg har aldrig haft et kort" in html


def test_letters_come_in_danish_and_english_only(published_catalogue, citizen):
    decision = decided(citizen, "sundhedskort", {"reason": "lost"})

    with pytest.raises(ValueError, match="da or en"):
        decision_letter_html(decision=decision, language="de")


@pytest.mark.parametrize(
    ("kind", "value", "language", "expected"),
    [
        (ValueType.MONEY, "12950.00", "da", "12.950 kr."),
        (ValueType.MONEY, "225.50", "en", "DKK 225.50"),
        (ValueType.DATE, "1950-05-01", "da", "1. maj 1950"),
        (ValueType.DATE, "1950-05-01", "en", "1 May 1950"),
        (ValueType.BOOLEAN, True, "da", "ja"),
        (ValueType.BOOLEAN, False, "en", "no"),
        (ValueType.TEXT, "lost", "da", "Kortet er væk"),
        (ValueType.TEXT, "lost", "en", "The card is lost"),
        (ValueType.TEXT, "unlisted", "da", "unlisted"),
        (ValueType.INTEGER, 75, "da", "75"),
        (None, None, "da", "–"),
    ],
)
def test_fact_values_read_as_words(kind, value, language, expected):
    options = {"lost": LocalText(da="Kortet er væk", en="The card is lost")}

    assert fact_value_text(kind, value, language, options) == expected
