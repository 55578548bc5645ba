"""The case view's actions. Each is a POST that checks access with its own `Action`, reads
its form, and calls one case service.

A refusal, by the form or by the service (`CaseError.message`), renders the case view
again with a DKFDS error summary and the form as it was typed: nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from borgerrejse.cases.models import Case, Channel, ForwardedTask, Status, TimelineEvent
from borgerrejse.cases.services import (
    CaseError,
    case_assign,
    case_close,
    case_forward,
    case_note_add,
    case_transition,
    case_withdraw,
    consultation_record_lapsed,
    consultation_record_response,
    consultation_send,
    consultation_waive,
    decision_proposal_approve,
    decision_proposal_return,
    forwarded_task_complete,
    information_request,
    staff_actor,
)
from borgerrejse.identity.access import safe_next_url
from borgerrejse.staff.access import access_case_for_staff, staff_required
from borgerrejse.staff.models import Action
from borgerrejse.workbench.forms import (
    AssignForm,
    ButtonForm,
    ConsultationResponseForm,
    ConsultationSendForm,
    ConsultationWaiveForm,
    ForwardForm,
    InformationRequestForm,
    NoteForm,
    ProposalReturnForm,
    TaskCompleteForm,
    WithdrawForm,
)
from borgerrejse.workbench.selectors import assign_choices, assignable_caseworkers
from borgerrejse.workbench.views.base import member_of, staff_user
from borgerrejse.workbench.views.case import case_page


def _case(request: HttpRequest, number: str, action: Action) -> Case:
    return access_case_for_staff(user=staff_user(request), number=number, action=action)


def _perform(
    request: HttpRequest,
    case: Case,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Validate the form, call the service, and go back to the case; or show what failed."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except CaseError as refused:
            form.add_error(None, str(refused.message))
        else:
            messages.success(request, success)
            return redirect("workbench:case", number=case.number)
    return case_page(request, case, bound={form.prefix or "": form}, status=400)


@staff_required
@require_POST
def claim(request: HttpRequest, number: str) -> HttpResponse:
    """Take this case: one from the queue, or one's own contested decision to review."""
    case = _case(request, number, Action.CLAIM)
    user = staff_user(request)

    def take(_data: dict[str, Any]) -> None:
        if case.handler_id not in (None, user.pk):
            raise CaseError(_("En anden sagsbehandler har allerede sagen."))
        if case.handler_id == user.pk and case.status == Status.CONTESTED:
            # case_assign keeps a case that already has this handler as it is.
            case_transition(
                case=case,
                to=Status.IN_REVIEW,
                actor=staff_actor(user),
                channel=Channel.SYSTEM,
                kind=TimelineEvent.Kind.CLAIMED,
            )
        else:
            case_assign(case=case, handler=user, assigned_by=user)

    form = ButtonForm(request.POST, prefix="claim", anchor="#actions")
    return _perform(
        request, case, form, take, _("Du har taget sag %(number)s.") % {"number": number}
    )


@staff_required
@require_POST
def note_add(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number, Action.ADD_NOTE)
    return _perform(
        request,
        case,
        NoteForm(request.POST, prefix="note"),
        lambda data: case_note_add(case=case, user=staff_user(request), text=data["text"]),
        _("Noten er gemt. Borgeren kan ikke se den."),
    )


@staff_required
@require_POST
def information_request_send(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number, Action.REQUEST_INFORMATION)
    return _perform(
        request,
        case,
        InformationRequestForm(request.POST, prefix="information"),
        lambda data: information_request(
            case=case,
            user=staff_user(request),
            message=data["message"],
            respond_by=data["respond_by"],
        ),
        _("Borgeren er bedt om oplysninger. Fristen for sagen står stille, til borgeren svarer."),
    )


@staff_required
@require_POST
def consultation_start(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number, Action.CONSULT)
    return _perform(
        request,
        case,
        ConsultationSendForm(request.POST, prefix="consultation"),
        lambda data: consultation_send(
            case=case,
            user=staff_user(request),
            information=data["information"],
            respond_by=data["respond_by"],
        ),
        _("Partshøringen er sendt til borgeren."),
    )


@staff_required
@require_POST
def consultation_response(request: HttpRequest, number: str, consultation_id: int) -> HttpResponse:
    case = _case(request, number, Action.CONSULT)
    consultation = case.consultations.filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404("no such consultation")
    return _perform(
        request,
        case,
        ConsultationResponseForm(request.POST, prefix=f"consultation-{consultation.pk}"),
        lambda data: consultation_record_response(
            consultation=consultation,
            user=staff_user(request),
            response=data["response"],
            channel=Channel(data["channel"]),
        ),
        _("Borgerens svar på partshøringen er gemt."),
    )


@staff_required
@require_POST
def consultation_lapsed(request: HttpRequest, number: str, consultation_id: int) -> HttpResponse:
    case = _case(request, number, Action.CONSULT)
    consultation = case.consultations.filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404("no such consultation")
    return _perform(
        request,
        case,
        ButtonForm(request.POST, prefix=f"lapse-{consultation.pk}", anchor="#consultations"),
        lambda _data: consultation_record_lapsed(
            consultation=consultation, user=staff_user(request)
        ),
        _("Det er noteret, at fristen for partshøringen er udløbet."),
    )


@staff_required
@require_POST
def consultation_exception(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number, Action.CONSULT)
    return _perform(
        request,
        case,
        ConsultationWaiveForm(request.POST, prefix="waive"),
        lambda data: consultation_waive(case=case, user=staff_user(request), reason=data["reason"]),
        _("Det er noteret, hvorfor partshøring kan undlades."),
    )


@staff_required
@require_POST
def forward(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number, Action.FORWARD)
    return _perform(
        request,
        case,
        ForwardForm(request.POST, prefix="forward", own_department=case.department),
        lambda data: case_forward(
            case=case,
            user=staff_user(request),
            to_department=data["to_department"],
            description=data["description"],
        ),
        _("Opgaven er sendt. Du er stadig borgerens kontaktperson."),
    )


@staff_required
@require_POST
def task_complete(request: HttpRequest, number: str, task_id: int) -> HttpResponse:
    """The receiving department says what it did with its part of the case."""
    case = _case(request, number, Action.COMPLETE_TASK)
    member = member_of(request)
    task = case.forwarded_tasks.filter(
        pk=task_id, state=ForwardedTask.State.OPEN, to_department__in=member.departments
    ).first()
    if task is None:
        raise Http404("no such open task for your departments")
    return _perform(
        request,
        case,
        TaskCompleteForm(request.POST, prefix=f"task-{task.pk}"),
        lambda data: forwarded_task_complete(
            task=task, user=staff_user(request), result=data["result"]
        ),
        _("Opgaven er løst. Sagsbehandleren kan se jeres svar."),
    )


@staff_required
@require_POST
def close(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number, Action.CLOSE)
    return _perform(
        request,
        case,
        ButtonForm(request.POST, prefix="close", anchor="#actions"),
        lambda _data: case_close(case=case, user=staff_user(request)),
        _("Sagen er lukket."),
    )


@staff_required
@require_POST
def withdraw(request: HttpRequest, number: str) -> HttpResponse:
    """Record that the citizen withdrew the case, and how they told us."""
    case = _case(request, number, Action.WITHDRAW)
    return _perform(
        request,
        case,
        WithdrawForm(request.POST, prefix="withdraw"),
        lambda data: case_withdraw(
            case=case, actor=staff_actor(staff_user(request)), channel=Channel(data["channel"])
        ),
        _("Det er noteret, at borgeren har trukket sagen tilbage."),
    )


@staff_required
@require_POST
def assign(request: HttpRequest, number: str) -> HttpResponse:
    """A team lead gives the case to a caseworker of the department who knows the service.

    The team page has one form per case (prefix `assign-<id>`); an error is shown on the
    case view's own form.
    """
    case = _case(request, number, Action.ASSIGN)
    people = assignable_caseworkers(department=case.department)
    prefix = request.POST.get("prefix", "assign")
    form = AssignForm(
        {"assign-handler": request.POST.get(f"{prefix}-handler", "")},
        prefix="assign",
        choices=assign_choices(case, people),
    )
    if form.is_valid():
        person = next(p for p in people if str(p.user_id) == form.cleaned_data["handler"])
        try:
            case_assign(case=case, handler=person.user, assigned_by=staff_user(request))
        except CaseError as refused:
            form.add_error(None, str(refused.message))
        else:
            messages.success(
                request,
                _("Sag %(number)s er givet til %(name)s.")
                % {"number": number, "name": person.full_name},
            )
            next_url = safe_next_url(request, request.POST.get("next"))
            return redirect(next_url) if next_url else redirect("workbench:case", number=number)
    return case_page(request, case, bound={"assign": form}, status=400)


@staff_required
@require_POST
def proposal_approve(request: HttpRequest, number: str, proposal_id: int) -> HttpResponse:
    """The second pair of eyes approves a decision; it is issued at once."""
    case = _case(request, number, Action.APPROVE)
    proposal = case.proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404("no such proposal")
    return _perform(
        request,
        case,
        ButtonForm(request.POST, prefix=f"approve-{proposal.pk}", anchor="#proposals"),
        lambda _data: decision_proposal_approve(proposal=proposal, user=staff_user(request)),
        _("Du har godkendt afgørelsen. Den er sendt til borgeren."),
    )


@staff_required
@require_POST
def proposal_return(request: HttpRequest, number: str, proposal_id: int) -> HttpResponse:
    case = _case(request, number, Action.APPROVE)
    proposal = case.proposals.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404("no such proposal")

    def send_back(data: dict[str, Any]) -> None:
        if proposal.proposed_by_id == staff_user(request).pk:
            raise CaseError(_("En anden sagsbehandler skal godkende din afgørelse."))
        decision_proposal_return(
            proposal=proposal, user=staff_user(request), comment=data["comment"]
        )

    return _perform(
        request,
        case,
        ProposalReturnForm(request.POST, prefix=f"return-{proposal.pk}"),
        send_back,
        _("Udkastet er sendt tilbage til sagsbehandleren."),
    )
