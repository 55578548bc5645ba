"""The citizen rates a contact with a person, 1 to 5, once; optional and only their own."""

import pytest
from django.contrib.auth import get_user_model

from borgerrejse.contacts.services import contact_register
from borgerrejse.portal.tests.journey import text

RATE = "/min-side/kontakter/"


@pytest.fixture
def lone(db):
    return get_user_model().objects.create_user("lone", first_name="Lone", last_name="Desk")


def phone_call(citizen, handler):
    return contact_register(
        citizen=citizen,
        channel="phone",
        direction="inbound",
        subject="Nyt sundhedskort",
        handler=handler,
    )


def test_my_page_links_to_rating(anne_client):
    assert RATE in text(anne_client.get("/min-side/"))


def test_a_contact_is_rated_once(anne_client, anne, lone):
    call = phone_call(anne, lone)
    assert "Nyt sundhedskort" in text(anne_client.get(RATE))

    response = anne_client.post(f"{RATE}{call.pk}/bedoem/", {"rating": "4"}, follow=True)

    call.refresh_from_db()
    assert call.rating == 4
    assert "Tak for din bedømmelse." in text(response)
    assert "Nyt sundhedskort" not in text(response)  # rated: no longer offered
    again = anne_client.post(f"{RATE}{call.pk}/bedoem/", {"rating": "1"}, follow=True)
    call.refresh_from_db()
    assert call.rating == 4
    assert "Du har allerede bedømt denne kontakt." in text(again)


@pytest.mark.parametrize("rating", ["0", "6", "", "god"])
def test_a_rating_outside_1_to_5_is_refused_with_a_reason(anne_client, anne, lone, rating):
    call = phone_call(anne, lone)

    response = anne_client.post(f"{RATE}{call.pk}/bedoem/", {"rating": rating}, follow=True)

    call.refresh_from_db()
    assert call.rating is None
    assert "Vælg et tal fra 1 til 5." in text(response)


def test_another_citizens_contact_is_404(anne_client, james, lone):
    call = phone_call(james, lone)

    assert anne_client.post(f"{RATE}{call.pk}/bedoem/", {"rating": "5"}).status_code == 404
    call.refresh_from_db()
    assert call.rating is None
