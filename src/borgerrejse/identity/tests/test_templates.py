"""The header's login status (identity/includes/citizen_status.html)."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db

TEMPLATE = "identity/includes/citizen_status.html"


def test_a_logged_in_citizen_sees_their_name_and_a_logout_button(anne):
    request = RequestFactory().get("/sager/")

    markup = render_to_string(TEMPLATE, {"current_citizen": anne}, request=request)

    assert "Logget ind som Anne Hansen" in markup
    assert '<form method="post" action="/log-ud/" class="d-print-none">' in markup
    assert 'name="csrfmiddlewaretoken"' in markup


def test_a_visitor_gets_a_login_link_back_to_the_page(client):
    markup = render_to_string(
        TEMPLATE, {"current_citizen": None}, request=RequestFactory().get("/sager/?a=1")
    )

    assert 'href="/log-ind/?next=/sager/%3Fa%3D1"' in markup
    assert "Logget ind som" not in markup


def test_every_page_knows_the_current_citizen(client, anne):
    client.post("/log-ind/", {"person": "danish_adult", "action": "login"})

    response = client.get("/tilgaengelighed/")

    assert response.context["current_citizen"] == anne
