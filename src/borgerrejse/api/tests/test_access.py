"""Who may do what: no token is 401; another citizen's case does not exist (404)."""

import pytest
from rest_framework.test import APIClient

from borgerrejse.api.tests.applications import LOST_CARD, apply, decided_case_number
from borgerrejse.cases.models import Case, Status
from borgerrejse.identity.services import api_token_create, api_token_revoke
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

CITIZEN_ENDPOINTS = [
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/2026-000001"),
    ("post", "/api/v1/cases/2026-000001/contest"),
]


@pytest.mark.parametrize(("method", "url"), CITIZEN_ENDPOINTS)
def test_no_token_is_401_with_how_to_authenticate(published_catalogue, anonymous, method, url):
    response = getattr(anonymous, method)(url, {}, format="json")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="borgerrejse"'
    assert response.json() == {
        "detail": "Legitimation til autentificering blev ikke angivet.",
        "errors": {},
    }


def test_the_401_is_in_english_when_asked(published_catalogue, anonymous):
    response = anonymous.get("/api/v1/cases", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["detail"] == "Authentication credentials were not provided."


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer", "Bearer a b"])
def test_a_bad_token_is_401(published_catalogue, anonymous, header):
    anonymous.credentials(HTTP_AUTHORIZATION=header)

    response = anonymous.get("/api/v1/cases")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) == {"detail", "errors"}


def test_a_revoked_token_is_401(published_catalogue, citizen):
    token, plaintext = api_token_create(citizen=citizen)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert client.get("/api/v1/cases").status_code == 200

    api_token_revoke(token=token)

    assert client.get("/api/v1/cases").status_code == 401


@pytest.fixture
def other(client_for):
    """Another citizen, with a decided case of their own."""
    client = client_for(CitizenFactory())
    return client, decided_case_number(client)


def test_another_citizens_case_is_not_found(published_catalogue, api, other):
    _other_client, number = other

    response = api.get(f"/api/v1/cases/{number}")

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"Du har ingen sag med nummeret {number}.",
        "errors": {},
    }


def test_another_citizens_case_cannot_be_contested(published_catalogue, api, other):
    _other_client, number = other

    response = api.post(f"/api/v1/cases/{number}/contest", {"reason": "Uenig."}, format="json")

    assert response.status_code == 404
    case = Case.objects.get(number=number)
    assert case.status == Status.DECIDED
    assert case.contest_reason == ""


def test_an_invalid_contest_of_another_citizens_case_is_still_404(published_catalogue, api, other):
    _other_client, number = other

    response = api.post(f"/api/v1/cases/{number}/contest", {}, format="json")

    assert response.status_code == 404


def test_another_citizens_cases_are_never_listed(published_catalogue, api, other):
    other_client, number = other
    mine = decided_case_number(api)

    listed = [c["number"] for c in api.get("/api/v1/cases").json()["results"]]
    theirs = [c["number"] for c in other_client.get("/api/v1/cases").json()["results"]]

    assert listed == [mine]
    assert theirs == [number]


def test_idempotency_keys_belong_to_one_citizen(published_catalogue, api, other):
    other_client, _number = other
    apply(other_client, LOST_CARD, key="shared")

    response = apply(api, {**LOST_CARD, "answers": {"reason": "moved"}}, key="shared")

    assert response.status_code == 201
    assert response.json()["answers"] == {"reason": "moved"}


def test_the_owner_still_sees_their_case(published_catalogue, other):
    other_client, number = other

    assert other_client.get(f"/api/v1/cases/{number}").status_code == 200
