"""Reads for the workbench, built on the staff access helpers.

Every list starts from `staff.access.cases_in_scope` or the staff member's own departments
and skills, so a list never shows a case the person may not open. Each function fetches
what its page shows in a fixed number of queries, whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from borgerrejse.cases.models import (
    OPEN_STATUSES,
    Case,
    DecisionProposal,
    ForwardedTask,
    InformationRequest,
    InternalNote,
    Status,
)
from borgerrejse.cases.selectors import QueueFilter, queue_cases, queue_counts, workload
from borgerrejse.catalog.selectors import service_definition, service_versions_current
from borgerrejse.people.models import Citizen
from borgerrejse.staff.access import cases_in_scope
from borgerrejse.staff.models import Action, StaffMember
from borgerrejse.staff.selectors import staff_list

# Cases a team lead can hand out or move: not yet decided, and not closed.
ASSIGNABLE_STATUSES = (
    Status.AWAITING_CASEWORKER,
    Status.CONTESTED,
    Status.IN_REVIEW,
    Status.AWAITING_CITIZEN,
)


def service_titles(*, on: dt.date, language: str) -> dict[str, str]:
    """Each current service's title by slug: one query for a whole list of cases."""
    return {
        version.slug: service_definition(version).title.get(language)
        for version in service_versions_current(on=on)
    }


def queue_for_staff(*, member: StaffMember, filters: QueueFilter, today: dt.date) -> QuerySet[Case]:
    """Cases awaiting a caseworker in the member's departments and skills, by priority.

    The service version is not joined: a list needs titles, which `service_titles` gives
    for all rows at once, not the whole service document per row.
    """
    if not member.may(Action.VIEW):
        return cases_in_scope(user=member.user).none()
    return (
        queue_cases(
            departments=member.departments, services=member.skills, filters=filters, today=today
        )
        .select_related(None)
        .select_related("citizen")
    )


def queue_counts_for_staff(*, member: StaffMember) -> dict[str, int]:
    if not member.may(Action.VIEW):
        return {}
    return queue_counts(departments=member.departments, services=member.skills)


def my_open_cases(*, user: User) -> QuerySet[Case]:
    """The open cases the user handles, the earliest due first."""
    return (
        cases_in_scope(user=user)
        .filter(handler=user, status__in=OPEN_STATUSES)
        .select_related(None)
        .select_related("citizen")
        .order_by("due_date", "-priority", "id")
    )


def cases_with_pending_proposals(*, user: User) -> QuerySet[Case]:
    """Cases with a decision waiting for a second caseworker's approval (four eyes)."""
    pending = DecisionProposal.objects.filter(state=DecisionProposal.State.PENDING).select_related(
        "proposed_by"
    )
    return (
        cases_in_scope(user=user)
        .filter(proposals__state=DecisionProposal.State.PENDING)
        .distinct()
        .select_related(None)
        .select_related("citizen")
        .prefetch_related(Prefetch("proposals", queryset=pending, to_attr="pending_proposals"))
        .order_by("due_date", "id")
    )


def cases_with_open_tasks(*, member: StaffMember) -> QuerySet[Case]:
    """Cases from other departments with a task forwarded to one of the member's."""
    tasks = ForwardedTask.objects.filter(
        state=ForwardedTask.State.OPEN, to_department__in=member.departments
    ).select_related("created_by")
    return (
        cases_in_scope(user=member.user)
        .filter(
            forwarded_tasks__state=ForwardedTask.State.OPEN,
            forwarded_tasks__to_department__in=member.departments,
        )
        .distinct()
        .select_related(None)
        .select_related("citizen", "handler")
        .prefetch_related(Prefetch("forwarded_tasks", queryset=tasks, to_attr="open_tasks"))
        .order_by("due_date", "id")
    )


def department_open_cases(*, member: StaffMember) -> QuerySet[Case]:
    """The departments' cases a team lead can hand out or move, by priority."""
    return (
        cases_in_scope(user=member.user)
        .filter(department__in=member.departments, status__in=ASSIGNABLE_STATUSES)
        .select_related(None)
        .select_related("citizen", "handler")
        .order_by("handler_id", "-priority", "due_date", "id")
    )


def team_workload(*, member: StaffMember, today: dt.date) -> list[dict[str, object]]:
    return workload(departments=member.departments, today=today)


def assignable_caseworkers(*, department: str) -> list[StaffMember]:
    """The department's staff who may take cases; who may take which depends on skills."""
    return staff_list(department=department, action=Action.CLAIM)


def assign_choices(case: Case, people: list[StaffMember]) -> list[tuple[str, str]]:
    """Who may get the case: the department's caseworkers trained in its service, but not
    the one who has it."""
    return [
        (str(person.user_id), person.full_name)
        for person in people
        if person.works_in(case.department)
        and person.has_skill(case.service_slug)
        and person.user_id != case.handler_id
    ]


@dataclass(frozen=True)
class CaseFile:
    """A case with everything the case view shows, fetched in one go."""

    case: Case
    other_cases: list[Case]


def case_file(*, user: User, case: Case, citizen: Citizen) -> CaseFile:
    """The case's history and records, and the citizen's other cases in the user's scope.

    `case` and `citizen` come from the access helpers; this only adds what hangs on them.
    """
    prefetch_related_objects(
        [case],
        "timeline",
        "decisions__caseworker",
        "decisions__approved_by",
        "reviews__reviewer",
        "consultations__created_by",
        "forwarded_tasks__created_by",
        "forwarded_tasks__completed_by",
        Prefetch("notes", queryset=InternalNote.objects.select_related("author")),
        "attachments",
        Prefetch(
            "information_requests",
            queryset=InformationRequest.objects.select_related("requested_by").prefetch_related(
                "attachments"
            ),
        ),
        Prefetch(
            "proposals",
            queryset=DecisionProposal.objects.select_related("proposed_by", "settled_by"),
        ),
    )
    other_cases = list(
        cases_in_scope(user=user)
        .filter(citizen=citizen)
        .exclude(pk=case.pk)
        .select_related(None)
        .order_by("-submitted_at", "-id")[:20]
    )
    return CaseFile(case=case, other_cases=other_cases)
