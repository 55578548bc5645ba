"""What every staff endpoint shares: the login, the access helpers, the errors, and
the case as staff see it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from django.contrib.auth.models import User
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.serializers import Serializer

from borgerrejse.api import staff_serializers as s
from borgerrejse.api.authentication import STAFF_REALM, STAFF_SCHEME, StaffSessionAuthentication
from borgerrejse.api.errors import ApiError
from borgerrejse.api.openapi import ACCEPT_LANGUAGE, error_responses
from borgerrejse.api.views.base import ApiView
from borgerrejse.cases.models import (
    Case,
    Consultation,
    DecisionProposal,
    DecisionReview,
    ForwardedTask,
    InformationRequest,
    InternalNote,
)
from borgerrejse.cases.services import CaseError, decision_content_suggested
from borgerrejse.staff.access import (
    ActionNotAllowed,
    CaseOutOfScope,
    Refusal,
    access_case_for_staff,
    cases_in_scope,
    staff_may,
)
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.roles import Action

TAGS = ["staff"]
STAFF_ERRORS = {
    400: "The input is not valid: see `detail` and the messages by field in `errors`.",
    401: (
        "Not logged in as staff: log in on the staff login page with username, password "
        "and TOTP code, and send the session cookie."
    ),
    403: "The caller's role or skills do not allow this action on this case.",
    404: (
        "No such case among those the caller may see (or no such part of it). A case "
        "outside the caller's departments is never shown."
    ),
    409: "The case's state does not allow this now: see `detail`.",
    415: "Send the body as JSON (`Content-Type: application/json`).",
}

STAFF_WWW_AUTHENTICATE = OpenApiParameter(
    "WWW-Authenticate",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[401],
    description=f'`{STAFF_SCHEME} realm="{STAFF_REALM}"`: log in as staff.',
)

# The 401's message: what a caller without a staff login must do.
NOT_LOGGED_IN = _(
    "Log ind som medarbejder med brugernavn, adgangskode og koden fra din app, og send "
    "sessionens cookie med."
)


class CaseConflict(ApiError):
    """The case's state refuses the action (a `CaseError` from the services)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def staff_schema(
    operation_id: str,
    summary: str,
    description: str,
    *,
    responses: dict[int, Any],
    errors: Sequence[int],
    request: Any = None,
    parameters: Sequence[Any] = (),
    descriptions: dict[int, str] | None = None,
) -> Any:
    """extend_schema for a staff endpoint: tag, language, login and the staff errors."""
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        description=description,
        tags=TAGS,
        parameters=[*parameters, ACCEPT_LANGUAGE, STAFF_WWW_AUTHENTICATE],
        request=request,
        responses={
            **responses,
            **error_responses(401, *errors, descriptions=STAFF_ERRORS | (descriptions or {})),
        },
    )


class StaffApiView(ApiView):
    """For a staff member logged in with password and TOTP code."""

    authentication_classes = [StaffSessionAuthentication]
    permission_classes: list[type[BasePermission]] = [IsAuthenticated]

    def permission_denied(
        self, request: Request, message: str | None = None, code: str | None = None
    ) -> NoReturn:
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(NOT_LOGGED_IN)
        super().permission_denied(request, message=message, code=code)

    def staff(self, request: Request) -> StaffMember:
        member = request.auth
        if not isinstance(member, StaffMember):
            raise exceptions.NotAuthenticated(NOT_LOGGED_IN)
        return member

    def user(self, request: Request) -> User:
        """The caller's user: who the services record as acting."""
        return self.staff(request).user

    def require(self, request: Request, action: Action) -> StaffMember:
        """The caller, if their roles allow the action at all (for lists, not one case)."""
        member = self.staff(request)
        if not member.may(action):
            raise exceptions.PermissionDenied(
                ActionNotAllowed(action=action, refusal=Refusal.ROLE).message
            )
        return member


def validated_input(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def case_for(request: Request, number: str, action: Action) -> Case:
    try:
        return access_case_for_staff(user=request.user, number=number, action=action)
    except CaseOutOfScope:
        raise exceptions.NotFound(
            _("Der er ingen sag med nummeret %(number)s blandt dem, du har adgang til.")
            % {"number": number}
        ) from None
    except ActionNotAllowed as refused:
        raise exceptions.PermissionDenied(refused.message) from None


def part_not_found() -> exceptions.NotFound:
    return exceptions.NotFound(_("Sagen har ikke noget med dette nummer."))


@contextmanager
def case_rules() -> Iterator[None]:
    """A refusal by the case services becomes a 409 with their message."""
    try:
        yield
    except CaseError as error:
        raise CaseConflict(error.message) from None


def case_detail(request: Request, number: str) -> dict[str, Any]:
    """The case as staff see it, with everything fetched in a fixed number of queries."""
    case = case_for(request, number, Action.VIEW)
    prefetch_related_objects(
        [case],
        "attachments",
        "timeline",
        "decisions",
        Prefetch("notes", InternalNote.objects.select_related("author")),
        Prefetch("information_requests", InformationRequest.objects.select_related("requested_by")),
        Prefetch("consultations", Consultation.objects.select_related("created_by")),
        Prefetch("proposals", DecisionProposal.objects.select_related("proposed_by", "settled_by")),
        Prefetch("reviews", DecisionReview.objects.select_related("reviewer")),
        Prefetch(
            "forwarded_tasks",
            ForwardedTask.objects.select_related("created_by", "completed_by"),
        ),
    )
    other_cases = (
        cases_in_scope(user=request.user)
        .filter(citizen_id=case.citizen_id)
        .exclude(pk=case.pk)
        .order_by("-submitted_at", "-id")
        .values("number", "service_slug", "status", "submitted_at")[:50]
    )
    context = {
        "today": timezone.localdate(),
        "other_cases": list(other_cases),
        "suggested_decision": decision_content_suggested(case),
        "allowed_actions": [
            action.value
            for action in Action
            if staff_may(user=request.user, action=action, case=case)
        ],
    }
    return dict(s.CaseOutputSerializer(case, context=context).data)
