"""The departments that own services, and how citizens reach their teams.

Until staff and departments are kept in the database, this is the one place that says
what each department is called and how to contact it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgerrejse.catalog.schema import Department


@dataclass(frozen=True)
class Team:
    name: Promise
    phone: str
    email: str
    opening_hours: Promise


TEAMS: dict[Department, Team] = {
    Department.BORGERSERVICE: Team(
        _("Borgerservice"),
        "12 34 56 78",
        "borgerservice@borgerrejse.example",
        _("Mandag til fredag kl. 8-15"),
    ),
    Department.AELDRE_SUNDHED: Team(
        _("Ældre og Sundhed, Hjælpemidler"),
        "12 34 56 80",
        "hjaelpemidler@borgerrejse.example",
        _("Mandag til torsdag kl. 9-14, fredag kl. 9-12"),
    ),
    Department.YDELSE: Team(
        _("Ydelse og Jobcenter"),
        "12 34 56 82",
        "ydelse@borgerrejse.example",
        _("Mandag til fredag kl. 9-14"),
    ),
    Department.SOCIAL: Team(
        _("Socialforvaltningen"),
        "12 34 56 84",
        "social@borgerrejse.example",
        _("Mandag til fredag kl. 9-14"),
    ),
}


def team_for(department: str) -> Team:
    return TEAMS[Department(department)]
