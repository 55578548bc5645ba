"""The decision letter (afgørelsesbrev) as a PDF, forvaltningsloven §§ 22-25.

The letter carries what the law asks of a written decision: the outcome, the reasons in
plain language, the legal rules applied, the facts the decision rests on (§§ 22-24), who
decided (GDPR art. 22 for automated decisions) and appeal guidance (§ 25). The recipient's
name and address sit where the window of a C5/C65 envelope shows them, so the same PDF
serves Digital Post and printed letters for citizens exempt from it.

The PDF is PDF/A-2a and embeds DKFDS's IBM Plex Sans from `node_modules`, so it never
depends on the fonts of the machine that renders or opens it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from borgerrejse.cases.models import Decision, DecisionOutcome
from borgerrejse.catalog.departments import team_for
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.selectors import compiled_rules, service_definition
from borgerrejse.people.models import Citizen
from borgerrejse.rules.definitions import LocalText, ValueType
from borgerrejse.rules.presentation import date_text, display_value, kroner_text
from borgerrejse.staff.selectors import case_contact

TEMPLATE = "cases/letters/decision.html"
# PDF/A-2a: fit for the case file's archive (journalisering), and "a" for accessible: tagged
# structure, reading order and language for screen readers.
PDF_VARIANT = "pdf/a-2a"

MUNICIPALITY_ADDRESS = ("Rådhustorvet 1", "9999 Borgerrejse")

FONT_DIR = Path(settings.PROJECT_DIR) / "node_modules" / "dkfds" / "dist" / "fonts"
FONT_FILES = {
    (400, "normal"): "IBMPlexSans-Regular.ttf",
    (400, "italic"): "IBMPlexSans-Italic.ttf",
    (600, "normal"): "IBMPlexSans-SemiBold.ttf",
    (700, "normal"): "IBMPlexSans-Bold.ttf",
}

LANGUAGES = ("da", "en")

# Values the engine reads that are not facts about the citizen's matter.
_NOT_FACTS = frozenset({"decision_date", "amount"})


@dataclass(frozen=True)
class FactLine:
    """One fact the decision rests on, as the citizen reads it."""

    label: str
    value: str


@dataclass(frozen=True)
class LetterRecipient:
    """The name and address in the envelope window."""

    name: str
    street: str
    postcode: str
    city: str

    @classmethod
    def of(cls, citizen: Citizen) -> LetterRecipient:
        return cls(
            name=citizen.full_name,
            street=citizen.street,
            postcode=citizen.postcode,
            city=citizen.city,
        )


@dataclass(frozen=True)
class FontFace:
    weight: int
    style: str
    url: str


def decision_letter_html(*, decision: Decision, language: str) -> str:
    """The letter as HTML: what the PDF is made from, for previews and debugging.

    `language` is "da" or "en". Danish is the binding text; an English letter says so.
    """
    if language not in LANGUAGES:
        raise ValueError(f"letters are written in {' or '.join(LANGUAGES)}, not {language!r}")
    with translation.override(language):
        return render_to_string(TEMPLATE, _letter_context(decision, language))


def decision_letter_pdf(*, decision: Decision, language: str) -> bytes:
    """The letter as a PDF with its fonts embedded, ready for Digital Post or print."""
    # WeasyPrint loads Pango and fonts on import; only the PDF path should pay for that.
    from weasyprint import HTML

    html = decision_letter_html(decision=decision, language=language)
    pdf = HTML(string=html, base_url=str(FONT_DIR)).write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf


def font_faces() -> list[FontFace]:
    """The IBM Plex Sans files as file:// URLs; missing files are a setup error, not a
    silent fallback to whatever fonts the server happens to have."""
    faces = []
    for (weight, style), name in FONT_FILES.items():
        path = FONT_DIR / "IBMPlexSans" / "complete" / "ttf" / name
        if not path.is_file():
            raise ImproperlyConfigured(
                f"The letter font {path} is missing. Run `npm ci` to install DKFDS."
            )
        faces.append(FontFace(weight=weight, style=style, url=path.as_uri()))
    return faces


def _letter_context(decision: Decision, language: str) -> dict[str, Any]:
    case = decision.case
    citizen = case.citizen
    definition = service_definition(case.service_version)
    team = team_for(case.department)
    issued_on = timezone.localdate(decision.issued_at)
    appeal = decision.appeal
    deadline = dt.date.fromisoformat(appeal["deadline"]) if appeal.get("deadline") else None
    weeks = appeal.get("deadline_weeks")
    return {
        "language": language,
        "fonts": font_faces(),
        "municipality": _("Borgerrejse Kommune"),
        "municipality_address": MUNICIPALITY_ADDRESS,
        "team": team,
        # The caseworker's name and direct line once someone has the case (a name and a face).
        "contact": case_contact(case=case),
        "citizen": citizen,
        "recipient": LetterRecipient.of(citizen),
        "case": case,
        "title": definition.title.get(language),
        "issued_on": date_text(issued_on, language),
        "submitted_on": (
            date_text(timezone.localdate(case.submitted_at), language) if case.submitted_at else ""
        ),
        "outcome_label": DecisionOutcome(decision.outcome).label,
        "outcome_text": _outcome_text(decision, language),
        "reasons": [_local(reason.get("text"), language) for reason in decision.reasons],
        "legal_bases": _legal_bases(decision),
        **_facts(decision, definition, language),
        "decided_by": _decided_by(decision, team.name),
        "is_automated": decision.is_automated,
        "appeal_body": _local(appeal.get("body"), language),
        "appeal_how": _local(appeal.get("how"), language),
        "appeal_weeks": (
            ngettext(
                "Du har %(weeks)s uge til at klage.",
                "Du har %(weeks)s uger til at klage.",
                weeks,
            )
            % {"weeks": weeks}
            if weeks
            else ""
        ),
        "appeal_deadline": date_text(deadline, language) if deadline else "",
        "page_footer_css": css_string(
            _("%(municipality)s · Sagsnummer %(number)s")
            % {"municipality": _("Borgerrejse Kommune"), "number": case.number or ""}
        ),
        "page_counter_css": page_counter_css(),
    }


def _local(text: Mapping[str, str] | None, language: str) -> str:
    if not text:
        return ""
    return text.get(language) or text.get("da", "")


def _amount_ore(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _outcome_text(decision: Decision, language: str) -> list[str]:
    """The outcome in short sentences: what was decided, then what it means in money."""
    sentences = {
        DecisionOutcome.GRANTED: _("Vi har bevilget din ansøgning."),
        DecisionOutcome.PARTLY_GRANTED: _("Vi har bevilget en del af det, du har søgt om."),
        DecisionOutcome.REJECTED: _("Du får afslag på din ansøgning."),
        DecisionOutcome.DISMISSED: _(
            "Vi har afvist din ansøgning. Det betyder, at vi ikke har vurderet den."
        ),
    }
    text = [sentences[DecisionOutcome(decision.outcome)]]
    granted = decision.outcome in {DecisionOutcome.GRANTED, DecisionOutcome.PARTLY_GRANTED}
    if granted and decision.amount is not None:
        amount = kroner_text(_amount_ore(decision.amount), language)
        if decision.amount_kind == "fee":
            if decision.amount:
                text.append(_("Du skal betale et gebyr på %(amount)s.") % {"amount": amount})
            else:
                text.append(_("Det koster ikke noget."))
        elif decision.amount:
            text.append(_("Du får udbetalt %(amount)s.") % {"amount": amount})
    # "225 kr." ending a sentence must not end in "kr..", as in the rules' reasons.
    return [sentence.replace("kr..", "kr.") for sentence in text]


def _legal_bases(decision: Decision) -> list[str]:
    """The rules applied: the service's legal basis and each reason's, once each."""
    bases = [decision.legal_basis, *(reason.get("legal_basis", "") for reason in decision.reasons)]
    return list(dict.fromkeys(basis for basis in bases if basis))


def _decided_by(decision: Decision, team_name: Promise | str) -> str:
    if decision.is_automated:
        # GDPR art. 22: the citizen may always have a person look at an automated decision.
        return _(
            "Afgørelsen er truffet automatisk efter reglerne i »%(rules)s«. "
            "Du kan altid bede om, at en medarbejder ser på sagen."
        ) % {"rules": decision.rule_set_version or decision.decided_by_name}
    if decision.decided_by_name:
        return _("Afgørelsen er truffet af %(name)s, %(team)s.") % {
            "name": decision.decided_by_name,
            "team": team_name,
        }
    return _("Afgørelsen er truffet af en medarbejder i %(team)s.") % {"team": team_name}


def _facts(
    decision: Decision, definition: ServiceDefinition, language: str
) -> dict[str, list[FactLine]]:
    """The facts the decision rests on (forvaltningsloven § 24), in the definition's order.

    "answers" are what the citizen told us, labelled by the question asked; "rates" are
    the rates and limits that applied. Intermediate values without a label are left out:
    the reasons already state, in words, the ones that matter.
    """
    facts: dict[str, Any] = dict(decision.facts)
    for reason in decision.reasons:
        facts |= reason.get("facts", {})
    rule_set = definition.rule_set()
    types = compiled_rules(decision.case.service_version).value_types

    def line(name: str, label: LocalText, options: Mapping[str, LocalText]) -> FactLine:
        value = fact_value_text(types.get(name), facts[name], language, options)
        return FactLine(label.get(language), value)

    answers = [
        line(fact.name, fact.label, fact.options) for fact in rule_set.facts if fact.name in facts
    ]
    labels: dict[str, LocalText | None] = {
        **{name: parameter.label for name, parameter in rule_set.parameters.items()},
        **{name: derived.label for name, derived in rule_set.derived.items()},
    }
    rates = [
        line(name, label, {})
        for name, label in labels.items()
        if name in facts and label is not None
    ]
    # A caseworker may rest a decision on facts outside the rules; show them by name.
    known = {fact.name for fact in rule_set.facts} | set(labels) | _NOT_FACTS
    answers += [
        FactLine(name, fact_value_text(None, value, language, {}))
        for name, value in facts.items()
        if name not in known
    ]
    return {"answers": answers, "rates": rates}


def fact_value_text(
    kind: ValueType | None, value: Any, language: str, options: Mapping[str, LocalText]
) -> str:
    """A fact as stored in a decision (money as a kroner string, dates ISO) in words."""
    if value is None:
        return "–"
    if kind is ValueType.MONEY and not isinstance(value, bool):
        try:
            return kroner_text(_amount_ore(Decimal(str(value))), language)
        except InvalidOperation:
            return str(value)
    if kind is ValueType.DATE and isinstance(value, str):
        try:
            return date_text(dt.date.fromisoformat(value), language)
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return ", ".join(fact_value_text(kind, item, language, options) for item in value)
    return display_value(kind, value, language, options)


def css_string(text: str) -> SafeString:
    """Text as a quoted CSS string, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return mark_safe(f'"{escaped}"')  # noqa: S308 - escaped for CSS just above


def page_counter_css() -> SafeString:
    """ "Side 1 af 2" as CSS `content`, with the page counters where the words put them."""
    marker_page, marker_pages = "\x00page\x00", "\x00pages\x00"
    words = _("Side %(page)s af %(pages)s") % {"page": marker_page, "pages": marker_pages}
    quoted = str(css_string(words))
    quoted = quoted.replace(marker_page, '" counter(page) "')
    return mark_safe(quoted.replace(marker_pages, '" counter(pages) "'))  # noqa: S308
