"""Deciding: a decision or a four-eyes proposal, approving or returning a proposal, and
reviewing a contested decision."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from borgerrejse.api import staff_serializers as s
from borgerrejse.api.serializers import DecisionOutputSerializer
from borgerrejse.api.views.staff.base import (
    StaffApiView,
    case_for,
    case_rules,
    part_not_found,
    staff_schema,
    validated_input,
)
from borgerrejse.cases.models import Case, Decision, DecisionProposal
from borgerrejse.cases.services import (
    decision_make,
    decision_proposal_approve,
    decision_proposal_return,
    decision_review,
)
from borgerrejse.staff.roles import Action


class CaseDecisionApi(StaffApiView):
    @staff_schema(
        "staff_cases_decide",
        "Decide: grant, partial grant, reject or dismiss",
        (
            "Issues the decision with its reasons, legal basis and appeal guidance (201). A "
            "rejection in a high-stakes service needs a second caseworker: it becomes a "
            "proposal waiting for approval instead (202). A rejection that needs "
            "consultation first is refused until it is settled (409). The case must be in "
            "review. Start from the case's `suggested_decision`."
        ),
        request=s.DecisionContentInputSerializer,
        responses={
            201: DecisionOutputSerializer,
            202: OpenApiResponse(
                s.ProposalOutputSerializer,
                description="A four-eyes proposal: another caseworker approves it.",
            ),
        },
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.DECIDE)
        content = s.decision_content(
            validated_input(s.DecisionContentInputSerializer, request), case=case
        )
        with case_rules():
            result = decision_make(case=case, user=self.user(request), content=content)
        if isinstance(result, Decision):
            return Response(DecisionOutputSerializer(result).data, status=status.HTTP_201_CREATED)
        result = _proposal(case, result.pk)
        return Response(s.ProposalOutputSerializer(result).data, status=status.HTTP_202_ACCEPTED)


def _proposal(case: Case, proposal_id: int) -> DecisionProposal:
    proposal = (
        case.proposals.select_related("case", "proposed_by", "settled_by")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None:
        raise part_not_found()
    return proposal


class ProposalApproveApi(StaffApiView):
    @staff_schema(
        "staff_cases_proposals_approve",
        "Approve a colleague's proposed decision (four eyes)",
        "Issues the decision. The proposer can never approve their own proposal (409).",
        responses={201: DecisionOutputSerializer},
        errors=(403, 404, 409),
    )
    def post(self, request: Request, number: str, proposal_id: int) -> Response:
        proposal = _proposal(case_for(request, number, Action.APPROVE), proposal_id)
        with case_rules():
            decision = decision_proposal_approve(proposal=proposal, user=self.user(request))
        return Response(DecisionOutputSerializer(decision).data, status=status.HTTP_201_CREATED)


class ProposalReturnApi(StaffApiView):
    @staff_schema(
        "staff_cases_proposals_return",
        "Send a proposed decision back to its proposer",
        "With a comment on what to look at again. Nothing is issued.",
        request=s.ProposalReturnInputSerializer,
        responses={200: s.ProposalOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str, proposal_id: int) -> Response:
        proposal = _proposal(case_for(request, number, Action.APPROVE), proposal_id)
        data = validated_input(s.ProposalReturnInputSerializer, request)
        with case_rules():
            decision_proposal_return(
                proposal=proposal, user=self.user(request), comment=data["comment"]
            )
        return Response(s.ProposalOutputSerializer(_proposal(proposal.case, proposal.pk)).data)


class CaseReviewApi(StaffApiView):
    @staff_schema(
        "staff_cases_review",
        "Review a contested decision: uphold or overturn it",
        (
            "The case must be a contested one in review. Upholding keeps the decision; "
            "overturning issues `decision` in its place. Every review records whether a "
            "person overturned the decision and whether it was automated (GDPR art. 22)."
        ),
        request=s.ReviewInputSerializer,
        responses={201: s.ReviewResultOutputSerializer},
        errors=(400, 403, 404, 409, 415),
    )
    def post(self, request: Request, number: str) -> Response:
        case = case_for(request, number, Action.REVIEW)
        data = validated_input(s.ReviewInputSerializer, request)
        chosen = data["decision"]
        content = None if chosen is None else s.decision_content(chosen, case=case)
        with case_rules():
            review = decision_review(
                case=case,
                user=self.user(request),
                overturn=data["overturn"],
                note=data["note"],
                content=content,
            )
        issued = review.decision.replaced_by.order_by("-id").first() if review.overturned else None
        body = s.ReviewResultOutputSerializer({"review": review, "decision": issued}).data
        return Response(body, status=status.HTTP_201_CREATED)
