"""The API's bearer-token authentication (borgerrejse.api.authentication)."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from borgerrejse.api.authentication import CitizenPrincipal, CitizenTokenAuthentication
from borgerrejse.identity.services import api_token_create, api_token_revoke
from borgerrejse.identity.tests.logins import demo_citizen_create


@pytest.fixture
def anne(db):
    """Anne Hansen, the demo citizen with CPR number 120385-1234."""
    return demo_citizen_create("danish_adult")


pytestmark = pytest.mark.django_db


class WhoAmI(APIView):
    """Uses the project's default authentication and permission classes."""

    def get(self, request):
        return Response(
            {
                "citizen": request.user.citizen.pk,
                "pk": request.user.pk,
                "token": request.auth.prefix,
            }
        )


def call(authorization: str | None = None):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    request = APIRequestFactory().get("/api/whoami/", **headers)
    return WhoAmI.as_view()(request)


def test_the_project_uses_the_bearer_token_class():
    assert WhoAmI().get_authenticators()[0].__class__ is CitizenTokenAuthentication


def test_a_valid_token_acts_for_its_citizen(anne):
    token, plaintext = api_token_create(citizen=anne)

    response = call(f"Bearer {plaintext}")

    assert response.status_code == 200
    assert response.data == {"citizen": anne.pk, "pk": anne.pk, "token": token.prefix}


def test_the_keyword_is_case_insensitive(anne):
    _token, plaintext = api_token_create(citizen=anne)

    assert call(f"bearer {plaintext}").status_code == 200


def test_the_principal_looks_like_a_user(anne):
    principal = CitizenPrincipal(citizen=anne)

    assert principal.is_authenticated is True
    assert principal.is_anonymous is False
    assert principal.pk == anne.pk
    assert str(principal) == f"citizen {anne.pk}"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer not-a-token",
        "Bearer",
        "Bearer two tokens",
        "Bearer tøken",
    ],
)
def test_a_bad_token_is_401_with_a_bearer_challenge(anne, authorization):
    api_token_create(citizen=anne)

    response = call(authorization)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="borgerrejse"'


@pytest.mark.parametrize("authorization", [None, "", "Basic dXNlcjpwYXNz"])
def test_no_bearer_token_is_401_as_well(authorization):
    response = call(authorization)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="borgerrejse"'


def test_a_revoked_token_is_refused(anne):
    token, plaintext = api_token_create(citizen=anne)
    api_token_revoke(token=token)

    assert call(f"Bearer {plaintext}").status_code == 401


def test_the_schema_documents_the_bearer_scheme():
    from django.urls import path

    generator = SchemaGenerator(patterns=[path("api/whoami/", WhoAmI.as_view())])

    schema = generator.get_schema(request=None, public=True)

    scheme = schema["components"]["securitySchemes"]["citizenToken"]
    assert scheme["type"] == "http"
    assert scheme["scheme"] == "bearer"
    assert schema["paths"]["/api/whoami/"]["get"]["security"] == [{"citizenToken": []}]
