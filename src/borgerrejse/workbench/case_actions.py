"""Which actions the case view offers: what the staff member's role, scope and skills
allow (staff.access), in the state the case is in now.

Hiding a button is a courtesy, not the check: every action view checks access with its
own `Action`, and the case services refuse a step the case's state does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from borgerrejse.cases.models import (
    Case,
    Consultation,
    DecisionProposal,
    ForwardedTask,
    Status,
)
from borgerrejse.staff.access import staff_may
from borgerrejse.staff.models import Action, StaffMember

_CLAIMABLE = frozenset({Status.AWAITING_CASEWORKER, Status.CONTESTED})
_WITHDRAWABLE = frozenset(
    {Status.SUBMITTED, Status.AWAITING_CASEWORKER, Status.IN_REVIEW, Status.AWAITING_CITIZEN}
)
_ASSIGNABLE = frozenset(
    {Status.AWAITING_CASEWORKER, Status.CONTESTED, Status.IN_REVIEW, Status.AWAITING_CITIZEN}
)
_FINISHED = frozenset({Status.CLOSED, Status.WITHDRAWN})


@dataclass(frozen=True)
class CaseActions:
    claim: bool
    request_information: bool
    consult: bool
    decide: bool
    review: bool
    approve: bool
    forward: bool
    complete_task: bool
    close: bool
    withdraw: bool
    assign: bool
    add_note: bool
    # The case is a contested decision being looked at again.
    under_review: bool
    # A decision waits for a second caseworker: no other decision until it is settled.
    proposal_pending: bool

    @property
    def any_form(self) -> bool:
        return any(
            (
                self.request_information,
                self.consult,
                self.forward,
                self.complete_task,
                self.close,
                self.withdraw,
                self.assign,
            )
        )


def under_review(case: Case) -> bool:
    """A contested decision being reviewed: in review, with the citizen's reason kept."""
    return case.status == Status.IN_REVIEW and bool(case.contest_reason)


def case_actions(*, user: User, member: StaffMember, case: Case) -> CaseActions:
    """`case` must have its proposals and forwarded tasks prefetched (selectors.case_file)."""

    def may(action: Action) -> bool:
        return staff_may(user=user, action=action, case=case)

    in_review = case.status == Status.IN_REVIEW
    reviewing = under_review(case)
    pending = any(p.state == DecisionProposal.State.PENDING for p in case.proposals.all())
    tasks_for_me = any(
        task.state == ForwardedTask.State.OPEN and member.works_in(task.to_department)
        for task in case.forwarded_tasks.all()
    )
    return CaseActions(
        claim=(
            case.status in _CLAIMABLE and case.handler_id in (None, user.pk) and may(Action.CLAIM)
        ),
        request_information=in_review and may(Action.REQUEST_INFORMATION),
        consult=case.status in {Status.IN_REVIEW, Status.AWAITING_CITIZEN} and may(Action.CONSULT),
        decide=in_review and not reviewing and not pending and may(Action.DECIDE),
        review=reviewing and not pending and may(Action.REVIEW),
        approve=pending and may(Action.APPROVE),
        forward=case.status not in _FINISHED and may(Action.FORWARD),
        complete_task=tasks_for_me and may(Action.COMPLETE_TASK),
        close=case.status == Status.DECIDED and may(Action.CLOSE),
        withdraw=case.status in _WITHDRAWABLE and may(Action.WITHDRAW),
        assign=case.status in _ASSIGNABLE and may(Action.ASSIGN),
        add_note=may(Action.ADD_NOTE),
        under_review=reviewing,
        proposal_pending=pending,
    )


def open_consultations(case: Case) -> list[Consultation]:
    return [c for c in case.consultations.all() if c.state == Consultation.State.SENT]
