"""Reads of cases. A citizen's reads go through the `access_*` helpers, which answer
"not found" for a case that is not theirs, so nobody learns that it exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from borgerrejse.cases.models import OPEN_STATUSES, Case, Decision, Status, TimelineEvent
from borgerrejse.people.models import Citizen


class CaseNotFound(LookupError):
    pass


# A case waiting for a person: new referrals and contested decisions.
_QUEUE_STATUSES = (Status.AWAITING_CASEWORKER, Status.CONTESTED)


def _citizen_cases(citizen: Citizen) -> QuerySet[Case]:
    return Case.objects.filter(citizen=citizen).select_related("service_version", "handler")


def access_case_for_citizen(*, citizen: Citizen, number: str) -> Case:
    """A submitted case of the citizen's, by case number."""
    case = _with_history(_citizen_cases(citizen)).filter(number=number).first()
    if case is None:
        raise CaseNotFound(number)
    return case


def access_draft_for_citizen(*, citizen: Citizen, public_id: str) -> Case:
    """A draft of the citizen's, by its public id."""
    case = _citizen_cases(citizen).filter(public_id=public_id, status=Status.DRAFT).first()
    if case is None:
        raise CaseNotFound(public_id)
    return case


def access_sent_draft_for_citizen(*, citizen: Citizen, public_id: str) -> Case:
    """A submitted case of the citizen's, by the public id it had as a draft."""
    case = (
        _with_history(_citizen_cases(citizen).exclude(status=Status.DRAFT))
        .filter(public_id=public_id)
        .first()
    )
    if case is None:
        raise CaseNotFound(public_id)
    return case


def access_decision_for_citizen(*, citizen: Citizen, number: str, decision_id: int) -> Decision:
    decision = (
        Decision.objects.select_related("case", "case__service_version", "case__citizen")
        .filter(pk=decision_id, case__number=number, case__citizen=citizen)
        .first()
    )
    if decision is None:
        raise CaseNotFound(number)
    return decision


def cases_for_citizen(*, citizen: Citizen) -> QuerySet[Case]:
    """Submitted cases, newest first, with their decisions and visible timeline."""
    return _with_history(_citizen_cases(citizen).exclude(status=Status.DRAFT)).order_by(
        "-submitted_at", "-id"
    )


def drafts_for_citizen(*, citizen: Citizen) -> QuerySet[Case]:
    return _citizen_cases(citizen).filter(status=Status.DRAFT).order_by("-updated_at")


def _with_history(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.prefetch_related(
        "decisions",
        "attachments",
        Prefetch(
            "timeline",
            queryset=TimelineEvent.objects.filter(visible_to_citizen=True),
            to_attr="citizen_timeline",
        ),
    )


@dataclass(frozen=True)
class QueueFilter:
    """What a caseworker narrows the queue to."""

    service: str = ""
    status: str = ""
    due_this_week: bool = False
    overdue: bool = False


def queue_cases(
    *,
    departments: Iterable[str],
    services: Iterable[str],
    filters: QueueFilter = QueueFilter(),
    today: dt.date,
) -> QuerySet[Case]:
    """Open cases awaiting a person in these departments and services, in priority order.

    The order is the priority policy's: points first, then the earliest due date.
    """
    cases = Case.objects.filter(
        status__in=_QUEUE_STATUSES,
        handler__isnull=True,
        department__in=list(departments),
        service_slug__in=list(services),
    )
    if filters.service:
        cases = cases.filter(service_slug=filters.service)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.due_this_week:
        week_end = today + dt.timedelta(days=6 - today.weekday())
        cases = cases.filter(due_date__gte=today, due_date__lte=week_end)
    if filters.overdue:
        cases = cases.filter(due_date__lt=today)
    return cases.select_related("citizen", "service_version").order_by(
        "-priority", "due_date", "id"
    )


def queue_counts(*, departments: Iterable[str], services: Iterable[str]) -> dict[str, int]:
    """How many cases in the caseworker's scope are in each open status."""
    rows = (
        Case.objects.filter(
            status__in=OPEN_STATUSES,
            department__in=list(departments),
            service_slug__in=list(services),
        )
        .values("status")
        .annotate(count=Count("id"))
    )
    return {row["status"]: row["count"] for row in rows}


def workload(*, departments: Iterable[str], today: dt.date) -> list[dict[str, Any]]:
    """Open and overdue cases per caseworker, for a team lead."""
    open_cases = Case.objects.filter(
        status__in=OPEN_STATUSES, department__in=list(departments), handler__isnull=False
    )
    return list(
        open_cases.values(
            "handler", "handler__first_name", "handler__last_name", "handler__username"
        )
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(due_date__lt=today, clock_stopped_on__isnull=True)),
        )
        .order_by("handler__first_name", "handler__last_name")
    )
