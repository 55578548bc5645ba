"""Who a staff member is, and which cases and citizens they may see and act on.

Every staff read of a case or a citizen goes through the `access_*` helpers here, never
through a bare `Case.objects` query in a view (tests/test_architecture.py).

Scope: a case is in a staff member's scope when its department is one of theirs, or when
one of their departments has an open task forwarded from it (`cases.ForwardedTask`;
then only `roles.FORWARDED_TASK_ACTIONS`). Drafts are never in scope: they are the
citizen's own until submitted. Outside scope a case does not exist for the staff member
(`CaseOutOfScope`, a 404); inside scope an action the role or skills do not allow is
refused (`ActionNotAllowed`, a 403). The table of roles and actions is in `roles.py`.

Both errors are also Django's own `Http404` and `PermissionDenied`, so a view that lets
them through answers 404 and 403 by itself.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import logging
from collections.abc import Callable, Iterable
from typing import Any, Concatenate, Final, ParamSpec
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from borgerrejse.cases.models import Case, Status
from borgerrejse.cases.selectors import CaseNotFound
from borgerrejse.people.models import Citizen
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.roles import FORWARDED_TASK_ACTIONS, SKILLED_ACTIONS, Action, Role

logger = logging.getLogger(__name__)

P = ParamSpec("P")

# When the staff member logged in (ISO 8601); the absolute session limit counts from here.
SESSION_LOGGED_IN_AT: Final = "staff.logged_in_at"
DEFAULT_SESSION_MAX_AGE: Final = dt.timedelta(hours=8)

UserLike = AbstractBaseUser | AnonymousUser | None


class CaseOutOfScope(CaseNotFound, Http404):
    """The case does not exist for this staff member: not found, however it is asked for."""


class CitizenOutOfScope(LookupError, Http404):
    """The citizen does not exist for this staff member."""


class Refusal(enum.Enum):
    ROLE = "role"
    SKILL = "skill"
    FORWARDED = "forwarded"


_REFUSAL_MESSAGES: Final[dict[Refusal, Promise]] = {
    Refusal.ROLE: _("Din rolle giver ikke adgang til dette: %(action)s."),
    Refusal.SKILL: _(
        "Du er ikke sat op til at behandle denne ydelse: %(action)s. Spørg din teamleder."
    ),
    Refusal.FORWARDED: _(
        "Sagen hører til en anden afdeling. Du kan se den, skrive noter og løse jeres "
        "opgave, men ikke dette: %(action)s."
    ),
}


class ActionNotAllowed(PermissionDenied, PermissionError):
    """The case is in scope, but this staff member may not take this action on it."""

    def __init__(self, *, action: Action, refusal: Refusal) -> None:
        self.action = action
        self.refusal = refusal
        self.message = _REFUSAL_MESSAGES[refusal] % {"action": action.label.lower()}
        super().__init__(str(self.message))


# --- Who is this? ---------------------------------------------------------------------


def staff_member(user: UserLike) -> StaffMember | None:
    """The active user's StaffMember, or None (anonymous, inactive, or not staff)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    # The reverse one-to-one caches its answer, a miss included, on the user object.
    member = getattr(user, "staff", None)
    return member if isinstance(member, StaffMember) else None


def current_staff(request: HttpRequest) -> StaffMember | None:
    """The staff member logged in on this request with password *and* TOTP code, or None.

    A login older than `SESSION_MAX_AGE_SECONDS` has ended however active the person
    was, as for citizens: its session is flushed.
    """
    user = getattr(request, "user", None)
    member = staff_member(user)
    if member is None or not _otp_verified(user):
        return None
    logged_in_at = _session_logged_in_at(request)
    if logged_in_at is None:
        return None
    if timezone.now() >= logged_in_at + session_max_age():
        logger.info("staff user %s reached the session's maximum age", member.user_id)
        auth_logout(request)
        return None
    return member


def _otp_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)  # set by django_otp's OTPMiddleware
    return bool(callable(is_verified) and is_verified())


def _session_logged_in_at(request: HttpRequest) -> dt.datetime | None:
    text = request.session.get(SESSION_LOGGED_IN_AT)
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def session_max_age() -> dt.timedelta:
    seconds = getattr(settings, "SESSION_MAX_AGE_SECONDS", None)
    return DEFAULT_SESSION_MAX_AGE if seconds is None else dt.timedelta(seconds=int(seconds))


def staff_login_url(*, next_url: str | None = None) -> str:
    """The staff login page in the active language, coming back to `next_url` afterwards."""
    url = reverse("staff:login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def staff_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Only staff logged in with password and TOTP code get through; others go to the
    staff login and come back here afterwards. Nothing behind it is cached."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if current_staff(request) is None:
            response: HttpResponse = HttpResponseRedirect(
                staff_login_url(next_url=request.get_full_path())
            )
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


# --- Cases ----------------------------------------------------------------------------


def _forwarded_case_ids(departments: Iterable[str]) -> QuerySet[Any] | None:
    """Ids of cases with an open task forwarded to one of the departments.

    None while the cases app has no ForwardedTask model: looked up by name, so this
    module works before and after that model lands.
    """
    try:
        task_model = apps.get_model("cases", "ForwardedTask")
    except LookupError:
        return None
    return task_model.objects.filter(to_department__in=list(departments), state="open").values(
        "case_id"
    )


def _scope(member: StaffMember) -> Q:
    scope = Q(department__in=member.departments)
    forwarded = _forwarded_case_ids(member.departments)
    if forwarded is not None:
        scope |= Q(pk__in=forwarded)
    return scope


def _cases(member: StaffMember) -> QuerySet[Case]:
    return (
        Case.objects.filter(_scope(member))
        .exclude(status=Status.DRAFT)
        .select_related("citizen", "service_version", "handler")
    )


def _in_scope(member: StaffMember, case: Case) -> bool:
    if case.status == Status.DRAFT:
        return False
    if member.works_in(case.department):
        return True
    forwarded = _forwarded_case_ids(member.departments)
    return forwarded is not None and forwarded.filter(case_id=case.pk).exists()


def _refusal(member: StaffMember, action: Action, case: Case) -> Refusal | None:
    """Why the action is refused on a case in scope, or None if it is allowed."""
    if not member.may(action):
        return Refusal.ROLE
    if not member.works_in(case.department) and action not in FORWARDED_TASK_ACTIONS:
        return Refusal.FORWARDED
    if action in SKILLED_ACTIONS and not member.has_skill(case.service_slug):
        return Refusal.SKILL
    return None


def cases_in_scope(*, user: UserLike) -> QuerySet[Case]:
    """Submitted cases the user may see: their departments' cases and cases with an open
    task forwarded to one of their departments. Empty for a role that may not view cases
    (administrators) and for anyone who is not staff."""
    member = staff_member(user)
    if member is None or not member.may(Action.VIEW):
        return Case.objects.none()
    return _cases(member)


def staff_may(*, user: UserLike, action: str, case: Case) -> bool:
    """Whether the user may take the action on the case: role, scope and skills."""
    member = staff_member(user)
    if member is None or not _in_scope(member, case):
        return False
    return _refusal(member, Action(action), case) is None


def access_case_for_staff(*, user: UserLike, number: str, action: str = Action.VIEW) -> Case:
    """The case with this number, for a staff member who may take `action` on it.

    Raises `CaseOutOfScope` (404) when the case is not in the user's scope, and
    `ActionNotAllowed` (403) when it is but the role or skills do not allow the action.
    """
    member = staff_member(user)
    if member is None:
        raise CaseOutOfScope(number)
    case = _cases(member).filter(number=number).first()
    if case is None:
        raise CaseOutOfScope(number)
    action = Action(action)
    refusal = _refusal(member, action, case)
    if refusal is not None:
        logger.info(
            "staff user %s refused %s on case %s: %s",
            member.user_id,
            action.value,
            number,
            refusal.value,
        )
        raise ActionNotAllowed(action=action, refusal=refusal)
    # The audit app will record this with its purpose (DESIGN.md, principle 9).
    logger.info("staff user %s: %s on case %s", member.user_id, action.value, number)
    return case


# --- Citizens -------------------------------------------------------------------------


def access_citizen_for_staff(*, user: UserLike, citizen_id: int) -> Citizen:
    """A citizen, for a staff member who may see them.

    The front desk serves everyone, so it may look up any citizen. Anyone else may see a
    citizen who has a submitted case in their scope. Raises `CitizenOutOfScope` (404)
    otherwise, and `ActionNotAllowed` (403) for a role that may not view (administrators).
    """
    member = staff_member(user)
    if member is None:
        raise CitizenOutOfScope(citizen_id)
    if member.has_role(Role.FRONT_DESK):
        citizen = Citizen.objects.filter(pk=citizen_id).first()
    else:
        citizen = Citizen.objects.filter(
            pk=citizen_id, pk__in=_cases(member).values("citizen_id")
        ).first()
    if citizen is None:
        raise CitizenOutOfScope(citizen_id)
    if not member.may(Action.VIEW):
        raise ActionNotAllowed(action=Action.VIEW, refusal=Refusal.ROLE)
    logger.info("staff user %s: view citizen %s", member.user_id, citizen_id)
    return citizen
