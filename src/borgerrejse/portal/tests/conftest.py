"""Citizens, logins and frozen time for the portal's tests."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from borgerrejse.identity.tests.logins import demo_citizen_create, log_in
from borgerrejse.people.models import Citizen

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
# A Monday morning: due dates and appeal deadlines below count from here.
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=COPENHAGEN)
TODAY = NOW.date()


@pytest.fixture
def frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def anne(db: None) -> Citizen:
    """Anne Hansen, the demo citizen with CPR number 120385-1234."""
    return demo_citizen_create("danish_adult")


@pytest.fixture
def james(db: None) -> Citizen:
    """James Wilson, another demo citizen: he must never see Anne's cases."""
    return demo_citizen_create("english_speaking")


@pytest.fixture
def anne_client(anne: Citizen, published_catalogue, frozen_time) -> Client:
    client = Client()
    response = log_in(client, "danish_adult")
    assert response.status_code == 302, "the demo login failed"
    return client


@pytest.fixture
def james_client(james: Citizen, published_catalogue, frozen_time) -> Client:
    client = Client()
    response = log_in(client, "english_speaking")
    assert response.status_code == 302, "the demo login failed"
    return client


@pytest.fixture
def portal_english() -> None:
    """Skip a test of English copy until the portal's strings are in the catalogue."""
    with translation.override("en"):
        if translation.gettext("Ansøg online") == "Ansøg online":
            pytest.skip("the portal's English translations are not merged into the catalogue yet")
