"""Input and output serializers of the staff API (`/api/v1/staff/`): shapes only, no logic.

A package, by what the serializers are for: `lists` (the queue and the team), `case` (one
case as staff see it), `decisions`, `actions`, and the `people` and `free_text` they
share.

Input serializers check what can be checked without the case, with the same messages as
the case services give, so the workbench and the API read alike. What depends on the
case's state stays with the services (`borgerrejse.cases.services`).

Output serializers read what the view has fetched and prefetched; they never query.
"""

from borgerrejse.api.staff_serializers.actions import (
    CONTACT_CHANNELS,
    AssignInputSerializer,
    ConsultationResponseInputSerializer,
    ConsultationSendInputSerializer,
    ConsultationWaiveInputSerializer,
    ForwardInputSerializer,
    InformationRequestInputSerializer,
    NoteInputSerializer,
    TaskCompleteInputSerializer,
    WithdrawInputSerializer,
)
from borgerrejse.api.staff_serializers.case import (
    AttachmentOutputSerializer,
    CaseOutputSerializer,
    CaseReferenceOutputSerializer,
    CitizenOutputSerializer,
    ConsultationOutputSerializer,
    ForwardedTaskOutputSerializer,
    InformationRequestOutputSerializer,
    NoteOutputSerializer,
    StoredEvaluationOutputSerializer,
    TimelineEventOutputSerializer,
)
from borgerrejse.api.staff_serializers.decisions import (
    DecisionContentInputSerializer,
    DecisionContentOutputSerializer,
    DecisionContentReasonSerializer,
    ProposalOutputSerializer,
    ProposalReturnInputSerializer,
    ReasonTextSerializer,
    ReviewInputSerializer,
    ReviewOutputSerializer,
    ReviewResultOutputSerializer,
    decision_content,
)
from borgerrejse.api.staff_serializers.free_text import FreeTextField
from borgerrejse.api.staff_serializers.lists import (
    QueueCaseOutputSerializer,
    QueueFilterInputSerializer,
    QueueOutputSerializer,
    ServiceReferenceOutputSerializer,
    WorkloadOutputSerializer,
)
from borgerrejse.api.staff_serializers.people import PersonOutputSerializer, person, person_name

__all__ = [
    "CONTACT_CHANNELS",
    "AssignInputSerializer",
    "AttachmentOutputSerializer",
    "CaseOutputSerializer",
    "CaseReferenceOutputSerializer",
    "CitizenOutputSerializer",
    "ConsultationOutputSerializer",
    "ConsultationResponseInputSerializer",
    "ConsultationSendInputSerializer",
    "ConsultationWaiveInputSerializer",
    "DecisionContentInputSerializer",
    "DecisionContentOutputSerializer",
    "DecisionContentReasonSerializer",
    "ForwardInputSerializer",
    "ForwardedTaskOutputSerializer",
    "FreeTextField",
    "InformationRequestInputSerializer",
    "InformationRequestOutputSerializer",
    "NoteInputSerializer",
    "NoteOutputSerializer",
    "PersonOutputSerializer",
    "ProposalOutputSerializer",
    "ProposalReturnInputSerializer",
    "QueueCaseOutputSerializer",
    "QueueFilterInputSerializer",
    "QueueOutputSerializer",
    "ReasonTextSerializer",
    "ReviewInputSerializer",
    "ReviewOutputSerializer",
    "ReviewResultOutputSerializer",
    "ServiceReferenceOutputSerializer",
    "StoredEvaluationOutputSerializer",
    "TaskCompleteInputSerializer",
    "TimelineEventOutputSerializer",
    "WithdrawInputSerializer",
    "WorkloadOutputSerializer",
    "decision_content",
    "person",
    "person_name",
]
