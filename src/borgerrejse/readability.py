"""LIX (læsbarhedsindeks): how hard a Danish text is to read.

    LIX = words / sentences + 100 × long words / words

A long word has more than six letters (Björnsson 1968). Citizen-facing copy aims at 35
or below (DESIGN.md, principle 6); 45 and above is hard for many readers.

Counting follows how a Danish reader meets the text:

- A word is a run of letters (æ, ø, å, é, ü and every other letter count). A hyphenated
  compound ("CPR-nummer") and a dotted abbreviation ("bl.a.") are one word; only the
  letters count towards its length. Numbers ("12.950", "4", "2025") and signs ("§")
  are not words.
- A placeholder in a text template ("{amount}") is one short word: it stands for a
  value such as "225 kr." or a date.
- A sentence ends at ".", "!", "?" or "…" before a space or the end of the text, except:
  - before a lower-case letter ("den 1. april", "ca. 20 kr. om året"), since a Danish
    sentence starts with a capital;
  - after an abbreviation that never ends a sentence ("fx.", "bl.a.", "f.eks.", "jf.",
    "ca.", "nr.", "stk.", …), whatever follows. "kr." is not one of them: "Det koster
    225 kr. Du betaler nu." is two sentences, as Danish writes no second full stop.
- A colon ends a sentence only at the end of a line; so do a blank line and the end of
  a list item ("- ", "* ", "• " or "1. " at the start of a line).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from borgerrejse.rules.definitions import PLACEHOLDER

LONG_WORD_LETTERS = 6

_LETTERS = r"[^\W\d_]+"
_WORD = re.compile(
    rf"{PLACEHOLDER.pattern}"
    rf"|{_LETTERS}(?:\.{_LETTERS})+\.?"  # bl.a., f.eks.
    rf"|{_LETTERS}(?:[-\u2010\u2011'’]{_LETTERS})*"  # CPR-nummer, don't
)
# Closing quotes and brackets may follow the full stop: »Ved ikke?« or (jf. § 160.)
_TERMINATOR = re.compile(r"[.!?…]+[»«\"'”’)\]]*(?=\s|$)")
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•–—]|(?P<number>\d{1,3})[.)])\s+")
# Abbreviations that never end a sentence, whatever follows them (without the last dot).
_NEVER_ENDS = frozenset(
    {"bl.a", "f.eks", "fx", "jf", "jvf", "ca", "nr", "stk", "pkt", "evt", "inkl", "ekskl"}
    | {"dvs", "mht", "vedr", "tlf", "hhv", "pga", "iht", "ift", "ifm", "vha", "kl", "ang"}
    | {"e.g", "i.e", "approx"}
)

# Block elements: each one ends a sentence for a reader, punctuated or not.
_BLOCK_TAG = re.compile(
    r"</?(?:h[1-6]|p|li|ul|ol|dl|dt|dd|table|caption|tr|th|td|address|div|section|article"
    r"|header|footer|nav|aside|form|fieldset|legend|label|button|details|summary"
    r"|figcaption|blockquote|main)\b[^>]*>|<br\s*/?>",
    re.IGNORECASE,
)
_HIDDEN_ELEMENT = re.compile(
    r"<(script|style|svg|template|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I
)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_BREAK = "\ue000"


@dataclass(frozen=True)
class TextCounts:
    """What LIX is computed from."""

    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def lix(text: str) -> float:
    """The LIX of a text; 0 for a text without words."""
    return text_counts(text).lix


def text_counts(text: str) -> TextCounts:
    words = sentences = long_words = 0
    for block in _blocks(text):
        for sentence in _sentences(block):
            found = [match.group() for match in _WORD.finditer(sentence)]
            if found:
                sentences += 1
                words += len(found)
                long_words += sum(1 for word in found if _is_long(word))
    return TextCounts(words=words, sentences=sentences, long_words=long_words)


def page_text(markup: str) -> str:
    """The visible text of an HTML page's main landmark (or the page, if it has none).

    Every block element ends a sentence, as a reader sees it: it becomes a paragraph.
    """
    start, end = markup.find("<main"), markup.find("</main>")
    if start != -1 and end != -1:
        markup = markup[start:end]
    markup = _HIDDEN_ELEMENT.sub(" ", markup)
    text = html.unescape(_TAG.sub(" ", _BLOCK_TAG.sub(_BLOCK_BREAK, markup)))
    paragraphs = (_tidy(paragraph) for paragraph in text.split(_BLOCK_BREAK))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)


def _tidy(paragraph: str) -> str:
    text = re.sub(r"\s+", " ", paragraph).strip()
    # An inline tag before punctuation leaves a space: "<a>nyt kort</a>." reads "nyt kort."
    return re.sub(r" ([.,:;!?])(?= |$)", r"\1", text)


def _is_long(word: str) -> bool:
    if PLACEHOLDER.fullmatch(word):
        return False
    return sum(1 for char in word if char.isalpha()) > LONG_WORD_LETTERS


def _blocks(text: str) -> list[str]:
    """Split where a sentence ends whatever the punctuation: blank lines, list items, a
    colon at the end of a line. Other line breaks are spaces."""
    blocks: list[str] = []
    current: list[str] = []
    in_item = False

    def close() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            close()
            in_item = False
            continue
        marker = _LIST_MARKER.match(line)
        if marker and marker["number"] and line[marker.end() :][:1].islower():
            marker = None  # "1. april" at the start of a wrapped line is no list item
        if marker:
            close()
            current.append(line[marker.end() :].strip())
            in_item = True
        elif in_item and line[:1].isspace():
            current.append(stripped)  # a list item that runs over more than one line
        else:
            if in_item:
                close()
                in_item = False
            current.append(stripped)
        if stripped.endswith(":"):
            close()
    close()
    return blocks


def _sentences(block: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _TERMINATOR.finditer(block):
        if _ends_sentence(block, match):
            sentences.append(block[start : match.end()])
            start = match.end()
    sentences.append(block[start:])
    return sentences


def _ends_sentence(block: str, match: re.Match[str]) -> bool:
    following = block[match.end() :].lstrip()
    if following and following[0].islower():
        return False
    if match.group().startswith(".") and not match.group().startswith(".."):
        before = _TOKEN_BEFORE.search(block[: match.start()])
        token = before.group(1).lstrip("(»«\"'“‘[").lower() if before else ""
        if token in _NEVER_ENDS:
            return False
    return True
