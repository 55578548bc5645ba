"""What the messages say, in Danish (the source) and English.

Each template is a subject and short paragraphs with named placeholders. The Danish text
is checked for plain language (LIX) like the portal's pages. Letters carry their full
text in the attached PDF; the body is what the citizen's mailbox shows first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgerrejse.notifications.models import Purpose


@dataclasses.dataclass(frozen=True)
class MessageTemplate:
    key: str
    purpose: Purpose
    subject: Promise
    paragraphs: tuple[Promise, ...]
    label: Promise

    def render(self, context: Mapping[str, Any], language: str) -> tuple[str, str]:
        """The subject and the body in `language`, with `context` filled in."""
        with translation.override(language):
            subject = str(self.subject) % context
            body = "\n\n".join(str(paragraph) % context for paragraph in self.paragraphs)
        return subject, body


_HOW_TO_REACH = _(
    "Har du spørgsmål, så ring til %(contact)s på %(phone)s, eller skriv til %(email)s."
)

TEMPLATES: dict[str, MessageTemplate] = {
    template.key: template
    for template in (
        MessageTemplate(
            key="receipt",
            purpose=Purpose.NOTICE,
            label=_("Kvittering"),
            subject=_("Vi har fået din ansøgning om %(title)s"),
            paragraphs=(
                _("Din sag har nummer %(number)s. En sagsbehandler ser på den."),
                _("Du får svar senest %(due)s."),
                _("Du kan følge sagen på Min side: %(url)s"),
                _HOW_TO_REACH,
            ),
        ),
        MessageTemplate(
            key="decision",
            purpose=Purpose.LETTER,
            label=_("Afgørelse"),
            subject=_("Afgørelse om %(title)s"),
            paragraphs=(
                _("Vi har truffet en afgørelse i din sag %(number)s."),
                _(
                    "Du kan læse den i brevet. Der står også, hvorfor vi har afgjort sagen "
                    "sådan, og hvordan du kan klage."
                ),
                _HOW_TO_REACH,
            ),
        ),
        MessageTemplate(
            key="information_request",
            purpose=Purpose.LETTER,
            label=_("Vi mangler oplysninger"),
            subject=_("Vi mangler oplysninger om %(title)s"),
            paragraphs=(
                _("Vi skal bruge mere fra dig, før vi kan afgøre din sag %(number)s."),
                _("Vi spørger: %(request)s"),
                _("Svar senest %(respond_by)s. Du kan svare på Min side: %(url)s"),
                _("Du kan også ringe til os eller komme i Borgerservice."),
                _HOW_TO_REACH,
            ),
        ),
        MessageTemplate(
            key="consultation",
            purpose=Purpose.LETTER,
            label=_("Partshøring"),
            subject=_("Vi vil gerne høre dig om %(title)s"),
            paragraphs=(
                _(
                    "Før vi afgør din sag %(number)s, skal du have mulighed for at se de "
                    "oplysninger, vi vil bruge. Det står i forvaltningslovens § 19."
                ),
                _("Oplysningerne er: %(information)s"),
                _("Du kan svare senest %(respond_by)s. Du behøver ikke svare."),
                _HOW_TO_REACH,
            ),
        ),
        MessageTemplate(
            key="deadline_reminder",
            purpose=Purpose.NOTICE,
            label=_("Påmindelse om frist"),
            subject=_("Husk at svare senest %(respond_by)s"),
            paragraphs=(
                _("Vi venter på dit svar i sag %(number)s om %(title)s."),
                _("Svar senest %(respond_by)s på Min side: %(url)s"),
                _HOW_TO_REACH,
            ),
        ),
        MessageTemplate(
            key="appointment_confirmed",
            purpose=Purpose.NOTICE,
            label=_("Tid bekræftet"),
            subject=_("Din tid %(when)s er booket"),
            paragraphs=(
                _("Du har fået en tid om %(title)s %(when)s."),
                _("Sted: %(where)s"),
                _("Du kan flytte eller aflyse tiden på Min side: %(url)s"),
            ),
        ),
        MessageTemplate(
            key="appointment_reminder",
            purpose=Purpose.NOTICE,
            label=_("Påmindelse om tid"),
            subject=_("Husk din tid %(when)s"),
            paragraphs=(
                _("Du har en tid om %(title)s %(when)s."),
                _("Sted: %(where)s"),
                _("Kan du ikke komme, så flyt eller aflys tiden på Min side: %(url)s"),
            ),
        ),
        MessageTemplate(
            key="ticket_nearly_up",
            purpose=Purpose.NOTICE,
            label=_("Snart din tur i køen"),
            subject=_("Nu er det snart din tur"),
            paragraphs=(
                _("Dit nummer er %(number)s. Der er højst to før dig i køen."),
                _("Kom hen til skærmen i Borgerservice, så du kan se, når vi kalder dig."),
            ),
        ),
    )
}
