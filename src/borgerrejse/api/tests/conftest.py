"""Fixtures for the API tests: citizens with real API tokens, and clients that use them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from borgerrejse.identity.services import api_token_create
from borgerrejse.people.models import Citizen
from borgerrejse.people.tests.factories import CitizenFactory


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> Iterator[None]:
    """Throttle counts live in the cache; one test's requests must not slow the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_for(db: None) -> Callable[[Citizen], APIClient]:
    """An API client with a fresh bearer token for the citizen."""

    def make(citizen: Citizen) -> APIClient:
        _token, plaintext = api_token_create(citizen=citizen)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
        return client

    return make


@pytest.fixture
def citizen(db: None) -> Citizen:
    return CitizenFactory()


@pytest.fixture
def api(client_for: Callable[[Citizen], APIClient], citizen: Citizen) -> APIClient:
    """The client of `citizen`."""
    return client_for(citizen)


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()
