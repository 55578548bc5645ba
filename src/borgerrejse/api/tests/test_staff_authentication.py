"""Who may call /api/v1/staff/: staff logged in with password *and* TOTP code, nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.test import APIClient

from borgerrejse.api.tests.staff_clients import referred_case, staff_client, staff_create
from borgerrejse.identity.services import api_token_create
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.tests import logins

pytestmark = pytest.mark.django_db
QUEUE = "/api/v1/staff/queue"
NOT_LOGGED_IN = {
    "detail": (
        "Log ind som medarbejder med brugernavn, adgangskode og koden fra din app, og send "
        "sessionens cookie med."
    ),
    "errors": {},
}


def assert_not_logged_in(response) -> None:
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Session realm="borgerrejse-staff"'
    assert response.json() == NOT_LOGGED_IN


def test_without_a_login_the_answer_is_401_with_how_to_log_in(published_catalogue):
    case = referred_case()
    client = APIClient()

    assert_not_logged_in(client.get(QUEUE))
    assert_not_logged_in(client.get(f"/api/v1/staff/cases/{case.number}"))
    assert_not_logged_in(client.post(f"/api/v1/staff/cases/{case.number}/close"))


def test_the_password_alone_is_not_a_staff_login(published_catalogue):
    member = staff_create("caseworker")

    assert_not_logged_in(staff_client(member, verified=False).get(QUEUE))


def test_a_citizens_api_token_does_not_open_the_staff_api(published_catalogue):
    _token, plaintext = api_token_create(citizen=CitizenFactory())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    assert_not_logged_in(client.get(QUEUE))


def test_a_staff_session_does_not_open_the_citizen_api(published_catalogue):
    response = staff_client(staff_create("caseworker")).get("/api/v1/cases")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="borgerrejse"'


def test_a_user_who_is_not_staff_is_not_logged_in(published_catalogue):
    user = get_user_model().objects.create_user("borger")
    client = APIClient()
    client.force_login(user)

    assert_not_logged_in(client.get(QUEUE))


def test_a_deactivated_staff_member_is_logged_out(published_catalogue):
    member = staff_create("caseworker")
    client = staff_client(member)
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])

    assert_not_logged_in(client.get(QUEUE))


def test_a_login_ends_after_the_maximum_session_age(published_catalogue, settings):
    settings.SESSION_MAX_AGE_SECONDS = 3600
    client = staff_client(staff_create("caseworker"))
    assert client.get(QUEUE).status_code == 200

    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        assert_not_logged_in(client.get(QUEUE))


def test_a_real_login_with_password_and_code_opens_the_api_with_csrf_for_writes(
    published_catalogue, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    member = logins.staff_create(
        roles=["caseworker"], departments=["ydelse"], skills=["begravelseshjaelp"]
    )
    case = referred_case()
    client = APIClient()
    assert logins.staff_log_in(client, member).status_code == 302
    client.handler.enforce_csrf_checks = True
    note = f"/api/v1/staff/cases/{case.number}/notes"

    read = client.get(QUEUE)
    forged = client.post(note, {"text": "Uden CSRF-token."}, format="json")
    client.get("/medarbejder/log-ind/")  # any page that sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    written = client.post(
        note, {"text": "Med CSRF-token."}, format="json", headers={"X-CSRFToken": token}
    )

    assert read.status_code == 200
    assert forged.status_code == 403
    assert forged.json()["detail"].startswith("CSRF")
    assert written.status_code == 201, written.json()
