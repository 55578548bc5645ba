"""A citizen's own cases: apply, follow, contest. Only ever the caller's own.

Another citizen's case is "not found" (404), never "forbidden": an answer must not
tell whether a case number exists.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from borgerrejse.api.errors import INVALID_INPUT, ApiError, IdempotencyKeyReused
from borgerrejse.api.openapi import (
    ACCEPT_LANGUAGE,
    IDEMPOTENCY_KEY,
    IDEMPOTENCY_KEY_LENGTH,
    LOCATION,
    WWW_AUTHENTICATE,
    error_responses,
)
from borgerrejse.api.serializers import (
    CaseContestInputSerializer,
    CaseCreateInputSerializer,
    CaseDetailOutputSerializer,
    CaseListOutputSerializer,
)
from borgerrejse.api.views.base import CitizenApiView
from borgerrejse.cases.models import Case, Channel, DecisionPreference
from borgerrejse.cases.selectors import CaseNotFound, access_case_for_citizen, cases_for_citizen
from borgerrejse.cases.services import (
    Actor,
    CaseError,
    ChannelNotAllowed,
    IdempotencyConflict,
    case_contest,
    case_submit_answers,
)
from borgerrejse.catalog.answers import clean_answers
from borgerrejse.catalog.selectors import ServiceNotFound, service_definition, service_version_get
from borgerrejse.people.models import Citizen

TAGS = ["cases"]
# The API is the web channel: the same deadlines and rules as the portal.
CHANNEL = Channel.WEB
IDEMPOTENCY_HEADER = "Idempotency-Key"


class CasePagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def _case(citizen: Citizen, number: str) -> Case:
    try:
        return access_case_for_citizen(citizen=citizen, number=number)
    except CaseNotFound:
        raise exceptions.NotFound(
            _("Du har ingen sag med nummeret %(number)s.") % {"number": number}
        ) from None


def _idempotency_key(request: Request) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        message = str(
            _("Send headeren Idempotency-Key med en nøgle, du selv finder på, fx et UUID.")
        )
    elif len(key) > IDEMPOTENCY_KEY_LENGTH:
        message = _("Idempotency-Key må højst være %(limit)d tegn.") % {
            "limit": IDEMPOTENCY_KEY_LENGTH
        }
    else:
        return key
    raise ApiError(message, errors={IDEMPOTENCY_HEADER: [message]})


class CaseListCreateApi(CitizenApiView):
    pagination_class = CasePagination

    @extend_schema(
        operation_id="cases_list",
        summary="My cases",
        description="The caller's submitted cases, newest first, a page at a time.",
        tags=TAGS,
        parameters=[ACCEPT_LANGUAGE, WWW_AUTHENTICATE],
        responses={
            200: CaseListOutputSerializer(many=True),
            **error_responses(401, 404, descriptions={404: "No such page."}),
        },
    )
    def get(self, request: Request) -> Response:
        cases = cases_for_citizen(citizen=self.citizen(request))
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(cases, request, view=self)
        return paginator.get_paginated_response(CaseListOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="cases_create",
        summary="Apply: send a whole application at once",
        description=(
            "Checks every answer against the service's form, then stores and submits the "
            "case on the web channel. Where the service allows it and the citizen asked for "
            "it, the rules decide at once (straksafgørelse, only ever a grant); otherwise "
            "the case goes to a caseworker. Services whose web channel only books a visit "
            "(a passport, say) cannot be applied for here."
        ),
        tags=TAGS,
        parameters=[IDEMPOTENCY_KEY, ACCEPT_LANGUAGE, WWW_AUTHENTICATE, LOCATION],
        request=CaseCreateInputSerializer,
        responses={
            201: CaseDetailOutputSerializer,
            200: CaseDetailOutputSerializer,
            **error_responses(400, 401, 415, 422),
        },
        examples=[
            OpenApiExample(
                "A lost health card, decided at once",
                value={
                    "service": "sundhedskort",
                    "answers": {"reason": "lost"},
                    "decision_preference": "instant",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        citizen = self.citizen(request)
        key = _idempotency_key(request)
        serializer = CaseCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        today = timezone.localdate()
        try:
            version = service_version_get(slug=data["service"], on=today)
        except ServiceNotFound:
            message = _("Vi har ingen tjeneste, der hedder »%(slug)s«.") % {"slug": data["service"]}
            raise ApiError(INVALID_INPUT, errors={"service": [message]}) from None
        checked = clean_answers(
            definition=service_definition(version), answers=data["answers"], today=today
        )
        if not checked.is_valid:
            errors = {f"answers.{name}": [message] for name, message in checked.errors.items()}
            raise ApiError(INVALID_INPUT, errors=errors)
        try:
            case, created = case_submit_answers(
                citizen=citizen,
                service_version=version,
                answers=checked.cleaned,
                decision_preference=DecisionPreference(data["decision_preference"]),
                channel=CHANNEL,
                actor=Actor.for_citizen(citizen),
                idempotency_key=key,
                today=today,
            )
        except IdempotencyConflict as error:
            raise IdempotencyKeyReused(
                error.message, errors={IDEMPOTENCY_HEADER: [error.message]}
            ) from None
        except ChannelNotAllowed as error:
            raise ApiError(error.message, errors={"service": [error.message]}) from None
        assert case.number is not None  # a submitted case always has one
        body = CaseDetailOutputSerializer(_case(citizen, case.number)).data
        if not created:
            return Response(body, status=status.HTTP_200_OK)
        location = reverse("api:case-detail", kwargs={"number": case.number})
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


class CaseDetailApi(CitizenApiView):
    @extend_schema(
        operation_id="cases_retrieve",
        summary="One of my cases, with its timeline and decisions",
        description=(
            "Status, deadline, who handles it, the answers sent, what happened when and on "
            "which channel, and every decision with its reasons and appeal guidance."
        ),
        tags=TAGS,
        parameters=[ACCEPT_LANGUAGE, WWW_AUTHENTICATE],
        responses={200: CaseDetailOutputSerializer, **error_responses(401, 404)},
    )
    def get(self, request: Request, number: str) -> Response:
        case = _case(self.citizen(request), number)
        return Response(CaseDetailOutputSerializer(case).data)


class CaseContestApi(CitizenApiView):
    @extend_schema(
        operation_id="cases_contest",
        summary="Contest a decision: a person looks at it again",
        description=(
            "Only a decided case can be contested (`can_contest`). A caseworker reviews the "
            "decision (GDPR art. 22). Contesting again changes nothing."
        ),
        tags=TAGS,
        parameters=[ACCEPT_LANGUAGE, WWW_AUTHENTICATE],
        request=CaseContestInputSerializer,
        responses={200: CaseDetailOutputSerializer, **error_responses(400, 401, 404, 415)},
    )
    def post(self, request: Request, number: str) -> Response:
        citizen = self.citizen(request)
        case = _case(citizen, number)
        serializer = CaseContestInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            case_contest(
                case=case,
                reason=serializer.validated_data["reason"],
                actor=Actor.for_citizen(citizen),
                channel=CHANNEL,
            )
        except CaseError as error:
            raise ApiError(error.message) from None
        return Response(CaseDetailOutputSerializer(_case(citizen, number)).data)
