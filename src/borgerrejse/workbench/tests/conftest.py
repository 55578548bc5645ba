"""Staff, citizens, cases and frozen time for the workbench's tests.

Cases are built through the real services, as citizens and caseworkers build them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from borgerrejse.cases.models import Case, DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.people.models import Citizen
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.tests.logins import staff_create, staff_force_login

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
# A Monday morning; cases are submitted on this day (cases.tests.factories.TODAY).
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=COPENHAGEN)
TODAY = NOW.date()

YDELSE = ["begravelseshjaelp", "enkeltydelse"]
BORGERSERVICE = ["sundhedskort", "flytning"]
FUNERAL_UNKNOWN_ESTATE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "has_spouse_or_children_under_18": False,
    "estate_wealth_dkk": "unknown",
    "funeral_expenses_dkk": "20000.00",
}
LOST_CARD = {"reason": "lost"}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db: None, published_catalogue: Any, frozen_time: None) -> None:
    """The catalogue published and the clock at Monday 2 March 2026, 10:00."""


def caseworker(
    department: str = "ydelse", skills: list[str] | None = None, **kwargs: Any
) -> StaffMember:
    return staff_create(
        roles=["caseworker"],
        departments=[department],
        skills=YDELSE if skills is None and department == "ydelse" else (skills or []),
        **kwargs,
    )


@pytest.fixture
def mette(world: None) -> StaffMember:
    return caseworker(username="mette")


@pytest.fixture
def jens(world: None) -> StaffMember:
    return caseworker(username="jens")


@pytest.fixture
def henrik(world: None) -> StaffMember:
    return staff_create(
        roles=["team_lead"],
        departments=["ydelse"],
        skills=YDELSE,
        username="henrik",
        title="Teamleder",
    )


@pytest.fixture
def sofie(world: None) -> StaffMember:
    return caseworker("borgerservice", BORGERSERVICE, username="sofie")


@pytest.fixture
def lone(world: None) -> StaffMember:
    """Front desk in Borgerservice: may look and leave notes."""
    return staff_create(roles=["front_desk"], departments=["borgerservice"], username="lone")


@pytest.fixture
def signe(world: None) -> StaffMember:
    """A caseworker in Socialforvaltningen: another department."""
    return caseworker("social", [], username="signe")


def client_for(member: StaffMember) -> Client:
    client = Client()
    staff_force_login(client, member)
    return client


@pytest.fixture
def citizen(world: None) -> Citizen:
    return CitizenFactory()


def funeral_case(citizen: Citizen, **answers: Any) -> Case:
    """A funeral-assistance case referred to a caseworker: the estate is unknown."""
    return submitted_case(citizen, "begravelseshjaelp", {**FUNERAL_UNKNOWN_ESTATE, **answers})


def referred(citizen: Citizen, slug: str, answers: dict[str, Any] | None = None) -> Case:
    return submitted_case(citizen, slug, answers or {}, preference=DecisionPreference.CASEWORKER)
