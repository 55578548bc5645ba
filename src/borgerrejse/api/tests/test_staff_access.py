"""Roles × actions × (own department / other department), each cell through the API.

The case is always a funeral-assistance case (or, for four eyes, a single-benefit case)
in Ydelse. "Own" staff work in Ydelse and, where their role takes cases, are skilled in
its services; "other" staff work in Ældre og Sundhed with that department's skills. A
case outside one's scope is 404, never 403: nobody learns that it exists. Inside scope,
an action the role does not allow is 403. Claiming is of the queue, not of one case: the
other department's queue simply does not have the case (204).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from borgerrejse.api.tests.staff_clients import (
    case_in_review,
    referred_case,
    staff_client,
    staff_create,
)
from borgerrejse.cases.models import Case, DecisionProposal
from borgerrejse.cases.services import consultation_waive, decision_make
from borgerrejse.cases.services.deciding import DecisionContent
from borgerrejse.staff.models import StaffMember

pytestmark = pytest.mark.django_db

ROLES = ["front_desk", "caseworker", "team_lead", "service_owner", "administrator"]
GRANT = {
    "outcome": "granted",
    "reasons": [{"text": {"da": "Boet havde ingen formue."}}],
    "legal_basis": "Sundhedsloven § 160",
}
REJECT = DecisionContent(
    outcome="rejected",
    reasons=[{"text": {"da": "Formuen er over grænsen."}, "legal_basis": "§ 81", "facts": {}}],
    legal_basis="Aktivloven § 81",
)

# (action, role, department) → status; "own" is Ydelse, the case's department.
EXPECTED = {
    "view": {
        "front_desk": (200, 404),
        "caseworker": (200, 404),
        "team_lead": (200, 404),
        "service_owner": (200, 404),
        "administrator": (403, 404),
    },
    "claim": {
        "front_desk": (403, 403),
        "caseworker": (200, 204),
        "team_lead": (200, 204),
        "service_owner": (403, 403),
        "administrator": (403, 403),
    },
    "decide": {
        "front_desk": (403, 404),
        "caseworker": (201, 404),
        "team_lead": (201, 404),
        "service_owner": (403, 404),
        "administrator": (403, 404),
    },
    "approve": {
        "front_desk": (403, 404),
        "caseworker": (201, 404),
        "team_lead": (201, 404),
        "service_owner": (403, 404),
        "administrator": (403, 404),
    },
    "assign": {
        "front_desk": (403, 404),
        "caseworker": (403, 404),
        "team_lead": (200, 404),
        "service_owner": (403, 404),
        "administrator": (403, 404),
    },
}
CELLS = [
    (action, role, where, statuses[0 if where == "own" else 1])
    for action, by_role in EXPECTED.items()
    for role, statuses in by_role.items()
    for where in ("own", "other")
]


def test_the_table_covers_every_role_in_both_departments():
    assert {(action, role) for action, role, _where, _status in CELLS} == {
        (action, role) for action in EXPECTED for role in ROLES
    }
    assert len(CELLS) == len(EXPECTED) * len(ROLES) * 2


@pytest.fixture
def colleague(published_catalogue) -> StaffMember:
    """The caseworker in Ydelse who handles the case and proposes decisions."""
    return staff_create("caseworker", "ydelse", name="mette")


def _view(client: APIClient, colleague: StaffMember) -> tuple[Any, Callable[[], bool]]:
    case = case_in_review(colleague)
    return client.get(f"/api/v1/staff/cases/{case.number}"), lambda: True


def _claim(client: APIClient, colleague: StaffMember) -> tuple[Any, Callable[[], bool]]:
    case = referred_case()
    response = client.post("/api/v1/staff/queue/claim")

    def effect() -> bool:
        handler = Case.objects.get(pk=case.pk).handler_id
        return handler is not None if response.status_code == 200 else handler is None

    return response, effect


def _decide(client: APIClient, colleague: StaffMember) -> tuple[Any, Callable[[], bool]]:
    case = case_in_review(colleague)
    response = client.post(f"/api/v1/staff/cases/{case.number}/decision", GRANT, format="json")
    decided = response.status_code == 201
    return response, lambda: case.decisions.exists() == decided


def _approve(client: APIClient, colleague: StaffMember) -> tuple[Any, Callable[[], bool]]:
    case = case_in_review(colleague, "enkeltydelse", answers={})
    consultation_waive(case=case, user=colleague.user, reason="Borgerens egne oplysninger.")
    proposal = decision_make(case=case, user=colleague.user, content=REJECT)
    assert isinstance(proposal, DecisionProposal)
    response = client.post(f"/api/v1/staff/cases/{case.number}/proposals/{proposal.pk}/approve")
    approved = response.status_code == 201
    return response, lambda: case.decisions.exists() == approved


def _assign(client: APIClient, colleague: StaffMember) -> tuple[Any, Callable[[], bool]]:
    case = referred_case()
    response = client.post(
        f"/api/v1/staff/cases/{case.number}/assign", {"handler": colleague.user_id}, format="json"
    )
    assigned = response.status_code == 200
    return response, lambda: (Case.objects.get(pk=case.pk).handler_id is not None) == assigned


ACTIONS = {
    "view": _view,
    "claim": _claim,
    "decide": _decide,
    "approve": _approve,
    "assign": _assign,
}


@pytest.mark.parametrize(
    ("action", "role", "where", "expected"),
    CELLS,
    ids=[f"{action}-{role}-{where}" for action, role, where, _ in CELLS],
)
def test_each_cell(colleague, action, role, where, expected):
    department = "ydelse" if where == "own" else "aeldre-sundhed"
    member = staff_create(role, department)
    client = staff_client(member)

    response, effect = ACTIONS[action](client, colleague)

    assert response.status_code == expected, response.content
    assert effect(), "the answer and what happened to the case must agree"
    if expected in (403, 404):
        assert set(response.json()) == {"detail", "errors"}
