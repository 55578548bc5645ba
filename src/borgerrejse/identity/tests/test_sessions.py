"""How long a login lasts, logging out, and pages that need a logged-in citizen."""

import datetime as dt
import html
import zoneinfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from borgerrejse.identity import sessions
from borgerrejse.identity.access import current_citizen, safe_next_url
from borgerrejse.identity.context_processors import citizen as citizen_context
from borgerrejse.identity.providers import AssuranceLevel, LoginFailed, LoginFailureCode
from borgerrejse.identity.selectors import session_max_age
from borgerrejse.identity.services import citizen_login, citizen_logout
from borgerrejse.identity.tests.logins import STRANGER_CPR, identity_for, log_in

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=COPENHAGEN)


def logged_in_as(client):
    """Who the logout page says is logged in: it asks `current_citizen`."""
    return client.get("/log-ud/").context["citizen"]


def session_request(path="/"):
    request = RequestFactory().get(path)
    SessionMiddleware(lambda request: HttpResponse()).process_request(request)
    return request


def test_the_configured_limits():
    # Idle: Django's own expiry, moved on by every request.
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    # Absolute: counted from the login by current_citizen.
    assert session_max_age() == dt.timedelta(hours=8)


def test_an_idle_session_ends_after_30_minutes(client, anne):
    with time_machine.travel(NOW, tick=False) as traveller:
        log_in(client)
        traveller.shift(dt.timedelta(minutes=29))
        assert logged_in_as(client) == anne  # and this request moves the expiry on

        traveller.shift(dt.timedelta(minutes=29))
        assert logged_in_as(client) == anne

        traveller.shift(dt.timedelta(minutes=31))
        assert logged_in_as(client) is None


def test_an_active_session_ends_after_8_hours(client, anne):
    with time_machine.travel(NOW, tick=False) as traveller:
        log_in(client)
        for _ in range(19):  # a request every 25 minutes: never idle
            traveller.shift(dt.timedelta(minutes=25))
            assert logged_in_as(client) == anne
        # 7 h 55 min after the login
        traveller.shift(dt.timedelta(minutes=4, seconds=59))
        assert logged_in_as(client) == anne

        traveller.shift(dt.timedelta(seconds=1))
        assert logged_in_as(client) is None
        assert sessions.CITIZEN_ID not in client.session


def test_the_absolute_limit_follows_the_setting(client, anne, settings):
    settings.SESSION_MAX_AGE_SECONDS = 60
    with time_machine.travel(NOW, tick=False) as traveller:
        log_in(client)
        traveller.shift(dt.timedelta(seconds=59))
        assert logged_in_as(client) == anne
        traveller.shift(dt.timedelta(seconds=1))
        assert logged_in_as(client) is None


def test_logging_out_ends_the_session(client, anne):
    log_in(client)
    key = client.session.session_key

    response = client.post("/log-ud/")

    assert response.status_code == 302
    assert response["Location"] == "/log-ud/"
    assert sessions.CITIZEN_ID not in client.session
    assert client.session.session_key != key
    page = html.unescape(client.get("/log-ud/").content.decode())
    assert "<h1>Du er logget ud</h1>" in page


def test_the_logout_page_shows_who_is_logged_in_and_a_button(client, anne):
    log_in(client)

    page = html.unescape(client.get("/log-ud/").content.decode())

    assert "Du er logget ind som Anne Hansen." in page
    assert '<form method="post" action="/log-ud/">' in page


def test_english_logout_stays_in_english(client, anne):
    log_in(client)

    assert client.post("/en/log-ud/")["Location"] == "/en/log-ud/"


def test_logging_out_needs_a_csrf_token(anne):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.get("/log-ind/")
    token = client.cookies["csrftoken"].value
    log_in(client, csrfmiddlewaretoken=token)
    assert logged_in_as(client) == anne

    assert client.post("/log-ud/").status_code == 403
    assert logged_in_as(client) == anne


def test_a_damaged_session_is_ended(client, anne):
    log_in(client)
    session = client.session
    del session[sessions.LOGGED_IN_AT]
    session.save()

    assert logged_in_as(client) is None
    assert sessions.CITIZEN_ID not in client.session


def test_a_session_with_a_naive_time_is_ended(client, anne):
    log_in(client)
    session = client.session
    session[sessions.LOGGED_IN_AT] = "2026-05-04T09:00:00"
    session.save()

    assert logged_in_as(client) is None


def test_a_deleted_citizen_is_logged_out(client, anne):
    log_in(client)
    anne.delete()

    assert logged_in_as(client) is None
    assert sessions.CITIZEN_ID not in client.session


def test_current_citizen_asks_the_database_once_per_request(anne, django_assert_num_queries):
    request = session_request()
    citizen_login(request=request, identity=identity_for())
    delattr(request, sessions.REQUEST_CACHE_ATTRIBUTE)

    with django_assert_num_queries(1):
        assert current_citizen(request) == anne
        assert current_citizen(request) == anne


def test_citizen_login_stores_the_login(anne):
    request = session_request()
    with time_machine.travel(NOW, tick=False):
        citizen_login(
            request=request,
            identity=identity_for(at=NOW - dt.timedelta(seconds=5), level=AssuranceLevel.HIGH),
        )

    login = sessions.CitizenSession.read(request.session)
    assert login == sessions.CitizenSession(
        citizen_id=anne.pk,
        assurance_level=AssuranceLevel.HIGH,
        provider="local",
        authenticated_at=NOW - dt.timedelta(seconds=5),
        logged_in_at=NOW,
    )
    assert current_citizen(request) == anne


def test_citizen_login_refuses_a_low_assurance_level(anne):
    request = session_request()

    with pytest.raises(LoginFailed) as failure:
        citizen_login(request=request, identity=identity_for(level=AssuranceLevel.LOW))

    assert failure.value.code == LoginFailureCode.INSUFFICIENT_ASSURANCE
    assert current_citizen(request) is None


def test_citizen_login_refuses_an_unknown_person(anne):
    with pytest.raises(LoginFailed) as failure:
        citizen_login(request=session_request(), identity=identity_for(STRANGER_CPR))

    assert failure.value.code == LoginFailureCode.UNKNOWN_PERSON


def test_citizen_login_refuses_a_malformed_cpr_number(anne):
    with pytest.raises(LoginFailed) as failure:
        citizen_login(request=session_request(), identity=identity_for("12345"))

    assert failure.value.code == LoginFailureCode.INVALID_CPR
    assert str(failure.value.message) == "CPR-nummeret skal have 10 cifre"


def test_citizen_logout_without_a_login_does_no_harm():
    request = session_request()

    citizen_logout(request=request)

    assert current_citizen(request) is None


def test_the_context_processor_exposes_current_citizen(anne):
    request = session_request()
    assert citizen_context(request) == {"current_citizen": None}

    citizen_login(request=request, identity=identity_for())

    assert citizen_context(request) == {"current_citizen": anne}


def test_the_context_processor_copes_without_a_session():
    assert citizen_context(RequestFactory().get("/")) == {"current_citizen": None}


@pytest.mark.urls("borgerrejse.identity.tests.urls")
class TestCitizenRequired:
    def test_a_visitor_is_sent_to_the_login_page_and_back(self, client, anne):
        response = client.get("/mine/7/?tab=cases")

        assert response.status_code == 302
        assert response["Location"] == "/log-ind/?next=%2Fmine%2F7%2F%3Ftab%3Dcases"

        client.get(response["Location"])
        after_login = log_in(client)

        assert after_login["Location"] == "/mine/7/?tab=cases"
        page = client.get(after_login["Location"])
        assert page.content.decode() == "Anne Hansen 7"
        assert "no-store" in page["Cache-Control"]

    def test_the_english_page_sends_to_the_english_login(self, client):
        response = client.get("/en/mine/7/")

        assert response["Location"] == "/en/log-ind/?next=%2Fen%2Fmine%2F7%2F"

    def test_an_expired_login_is_sent_to_the_login_page(self, client, anne):
        with time_machine.travel(NOW, tick=False) as traveller:
            log_in(client)
            assert client.get("/mine/1/").status_code == 200
            traveller.shift(dt.timedelta(hours=8))  # the idle limit has passed too
            assert client.get("/mine/1/").status_code == 302

    def test_the_redirect_is_not_cached(self, client):
        assert "no-store" in client.get("/mine/1/")["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("/sager/", "/sager/"),
        ("/sager/?a=1#b", "/sager/?a=1#b"),
        ("http://testserver/sager/", "http://testserver/sager/"),
        ("https://evil.example/", None),
        ("//evil.example", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_next_url(url, safe):
    assert safe_next_url(RequestFactory().get("/"), url) == safe


def test_safe_next_url_keeps_https_on_a_secure_site():
    request = RequestFactory().get("/", secure=True)

    assert safe_next_url(request, "http://testserver/sager/") is None
    assert safe_next_url(request, "https://testserver/sager/") == "https://testserver/sager/"
