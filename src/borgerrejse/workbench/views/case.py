"""The case view: everything about one case, and the forms for what can be done next.

The case is fetched with `access_case_for_staff` (404 outside one's scope) and the citizen
with `access_citizen_for_staff`. The action forms post to the views in `actions.py`; when
one is refused, that view renders this page again with the form as it was typed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from borgerrejse.cases.models import (
    Case,
    Consultation,
    DecisionOutcome,
    DecisionProposal,
    ForwardedTask,
)
from borgerrejse.cases.working_days import add_working_days
from borgerrejse.catalog.departments import team_for
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.contacts.selectors import contact_timeline
from borgerrejse.notifications.selectors import messages_for_case
from borgerrejse.staff.access import access_case_for_staff, access_citizen_for_staff, staff_required
from borgerrejse.staff.models import Action
from borgerrejse.workbench.case_actions import case_actions
from borgerrejse.workbench.display import (
    amount_text,
    answer_groups,
    citizen_view,
    decision_lines,
    is_overdue,
    person_name,
    priority_reasons,
    status_badge,
    timeline_entries,
)
from borgerrejse.workbench.forms import (
    AssignForm,
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
from borgerrejse.workbench.selectors import (
    assign_choices,
    assignable_caseworkers,
    case_file,
    service_titles,
)
from borgerrejse.workbench.trace import evaluation_view
from borgerrejse.workbench.views.base import error_links, frame, language, member_of, staff_user

# A citizen gets ten working days to answer unless the caseworker says otherwise.
DEFAULT_RESPONSE_WORKING_DAYS = 10


@dataclass(frozen=True)
class AttachmentLine:
    id: int
    name: str
    kind: str
    size: str
    uploaded_at: dt.datetime
    answers_request: bool


@dataclass(frozen=True)
class ConsultationLine:
    consultation: Consultation
    form: ConsultationResponseForm | None
    can_record_lapse: bool


@dataclass(frozen=True)
class ProposalLine:
    proposal: DecisionProposal
    outcome: str
    amount: str
    reasons: list[str]
    proposed_by: str
    own: bool
    form: ProposalReturnForm | None


@dataclass(frozen=True)
class TaskLine:
    task: ForwardedTask
    from_team: str
    to_team: str
    form: TaskCompleteForm | None


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")


def _attachments(case: Case, language: str) -> list[AttachmentLine]:
    definition = service_definition(case.service_version)
    labels = {a.id: a.label.get(language) for a in definition.attachments}
    return [
        AttachmentLine(
            id=a.pk,
            name=a.original_name,
            kind=labels.get(a.slot, ""),
            size=_size(a.size),
            uploaded_at=a.uploaded_at,
            answers_request=a.information_request_id is not None,
        )
        for a in case.attachments.all()
    ]


def default_respond_by() -> dt.date:
    return add_working_days(timezone.localdate(), DEFAULT_RESPONSE_WORKING_DAYS)


def case_page(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the case view. `bound` holds refused forms by prefix, shown as typed."""
    bound = bound or {}
    member = member_of(request)
    lang = language()
    today = timezone.localdate()
    citizen = access_citizen_for_staff(user=staff_user(request), citizen_id=case.citizen_id)
    record = case_file(user=staff_user(request), case=case, citizen=citizen)
    actions = case_actions(user=staff_user(request), member=member, case=case)
    titles = service_titles(on=today, language=lang)
    respond_by = default_respond_by()

    def form(prefix: str, form_class: type[forms.Form], **kwargs: Any) -> Any:
        return bound.get(prefix) or form_class(prefix=prefix, **kwargs)

    consultations = [
        ConsultationLine(
            consultation=c,
            form=(
                form(f"consultation-{c.pk}", ConsultationResponseForm)
                if actions.consult and not c.is_settled
                else None
            ),
            can_record_lapse=(
                actions.consult
                and not c.is_settled
                and c.respond_by is not None
                and c.respond_by < today
            ),
        )
        for c in case.consultations.all()
    ]
    proposals = [
        ProposalLine(
            proposal=p,
            outcome=_outcome_label(p.content.get("outcome", "")),
            amount=_amount(p.content.get("amount"), lang),
            reasons=[str(r.get("text", {}).get("da", "")) for r in p.content.get("reasons", [])],
            proposed_by=person_name(p.proposed_by),
            own=p.proposed_by_id == staff_user(request).pk,
            form=(
                form(f"return-{p.pk}", ProposalReturnForm)
                if actions.approve
                and p.state == DecisionProposal.State.PENDING
                and p.proposed_by_id != staff_user(request).pk
                else None
            ),
        )
        for p in case.proposals.all()
    ]
    tasks = [
        TaskLine(
            task=t,
            from_team=str(team_for(t.from_department).name),
            to_team=str(team_for(t.to_department).name),
            form=(
                form(f"task-{t.pk}", TaskCompleteForm)
                if actions.complete_task
                and t.state == ForwardedTask.State.OPEN
                and member.works_in(t.to_department)
                else None
            ),
        )
        for t in case.forwarded_tasks.all()
    ]
    action_forms: dict[str, Any] = {
        "note": form("note", NoteForm),
        "information": form(
            "information", InformationRequestForm, initial={"respond_by": respond_by}
        ),
        "consultation": form(
            "consultation", ConsultationSendForm, initial={"respond_by": respond_by}
        ),
        "waive": form("waive", ConsultationWaiveForm),
        "forward": form("forward", ForwardForm, own_department=case.department),
        "withdraw": form("withdraw", WithdrawForm),
    }
    if actions.assign:
        action_forms["assign"] = form(
            "assign",
            AssignForm,
            choices=assign_choices(case, assignable_caseworkers(department=case.department)),
        )
    definition = service_definition(case.service_version)
    context = {
        **frame(member),
        "case": case,
        "title": definition.title.get(lang),
        "team": team_for(case.department),
        "badge": status_badge(case.status),
        "priority": priority_reasons(case),
        "overdue": is_overdue(case, today),
        "handler": person_name(case.handler),
        "own_case": case.handler_id == staff_user(request).pk,
        "citizen": citizen_view(citizen, today),
        "other_cases": [
            {
                "case": other,
                "title": titles.get(other.service_slug, other.service_slug),
                "badge": status_badge(other.status),
            }
            for other in record.other_cases
        ],
        "answers": answer_groups(case, lang),
        "evaluation": evaluation_view(case, lang),
        "attachments": _attachments(case, lang),
        "requests": list(case.information_requests.all()),
        "consultations": consultations,
        "proposals": proposals,
        "decisions": decision_lines(case.decisions.all(), lang),
        "reviews": list(case.reviews.all()),
        "tasks": tasks,
        "notes": list(case.notes.all()),
        "contacts": contact_timeline(case=case),
        "timeline": timeline_entries(
            case.timeline.all(), case.notes.all(), messages_for_case(case=case)
        ),
        "actions": actions,
        "forms": action_forms,
        "errors": error_links(*bound.values()),
        "open_form": next(iter(bound), ""),
    }
    return render(request, "workbench/case.html", context, status=status)


def _outcome_label(value: str) -> str:
    return str(DecisionOutcome(value).label) if value in DecisionOutcome.values else value


def _amount(value: Any, lang: str) -> str:
    return "" if value is None else amount_text(Decimal(str(value)), lang)


@staff_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = access_case_for_staff(user=staff_user(request), number=number, action=Action.VIEW)
    return case_page(request, case)


@staff_required
@require_GET
def attachment_download(request: HttpRequest, number: str, attachment_id: int) -> HttpResponse:
    """A file the citizen sent, for a staff member who may see the case."""
    case = access_case_for_staff(user=staff_user(request), number=number, action=Action.VIEW)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("no such attachment")
    # Files are at most 10 MB: read at once, so the response is a plain one.
    with attachment.file.open("rb") as file:
        response = HttpResponse(file.read(), content_type=attachment.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=attachment.original_name)
        or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
