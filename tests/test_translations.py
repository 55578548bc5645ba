"""Meta test: every Danish string has an English translation, and the catalogue is current."""

from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_to_english():
    with PO_FILE.open("rb") as po:
        catalogue = read_po(po)

    def translated(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return all(strings) and not message.fuzzy

    untranslated = [message.id for message in catalogue if message.id and not translated(message)]

    assert untranslated == []
