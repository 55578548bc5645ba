"""Citizen-facing copy aims at LIX 35 or below (DESIGN.md, principle 6)."""

import pytest

from borgerrejse.readability import lix, page_text

PLAIN = 35


def test_lix_of_a_known_text():
    # 14 words in 2 sentences; 2 are long (more than 6 letters): 14/2 + 100*2/14.
    text = "Du kan søge om et nyt sundhedskort. Det koster et gebyr, hvis kortet forsvandt."
    assert lix(text) == pytest.approx(7 + 200 / 14)


def test_front_page_is_plain_danish(client, published_catalogue):
    text = page_text(client.get("/").content.decode())

    assert lix(text) <= PLAIN


@pytest.mark.django_db
def test_empty_front_page_is_plain_danish(client):
    assert lix(page_text(client.get("/").content.decode())) <= PLAIN


@pytest.mark.django_db
def test_accessibility_statement_is_plain_danish(client):
    assert lix(page_text(client.get("/tilgaengelighed/").content.decode())) <= PLAIN


def _journey_pages(client, citizen) -> dict[str, str]:
    """One of each page of the online journey, as Anne sees it."""
    from borgerrejse.cases.tests.factories import submitted_case
    from borgerrejse.portal.tests.journey import (
        FUNERAL_DECEASED,
        apply_for_funeral_assistance,
        next_step,
        start,
        submit,
    )

    first = start(client, "begravelseshjaelp")
    estate = next_step(client, first, FUNERAL_DECEASED)
    summary = apply_for_funeral_assistance(client)
    decided = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    decision = decided.decisions.get()
    pages = {
        "start": "/ydelser/begravelseshjaelp/ansoeg/",
        "step": first,
        "step with ved ikke": estate,
        "attachments": summary.replace("opsummering", "bilag"),
        "summary": summary,
        "decision": f"/sager/{decided.number}/afgoerelse/{decision.pk}/",
        "contest": f"/sager/{decided.number}/klag/",
        "case": f"/sager/{decided.number}/",
        "my page": "/min-side/",
    }
    contents = {name: client.get(url).content.decode() for name, url in pages.items()}
    receipt = submit(client, summary, "caseworker")
    contents["receipt"] = client.get(receipt).content.decode()
    return contents


def test_the_online_journey_is_plain_danish(anne_client, anne):
    scores = {
        name: lix(page_text(content)) for name, content in _journey_pages(anne_client, anne).items()
    }

    assert {name: score for name, score in scores.items() if score > PLAIN} == {}
