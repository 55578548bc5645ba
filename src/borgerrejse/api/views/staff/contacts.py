"""Contacts on every channel in one timeline, per citizen and per case; and registering one.

The citizen is fetched through `staff.access.access_citizen_for_staff` (the front desk
sees everyone; others, citizens with a case in their scope), the case through
`access_case_for_staff`.
"""

from __future__ import annotations

from dataclasses import asdict

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from borgerrejse.api.staff_serializers.contacts import (
    ContactInputSerializer,
    ContactOutputSerializer,
)
from borgerrejse.api.views.staff.base import (
    StaffApiView,
    case_for,
    staff_schema,
    validated_input,
)
from borgerrejse.contacts.selectors import (
    access_contact_for_citizen,
    contact_timeline,
    desk_cases_for_citizen,
)
from borgerrejse.contacts.services import ContactError, contact_register
from borgerrejse.people.models import Citizen
from borgerrejse.staff.access import (
    ActionNotAllowed,
    CitizenOutOfScope,
    access_citizen_for_staff,
)
from borgerrejse.staff.roles import Action


def _citizen(request: Request, citizen_id: int) -> Citizen:
    try:
        return access_citizen_for_staff(user=request.user, citizen_id=citizen_id)
    except CitizenOutOfScope:
        raise exceptions.NotFound(
            _("Der er ingen borger med dette id blandt dem, du har adgang til.")
        ) from None
    except ActionNotAllowed as refused:
        raise exceptions.PermissionDenied(refused.message) from None


def _entries(entries: list) -> list[dict]:
    return [ContactOutputSerializer(asdict(entry)).data for entry in entries]


class CitizenContactsApi(StaffApiView):
    @staff_schema(
        "staff_citizens_contacts_list",
        "The citizen's contacts on every channel",
        (
            "One timeline, newest first: phone calls, desk visits, video meetings, "
            "e-mails and letters registered as contacts, and web submissions from the "
            "cases' timelines."
        ),
        responses={200: ContactOutputSerializer(many=True)},
        errors=(403, 404),
    )
    def get(self, request: Request, citizen_id: int) -> Response:
        citizen = _citizen(request, citizen_id)
        return Response(_entries(contact_timeline(citizen=citizen)))

    @staff_schema(
        "staff_citizens_contacts_create",
        "Register a contact",
        "A contact on any channel, optionally about some of the citizen's cases.",
        request=ContactInputSerializer,
        responses={201: ContactOutputSerializer},
        errors=(400, 403, 404, 415),
    )
    def post(self, request: Request, citizen_id: int) -> Response:
        citizen = _citizen(request, citizen_id)
        data = validated_input(ContactInputSerializer, request)
        cases = {case.number: case for case in desk_cases_for_citizen(citizen=citizen)}
        numbers = data.get("case_numbers") or []
        unknown = [number for number in numbers if number not in cases]
        if unknown:
            raise exceptions.ValidationError(
                {
                    "case_numbers": [
                        _("Borgeren har ingen sag med nummeret %(number)s.")
                        % {"number": unknown[0]}
                    ]
                }
            )
        follows_up = None
        if data.get("follows_up_id") is not None:
            follows_up = access_contact_for_citizen(
                citizen=citizen, contact_id=data["follows_up_id"]
            )
            if follows_up is None:
                raise exceptions.ValidationError(
                    {"follows_up_id": [_("Borgeren har ingen kontakt med dette id.")]}
                )
        try:
            contact = contact_register(
                citizen=citizen,
                channel=data["channel"],
                direction=data["direction"],
                subject=data["subject"],
                summary=data.get("summary", ""),
                cases=[cases[number] for number in numbers],
                resolved_at_first_contact=data["resolved_at_first_contact"],
                duration_seconds=data.get("duration_seconds"),
                follows_up=follows_up,
                handler=self.user(request),
            )
        except ContactError as error:
            raise exceptions.ValidationError(
                {error.field or "non_field_errors": [str(error.message)]}
            ) from None
        entry = next(e for e in contact_timeline(citizen=citizen) if e.contact_id == contact.pk)
        return Response(ContactOutputSerializer(asdict(entry)).data, status=status.HTTP_201_CREATED)


class CaseContactsApi(StaffApiView):
    @staff_schema(
        "staff_cases_contacts_list",
        "The contacts about a case, on every channel",
        "One timeline, newest first, as for the citizen, limited to this case.",
        responses={200: ContactOutputSerializer(many=True)},
        errors=(403, 404),
    )
    def get(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.VIEW)
        return Response(_entries(contact_timeline(case=case)))
