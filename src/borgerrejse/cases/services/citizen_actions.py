"""What a citizen can do with a submitted case: contest a decision, or withdraw."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Case, Channel, Status
from borgerrejse.cases.services.transitions import (
    Actor,
    CaseError,
    Kind,
    case_transition,
    lock_case,
    transition_locked,
)

MAX_CONTEST_LENGTH = 5000


def case_contest(*, case: Case, reason: str, actor: Actor, channel: Channel) -> Case:
    """The citizen contests a decision; a person reviews it (GDPR art. 22)."""
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Skriv, hvorfor du er uenig i afgørelsen."))
    if len(reason) > MAX_CONTEST_LENGTH:
        raise CaseError(
            _("Skriv højst %(limit)s tegn. Du kan sende mere, når en sagsbehandler kontakter dig.")
            % {"limit": MAX_CONTEST_LENGTH}
        )
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status == Status.CONTESTED:
            return locked
        return transition_locked(
            locked,
            to=Status.CONTESTED,
            actor=actor,
            channel=channel,
            kind=Kind.CONTESTED,
            data={"reason": reason},
            contest_reason=reason,
        )


def case_withdraw(*, case: Case, actor: Actor, channel: Channel) -> Case:
    return case_transition(
        case=case, to=Status.WITHDRAWN, actor=actor, channel=channel, kind=Kind.WITHDRAWN
    )
