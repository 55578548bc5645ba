"""The state machine: every change of a case's status goes through `case_transition`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import ActorKind, Case, Status, TimelineEvent
from borgerrejse.notifications.services import messages_queue_for_event
from borgerrejse.people.models import Citizen

Kind = TimelineEvent.Kind


@dataclass(frozen=True)
class Actor:
    """Who does something: the citizen, someone on their behalf, staff or automation."""

    kind: ActorKind
    name: str = ""

    @classmethod
    def for_citizen(cls, citizen: Citizen) -> Actor:
        return cls(ActorKind.CITIZEN, citizen.full_name)

    @classmethod
    def automation(cls, rule_set_version: str) -> Actor:
        return cls(ActorKind.AUTOMATION, rule_set_version)


class CaseError(Exception):
    """A domain error; `message` is for the person who tried."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class TransitionNotAllowed(CaseError):
    pass


class ChannelNotAllowed(CaseError):
    pass


class IdempotencyConflict(CaseError):
    pass


# The case's life: draft → submitted → decided, or → awaiting caseworker → in review →
# (awaiting citizen ↔ in review) → decided → closed; decided → contested → in review.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.SUBMITTED: frozenset({Status.DECIDED, Status.AWAITING_CASEWORKER, Status.WITHDRAWN}),
    Status.AWAITING_CASEWORKER: frozenset({Status.IN_REVIEW, Status.WITHDRAWN}),
    Status.IN_REVIEW: frozenset(
        {Status.AWAITING_CITIZEN, Status.DECIDED, Status.AWAITING_CASEWORKER, Status.WITHDRAWN}
    ),
    Status.AWAITING_CITIZEN: frozenset({Status.IN_REVIEW, Status.WITHDRAWN}),
    Status.DECIDED: frozenset({Status.CLOSED, Status.CONTESTED}),
    Status.CONTESTED: frozenset({Status.IN_REVIEW}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}


def lock_case(case: Case) -> Case:
    """The case row, locked for this transaction, with what submission reads next to it."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("service_version", "citizen")
        .get(pk=case.pk)
    )


def record_event(
    case: Case,
    kind: str,
    *,
    actor: Actor,
    channel: str,
    data: dict[str, Any] | None = None,
    status_from: str = "",
    visible_to_citizen: bool = True,
) -> TimelineEvent:
    """Append to the timeline, and queue the message the citizen gets about it (if any)
    in the same transaction, so the message exists exactly when the change does."""
    event = TimelineEvent.objects.create(
        case=case,
        kind=kind,
        actor_kind=actor.kind,
        actor_name=actor.name,
        channel=channel,
        data=data or {},
        status_from=status_from,
        status_to=case.status,
        visible_to_citizen=visible_to_citizen,
    )
    messages_queue_for_event(event)
    return event


def case_transition(
    *,
    case: Case,
    to: Status,
    actor: Actor,
    channel: str,
    kind: str = Kind.STATUS_CHANGED,
    data: dict[str, Any] | None = None,
    visible_to_citizen: bool = True,
    **fields: Any,
) -> Case:
    """Move a case to a new status: lock, check, save, record. A repeat is a no-op.

    `fields` are other columns to set in the same save (e.g. `decided_at`).
    """
    with transaction.atomic():
        return transition_locked(
            lock_case(case),
            to=to,
            actor=actor,
            channel=channel,
            kind=kind,
            data=data,
            visible_to_citizen=visible_to_citizen,
            **fields,
        )


def transition_locked(
    locked: Case,
    *,
    to: Status,
    actor: Actor,
    channel: str,
    kind: str = Kind.STATUS_CHANGED,
    data: dict[str, Any] | None = None,
    visible_to_citizen: bool = True,
    **fields: Any,
) -> Case:
    """`case_transition` for a case this transaction has already locked."""
    if locked.status == to:
        return locked
    if to not in TRANSITIONS[locked.status]:
        raise TransitionNotAllowed(
            _("Sagen kan ikke gå fra »%(from)s« til »%(to)s«.")
            % {"from": locked.get_status_display(), "to": Status(to).label}
        )
    status_from = locked.status
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", "updated_at", *fields])
    record_event(
        locked,
        kind,
        actor=actor,
        channel=channel,
        data=data,
        status_from=status_from,
        visible_to_citizen=visible_to_citizen,
    )
    return locked
