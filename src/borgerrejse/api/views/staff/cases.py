"""One case: the view, notes, requests for information, consultation (§ 19), forwarding,
closing, withdrawing and assigning."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from borgerrejse.api import staff_serializers as s
from borgerrejse.api.errors import ApiError
from borgerrejse.api.views.staff.base import (
    StaffApiView,
    case_detail,
    case_for,
    case_rules,
    part_not_found,
    staff_schema,
    validated_input,
)
from borgerrejse.cases.models import Case, Channel, Consultation
from borgerrejse.cases.services import (
    case_assign,
    case_close,
    case_forward,
    case_note_add,
    case_withdraw,
    consultation_record_lapsed,
    consultation_record_response,
    consultation_send,
    consultation_waive,
    forwarded_task_complete,
    information_request,
    staff_actor,
)
from borgerrejse.staff.roles import Action
from borgerrejse.staff.selectors import staff_list


class CaseDetailApi(StaffApiView):
    @staff_schema(
        "staff_cases_retrieve",
        "A case as a caseworker sees it",
        (
            "The answers and attachments; what the rules found, with their reasons and "
            "full trace; the whole timeline including internal events; internal notes, "
            "requests, consultations, proposals, reviews and forwarded tasks; the "
            "citizen's context; a suggested decision; and what the caller may do."
        ),
        responses={200: s.CaseOutputSerializer},
        errors=(403, 404),
    )
    def get(self, request: Request, number: str) -> Response:
        return Response(case_detail(request, number))


class CaseNoteApi(StaffApiView):
    @staff_schema(
        "staff_cases_notes_create",
        "Write an internal note",
        "A note between staff. The citizen never sees it, nor its timeline event.",
        request=s.NoteInputSerializer,
        responses={201: s.NoteOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.ADD_NOTE)
        data = validated_input(s.NoteInputSerializer, request)
        with case_rules():
            note = case_note_add(case=case, user=self.user(request), text=data["text"])
        return Response(s.NoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


class CaseRequestInformationApi(StaffApiView):
    @staff_schema(
        "staff_cases_request_information",
        "Ask the citizen for information",
        (
            "The case waits for the citizen and its due-date clock stops. The citizen sees "
            "the request on My page and answers online; then the case comes back and the "
            "clock runs again, the due date moved by the working days it stood still."
        ),
        request=s.InformationRequestInputSerializer,
        responses={201: s.InformationRequestOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.REQUEST_INFORMATION)
        data = validated_input(s.InformationRequestInputSerializer, request)
        with case_rules():
            asked = information_request(
                case=case,
                user=self.user(request),
                message=data["message"],
                respond_by=data["respond_by"],
            )
        body = s.InformationRequestOutputSerializer(asked).data
        return Response(body, status=status.HTTP_201_CREATED)


class ConsultationSendApi(StaffApiView):
    @staff_schema(
        "staff_cases_consultations_create",
        "Consult the citizen (partshøring, forvaltningsloven § 19)",
        (
            "Sends the information against the citizen, with a deadline to respond. A "
            "rejection in a service where consultation applies waits until the citizen has "
            "answered, the deadline has passed, or an exception is recorded (`waive`)."
        ),
        request=s.ConsultationSendInputSerializer,
        responses={201: s.ConsultationOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.CONSULT)
        data = validated_input(s.ConsultationSendInputSerializer, request)
        with case_rules():
            consultation = consultation_send(
                case=case,
                user=self.user(request),
                information=data["information"],
                respond_by=data["respond_by"],
            )
        body = s.ConsultationOutputSerializer(consultation).data
        return Response(body, status=status.HTTP_201_CREATED)


class ConsultationWaiveApi(StaffApiView):
    @staff_schema(
        "staff_cases_consultations_waive",
        "Record why consultation is not needed (§ 19, stk. 2)",
        "Settles consultation with the reason for the exception; internal to staff.",
        request=s.ConsultationWaiveInputSerializer,
        responses={201: s.ConsultationOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.CONSULT)
        data = validated_input(s.ConsultationWaiveInputSerializer, request)
        with case_rules():
            consultation = consultation_waive(
                case=case, user=self.user(request), reason=data["reason"]
            )
        body = s.ConsultationOutputSerializer(consultation).data
        return Response(body, status=status.HTTP_201_CREATED)


def _consultation(case: Case, consultation_id: int) -> Consultation:
    consultation = (
        case.consultations.select_related("case", "created_by").filter(pk=consultation_id).first()
    )
    if consultation is None:
        raise part_not_found()
    return consultation


class ConsultationResponseApi(StaffApiView):
    @staff_schema(
        "staff_cases_consultations_response",
        "Record the citizen's response to a consultation",
        "For a response that came by letter, phone, e-mail or at the desk. A repeat is a no-op.",
        request=s.ConsultationResponseInputSerializer,
        responses={200: s.ConsultationOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str, consultation_id: int) -> Response:
        consultation = _consultation(case_for(request, number, Action.CONSULT), consultation_id)
        data = validated_input(s.ConsultationResponseInputSerializer, request)
        with case_rules():
            consultation = consultation_record_response(
                consultation=consultation,
                user=self.user(request),
                response=data["response"],
                channel=Channel(data["channel"]),
            )
        return Response(s.ConsultationOutputSerializer(consultation).data)


class ConsultationLapseApi(StaffApiView):
    @staff_schema(
        "staff_cases_consultations_lapse",
        "Record that the deadline of a consultation passed without a response",
        "Only after the deadline (409 before it). A repeat is a no-op.",
        responses={200: s.ConsultationOutputSerializer},
        errors=(403, 404, 409),
    )
    def post(self, request: Request, number: str, consultation_id: int) -> Response:
        consultation = _consultation(case_for(request, number, Action.CONSULT), consultation_id)
        with case_rules():
            consultation = consultation_record_lapsed(
                consultation=consultation, user=self.user(request)
            )
        return Response(s.ConsultationOutputSerializer(consultation).data)


class CaseForwardApi(StaffApiView):
    @staff_schema(
        "staff_cases_forward",
        "Forward part of a case to another department",
        (
            "A linked task for the other department, which then sees the case, writes "
            "notes and completes the task. The case keeps its handler: the citizen keeps "
            "one contact person."
        ),
        request=s.ForwardInputSerializer,
        responses={201: s.ForwardedTaskOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.FORWARD)
        data = validated_input(s.ForwardInputSerializer, request)
        if data["to_department"] == case.department:
            message = _("Vælg en anden afdeling end sagens egen.")
            raise ApiError(message, errors={"to_department": [message]})
        with case_rules():
            task = case_forward(
                case=case,
                user=self.user(request),
                to_department=data["to_department"],
                description=data["description"],
            )
        body = s.ForwardedTaskOutputSerializer(task).data
        return Response(body, status=status.HTTP_201_CREATED)


class TaskCompleteApi(StaffApiView):
    @staff_schema(
        "staff_cases_tasks_complete",
        "Complete a task forwarded to my department",
        (
            "Only the department the task was sent to completes it: for anyone else it is "
            "not found. A repeat is a no-op."
        ),
        request=s.TaskCompleteInputSerializer,
        responses={200: s.ForwardedTaskOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str, task_id: int) -> Response:
        case = case_for(request, number, Action.COMPLETE_TASK)
        # Only the department a task was sent to sees it as its task, as in the workbench.
        task = (
            case.forwarded_tasks.select_related("case", "created_by", "completed_by")
            .filter(pk=task_id, to_department__in=self.staff(request).departments)
            .first()
        )
        if task is None:
            raise part_not_found()
        data = validated_input(s.TaskCompleteInputSerializer, request)
        with case_rules():
            task = forwarded_task_complete(
                task=task, user=self.user(request), result=data["result"]
            )
        return Response(s.ForwardedTaskOutputSerializer(task).data)


class CaseCloseApi(StaffApiView):
    @staff_schema(
        "staff_cases_close",
        "Close a decided case",
        "Not while a task forwarded to another department is open (409).",
        responses={200: s.CaseOutputSerializer},
        errors=(403, 404, 409),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.CLOSE)
        with case_rules():
            case_close(case=case, user=self.user(request))
        return Response(case_detail(request, number))


class CaseWithdrawApi(StaffApiView):
    @staff_schema(
        "staff_cases_withdraw",
        "Record that the citizen withdraws the case",
        "When the citizen says so by phone, letter, e-mail or at the desk.",
        request=s.WithdrawInputSerializer,
        responses={200: s.CaseOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.WITHDRAW)
        data = validated_input(s.WithdrawInputSerializer, request)
        with case_rules():
            case_withdraw(case=case, actor=staff_actor(self.user(request)), channel=data["channel"])
        return Response(case_detail(request, number))


class CaseAssignApi(StaffApiView):
    @staff_schema(
        "staff_cases_assign",
        "Give a case to a caseworker, or move it to another (team leads)",
        (
            "The new handler must work in the case's department and handle its service. "
            "A case in the queue goes into review with them."
        ),
        request=s.AssignInputSerializer,
        responses={200: s.CaseOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.ASSIGN)
        data = validated_input(s.AssignInputSerializer, request)
        candidates = staff_list(
            department=case.department, action=Action.CLAIM, service_slug=case.service_slug
        )
        handler = next((m.user for m in candidates if m.user_id == data["handler"]), None)
        if handler is None:
            message = _("Vælg en sagsbehandler i sagens afdeling, som behandler denne ydelse.")
            raise ApiError(message, errors={"handler": [message]})
        with case_rules():
            case_assign(case=case, handler=handler, assigned_by=self.user(request))
        return Response(case_detail(request, number))
