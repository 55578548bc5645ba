"""Property-based tests of the REST API against its own OpenAPI schema (schemathesis).

Schemathesis reads /api/v1/schema/ from the WSGI app in-process, makes requests from
the schema (valid ones and broken ones), sends them with a demo citizen's bearer token,
and checks that nothing is a server error and that every response matches the schema.
No server is started and nothing leaves the process. This covers the public and citizen
operations; the staff operations are covered with a staff session in the staff API tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from borgerrejse.cases.models import Channel, DecisionPreference
from borgerrejse.cases.services import Actor, case_submit_answers
from borgerrejse.catalog.selectors import service_version_get
from borgerrejse.identity.services import api_token_create
from borgerrejse.people.demo import DEMO_CITIZENS
from borgerrejse.people.models import Citizen
from borgerrejse.people.services import citizen_bulk_create
from borgerrejse.wsgi import application

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


@pytest.fixture
def demo_citizen(published_catalogue: Any) -> Citizen:
    data = DEMO_CITIZENS["danish_adult"].as_citizen_data(today=timezone.localdate())
    [citizen] = citizen_bulk_create(citizens=[data])
    return citizen


@pytest.fixture
def headers(demo_citizen: Citizen) -> dict[str, str]:
    _token, plaintext = api_token_create(citizen=demo_citizen)
    return {"Authorization": f"Bearer {plaintext}"}


@pytest.fixture
def decided_case_number(demo_citizen: Citizen) -> str:
    """A real case of the demo citizen's, so detail and contest meet one that exists."""
    version = service_version_get(slug="sundhedskort", on=timezone.localdate())
    case, _created = case_submit_answers(
        citizen=demo_citizen,
        service_version=version,
        answers={"reason": "lost"},
        decision_preference=DecisionPreference.INSTANT,
        channel=Channel.WEB,
        actor=Actor.for_citizen(demo_citizen),
        idempotency_key="schemathesis",
    )
    assert case.number is not None
    return case.number


@pytest.fixture(autouse=True)
def _no_limit_on_evaluations(settings: Any) -> None:
    """The examples must not be slowed down by the limit on evaluations."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"evaluate": "100000/minute"},
    }


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """Keep the database connection open across the in-process requests.

    Django closes a connection in a transaction when a request starts or ends; its own
    test client switches that off, and so must we, or PostgreSQL loses the test's data.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# Loaded when the module is collected: the schema view needs no database.
# (`schemathesis.pytest.from_fixture` would load it lazily, but does not run on pytest 9.)
# The staff operations need a staff login with a TOTP code, not a citizen's token: they
# have their own run with a staff session in src/borgerrejse/api/tests/test_staff_schema.py.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application).exclude(
    path_regex=r"^/api/v1/staff/"
)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_response_matches_the_schema(case: Any, headers: dict[str, str]) -> None:
    case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.django_db
def test_real_cases_match_the_schema(headers: dict[str, str], decided_case_number: str) -> None:
    """Random case numbers are never found: check the documented 200s on a real case."""
    number = {"number": decided_case_number}
    cases = [
        schema["/api/v1/cases"]["GET"].Case(),
        schema["/api/v1/cases/{number}"]["GET"].Case(path_parameters=number),
        schema["/api/v1/cases/{number}/contest"]["POST"].Case(
            path_parameters=number, body={"reason": "Kortet var ikke væk."}
        ),
        schema["/api/v1/services/{slug}"]["GET"].Case(path_parameters={"slug": "pas"}),
        schema["/api/v1/services/{slug}/evaluate"]["POST"].Case(
            path_parameters={"slug": "sundhedskort"},
            body={"answers": {"reason": "damaged", "card_issued_on": "2020-01-15"}},
        ),
    ]
    for case in cases:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert response.status_code == 200, response.text
