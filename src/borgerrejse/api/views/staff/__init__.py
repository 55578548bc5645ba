"""The staff API: the queue, a case as a caseworker sees it, and every action on it.

The same rules as the workbench, from the same place: every case is fetched through
`staff.access.access_case_for_staff` with the action about to be taken. A case outside
the caller's scope is "not found" (404), never "forbidden", so an answer does not tell
whether it exists; a case in scope that the caller's role or skills do not allow the
action on is 403. What the case's *state* allows is the services' business
(`borgerrejse.cases.services`): their refusals are 409, with their message.

Authentication is the staff login's session, OTP-verified (see `api.authentication`).

A package: `base` (what every endpoint shares), `lists` (the queue and the team),
`cases` (one case and what is done with it) and `deciding`.
"""

from borgerrejse.api.views.staff.cases import (
    CaseAssignApi,
    CaseCloseApi,
    CaseDetailApi,
    CaseForwardApi,
    CaseNoteApi,
    CaseRequestInformationApi,
    CaseWithdrawApi,
    ConsultationLapseApi,
    ConsultationResponseApi,
    ConsultationSendApi,
    ConsultationWaiveApi,
    TaskCompleteApi,
)
from borgerrejse.api.views.staff.deciding import (
    CaseDecisionApi,
    CaseReviewApi,
    ProposalApproveApi,
    ProposalReturnApi,
)
from borgerrejse.api.views.staff.lists import QueueApi, QueueClaimApi, WorkloadApi

__all__ = [
    "CaseAssignApi",
    "CaseCloseApi",
    "CaseDecisionApi",
    "CaseDetailApi",
    "CaseForwardApi",
    "CaseNoteApi",
    "CaseRequestInformationApi",
    "CaseReviewApi",
    "CaseWithdrawApi",
    "ConsultationLapseApi",
    "ConsultationResponseApi",
    "ConsultationSendApi",
    "ConsultationWaiveApi",
    "ProposalApproveApi",
    "ProposalReturnApi",
    "QueueApi",
    "QueueClaimApi",
    "TaskCompleteApi",
    "WorkloadApi",
]
