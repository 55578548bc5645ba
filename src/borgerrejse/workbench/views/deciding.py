"""Deciding a case, and reviewing a contested decision.

The form is pre-filled from what the rules found (`decision_content_suggested`): outcome,
amount, legal basis and each reason, for the caseworker to edit. The case services decide
whether the decision is issued at once, waits for a second caseworker (four eyes), or
must wait for consultation (forvaltningsloven § 19).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from borgerrejse.cases.models import Case, Decision, InformationRequest
from borgerrejse.cases.services import (
    CaseError,
    consultation_settled,
    decision_content_suggested,
    decision_make,
    decision_review,
)
from borgerrejse.catalog.schema import Stakes
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.staff.access import access_case_for_staff, staff_required
from borgerrejse.staff.models import Action
from borgerrejse.workbench.case_actions import under_review
from borgerrejse.workbench.display import decision_lines
from borgerrejse.workbench.forms import DecisionForm, ReviewForm
from borgerrejse.workbench.trace import evaluation_view
from borgerrejse.workbench.views.base import error_links, frame, language, member_of, staff_user


def _context(request: HttpRequest, case: Case) -> dict[str, Any]:
    lang = language()
    definition = service_definition(case.service_version)
    return {
        **frame(member_of(request)),
        "case": case,
        "title": definition.title.get(lang),
        "evaluation": evaluation_view(case, lang),
        "consultation_needed": definition.consultation_before_rejection,
        "consultation_settled": consultation_settled(case),
        "four_eyes": definition.stakes is Stakes.HIGH,
        # What the citizen sent since the rules ran: the rules did not see it.
        "answers_received": list(
            case.information_requests.filter(state=InformationRequest.State.ANSWERED)
            .prefetch_related("attachments")
            .order_by("answered_at")
        ),
    }


@staff_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, number: str) -> HttpResponse:
    case = access_case_for_staff(user=staff_user(request), number=number, action=Action.DECIDE)
    if under_review(case):
        return redirect("workbench:review", number=number)
    suggested = decision_content_suggested(case)
    if request.method == "POST":
        form = DecisionForm(request.POST, prefix="decision", suggested=suggested)
        if form.is_valid():
            try:
                result = decision_make(case=case, user=staff_user(request), content=form.content())
            except CaseError as refused:
                form.add_error(None, str(refused.message))
            else:
                if isinstance(result, Decision):
                    messages.success(request, _("Afgørelsen er truffet og sendt til borgeren."))
                else:
                    messages.success(
                        request,
                        _(
                            "Afgørelsen venter på godkendelse. En anden sagsbehandler skal "
                            "godkende et afslag, når meget står på spil."
                        ),
                    )
                return redirect("workbench:case", number=number)
    else:
        form = DecisionForm(
            prefix="decision", suggested=suggested, initial=DecisionForm.initial_from(suggested)
        )
    return render(
        request,
        "workbench/decide.html",
        {**_context(request, case), "form": form, "errors": error_links(form)},
        status=400 if form.is_bound else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, number: str) -> HttpResponse:
    """Genvurdering: a person looks at a contested decision, and upholds or changes it.

    Changing it issues a new decision that replaces the old one; either way the review
    records whether the person overturned the decision (GDPR art. 22).
    """
    case = access_case_for_staff(user=staff_user(request), number=number, action=Action.REVIEW)
    suggested = decision_content_suggested(case)
    if request.method == "POST":
        review_form = ReviewForm(request.POST, prefix="review")
        decision_form = DecisionForm(request.POST, prefix="decision", suggested=suggested)
        valid = review_form.is_valid()
        overturn = valid and review_form.overturn
        if overturn:
            valid = decision_form.is_valid() and valid
        if valid:
            try:
                decision_review(
                    case=case,
                    user=staff_user(request),
                    overturn=overturn,
                    note=review_form.cleaned_data["note"],
                    content=decision_form.content() if overturn else None,
                )
            except CaseError as refused:
                review_form.add_error(None, str(refused.message))
            else:
                messages.success(
                    request,
                    _("Afgørelsen er ændret. Borgeren får den nye afgørelse.")
                    if overturn
                    else _("Afgørelsen er fastholdt. Borgeren får besked."),
                )
                return redirect("workbench:case", number=number)
        if not overturn:
            decision_form = DecisionForm.kept(request.POST, prefix="decision", suggested=suggested)
        shown_errors = error_links(review_form, decision_form)
    else:
        review_form = ReviewForm(prefix="review")
        decision_form = DecisionForm(
            prefix="decision", suggested=suggested, initial=DecisionForm.initial_from(suggested)
        )
        shown_errors = []
    return render(
        request,
        "workbench/review.html",
        {
            **_context(request, case),
            "review_form": review_form,
            "form": decision_form,
            "decisions": decision_lines(case.decisions.all(), language()),
            "errors": shown_errors,
        },
        status=400 if review_form.is_bound else 200,
    )
