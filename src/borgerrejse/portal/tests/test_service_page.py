"""The service page: what a service is, what we ask, each channel's time, and how to apply."""

from __future__ import annotations

import pytest
from django.utils import translation

from borgerrejse.cases.priority import priority_rules
from borgerrejse.portal.tests.journey import text
from borgerrejse.readability import lix, page_text

SLUGS = [
    "begravelseshjaelp",
    "briller-barn",
    "enkeltydelse",
    "flytning",
    "fritagelse-digital-post",
    "hjaelpemiddel-genanskaffelse",
    "pas",
    "sundhedskort",
]


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_service_page_renders_in_both_languages(client, published_catalogue, slug, language):
    prefix = "/en" if language == "en" else ""
    definition = next(d for d in published_catalogue if d.slug == slug)

    response = client.get(f"{prefix}/ydelser/{slug}/")

    page = text(response)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert f"<h1>{definition.title.get(language)}</h1>" in page
    assert definition.summary.get(language) in page
    for step in definition.form.steps:
        assert step.title.get(language) in page
        for field in step.fields:
            assert field.label.get(language) in page
    for attachment in definition.attachments:
        assert attachment.label.get(language) in page


def test_the_front_page_cards_link_to_the_service_pages(client, published_catalogue):
    page = text(client.get("/"))

    for definition in published_catalogue:
        assert f'<a href="/ydelser/{definition.slug}/">{definition.title.da}</a>' in page


def test_a_service_that_can_be_applied_for_online_has_the_button(client, published_catalogue):
    page = text(client.get("/ydelser/sundhedskort/"))

    assert (
        '<a href="/ydelser/sundhedskort/ansoeg/" class="button button-primary">Ansøg online</a>'
        in page
    )
    assert "Svar med det samme, når reglerne kan afgøre det" in page
    assert "Op til 5 arbejdsdage" in page
    assert "Passer dine svar på reglerne, kan vi give dig svar med det samme." in page


def test_a_booking_only_service_says_how_to_reach_us(client, published_catalogue):
    page = text(client.get("/ydelser/pas/"))

    assert "Ansøg online" not in page
    assert "Du skal møde op for at søge" in page
    # The team, its phone and hours, and the desk's opening hours.
    assert 'href="tel:+4512345678"' in page
    assert "Mandag til fredag kl. 8-15" in page
    assert "Mandag til onsdag kl. 10–15" in page


def test_a_service_without_a_web_channel_says_how_to_reach_us(client, published_catalogue):
    page = text(client.get("/ydelser/fritagelse-digital-post/"))

    assert "Ansøg online" not in page
    assert "Du kan ikke søge online" in page
    assert "Borgerservice (skranke)" in page


def test_a_service_without_automation_says_a_caseworker_decides(client, published_catalogue):
    page = text(client.get("/ydelser/enkeltydelse/"))

    assert "En sagsbehandler læser altid din ansøgning og afgør sagen." in page
    assert "Ydelse og Jobcenter" in page


def test_the_service_page_shows_the_priority_policy(client, published_catalogue, settings):
    page = text(client.get("/ydelser/begravelseshjaelp/"))

    assert "Sådan prioriterer vi sager" in page
    with translation.override("da"):
        for rule in priority_rules():
            assert str(rule.description) in page

    # A rule the municipality switches off is not shown.
    settings.CASE_PRIORITY_POLICY = [{"id": "self_service", "points": 0}]
    page = text(client.get("/ydelser/begravelseshjaelp/"))
    assert "Søger du selv online, får du svar lidt hurtigere." not in page


def test_the_service_page_lists_attachments_with_their_limits(client, published_catalogue):
    page = text(client.get("/ydelser/begravelseshjaelp/"))

    assert "Regning for begravelsen" in page
    assert "Filen skal være PDF, JPG, PNG. Den må højst fylde 10 MB." in page


def test_an_unknown_service_is_404(client, published_catalogue):
    assert client.get("/ydelser/findes-ikke/").status_code == 404


def test_the_service_page_in_english(client, published_catalogue, portal_english):
    page = text(client.get("/en/ydelser/sundhedskort/"))

    assert "Apply online" in page
    assert "How we prioritise cases" in page
    assert "What we ask" in page


@pytest.mark.parametrize("slug", SLUGS)
def test_service_pages_are_plain_danish(client, published_catalogue, slug):
    assert lix(page_text(client.get(f"/ydelser/{slug}/").content.decode())) <= 35
