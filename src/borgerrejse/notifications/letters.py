"""A plain letter as a PDF, for every letter but a decision (which has its own, with the
reasons and appeal guidance the law asks for: `cases.letters`).

It looks like the decision letter: the same letterhead, the recipient's name and address
where the window of a C5/C65 envelope shows them, the same embedded IBM Plex Sans and the
same PDF/A-2a variant, so a printed letter for a citizen exempt from Digital Post and the
copy in Digital Post are one and the same document. Both letters include the page styles
and the letterhead from `cases/letters/includes/`.

The letter is dated the day the message was queued, not the day it was delivered: a
retry days later still sends the letter as it was written.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from borgerrejse.cases.letters import (
    FONT_DIR,
    MUNICIPALITY_ADDRESS,
    PDF_VARIANT,
    LetterRecipient,
    css_string,
    font_faces,
    page_counter_css,
)
from borgerrejse.catalog.departments import Team, team_for
from borgerrejse.catalog.schema import Department
from borgerrejse.notifications.models import Message
from borgerrejse.rules.presentation import date_text
from borgerrejse.staff.selectors import CaseContact, case_contact

TEMPLATE = "notifications/letters/letter.html"
LANGUAGES = ("da", "en")
# Without a case, the citizen service centre answers for the municipality.
GENERAL_DEPARTMENT = Department.BORGERSERVICE


def message_letter_html(message: Message) -> str:
    """The letter as HTML: what the PDF is made from, for previews and tests."""
    language = message.language if message.language in LANGUAGES else LANGUAGES[0]
    with translation.override(language):
        return render_to_string(TEMPLATE, _letter_context(message, language))


def message_letter_pdf(message: Message) -> bytes:
    """The letter as a PDF with its fonts embedded, for Digital Post or the print folder."""
    # WeasyPrint loads Pango and fonts on import; only the PDF path should pay for that.
    from weasyprint import HTML

    html = message_letter_html(message)
    pdf = HTML(string=html, base_url=str(FONT_DIR)).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf


def _sender(message: Message) -> tuple[CaseContact, Team]:
    """Who writes: the case's caseworker or team, or the citizen service centre."""
    case = message.case
    if case is not None:
        return case_contact(case=case), team_for(case.department)
    team = team_for(GENERAL_DEPARTMENT)
    contact = CaseContact(
        name=str(team.name),
        title="",
        phone=team.phone,
        email=team.email,
        team=str(team.name),
        is_person=False,
    )
    return contact, team


def _letter_context(message: Message, language: str) -> dict[str, Any]:
    citizen = message.citizen
    # A letter goes to a citizen's address; only an SMS to a kiosk number has no citizen.
    assert citizen is not None, "a letter needs a citizen to address"
    contact, team = _sender(message)
    case_number = message.case.number if message.case is not None and message.case.number else ""
    municipality = _("Borgerrejse Kommune")
    if case_number:
        footer = _("%(municipality)s · Sagsnummer %(number)s") % {
            "municipality": municipality,
            "number": case_number,
        }
    else:
        footer = municipality
    written_on = timezone.localdate(message.created_at) if message.created_at else None
    return {
        "language": language,
        "fonts": font_faces(),
        "municipality": municipality,
        "municipality_address": MUNICIPALITY_ADDRESS,
        "team": team,
        "contact": contact,
        "recipient": LetterRecipient.of(citizen),
        "letter_date": date_text(written_on or timezone.localdate(), language),
        "case_number": case_number,
        "subject": message.subject,
        "paragraphs": [part.strip() for part in message.body.split("\n\n") if part.strip()],
        "page_footer_css": css_string(footer),
        "page_counter_css": page_counter_css(),
    }
