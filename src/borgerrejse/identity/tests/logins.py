"""Shared test helpers: demo citizens made through the real service, and a login."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from borgerrejse.identity.providers import AssuranceLevel, VerifiedIdentity
from borgerrejse.people.demo import DEMO_CITIZENS
from borgerrejse.people.models import Citizen
from borgerrejse.people.services import citizen_create

ANNE_CPR = "120385-1234"
# Valid, but nobody in the tests has it.
STRANGER_CPR = "120385-1236"


def demo_citizen_create(key: str) -> Citizen:
    demo = DEMO_CITIZENS[key]
    return citizen_create(
        cpr=demo.cpr,
        first_name=demo.first_name,
        last_name=demo.last_name,
        street=demo.street,
        postcode=demo.postcode,
        city=demo.city,
        municipality_code=demo.municipality_code,
        email=demo.email,
        phone=demo.phone,
        preferred_language=demo.preferred_language,
        preferred_channels=demo.preferred_channels,
    )


def identity_for(
    cpr: str = ANNE_CPR,
    *,
    level: AssuranceLevel = AssuranceLevel.SUBSTANTIAL,
    at: dt.datetime | None = None,
) -> VerifiedIdentity:
    return VerifiedIdentity(
        cpr=cpr, assurance_level=level, provider="local", authenticated_at=at or timezone.now()
    )


def log_in(client: Client, person: str = "danish_adult", **data: str):
    """Log in through the demo login form, as a browser would."""
    return client.post("/log-ind/", {"person": person, "action": "login", **data})
