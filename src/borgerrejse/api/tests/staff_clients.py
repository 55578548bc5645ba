"""Staff for the staff API tests: made through the staff services, logged in with their
second factor (the staff app's own test logins), and the cases they work on, made
through the case services."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.hashers import make_password
from rest_framework.test import APIClient

from borgerrejse.cases.models import Case, DecisionPreference
from borgerrejse.cases.services import case_assign
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.services import staff_member_create, staff_totp_device_create
from borgerrejse.staff.tests.logins import staff_force_login

PASSWORD = "en-lang-adgangskode-til-test"
YDELSE_SERVICES = ("begravelseshjaelp", "enkeltydelse")
HJAELPEMIDLER_SERVICES = ("hjaelpemiddel-genanskaffelse", "briller-barn")
SKILLS = {"ydelse": YDELSE_SERVICES, "aeldre-sundhed": HJAELPEMIDLER_SERVICES}
# A funeral-assistance application without the estate figures: the rules refer it.
MISSING_ESTATE: dict[str, Any] = {
    "deceased_birth_date": "1960-05-01",
    "date_of_death": "2026-02-01",
    "estate_wealth_dkk": "unknown",
    "has_spouse_or_children_under_18": False,
    "funeral_expenses_dkk": "30000",
}
_serial = itertools.count(1)


@functools.cache
def password_hash() -> str:
    """Hashed once for every test: the password hasher is slow on purpose."""
    return make_password(PASSWORD)


def staff_create(
    role: str,
    department: str | None = "ydelse",
    *,
    skills: Sequence[str] | None = None,
    name: str | None = None,
) -> StaffMember:
    """A staff member with a confirmed TOTP device. Skilled roles get their department's
    services unless `skills` says otherwise."""
    username = name or f"{role}-{next(_serial)}"
    if skills is None:
        skilled = role in {"caseworker", "team_lead"}
        skills = SKILLS.get(department or "", ()) if skilled else ()
    member = staff_member_create(
        username=username,
        password=PASSWORD,
        password_hash=password_hash(),
        first_name=username.split("-")[0].title(),
        last_name="Testesen",
        email=f"{username}@borgerrejse.example",
        title="Medarbejder",
        roles=[role],
        departments=[department] if department else [],
        skills=list(skills),
    )
    staff_totp_device_create(member=member)
    return member


def staff_client(member: StaffMember, *, verified: bool = True) -> APIClient:
    """An API client with the member's session, as after a login with password and TOTP
    code (`verified`), or after the password only."""
    client = APIClient()
    if verified:
        staff_force_login(client, member)
    else:
        client.force_login(member.user)
    return client


def referred_case(slug: str = "begravelseshjaelp", answers: dict[str, Any] | None = None) -> Case:
    """A submitted case the rules sent to a caseworker: in the queue."""
    return submitted_case(
        CitizenFactory(),
        slug,
        MISSING_ESTATE if answers is None else answers,
        preference=DecisionPreference.CASEWORKER,
    )


def case_in_review(member: StaffMember, slug: str = "begravelseshjaelp", **kwargs: Any) -> Case:
    """A referred case given to `member`: in review, with them as its handler."""
    case = referred_case(slug, **kwargs)
    return case_assign(case=case, handler=member.user, assigned_by=member.user)
