"""Reads of staff: who works where, and the named contact a citizen sees on a case."""

from __future__ import annotations

import dataclasses

from borgerrejse.cases.models import Case
from borgerrejse.catalog.departments import team_for
from borgerrejse.staff.models import StaffMember


def staff_list(
    *, department: str | None = None, action: str | None = None, service_slug: str | None = None
) -> list[StaffMember]:
    """Active staff, by name: those in `department`, whose roles allow `action`, and who
    have `service_slug` among their skills (each filter only when given).

    Filtered in Python: the lists are JSON, which SQLite cannot search, and a
    municipality's staff fits in memory.
    """
    members = StaffMember.objects.filter(user__is_active=True).select_related("user")
    return sorted(
        (
            m
            for m in members
            if (department is None or m.works_in(department))
            and (action is None or m.may(action))
            and (service_slug is None or m.has_skill(service_slug))
        ),
        key=lambda m: (m.full_name.casefold(), m.pk),
    )


@dataclasses.dataclass(frozen=True, kw_only=True)
class CaseContact:
    """Who the citizen can reach about a case: a name and a face (DESIGN.md, principle 4)."""

    name: str
    title: str
    phone: str
    email: str
    team: str
    is_person: bool


def case_contact(*, case: Case) -> CaseContact:
    """The case's handler with their direct line, or the department's team until a
    caseworker has taken the case."""
    team = team_for(case.department)
    handler = case.handler
    member = getattr(handler, "staff", None) if handler is not None else None
    if isinstance(member, StaffMember) and handler is not None:
        return CaseContact(
            name=member.full_name,
            title=member.title,
            phone=member.phone or team.phone,
            email=handler.email or team.email,
            team=str(team.name),
            is_person=True,
        )
    return CaseContact(
        name=str(team.name),
        title="",
        phone=team.phone,
        email=team.email,
        team=str(team.name),
        is_person=False,
    )
