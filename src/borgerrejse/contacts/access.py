"""Who at the desk may do what for the citizen in front of them.

The front desk (and a caseworker meeting the citizen) may start or continue the
citizen's application with them: assisted self-service. Drafts are otherwise the
citizen's own (staff.access never lets staff see them), so this is the one way in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from borgerrejse.cases.models import Case
from borgerrejse.cases.selectors import CaseNotFound, access_draft_for_citizen
from borgerrejse.people.models import Citizen
from borgerrejse.staff.access import CaseOutOfScope, UserLike, staff_member
from borgerrejse.staff.roles import Role

DESK_ROLES = frozenset({Role.FRONT_DESK, Role.CASEWORKER, Role.TEAM_LEAD})


def may_serve_at_desk(*, user: UserLike) -> bool:
    member = staff_member(user)
    return member is not None and any(member.has_role(role) for role in DESK_ROLES)


def require_desk(*, user: UserLike) -> None:
    """Raises PermissionDenied (403) for anyone who does not serve citizens."""
    if not may_serve_at_desk(user=user):
        raise PermissionDenied("not a desk role")


def access_draft_for_desk(*, user: UserLike, citizen: Citizen, public_id: str) -> Case:
    """The citizen's draft, for staff assisting them. `citizen` comes from
    `access_citizen_for_staff`. Raises 403 for other roles and 404 for another's draft."""
    require_desk(user=user)
    try:
        return access_draft_for_citizen(citizen=citizen, public_id=public_id)
    except CaseNotFound:
        raise CaseOutOfScope(public_id) from None
