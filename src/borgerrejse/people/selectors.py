"""Reads of citizens. Callers that act for a user check access before using these."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.views.decorators.debug import sensitive_variables

from borgerrejse.people.cpr import CPR, parse_cpr
from borgerrejse.people.cpr_vault import cpr_lookup_hash
from borgerrejse.people.models import Citizen


def citizen_get(*, citizen_id: int) -> Citizen | None:
    return Citizen.objects.filter(pk=citizen_id).first()


@sensitive_variables("cpr")  # keeps the raw number out of error reports
def citizen_get_by_cpr(*, cpr: str | CPR) -> Citizen | None:
    """Find a citizen by CPR number through the keyed hash. Raises `InvalidCPR` for a
    malformed number, so a form can say what is wrong rather than "not found"."""
    parsed = cpr if isinstance(cpr, CPR) else parse_cpr(cpr)
    return Citizen.objects.filter(cpr_hash=cpr_lookup_hash(parsed)).first()


def citizen_list_by_name_and_birth_date(
    *, first_name: str, last_name: str, birth_date: dt.date
) -> QuerySet[Citizen]:
    """Citizens matching name and birth date, ignoring case: for finding someone who has
    no CPR number at hand. Several people can match."""
    return Citizen.objects.filter(
        birth_date=birth_date,
        last_name__iexact=last_name.strip(),
        first_name__iexact=first_name.strip(),
    )


def citizen_list_digital_post_exempt(*, on: dt.date) -> QuerySet[Citizen]:
    """Citizens exempt from Digital Post on the given day: they get paper letters."""
    return Citizen.objects.exclude(digital_post_exempt_reason="").filter(
        digital_post_exempt_until__gte=on
    )


def citizen_list_born_between(*, earliest: dt.date, latest: dt.date) -> QuerySet[Citizen]:
    """Citizens born on or between two dates, for age bands."""
    return Citizen.objects.filter(birth_date__range=(earliest, latest))
