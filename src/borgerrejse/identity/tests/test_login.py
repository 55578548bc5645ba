"""Logging in through the demo identity provider, from the citizen's side."""

import html
import re

import pytest
from django.utils import translation

from borgerrejse.identity import sessions
from borgerrejse.identity.forms import OFFERED_DEMO_CITIZENS
from borgerrejse.identity.providers import AssuranceLevel
from borgerrejse.identity.tests.logins import ANNE_CPR, STRANGER_CPR, log_in

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def field_input(content: str, field_id: str) -> str:
    match = re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', content)
    assert match, f"no input #{field_id}"
    return match.group(0)


@pytest.mark.parametrize(("url", "language"), [("/log-ind/", "da"), ("/en/log-ind/", "en")])
def test_the_login_page_offers_the_demo_citizens_and_says_it_is_not_mitid(client, url, language):
    response = client.get(url)

    assert response.status_code == 200
    content = text(response)
    assert f'<html lang="{language}">' in content
    with translation.override(language):
        assert translation.gettext("Dette er et demo-log-ind. Det er ikke MitID.") in content
        anne_hint = translation.gettext("CPR-nummer %(cpr)s") % {"cpr": ANNE_CPR}
    for key in OFFERED_DEMO_CITIZENS:
        assert f'value="{key}"' in content
    assert '<label class="form-label" for="person-danish_adult">Anne Hansen</label>' in content
    assert f'<span class="form-hint" id="person-danish_adult-hint">{anne_hint}</span>' in content
    assert 'name="cpr"' in content
    assert 'value="cancel"' in content
    # Nothing personal is on the page, but a login page must never be served from a cache.
    assert "no-store" in response["Cache-Control"]


def test_logging_in_as_a_demo_citizen_starts_a_session(client, anne):
    response = log_in(client, "danish_adult")

    assert response.status_code == 302
    assert response["Location"] == "/"
    session = client.session
    assert session[sessions.CITIZEN_ID] == anne.pk
    assert session[sessions.ASSURANCE_LEVEL] == AssuranceLevel.SUBSTANTIAL
    assert session[sessions.PROVIDER] == "local"
    assert sessions.LOGGED_IN_AT in session
    assert sessions.AUTHENTICATED_AT in session


@pytest.mark.parametrize("written", [ANNE_CPR, "1203851234", " 120385 1234 "])
def test_logging_in_with_a_typed_cpr_number(client, anne, written):
    response = log_in(client, "other", cpr=written)

    assert response.status_code == 302
    assert client.session[sessions.CITIZEN_ID] == anne.pk


def test_a_typed_number_is_ignored_when_a_demo_citizen_is_chosen(client, anne):
    response = log_in(client, "danish_adult", cpr="not a number")

    assert response.status_code == 302
    assert client.session[sessions.CITIZEN_ID] == anne.pk


def test_the_session_key_changes_at_login(client, anne):
    client.get("/log-ind/?next=/tilgaengelighed/")  # an anonymous session with a key
    key_before = client.session.session_key
    assert key_before

    log_in(client)

    assert client.session.session_key != key_before


def test_an_invalid_cpr_number_is_shown_on_the_field_and_kept(client, anne):
    response = log_in(client, "other", cpr="12-03-85")

    assert response.status_code == 200
    content = text(response)
    message = "CPR-nummeret skal have 10 cifre"
    # The error summary links to the field, and the field carries the message.
    assert 'data-module="error-summary"' in content
    assert f'<a href="#cpr">{message}</a>' in content
    assert f'<span class="sr-only">Fejl: </span>{message}' in content
    field = field_input(content, "cpr")
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="cpr-hint cpr-error"' in field
    assert 'value="12-03-85"' in field
    assert 'id="person-other"' in content
    assert re.search(r'<input[^>]*id="person-other"[^>]*checked', content)
    assert "<title>Fejl: Log ind" in content
    assert sessions.CITIZEN_ID not in client.session


def test_an_empty_cpr_number_asks_for_one(client):
    content = text(log_in(client, "other", cpr=""))

    assert '<a href="#cpr">Skriv et CPR-nummer</a>' in content


def test_choosing_nobody_asks_to_choose(client):
    response = client.post("/log-ind/", {"action": "login"})

    content = text(response)
    assert response.status_code == 200
    assert '<a href="#person-danish_adult">Vælg, hvem du vil logge ind som</a>' in content
    assert 'aria-describedby="person-error"' in content


def test_an_unknown_cpr_number_says_so_on_the_field(client, anne):
    response = log_in(client, "other", cpr=STRANGER_CPR)

    assert response.status_code == 200
    content = text(response)
    message = "Vi kan ikke finde en borger med dette CPR-nummer i demo-befolkningen"
    assert f'<a href="#cpr">{message}</a>' in content
    field = field_input(content, "cpr")
    assert 'aria-invalid="true"' in field
    assert f'value="{STRANGER_CPR}"' in field
    assert sessions.CITIZEN_ID not in client.session


def test_a_demo_citizen_missing_from_the_database_is_reported_on_the_choice(client):
    content = text(log_in(client, "danish_adult"))

    assert "Vi kan ikke finde en borger med dette CPR-nummer i demo-befolkningen" in content
    assert re.search(r'<input[^>]*id="person-danish_adult"[^>]*checked', content)


def test_the_unknown_cpr_error_is_in_english_on_the_english_page(client):
    response = client.post(
        "/en/log-ind/", {"person": "other", "cpr": STRANGER_CPR, "action": "login"}
    )

    assert '<html lang="en">' in text(response)
    with translation.override("en"):
        expected = translation.gettext(
            "Vi kan ikke finde en borger med dette CPR-nummer i demo-befolkningen"
        )
    assert expected in text(response)


def test_cancelling_is_a_cancelled_login(client, anne):
    client.get("/log-ind/?next=/tilgaengelighed/")

    response = log_in(client, "danish_adult", action="cancel")

    assert response.status_code == 200
    content = text(response)
    assert "<h1>Du afbrød log-ind</h1>" in content
    assert 'href="/log-ind/?next=%2Ftilgaengelighed%2F"' in content
    assert sessions.CITIZEN_ID not in client.session


def test_a_failing_provider_says_so_and_offers_to_try_again(client, anne, settings):
    settings.LOCAL_IDP_FAILURE_RATE = 1.0

    response = log_in(client)

    assert response.status_code == 503
    content = text(response)
    assert "<h1>Log-ind virker ikke lige nu</h1>" in content
    assert "Det er ikke din fejl." in content
    assert 'href="/log-ind/"' in content
    assert sessions.CITIZEN_ID not in client.session


def test_the_provider_can_be_slow(client, anne, settings, monkeypatch):
    settings.LOCAL_IDP_DELAY_MS = 250
    waits: list[float] = []
    monkeypatch.setattr("borgerrejse.identity.local_provider.time.sleep", waits.append)

    client.get("/log-ind/")
    log_in(client)

    assert waits == [0.25, 0.25]
    assert client.session[sessions.CITIZEN_ID] == anne.pk


def test_next_is_followed_after_login(client, anne):
    client.get("/log-ind/?next=/tilgaengelighed/%3Fa%3D1")

    response = log_in(client)

    assert response["Location"] == "/tilgaengelighed/?a=1"
    assert sessions.NEXT not in client.session


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_next_off_the_site_is_ignored(client, anne, next_url):
    client.get("/log-ind/", {"next": next_url})

    response = log_in(client)

    assert response["Location"] == "/"


def test_a_next_planted_in_the_session_is_checked_again(client, anne):
    session = client.session
    session[sessions.NEXT] = "https://evil.example/"
    session.save()

    assert log_in(client)["Location"] == "/"


def test_english_login_returns_to_the_english_front_page(client, anne):
    response = client.post("/en/log-ind/", {"person": "danish_adult", "action": "login"})

    assert response["Location"] == "/en/"


def test_the_login_page_sends_a_logged_in_citizen_on(client, anne):
    log_in(client)

    assert client.get("/log-ind/?next=/tilgaengelighed/")["Location"] == "/tilgaengelighed/"
    assert client.get("/log-ind/")["Location"] == "/"


def test_logging_in_as_someone_else_empties_the_session(client, anne):
    from borgerrejse.identity.tests.logins import demo_citizen_create

    james = demo_citizen_create("english_speaking")
    log_in(client)
    session = client.session
    session["something.of.annes"] = "private"
    session.save()

    log_in(client, "english_speaking")

    assert client.session[sessions.CITIZEN_ID] == james.pk
    assert "something.of.annes" not in client.session


def test_the_callback_completes_like_the_form(client, anne):
    response = client.post("/log-ind/retur/", {"person": "danish_adult", "action": "login"})

    assert response.status_code == 302
    assert client.session[sessions.CITIZEN_ID] == anne.pk


def test_the_callback_without_an_answer_shows_the_form_again(client):
    response = client.get("/log-ind/retur/")

    assert response.status_code == 200
    assert "Vælg, hvem du vil logge ind som" in text(response)


def test_login_needs_a_csrf_token(anne):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = log_in(client)

    assert response.status_code == 403
    assert sessions.CITIZEN_ID not in client.session


def test_the_form_posts_a_csrf_token(client):
    assert 'name="csrfmiddlewaretoken"' in text(client.get("/log-ind/"))


@pytest.mark.parametrize("url", ["/log-ind/", "/log-ud/"])
def test_head_is_answered_and_other_methods_are_not(client, url):
    assert client.head(url).status_code == 200
    assert client.put(url).status_code == 405
