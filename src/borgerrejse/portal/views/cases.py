"""A citizen's cases: receipt, case page, decisions and their letters, contesting, My page.

Every case, decision and letter is fetched through the `access_*_for_citizen` helpers,
which answer "not found" for anything that is not the citizen's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from borgerrejse.cases.letters import decision_letter_pdf
from borgerrejse.cases.models import Case, Channel, Consultation, InformationRequest, Status
from borgerrejse.cases.selectors import (
    CaseNotFound,
    access_case_for_citizen,
    access_decision_for_citizen,
    cases_for_citizen,
    drafts_for_citizen,
)
from borgerrejse.cases.services import (
    ANSWER_FILE_MAX_MB,
    ANSWER_FILE_TYPES,
    MAX_CONTEST_LENGTH,
    Actor,
    CaseError,
    case_contest,
)
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.identity.access import citizen_required, current_citizen
from borgerrejse.notifications.selectors import messages_for_case
from borgerrejse.people.models import Citizen
from borgerrejse.portal.application import ATTACHMENTS, SUMMARY, draft_url
from borgerrejse.portal.case_display import (
    Handler,
    case_handler,
    decision_view,
    status_badge,
    timeline_entries,
)

CONTEST_FIELD = "reason"
# Statuses where the citizen waits for us, so the due date is worth showing.
_AWAITING_US = frozenset(
    {Status.SUBMITTED, Status.AWAITING_CASEWORKER, Status.IN_REVIEW, Status.CONTESTED}
)


def _citizen(request: HttpRequest) -> Citizen:
    citizen = current_citizen(request)
    assert citizen is not None, "the view must be wrapped in @citizen_required"
    return citizen


def _language() -> str:
    return "en" if (get_language() or "da").startswith("en") else "da"


def _case(request: HttpRequest, number: str) -> Case:
    try:
        return access_case_for_citizen(citizen=_citizen(request), number=number)
    except CaseNotFound:
        raise Http404("no such case") from None


def file_types() -> str:
    return ", ".join(kind.upper() for kind in ANSWER_FILE_TYPES)


def _title(case: Case) -> str:
    return service_definition(case.service_version).title.get(_language())


@citizen_required
@require_GET
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """Kvittering: the case is stored, this is its number, this is when and who answers."""
    case = _case(request, number)
    return render(
        request,
        "portal/cases/receipt.html",
        {
            "case": case,
            "title": _title(case),
            "handler": case_handler(case),
            "decided": case.status == Status.DECIDED,
            "decisions": list(case.decisions.all()),
        },
    )


def _requests_and_consultations(case: Case) -> dict[str, Any]:
    """What the caseworker asked the citizen, and the consultations sent to them.

    A consultation waived under § 19, stk. 2 is an internal note, not something sent.
    """
    requests = list(case.information_requests.prefetch_related("attachments"))
    return {
        "open_requests": [r for r in requests if r.state == InformationRequest.State.OPEN],
        "answered_requests": [r for r in requests if r.state != InformationRequest.State.OPEN],
        "consultations": list(case.consultations.exclude(state=Consultation.State.WAIVED)),
        "answer_types": file_types(),
        "answer_max_size_mb": ANSWER_FILE_MAX_MB,
    }


@citizen_required
@require_GET
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = _case(request, number)
    return render(
        request,
        "portal/cases/case.html",
        {
            "case": case,
            "title": _title(case),
            "handler": case_handler(case),
            "badge": status_badge(case.status),
            # Prefetched by the access helper: the events the citizen may see.
            "timeline": timeline_entries(
                case.citizen_timeline,  # type: ignore[attr-defined]
                messages_for_case(case=case),
            ),
            "decisions": [decision_view(d, language=_language()) for d in case.decisions.all()],
            "open": case.status in _AWAITING_US,
            **_requests_and_consultations(case),
        },
    )


@citizen_required
@require_GET
def decision_detail(request: HttpRequest, number: str, decision_id: int) -> HttpResponse:
    try:
        decision = access_decision_for_citizen(
            citizen=_citizen(request), number=number, decision_id=decision_id
        )
    except CaseNotFound:
        raise Http404("no such decision") from None
    case = decision.case
    return render(
        request,
        "portal/cases/decision.html",
        {
            "case": case,
            "title": _title(case),
            "view": decision_view(decision, language=_language()),
            "handler": case_handler(case),
            "can_contest": case.can_contest(),
            "contested": case.status == Status.CONTESTED,
        },
    )


@citizen_required
@require_GET
def decision_letter(request: HttpRequest, number: str, decision_id: int) -> HttpResponse:
    """The decision letter as a PDF, shown in the browser."""
    try:
        decision = access_decision_for_citizen(
            citizen=_citizen(request), number=number, decision_id=decision_id
        )
    except CaseNotFound:
        raise Http404("no such decision") from None
    pdf = decision_letter_pdf(decision=decision, language=_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="afgoerelse-{decision.case.number}.pdf"'
    return response


@citizen_required
@require_http_methods(["GET", "POST"])
def contest(request: HttpRequest, number: str) -> HttpResponse:
    """Klage: the citizen says why they disagree, and a person reviews the decision
    (GDPR art. 22 for automated decisions; forvaltningsloven § 25)."""
    case = _case(request, number)
    if not case.can_contest():
        return redirect("portal:case", number=number)
    decisions = list(case.decisions.all())
    decision = max(decisions, key=lambda d: (d.issued_at, d.pk)) if decisions else None
    text = ""
    error = ""
    if request.method == "POST":
        text = request.POST.get(CONTEST_FIELD, "")
        try:
            case_contest(
                case=case,
                reason=text,
                actor=Actor.for_citizen(_citizen(request)),
                channel=Channel.WEB,
            )
        except CaseError as refused:
            error = str(refused.message)
        else:
            return redirect("portal:case", number=number)
    return render(
        request,
        "portal/cases/contest.html",
        {
            "case": case,
            "title": _title(case),
            "decision": decision_view(decision, language=_language()) if decision else None,
            "text": text,
            "error": error,
            "errors": [(f"#field-{CONTEST_FIELD}", error)] if error else [],
            "max_length": MAX_CONTEST_LENGTH,
            "field": CONTEST_FIELD,
        },
    )


@dataclass(frozen=True)
class CaseRow:
    case: Case
    title: str
    badge: str
    # Still waiting for our answer: the due date matters.
    open: bool
    handler: Handler
    # What we asked the citizen and wait for, and consultations awaiting their answer.
    requests: list[InformationRequest]
    consultations: list[Consultation]


@dataclass(frozen=True)
class DraftRow:
    case: Case
    title: str
    url: str


def _draft_row(draft: Case, language: str) -> DraftRow:
    """A draft, linking to the step the citizen saved it at."""
    definition = service_definition(draft.service_version)
    step_ids = {step.id for step in definition.form.steps} | {SUMMARY}
    if definition.attachments:
        step_ids.add(ATTACHMENTS)
    step = draft.current_step if draft.current_step in step_ids else definition.form.steps[0].id
    return DraftRow(
        case=draft, title=definition.title.get(language), url=draft_url(draft.public_id, step)
    )


@citizen_required
@require_GET
def my_page(request: HttpRequest) -> HttpResponse:
    """Min side: my cases, the applications I have not sent, and what we wait for from me.

    The number of queries does not grow with the number of cases: the selectors fetch
    decisions and timelines in one go, and service definitions are parsed once.
    """
    citizen = _citizen(request)
    language = _language()
    cases = (
        cases_for_citizen(citizen=citizen)
        .select_related("handler__staff")
        .prefetch_related(
            Prefetch(
                "information_requests",
                queryset=InformationRequest.objects.filter(state=InformationRequest.State.OPEN),
                to_attr="open_requests",
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.filter(state=Consultation.State.SENT),
                to_attr="open_consultations",
            ),
        )
    )
    rows = [
        CaseRow(
            case=case,
            title=_title(case),
            badge=status_badge(case.status),
            open=case.status in _AWAITING_US,
            handler=case_handler(case),
            requests=case.open_requests,
            consultations=case.open_consultations,
        )
        for case in cases
    ]
    return render(
        request,
        "portal/my_page.html",
        {
            "citizen": citizen,
            "cases": rows,
            "drafts": [
                _draft_row(draft, language) for draft in drafts_for_citizen(citizen=citizen)
            ],
            "waiting": [
                row
                for row in rows
                if row.case.status == Status.AWAITING_CITIZEN or row.consultations
            ],
        },
    )
