"""Staff roles and the case actions each role may take: the one table of who may do what.

Access to a case needs three things, checked by `borgerrejse.staff.access`:
1. the role allows the action (`ROLE_ACTIONS` below);
2. the case is in the staff member's scope: it belongs to one of their departments, or
   one of their departments has an open task forwarded from it (then only
   `FORWARDED_TASK_ACTIONS`);
3. for `SKILLED_ACTIONS`, the case's service is among the staff member's skills.

Whether the case's *state* allows the action (a closed case cannot be claimed, the
approver of a four-eyes decision is not its proposer) is the business of the case
services in `borgerrejse.cases.services`, not of this table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("Borgerservice-medarbejder")
    CASEWORKER = "caseworker", _("Sagsbehandler")
    TEAM_LEAD = "team_lead", _("Teamleder")
    SERVICE_OWNER = "service_owner", _("Ydelsesejer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Action(models.TextChoices):
    """Something a staff member does to a case."""

    VIEW = "view", _("Se sagen")
    CLAIM = "claim", _("Tage sagen")
    REQUEST_INFORMATION = "request_information", _("Bede borgeren om oplysninger")
    CONSULT = "consult", _("Partshøre borgeren")
    DECIDE = "decide", _("Træffe afgørelse")
    APPROVE = "approve", _("Godkende en afgørelse (fire øjne)")
    REVIEW = "review", _("Genvurdere en afgørelse")
    FORWARD = "forward", _("Sende en opgave til en anden afdeling")
    CLOSE = "close", _("Lukke sagen")
    WITHDRAW = "withdraw", _("Registrere, at borgeren trækker sagen tilbage")
    ASSIGN = "assign", _("Fordele sagen til en sagsbehandler")
    ADD_NOTE = "add_note", _("Skrive en intern note")
    COMPLETE_TASK = "complete_task", _("Løse en opgave fra en anden afdeling")


A = Action

_CASEWORKER_ACTIONS: Final = frozenset(
    {
        A.VIEW,
        A.CLAIM,
        A.REQUEST_INFORMATION,
        A.CONSULT,
        A.DECIDE,
        A.APPROVE,
        A.REVIEW,
        A.FORWARD,
        A.CLOSE,
        A.WITHDRAW,
        A.ADD_NOTE,
        A.COMPLETE_TASK,
    }
)

ROLE_ACTIONS: Final[dict[Role, frozenset[Action]]] = {
    # The desk serves every citizen on every matter: it may look a case up and leave a
    # note ("the citizen called and …"), but decides nothing.
    Role.FRONT_DESK: frozenset({A.VIEW, A.ADD_NOTE}),
    Role.CASEWORKER: _CASEWORKER_ACTIONS,
    # A team lead can do the casework and also hand cases out.
    Role.TEAM_LEAD: _CASEWORKER_ACTIONS | {A.ASSIGN},
    # Service owners read cases to see how their service works in practice.
    Role.SERVICE_OWNER: frozenset({A.VIEW}),
    # Administrators manage accounts, not cases: no access to case data at all
    # (GDPR art. 5(1)(c), data minimisation).
    Role.ADMINISTRATOR: frozenset(),
}
"""Role → the case actions it allows. A person with several roles gets the union."""

SKILLED_ACTIONS: Final = frozenset({A.CLAIM, A.DECIDE, A.APPROVE, A.REVIEW})
"""Actions that also need the case's service among the staff member's skills: only
someone trained in a service decides, approves or reviews its cases."""

FORWARDED_TASK_ACTIONS: Final = frozenset({A.VIEW, A.ADD_NOTE, A.COMPLETE_TASK})
"""What a department may do with another department's case that has an open task for it.
The case keeps its own department and handler (one contact person for the citizen)."""


def actions_for_roles(roles: Iterable[str]) -> frozenset[Action]:
    """The union of the roles' actions. Unknown role values allow nothing."""
    allowed: frozenset[Action] = frozenset()
    for role in roles:
        if role in Role.values:
            allowed |= ROLE_ACTIONS[Role(role)]
    return allowed
