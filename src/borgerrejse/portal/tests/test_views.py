import hashlib
import html
import re

import pytest
from django.utils import translation

from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.services import service_version_publish
from borgerrejse.portal.selectors import CHANNELS, LIFE_SITUATIONS, processing_time_text

HOME = {"da": "/", "en": "/en/"}
ACCESSIBILITY = {"da": "/tilgaengelighed/", "en": "/en/tilgaengelighed/"}


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def card(content: str, slug: str) -> str:
    """The markup of one service card, from its opening tag to the end of its channels."""
    start = content.index(f'id="service-{slug}"')
    return content[start : content.index("</dl>", start)]


def headings(content: str, level: int) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", content, re.S)
    ]


@pytest.mark.parametrize("language", ["da", "en"])
def test_home_lists_every_published_service_under_its_life_situation(
    client, published_catalogue, language
):
    content = page(client, HOME[language])

    assert f'<html lang="{language}">' in content
    with translation.override(language):
        group_names = [str(LIFE_SITUATIONS[d.life_situation]) for d in published_catalogue]
    section_headings = headings(content, 2)
    for definition, group_name in zip(published_catalogue, group_names, strict=True):
        assert group_name in section_headings
        service_card = card(content, definition.slug)
        assert definition.title.get(language) in service_card
        assert definition.summary.get(language) in service_card
        # The card sits in the section of its own group.
        section_start = content.rindex(
            '<section class="service-group"', 0, content.index(f'id="service-{definition.slug}"')
        )
        assert group_name in content[section_start : section_start + 300]


@pytest.mark.parametrize("language", ["da", "en"])
def test_home_shows_each_channel_with_its_processing_time(client, published_catalogue, language):
    content = page(client, HOME[language])

    with translation.override(language):
        for definition in published_catalogue:
            service_card = card(content, definition.slug)
            for channel, terms in definition.channels.items():
                assert str(CHANNELS[channel]) in service_card
                time = processing_time_text(
                    channel=channel, terms=terms, automation=definition.automation
                )
                assert time in service_card


def test_home_shows_the_health_card_times_in_plain_danish(client, published_catalogue):
    service_card = card(page(client, "/"), "sundhedskort")

    assert "Online" in service_card
    assert "Svar med det samme, når reglerne kan afgøre det" in service_card
    assert "Op til 5 arbejdsdage" in service_card
    assert "Borgerservice (skranke)" in service_card
    assert "Kræver personligt fremmøde" in service_card


def test_home_in_english(client, published_catalogue):
    content = page(client, "/en/")

    assert "How can we help you?" in headings(content, 1)
    assert "Health" in headings(content, 2)
    service_card = card(content, "sundhedskort")
    assert "New health insurance card" in service_card
    assert "Up to 5 working days" in service_card
    assert "You must come in person" in service_card


def test_home_reads_the_versions_in_one_query(
    client, published_catalogue, django_assert_num_queries
):
    client.get("/")  # Parse the documents once; later requests read from the process cache.
    with django_assert_num_queries(1):
        client.get("/")


def test_home_query_count_does_not_grow_with_the_catalogue(
    client, published_catalogue, django_assert_num_queries
):
    base = published_catalogue[0]
    for number in range(5):
        copy = ServiceDefinition.model_validate(
            {**base.document(), "slug": f"{base.slug}-kopi-{number}"}
        )
        checksum = hashlib.sha256(copy.model_dump_json().encode()).hexdigest()
        service_version_publish(definition=copy, checksum=checksum)
    client.get("/")

    with django_assert_num_queries(1):
        response = client.get("/")
    assert response.content.decode().count('class="card service-card"') == (
        len(published_catalogue) + 5
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Der er ingen selvbetjening lige nu"),
        ("en", "There are no online services right now"),
    ],
)
def test_empty_catalogue_gets_a_friendly_message(client, language, message):
    content = page(client, HOME[language])

    assert message in content
    assert "12 34 56 78" in content
    assert "service-card" not in content


@pytest.mark.django_db
def test_language_switch_links_to_the_same_page_in_the_other_language(client):
    danish = page(client, "/tilgaengelighed/")
    english = page(client, "/en/tilgaengelighed/")

    assert re.search(r'href="/en/tilgaengelighed/" lang="en" hreflang="en"', danish)
    assert re.search(r'href="/tilgaengelighed/" lang="da" hreflang="da"', english)
    assert re.search(
        r'href="/tilgaengelighed/" lang="da" hreflang="da"[^>]*aria-current="true"', danish
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "reviewed"),
    [
        ("da", "Tilgængelighedserklæring", "den 23. november 2026"),
        ("en", "Accessibility statement", "on 23 November 2026"),
    ],
)
def test_accessibility_statement_exists_with_contact_by_phone_and_in_writing(
    client, language, title, reviewed
):
    content = page(client, ACCESSIBILITY[language])

    assert f'<html lang="{language}">' in content
    assert headings(content, 1) == [title]
    assert 'href="tel:+4512345678"' in content
    assert 'href="mailto:kontakt@borgerrejse.example"' in content
    assert "Rådhustorvet 1" in content
    assert "WCAG 2.1" in content
    assert reviewed in content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_links_to_the_accessibility_statement_from_the_footer(client, language):
    content = page(client, HOME[language])
    footer = content[content.index("<footer>") :]

    assert f'href="{ACCESSIBILITY[language]}"' in footer
