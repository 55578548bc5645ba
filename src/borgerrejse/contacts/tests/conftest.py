"""Citizens, staff and cases for the contacts tests, built through the real services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from borgerrejse.people.models import Citizen
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.tests.logins import staff_create, staff_force_login

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=COPENHAGEN)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None, published_catalogue: Any) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def citizen(world: None) -> Citizen:
    return CitizenFactory()


@pytest.fixture
def lone(world: None) -> StaffMember:
    """Front desk in Borgerservice."""
    return staff_create(roles=["front_desk"], departments=["borgerservice"], username="lone")


@pytest.fixture
def sofie(world: None) -> StaffMember:
    """A caseworker in Borgerservice."""
    return staff_create(
        roles=["caseworker"],
        departments=["borgerservice"],
        skills=["sundhedskort", "flytning"],
        username="sofie",
    )


@pytest.fixture
def admin(world: None) -> StaffMember:
    return staff_create(roles=["administrator"], departments=["borgerservice"], username="ada")


def client_for(member: StaffMember) -> Client:
    client = Client()
    staff_force_login(client, member)
    return client
