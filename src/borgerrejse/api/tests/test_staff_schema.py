"""The staff operations in the OpenAPI schema: every one documented with the staff login
and its errors, and real answers, good and bad, matching what the schema says.

The citizen token run of schemathesis (tests/api/test_schemathesis.py) leaves the staff
operations out: they need a staff session with a verified TOTP code. They get their own
run here, with a demo caseworker's session and CSRF token.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from borgerrejse.api.tests.staff_clients import (
    case_in_review,
    referred_case,
    staff_client,
    staff_create,
)
from borgerrejse.cases.models import Case, DecisionProposal
from borgerrejse.cases.services import (
    Actor,
    case_assign,
    case_contest,
    case_forward,
    consultation_send,
    consultation_waive,
    decision_make,
)
from borgerrejse.cases.services.deciding import DecisionContent
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.wsgi import application

COMMITTED = Path(__file__).resolve().parent.parent / "openapi.yaml"
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
STAFF_OPERATIONS = {
    ("/api/v1/staff/queue", "get"),
    ("/api/v1/staff/queue/claim", "post"),
    ("/api/v1/staff/workload", "get"),
    ("/api/v1/staff/cases/{number}", "get"),
    ("/api/v1/staff/cases/{number}/notes", "post"),
    ("/api/v1/staff/cases/{number}/contacts", "get"),
    ("/api/v1/staff/citizens/{citizen_id}/contacts", "get"),
    ("/api/v1/staff/citizens/{citizen_id}/contacts", "post"),
    ("/api/v1/staff/cases/{number}/request-information", "post"),
    ("/api/v1/staff/cases/{number}/consultations", "post"),
    ("/api/v1/staff/cases/{number}/consultations/waive", "post"),
    ("/api/v1/staff/cases/{number}/consultations/{consultation_id}/response", "post"),
    ("/api/v1/staff/cases/{number}/consultations/{consultation_id}/lapse", "post"),
    ("/api/v1/staff/cases/{number}/decision", "post"),
    ("/api/v1/staff/cases/{number}/proposals/{proposal_id}/approve", "post"),
    ("/api/v1/staff/cases/{number}/proposals/{proposal_id}/return", "post"),
    ("/api/v1/staff/cases/{number}/review", "post"),
    ("/api/v1/staff/cases/{number}/forward", "post"),
    ("/api/v1/staff/cases/{number}/tasks/{task_id}/complete", "post"),
    ("/api/v1/staff/cases/{number}/close", "post"),
    ("/api/v1/staff/cases/{number}/withdraw", "post"),
    ("/api/v1/staff/cases/{number}/assign", "post"),
}


def test_every_staff_operation_is_documented_with_the_staff_login_and_its_errors():
    schema = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    operations = {
        (path, method): operation
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if path.startswith("/api/v1/staff/")
    }

    assert set(operations) == STAFF_OPERATIONS
    for (path, method), operation in operations.items():
        assert operation["tags"] == ["staff"]
        assert operation["security"] == [{"staffSession": []}]
        responses = operation["responses"]
        assert "401" in responses
        assert responses["401"]["headers"]["WWW-Authenticate"]
        if "{number}" in path:
            assert {"403", "404"} <= set(responses), (path, method)
        if method == "post" and "requestBody" in operation:
            assert {"400", "415"} <= set(responses), (path, method)
        for code, response in responses.items():
            if code >= "400":
                ref = response["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error"
    decide = operations[("/api/v1/staff/cases/{number}/decision", "post")]["responses"]
    assert decide["201"]["content"]["application/json"]["schema"]["$ref"].endswith("/Decision")
    assert decide["202"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/StaffDecisionProposal"
    )
    scheme = schema["components"]["securitySchemes"]["staffSession"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "cookie", "sessionid")


# Real answers against the schema


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """Keep the database connection open across the in-process requests (see
    tests/api/test_schemathesis.py: PostgreSQL would lose the test's data otherwise)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def mette(published_catalogue) -> StaffMember:
    return staff_create("team_lead", name="mette")


def login_for(member: StaffMember) -> dict[str, Any]:
    """The session cookie and CSRF token of a verified staff login, as a browser sends
    them: the arguments for `call_and_validate`."""
    session = staff_client(member).cookies["sessionid"].value
    # A CSRF cookie and token made without a request: a request through the test client
    # would connect close_old_connections again (see _keep_the_test_transaction).
    request = RequestFactory().get("/")
    token = get_token(request)
    return {
        "cookies": {"sessionid": session, "csrftoken": request.META["CSRF_COOKIE"]},
        "headers": {"X-CSRFToken": token},
    }


@pytest.fixture
def login(mette: StaffMember) -> dict[str, Any]:
    return login_for(mette)


schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application).include(
    path_regex=r"^/api/v1/staff/"
)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis.settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(hypothesis.HealthCheck),
)
def test_every_staff_response_matches_the_schema(case: Any, login: dict[str, Any]) -> None:
    case.call_and_validate(**login, checks=CHECKS)


GRANT = {
    "outcome": "granted",
    "reasons": [{"text": {"da": "Bevilget."}}],
    "legal_basis": "§ 160",
    "amount": "100.00",
}
REJECT = DecisionContent(
    outcome="rejected",
    reasons=[{"text": {"da": "Over grænsen."}, "legal_basis": "§ 81", "facts": {}}],
    legal_basis="Aktivloven § 81",
)


def proposed_rejection(handler: StaffMember, proposer: StaffMember) -> DecisionProposal:
    """A high-stakes rejection, consultation waived, waiting for a second caseworker."""
    case = case_in_review(handler, "enkeltydelse", answers={})
    consultation_waive(case=case, user=handler.user, reason="Borgerens egne oplysninger.")
    proposal = decision_make(case=case, user=proposer.user, content=REJECT)
    assert isinstance(proposal, DecisionProposal)
    return proposal


def contested_in_review(member: StaffMember) -> Case:
    """A health card granted at once, contested, and given to `member` to review."""
    citizen = CitizenFactory()
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    case_contest(
        case=case, reason="Det var stjålet.", actor=Actor.for_citizen(citizen), channel="web"
    )
    return case_assign(case=case, handler=member.user, assigned_by=member.user)


@pytest.mark.django_db
def test_real_staff_answers_match_the_schema(mette: StaffMember, login: dict[str, Any]):
    """Random input rarely meets a real case: every documented 2xx, on real cases."""
    jens = staff_create("caseworker", name="jens")
    sofie = staff_create("caseworker", "borgerservice", skills=["sundhedskort"])
    social = staff_create("caseworker", "social")
    referred_case("enkeltydelse", {})
    waiting = referred_case()
    case = case_in_review(mette)
    decided = case_in_review(mette)
    withdrawn = case_in_review(mette)
    approve = proposed_rejection(mette, jens)
    give_back = proposed_rejection(mette, jens)
    heard = consultation_send(
        case=approve.case,
        user=mette.user,
        information="Formue.",
        respond_by=timezone.localdate() + dt.timedelta(days=14),
    )
    task = case_forward(case=case, user=mette.user, to_department="social", description="Hjælp.")
    contested = contested_in_review(sofie)
    later = (timezone.localdate() + dt.timedelta(days=14)).isoformat()

    def on(number: str | None, **ids: int) -> dict[str, Any]:
        return {"number": number, **ids}

    calls: list[tuple[str, str, dict[str, Any], Any, dict[str, Any]]] = [
        ("/api/v1/staff/queue", "GET", {}, None, login),
        ("/api/v1/staff/queue/claim", "POST", {}, None, login),
        ("/api/v1/staff/workload", "GET", {}, None, login),
        ("/api/v1/staff/cases/{number}", "GET", on(case.number), None, login),
        ("/api/v1/staff/cases/{number}/notes", "POST", on(case.number), {"text": "Note."}, login),
        ("/api/v1/staff/cases/{number}/contacts", "GET", on(case.number), None, login),
        (
            "/api/v1/staff/citizens/{citizen_id}/contacts",
            "POST",
            {"citizen_id": case.citizen_id},
            {"channel": "phone", "direction": "inbound", "subject": "Opkald"},
            login,
        ),
        (
            "/api/v1/staff/citizens/{citizen_id}/contacts",
            "GET",
            {"citizen_id": case.citizen_id},
            None,
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/consultations",
            "POST",
            on(case.number),
            {"information": "Formue.", "respond_by": later},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/consultations/waive",
            "POST",
            on(case.number),
            {"reason": "Borgerens egne oplysninger."},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/consultations/{consultation_id}/response",
            "POST",
            on(approve.case.number, consultation_id=heard.pk),
            {"response": "Svar.", "channel": "letter"},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/proposals/{proposal_id}/approve",
            "POST",
            on(approve.case.number, proposal_id=approve.pk),
            None,
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/proposals/{proposal_id}/return",
            "POST",
            on(give_back.case.number, proposal_id=give_back.pk),
            {"comment": "Skriv beløbet."},
            login,
        ),
        ("/api/v1/staff/cases/{number}/decision", "POST", on(decided.number), GRANT, login),
        ("/api/v1/staff/cases/{number}/close", "POST", on(decided.number), None, login),
        (
            "/api/v1/staff/cases/{number}/forward",
            "POST",
            on(withdrawn.number),
            {"to_department": "social", "description": "Se på boligen."},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/withdraw",
            "POST",
            on(withdrawn.number),
            {"channel": "phone"},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/assign",
            "POST",
            on(waiting.number),
            {"handler": jens.user_id},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/request-information",
            "POST",
            on(case.number),
            {"message": "Send boets opgørelse.", "respond_by": later},
            login,
        ),
        (
            "/api/v1/staff/cases/{number}/tasks/{task_id}/complete",
            "POST",
            on(case.number, task_id=task.pk),
            {"result": "Klaret."},
            login_for(social),
        ),
        (
            "/api/v1/staff/cases/{number}/review",
            "POST",
            on(contested.number),
            {"overturn": True, "decision": {**GRANT, "amount": "0.00"}},
            login_for(sofie),
        ),
    ]
    covered = set()
    for path, method, parameters, body, credentials in calls:
        kwargs: dict[str, Any] = {"path_parameters": parameters}
        if body is not None:
            kwargs["body"] = body
        case_ = schema[path][method].Case(**kwargs)
        response = case_.call_and_validate(**credentials, checks=CHECKS)
        assert 200 <= response.status_code < 300, (path, response.status_code, response.text)
        covered.add((path, method.lower()))
    assert STAFF_OPERATIONS - covered == {
        ("/api/v1/staff/cases/{number}/consultations/{consultation_id}/lapse", "post")
    }  # the same StaffConsultation as the response; its deadline would have to pass
