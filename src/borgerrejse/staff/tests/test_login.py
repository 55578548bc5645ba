"""Staff log in with username, password and a TOTP code; `staff_required` keeps others out."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from borgerrejse.identity import sessions as citizen_sessions
from borgerrejse.identity.tests.logins import demo_citizen_create, log_in
from borgerrejse.staff.access import SESSION_LOGGED_IN_AT
from borgerrejse.staff.roles import Role
from borgerrejse.staff.tests.logins import (
    PASSWORD,
    TOTP_KEY,
    staff_create,
    staff_force_login,
    staff_log_in,
    totp_code,
)

pytestmark = pytest.mark.django_db

LOGIN = "/medarbejder/log-ind/"
PROFILE = "/medarbejder/profil/"
QUEUE = "/arbejde/"
LOGOUT = "/medarbejder/log-ud/"
WRONG = "Brugernavn, adgangskode eller kode er forkert. Prøv igen."
# A fixed moment, so that codes and throttling delays are exact.
NOW = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)


def text(response) -> str:
    return html.unescape(response.content.decode())


def wrong_code() -> str:
    return f"{(int(totp_code()) + 1) % 1_000_000:06d}"


@pytest.fixture
def mette():
    return staff_create(
        roles=[Role.CASEWORKER],
        departments=["ydelse"],
        skills=["begravelseshjaelp"],
        username="mette.test",
    )


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def device_of(member) -> TOTPDevice:
    return TOTPDevice.objects.get(user=member.user)


@pytest.mark.parametrize(("url", "language"), [(LOGIN, "da"), ("/en" + LOGIN, "en")])
def test_the_login_page_asks_for_username_password_and_code(client, url, language):
    response = client.get(url)

    assert response.status_code == 200
    content = text(response)
    assert f'<html lang="{language}">' in content
    for field in ("username", "password", "code"):
        assert f'name="{field}"' in content
    assert 'autocomplete="one-time-code"' in content
    assert "no-cache" in response["Cache-Control"]


def test_the_right_password_and_code_give_a_verified_staff_session(client, mette):
    response = staff_log_in(client, mette)

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert client.session[SESSION_KEY] == str(mette.user.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device_of(mette).persistent_id
    profile = client.get(PROFILE)
    assert profile.status_code == 200
    assert profile.wsgi_request.user.is_verified()
    assert "Test Medarbejder" in text(profile)
    assert "Sagsbehandler" in text(profile)


def test_the_login_goes_back_to_next_on_this_site_only(client, mette):
    here = staff_log_in(client, mette, next="/medarbejder/profil/?fane=1")
    client.post(LOGOUT)
    away = staff_log_in(
        client, mette, code=totp_code(at=NOW.timestamp() + 30), next="https://evil.example/"
    )

    assert here["Location"] == "/medarbejder/profil/?fane=1"
    assert away["Location"] == QUEUE


def test_a_wrong_password_is_refused_and_counted(client, mette):
    response = client.post(
        LOGIN, {"username": "mette.test", "password": "forkert", "code": totp_code()}
    )

    assert response.status_code == 400
    assert WRONG in text(response)
    assert SESSION_KEY not in client.session
    assert device_of(mette).throttling_failure_count == 1


def test_a_wrong_code_is_refused_and_counted(client, mette):
    response = staff_log_in(client, mette, code=wrong_code())

    assert response.status_code == 400
    assert WRONG in text(response)
    assert SESSION_KEY not in client.session
    assert device_of(mette).throttling_failure_count == 1


def test_an_unknown_user_gets_the_same_answer(client, mette):
    response = client.post(LOGIN, {"username": "nobody", "password": PASSWORD, "code": "123456"})

    assert response.status_code == 400
    assert WRONG in text(response)


def test_each_failure_doubles_the_wait_before_the_next_try(client, mette, _frozen_clock):
    staff_log_in(client, mette, code=wrong_code())

    too_soon = staff_log_in(client, mette)

    assert too_soon.status_code == 429
    assert "for mange forkerte forsøg. Vent til kl. 10.00.01" in text(too_soon)
    assert SESSION_KEY not in client.session
    _frozen_clock.shift(1)
    staff_log_in(client, mette, code=wrong_code())  # the second failure: wait 2 seconds
    _frozen_clock.shift(1)
    assert staff_log_in(client, mette).status_code == 429
    _frozen_clock.shift(1)
    assert staff_log_in(client, mette).status_code == 302
    assert device_of(mette).throttling_failure_count == 0


def test_a_code_works_once(client, mette):
    code = totp_code()
    staff_log_in(client, mette, code=code)
    client.post(LOGOUT)

    again = staff_log_in(client, mette, code=code)

    assert again.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_code_may_be_typed_with_a_space(client, mette):
    code = totp_code()

    response = staff_log_in(client, mette, code=f"{code[:3]} {code[3:]}")

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"username": ""}, "Skriv dit brugernavn"),
        ({"password": ""}, "Skriv din adgangskode"),
        ({"code": ""}, "Skriv koden fra din app"),
        ({"code": "12345"}, "Koden er 6 cifre. Skriv den, som den står i din app lige nu."),
    ],
)
def test_a_missing_or_malformed_field_is_named(client, mette, data, field_error):
    form = {"username": "mette.test", "password": PASSWORD, "code": totp_code(), **data}

    response = client.post(LOGIN, form)

    assert response.status_code == 400
    assert field_error in text(response)
    assert device_of(mette).throttling_failure_count == 0


def test_a_user_who_is_not_staff_is_refused(client):
    user = User.objects.create_user("kontor", password=PASSWORD)
    TOTPDevice.objects.create(user=user, name="default", key=TOTP_KEY, confirmed=True)

    response = client.post(LOGIN, {"username": "kontor", "password": PASSWORD, "code": totp_code()})

    assert response.status_code == 400
    assert WRONG in text(response)
    assert SESSION_KEY not in client.session


def test_staff_without_a_confirmed_device_cannot_log_in(client, mette):
    device_of(mette).delete()

    response = staff_log_in(client, mette)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_an_inactive_staff_member_cannot_log_in(client, mette):
    User.objects.filter(pk=mette.user_id).update(is_active=False)

    response = staff_log_in(client, mette)

    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_a_staff_login_ends_a_citizen_login_in_the_same_browser(client, mette):
    demo_citizen_create("danish_adult")
    log_in(client)
    assert citizen_sessions.CITIZEN_ID in client.session

    staff_log_in(client, mette)

    assert citizen_sessions.CITIZEN_ID not in client.session


def test_staff_required_sends_a_visitor_to_the_staff_login(client):
    response = client.get(PROFILE + "?fane=1")

    assert response.status_code == 302
    assert (
        response["Location"] == "/medarbejder/log-ind/?next=%2Fmedarbejder%2Fprofil%2F%3Ffane%3D1"
    )
    assert "no-cache" in response["Cache-Control"]


def test_staff_required_wants_the_code_as_well_as_the_password(client, mette):
    client.force_login(mette.user)  # a password login without the second factor

    assert client.get(PROFILE).status_code == 302


def test_staff_required_wants_a_staff_member(client):
    user = User.objects.create_user("kontor", password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="default", key=TOTP_KEY, confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_LOGGED_IN_AT] = timezone.now().isoformat()
    session.save()

    assert client.get(PROFILE).status_code == 302


def test_a_staff_session_ends_after_the_maximum_age(client, mette, settings, _frozen_clock):
    settings.SESSION_MAX_AGE_SECONDS = 8 * 3600
    staff_log_in(client, mette)
    assert client.get(PROFILE).status_code == 200

    _frozen_clock.shift(dt.timedelta(hours=8))

    assert client.get(PROFILE).status_code == 302
    assert SESSION_KEY not in client.session


def test_the_login_page_sends_a_logged_in_staff_member_on(client, mette):
    staff_force_login(client, mette)

    response = client.get(LOGIN + "?next=/medarbejder/profil/")

    assert response.status_code == 302
    assert response["Location"] == PROFILE


def test_logging_out_ends_the_session(client, mette):
    staff_log_in(client, mette)
    page = client.get(LOGOUT)
    assert "Du er logget ind som medarbejder: Test Medarbejder" in text(page)

    response = client.post(LOGOUT)

    assert response.status_code == 302
    assert response["Location"] == LOGOUT
    assert SESSION_KEY not in client.session
    assert "Du er logget ud" in text(client.get(LOGOUT))
    assert client.get(PROFILE).status_code == 302
