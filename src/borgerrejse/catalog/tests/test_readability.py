"""LIX of Danish text, checked against texts counted by hand, and the services' own copy.

LIX = words / sentences + 100 × long words / words; a long word has more than 6 letters.
Each example below gives its counts as (words, sentences, long words).
"""

import pytest
from django.conf import settings

from borgerrejse.catalog.documents import read_definition
from borgerrejse.readability import TextCounts, lix, page_text, text_counts

# Citizen copy aims at 35 (DESIGN.md, principle 6); above this a service text fails.
SERVICE_TEXT_LIMIT = 45


def test_the_classic_example_scores_40():
    # 10 words in 1 sentence; 3 are long: Borgerservice (13 letters), hjælper (7),
    # begravelseshjælp (16). "gerne" (5) and "søge" (4) are short. 10/1 + 100*3/10 = 40.
    text = "Borgerservice hjælper dig gerne med at søge om begravelseshjælp nu."

    assert text_counts(text) == TextCounts(words=10, sentences=1, long_words=3)
    assert lix(text) == pytest.approx(40)


def test_two_sentences():
    # "Du kan søge om et nyt sundhedskort." 7 words, long: sundhedskort.
    # "Det koster et gebyr, hvis kortet forsvandt." 7 words, long: forsvandt (9);
    # "koster" and "kortet" have exactly 6 letters, which is not long. 14/2 + 100*2/14.
    text = "Du kan søge om et nyt sundhedskort. Det koster et gebyr, hvis kortet forsvandt."

    assert text_counts(text) == TextCounts(words=14, sentences=2, long_words=2)
    assert lix(text) == pytest.approx(7 + 200 / 14)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        # Ægtefællen (10 letters, long), får, én, ydelse (6, not long).
        ("Ægtefællen får én ydelse.", (4, 1, 1)),
        # Numbers are not words: Hjælpen (long), er, kr, i. "kr." before "i" ends nothing.
        ("Hjælpen er 12.950 kr. i 2025.", (4, 1, 1)),
        ("12.950 4 2025", (0, 0, 0)),
        # A hyphenated compound is one word, and only its letters count: CPR-nummeret has
        # 11 letters (long); e-mail has 5 (short). CPR-nummeret, og, e-mail, står, her.
        ("CPR-nummeret og e-mail står her.", (5, 1, 1)),
        # "§" and "160" are not words: Det, følger, af, sundhedslovens (long) | Du, kan, klage.
        ("Det følger af sundhedslovens § 160. Du kan klage.", (7, 2, 1)),
        # Efter, stk, får, du, hjælp: "stk." never ends a sentence.
        ("Efter § 160, stk. 2, får du hjælp.", (5, 1, 0)),
        # An ordinal date is no sentence end: Født, før, april, får, mindst, kr.
        ("Født før 1. april 1957 får mindst 1.050 kr.", (6, 1, 0)),
        # A colon inside a line does not end the sentence: Du, har, svaret, Kortet, er, væk.
        ("Du har svaret: Kortet er væk.", (6, 1, 0)),
        # A question inside quotes, then lower case: one sentence; then "Vælg det!".
        ("»Ved ikke?« er et svar. Vælg det!", (7, 2, 0)),
        # A line break inside a paragraph is a space; a blank line ends a sentence.
        ("Du kan søge\nom hjælp.", (5, 1, 0)),
        ("Sådan søger du\n\nLog ind med MitID.", (7, 2, 0)),
        # A placeholder is one short word: Et, nyt, kort, koster, {amount}.
        ("Et nyt kort koster {amount}.", (5, 1, 0)),
        ("Kortet er under {free_if_older_than_years} år gammelt.", (6, 1, 1)),
    ],
)
def test_words_sentences_and_long_words_are_counted_as_a_reader_sees_them(text, counts):
    assert text_counts(text) == TextCounts(*counts)


@pytest.mark.parametrize("abbreviation", ["fx.", "bl.a.", "f.eks.", "ca.", "nr.", "jf.", "stk."])
def test_an_abbreviation_does_not_end_a_sentence_even_before_a_capital(abbreviation):
    # Skriv, <abbreviation>, Udbetaling (long), Danmark (long).
    text = f"Skriv {abbreviation} Udbetaling Danmark."

    assert text_counts(text) == TextCounts(words=4, sentences=1, long_words=2)


def test_a_dotted_abbreviation_is_one_short_word():
    # Du, får, bl.a, f.eks, hjælp: "bl.a." has 3 letters, "f.eks." 4.
    assert text_counts("Du får bl.a. f.eks. hjælp.") == TextCounts(5, 1, 0)


def test_kroner_end_a_sentence_only_before_a_capital():
    # Danish writes one full stop after "kr." at the end of a sentence.
    assert text_counts("Det koster 225 kr. om året.").sentences == 1
    assert text_counts("Det koster 225 kr. Du betaler nu.").sentences == 2


def test_a_colon_at_the_end_of_a_line_and_every_list_item_end_a_sentence():
    # "Du skal sende" | "regningen" (9, long) | "dødsattesten" (12, long): 5/3 + 100*2/5.
    text = "Du skal sende:\n- regningen\n- dødsattesten"

    assert text_counts(text) == TextCounts(words=5, sentences=3, long_words=2)
    assert lix(text) == pytest.approx(5 / 3 + 40)


def test_numbered_list_items_end_sentences_but_a_wrapped_date_does_not():
    assert text_counts("Sådan gør du:\n1. Log ind\n2. Udfyld skemaet").sentences == 3
    assert text_counts("Hjælpen gælder fra\n1. april 2025.").sentences == 1


def test_a_list_item_may_run_over_two_lines():
    assert text_counts("- Send regningen\n  fra bedemanden\n- Vent på svar").sentences == 2


@pytest.mark.parametrize("text", ["", "   \n  ", "§ 160", "12.950,50"])
def test_a_text_without_words_scores_0(text):
    assert lix(text) == 0


def test_page_text_reads_the_main_landmark_block_by_block():
    markup = (
        "<html><nav>Menu med mange ord</nav><main>"
        "<h1>Nyt kort</h1><p>Du kan &oslash;nske et <a href='#'>nyt kort</a>.</p>"
        "<ul><li>Ring til os</li><li>kom forbi</li></ul>"
        "<script>var ikke = 'tekst';</script><!-- en kommentar -->"
        "</main><footer>Sidefod</footer></html>"
    )

    text = page_text(markup)

    assert text == "Nyt kort\n\nDu kan ønske et nyt kort.\n\nRing til os\n\nkom forbi"
    # Nyt, kort | Du, kan, ønske, et, nyt, kort | Ring, til, os | kom, forbi.
    assert text_counts(text) == TextCounts(words=13, sentences=4, long_words=0)


def test_page_text_without_a_main_landmark_reads_the_whole_page():
    assert page_text("<p>Hej</p><p>Farvel</p>") == "Hej\n\nFarvel"


def _service_texts():
    for path in sorted(settings.SERVICES_DIR.glob("*.yaml")):
        definition = read_definition(path)
        yield pytest.param(definition.summary.da, id=f"{definition.slug}-summary")
        for rule in definition.rules:
            yield pytest.param(rule.reason.da, id=f"{definition.slug}-{rule.id}")


@pytest.mark.parametrize("text", list(_service_texts()))
def test_every_service_summary_and_reason_is_plain_danish(text):
    assert lix(text) <= SERVICE_TEXT_LIMIT, text
