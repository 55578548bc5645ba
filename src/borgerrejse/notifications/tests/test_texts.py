"""The message texts (notifications/texts.py): every template renders in Danish and
English, fills every placeholder, and the Danish is plain (LIX 35 or below)."""

import re

import pytest

from borgerrejse.notifications.texts import TEMPLATES
from borgerrejse.readability import lix

PLAIN = 35
LANGUAGES = ["da", "en"]
# Every placeholder a template may use, with a value like the ones the outbox fills in.
FULL_CONTEXT = {
    "title": "Hjælp til begravelse",
    "number": "2026-000123",
    "due": "16. marts 2026",
    "url": "http://127.0.0.1:8000/sager/2026-000123/",
    "contact": "Mette Jensen",
    "phone": "33 12 34 56",
    "email": "mette.jensen@borgerrejse.example",
    "request": "Send en opgørelse af boet.",
    "respond_by": "4. marts 2026",
    "information": "Boet har en formue på 80.000 kr.",
    "when": "tirsdag den 10. marts kl. 10.30",
    "where": "Borgerservice, Rådhuspladsen 2",
}
# Events the issue asks for, and the templates that cover them.
EVENTS = {
    "receipt": "receipt",
    "decision issued": "decision",
    "information requested": "information_request",
    "consultation": "consultation",
    "reminder before a deadline": "deadline_reminder",
    "appointment confirmed": "appointment_confirmed",
    "appointment reminder": "appointment_reminder",
}
LEFTOVER = re.compile(r"%\(|\)s\b|\{\w+\}")


class Placeholders(dict):
    """A context that answers every placeholder with `{name}` and remembers which."""

    def __init__(self):
        super().__init__()
        self.asked: set[str] = set()

    def __getitem__(self, key):
        self.asked.add(key)
        return "{" + key + "}"


def test_every_event_has_a_template():
    assert set(EVENTS.values()) <= set(TEMPLATES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_the_template_renders_with_every_placeholder_filled(key, language):
    subject, body = TEMPLATES[key].render(FULL_CONTEXT, language)

    assert subject.strip()
    assert body.strip()
    assert not LEFTOVER.search(subject), subject
    assert not LEFTOVER.search(body), body
    assert len(subject) <= 200


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_the_template_uses_only_placeholders_the_outbox_knows(key):
    context = Placeholders()

    TEMPLATES[key].render(context, "da")

    assert context.asked
    assert context.asked <= set(FULL_CONTEXT)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_the_danish_text_is_plain(key):
    # As in the readability module, a placeholder counts as one short word: it stands for
    # a value like a date or a case number, which the reader takes in at a glance.
    subject, body = TEMPLATES[key].render(Placeholders(), "da")
    text = f"{subject}\n\n{body}"

    assert lix(text) <= PLAIN, f"LIX {lix(text):.1f}: {text}"
