"""The workbench's lists: the queue and "take next", my cases, decisions awaiting a second
caseworker, tasks from other departments, and a team lead's overview.

Each list page runs a fixed number of queries, however many cases there are: rows come
with their citizen in one query, and service titles come from one query of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from borgerrejse.cases.models import OPEN_STATUSES, Case, DecisionOutcome, Status
from borgerrejse.cases.selectors import QueueFilter
from borgerrejse.cases.services import QUEUE_STATUSES, case_claim_next
from borgerrejse.staff.access import staff_required
from borgerrejse.staff.models import Action, StaffMember
from borgerrejse.workbench.display import (
    is_overdue,
    priority_reasons,
    staff_status,
    status_badge,
)
from borgerrejse.workbench.forms import AssignForm, QueueFilterForm
from borgerrejse.workbench.selectors import (
    assign_choices,
    assignable_caseworkers,
    cases_with_open_tasks,
    cases_with_pending_proposals,
    department_open_cases,
    my_open_cases,
    queue_counts_for_staff,
    queue_for_staff,
    service_titles,
    team_workload,
)
from borgerrejse.workbench.views.base import frame, language, member_of, page_numbers, staff_user

PER_PAGE = 25
# Counts are shown in the order a case moves through them.
_COUNTED = (
    Status.AWAITING_CASEWORKER,
    Status.CONTESTED,
    Status.IN_REVIEW,
    Status.AWAITING_CITIZEN,
    Status.SUBMITTED,
)


@dataclass(frozen=True)
class CaseRow:
    case: Case
    title: str
    badge: str
    priority: list[str]
    overdue: bool


def _rows(cases: Any, titles: dict[str, str]) -> list[CaseRow]:
    today = timezone.localdate()
    return [
        CaseRow(
            case=case,
            title=titles.get(case.service_slug, case.service_slug),
            badge=status_badge(case.status),
            priority=priority_reasons(case),
            overdue=is_overdue(case, today),
        )
        for case in cases
    ]


def _page(request: HttpRequest, cases: QuerySet[Case]) -> Page:
    return Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))


def _paging(page: Page, query: str = "") -> dict[str, Any]:
    return {
        "page": page,
        "page_numbers": page_numbers(page.number, page.paginator.num_pages),
        "query": query,
    }


def _titles() -> dict[str, str]:
    return service_titles(on=timezone.localdate(), language=language())


@staff_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Cases awaiting a caseworker in my departments and skills, in priority order."""
    member = member_of(request)
    titles = _titles()
    form = QueueFilterForm(
        request.GET,
        services=sorted(
            ((slug, titles.get(slug, slug)) for slug in member.skills), key=lambda c: c[1]
        ),
        statuses=[(status.value, status.label) for status in QUEUE_STATUSES],
    )
    form.is_valid()
    data = form.cleaned_data
    filters = QueueFilter(
        service=data.get("service", ""),
        status=data.get("status", ""),
        due_this_week=data.get("due_this_week", False),
        overdue=data.get("overdue", False),
    )
    page = _page(
        request, queue_for_staff(member=member, filters=filters, today=timezone.localdate())
    )
    counts = queue_counts_for_staff(member=member)
    query = urlencode([(k, str(v)) for k, v in request.GET.items() if k != "page" and v])
    return render(
        request,
        "workbench/queue.html",
        {
            **frame(member, "queue"),
            **_paging(page, f"{query}&" if query else ""),
            "form": form,
            "filtered": filters != QueueFilter(),
            "rows": _rows(page.object_list, titles),
            "counts": [(staff_status(status), counts.get(status, 0)) for status in _COUNTED],
            "can_claim": member.may(Action.CLAIM) and bool(member.skills),
        },
    )


@staff_required
@require_POST
def claim_next(request: HttpRequest) -> HttpResponse:
    """Tag næste sag: the top of the queue, claimed so that nobody else gets it."""
    member = member_of(request)
    if not member.may(Action.CLAIM):
        raise PermissionDenied("the role may not take cases")
    case = case_claim_next(
        user=staff_user(request), departments=member.departments, services=member.skills
    )
    if case is None:
        messages.info(request, _("Der er ingen sager i køen lige nu."))
        return redirect("workbench:queue")
    messages.success(request, _("Du har taget sag %(number)s.") % {"number": case.number})
    return redirect("workbench:case", number=case.number)


@staff_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    member = member_of(request)
    page = _page(request, my_open_cases(user=staff_user(request)))
    return render(
        request,
        "workbench/my_cases.html",
        {**frame(member, "mine"), **_paging(page), "rows": _rows(page.object_list, _titles())},
    )


@dataclass(frozen=True)
class ProposalRow:
    row: CaseRow
    proposed_by: str
    outcome: str
    own: bool


@staff_required
@require_GET
def proposals(request: HttpRequest) -> HttpResponse:
    """Decisions waiting for a second caseworker (four eyes). One's own cannot be approved."""
    member = member_of(request)
    page = _page(request, cases_with_pending_proposals(user=staff_user(request)))
    rows = []
    for row in _rows(page.object_list, _titles()):
        for proposal in row.case.pending_proposals:  # type: ignore[attr-defined]
            outcome = proposal.content.get("outcome", "")
            rows.append(
                ProposalRow(
                    row=row,
                    proposed_by=proposal.proposed_by.get_full_name()
                    or proposal.proposed_by.get_username(),
                    outcome=(
                        str(DecisionOutcome(outcome).label)
                        if outcome in DecisionOutcome.values
                        else outcome
                    ),
                    own=proposal.proposed_by_id == staff_user(request).pk,
                )
            )
    return render(
        request,
        "workbench/proposals.html",
        {**frame(member, "proposals"), **_paging(page), "rows": rows},
    )


@dataclass(frozen=True)
class TaskRow:
    row: CaseRow
    tasks: list[Any]
    handler: str


@staff_required
@require_GET
def tasks(request: HttpRequest) -> HttpResponse:
    """Parts of other departments' cases forwarded to one of mine."""
    member = member_of(request)
    page = _page(request, cases_with_open_tasks(member=member))
    rows = [
        TaskRow(
            row=row,
            tasks=row.case.open_tasks,  # type: ignore[attr-defined]
            handler=row.case.handler.get_full_name() if row.case.handler else "",
        )
        for row in _rows(page.object_list, _titles())
    ]
    return render(
        request, "workbench/tasks.html", {**frame(member, "tasks"), **_paging(page), "rows": rows}
    )


@dataclass(frozen=True)
class TeamRow:
    row: CaseRow
    handler: str
    form: AssignForm


def _person(entry: dict[str, Any]) -> str:
    name = f"{entry['handler__first_name'] or ''} {entry['handler__last_name'] or ''}".strip()
    return name or str(entry["handler__username"])


@staff_required
@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """A team lead's view: the workload per caseworker, and the department's open cases to
    hand out or move."""
    member = member_of(request)
    if not member.may(Action.ASSIGN):
        raise PermissionDenied("only team leads see the team")
    today = timezone.localdate()
    people: list[StaffMember] = []
    for department in member.departments:
        people += [p for p in assignable_caseworkers(department=department) if p not in people]
    page = _page(request, department_open_cases(member=member))
    rows = [
        TeamRow(
            row=row,
            handler=row.case.handler.get_full_name() if row.case.handler else "",
            form=AssignForm(
                prefix=f"assign-{row.case.pk}",
                choices=assign_choices(row.case, people),
            ),
        )
        for row in _rows(page.object_list, _titles())
    ]
    workload = team_workload(member=member, today=today)
    busy = {entry["handler"] for entry in workload}
    idle = [
        {"name": person.full_name, "open": 0, "overdue": 0}
        for person in people
        if person.user_id not in busy
    ]
    return render(
        request,
        "workbench/team.html",
        {
            **frame(member, "team"),
            **_paging(page),
            "workload": [
                {
                    "name": _person(entry),
                    "open": entry["open"],
                    "overdue": entry["overdue"],
                }
                for entry in workload
            ]
            + idle,
            "rows": rows,
            "open_statuses": OPEN_STATUSES,
        },
    )
