"""One case as staff see it: answers, rules, timeline, notes, and the citizen."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from borgerrejse.api.fields import EnumField
from borgerrejse.api.serializers import (
    CaseServiceOutputSerializer,
    DecisionOutputSerializer,
    ReasonOutputSerializer,
    TraceEntryOutputSerializer,
    _case_service,
)
from borgerrejse.api.staff_serializers.decisions import (
    DecisionContentOutputSerializer,
    ProposalOutputSerializer,
    ReviewOutputSerializer,
)
from borgerrejse.api.staff_serializers.lists import QueueCaseOutputSerializer
from borgerrejse.api.staff_serializers.people import PersonOutputSerializer, person, person_name
from borgerrejse.cases.models import (
    ActorKind,
    Case,
    Channel,
    Consultation,
    DecisionPreference,
    ForwardedTask,
    InformationRequest,
    Status,
    TimelineEvent,
)
from borgerrejse.catalog.schema import Department
from borgerrejse.people.models import Language, PreferredChannel
from borgerrejse.rules.definitions import AmountKind, Outcome
from borgerrejse.staff.roles import Action


@extend_schema_serializer(component_name="StaffCaseReference")
class CaseReferenceOutputSerializer(serializers.Serializer):
    number = serializers.CharField()
    service_slug = serializers.CharField()
    status = EnumField(Status, component_name="CaseStatus")
    submitted_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="StaffCitizen")
class CitizenOutputSerializer(serializers.Serializer):
    """The citizen's context. The CPR number is left out: nothing here needs it."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    birth_date = serializers.DateField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    preferred_language = EnumField(Language, component_name="Language")
    preferred_channels = serializers.ListField(
        child=EnumField(PreferredChannel, component_name="PreferredChannel"),
        help_text="Most preferred first.",
    )
    digital_post_exempt = serializers.SerializerMethodField(
        help_text="Exempt from Digital Post today: letters go on paper."
    )
    other_cases = serializers.SerializerMethodField(
        help_text="The citizen's other cases that the caller may see, newest first."
    )

    @extend_schema_field(serializers.BooleanField())
    def get_digital_post_exempt(self, citizen: Any) -> bool:
        return bool(citizen.is_digital_post_exempt(timezone.localdate()))

    @extend_schema_field(CaseReferenceOutputSerializer(many=True))
    def get_other_cases(self, citizen: Any) -> Any:
        return CaseReferenceOutputSerializer(self.context.get("other_cases", []), many=True).data


@extend_schema_serializer(component_name="StaffEvaluation")
class StoredEvaluationOutputSerializer(serializers.Serializer):
    """What the rules found at submission: the proposal, its reasons and the full trace."""

    outcome = EnumField(Outcome, component_name="RuleOutcome")
    proposed_outcome = EnumField(Outcome, component_name="RuleOutcome")
    amount_dkk = serializers.CharField(allow_null=True)
    amount_kind = EnumField(AmountKind, component_name="AmountKind", allow_null=True)
    reasons = ReasonOutputSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    invalid = serializers.ListField(child=serializers.CharField())
    decision_date = serializers.DateField()
    trace = TraceEntryOutputSerializer(many=True)


@extend_schema_serializer(component_name="StaffAttachment")
class AttachmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slot = serializers.CharField(help_text='The form\'s attachment id, or "" for other files.')
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    information_request = serializers.IntegerField(
        source="information_request_id",
        allow_null=True,
        help_text="The request for information the file answers, if any.",
    )
    uploaded_at = serializers.DateTimeField()


@extend_schema_serializer(component_name="StaffTimelineEvent")
class TimelineEventOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = EnumField(TimelineEvent.Kind, component_name="TimelineEventKind")
    kind_display = serializers.CharField(source="get_kind_display")
    status_from = EnumField(["", *Status.values], component_name="TimelineStatus")
    status_to = EnumField(["", *Status.values], component_name="TimelineStatus")
    actor_kind = EnumField(ActorKind, component_name="ActorKind")
    actor_name = serializers.CharField()
    channel = EnumField(Channel, component_name="CaseChannel")
    visible_to_citizen = serializers.BooleanField(
        help_text="False for internal events (notes, proposals, evaluation errors)."
    )
    data = serializers.DictField(child=serializers.JSONField())  # type: ignore[assignment]


@extend_schema_serializer(component_name="StaffNote")
class NoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(PersonOutputSerializer)
    def get_author(self, note: Any) -> dict[str, Any] | None:
        return person(note.author)


@extend_schema_serializer(component_name="StaffInformationRequest")
class InformationRequestOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = EnumField(InformationRequest.State, component_name="InformationRequestState")
    message = serializers.CharField()
    respond_by = serializers.DateField()
    requested_by_name = serializers.SerializerMethodField()
    answer = serializers.CharField()
    created_at = serializers.DateTimeField()
    answered_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_requested_by_name(self, request: InformationRequest) -> str:
        return person_name(request.requested_by)


@extend_schema_serializer(component_name="StaffConsultation")
class ConsultationOutputSerializer(serializers.Serializer):
    """Partshøring, forvaltningsloven § 19."""

    id = serializers.IntegerField()
    state = EnumField(Consultation.State, component_name="ConsultationState")
    information = serializers.CharField(help_text="What the citizen is heard on.")
    respond_by = serializers.DateField(allow_null=True)
    response = serializers.CharField()
    exception_reason = serializers.CharField(
        help_text="Why consultation was not needed (§ 19, stk. 2), when waived."
    )
    created_by_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    settled_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_created_by_name(self, consultation: Consultation) -> str:
        return person_name(consultation.created_by)


@extend_schema_serializer(component_name="StaffForwardedTask")
class ForwardedTaskOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_department = EnumField(Department, component_name="Department")
    to_department = EnumField(Department, component_name="Department")
    description = serializers.CharField()
    state = EnumField(ForwardedTask.State, component_name="ForwardedTaskState")
    created_by_name = serializers.SerializerMethodField()
    completed_by_name = serializers.SerializerMethodField()
    result = serializers.CharField()
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(serializers.CharField())
    def get_created_by_name(self, task: ForwardedTask) -> str:
        return person_name(task.created_by)

    @extend_schema_field(serializers.CharField())
    def get_completed_by_name(self, task: ForwardedTask) -> str:
        return person_name(task.completed_by)


@extend_schema_serializer(component_name="StaffCase")
class CaseOutputSerializer(QueueCaseOutputSerializer):
    """Everything a caseworker sees: answers, what the rules found and why, the whole
    timeline with internal events, notes, and the citizen's context."""

    service = serializers.SerializerMethodField()
    decision_preference = EnumField(DecisionPreference, component_name="DecisionPreference")
    handler = serializers.SerializerMethodField()
    clock_stopped_on = serializers.DateField(
        allow_null=True, help_text="Set while the case waits for the citizen: the clock stops."
    )
    decided_at = serializers.DateTimeField(allow_null=True)
    citizen = serializers.SerializerMethodField()
    answers = serializers.DictField(child=serializers.JSONField())
    attachments = AttachmentOutputSerializer(many=True, source="attachments.all")
    evaluation = StoredEvaluationOutputSerializer(allow_null=True)
    evaluation_error = serializers.CharField(
        help_text="Why the automatic evaluation failed, if it did."
    )
    contest_reason = serializers.CharField(help_text="The citizen's words, if contested.")
    timeline = TimelineEventOutputSerializer(many=True, source="timeline.all")
    notes = NoteOutputSerializer(many=True, source="notes.all")
    information_requests = InformationRequestOutputSerializer(
        many=True, source="information_requests.all"
    )
    consultations = ConsultationOutputSerializer(many=True, source="consultations.all")
    proposals = ProposalOutputSerializer(many=True, source="proposals.all")
    reviews = ReviewOutputSerializer(many=True, source="reviews.all")
    forwarded_tasks = ForwardedTaskOutputSerializer(many=True, source="forwarded_tasks.all")
    decisions = DecisionOutputSerializer(many=True, source="decisions.all")
    suggested_decision = serializers.SerializerMethodField(
        help_text=(
            "The reasons form pre-filled from the rules, the legal basis and the answers, "
            "for the caseworker to edit and send to `decision`."
        )
    )
    allowed_actions = serializers.SerializerMethodField(
        help_text=(
            "What the caller's role, departments and skills allow on this case. The case's "
            "state may still refuse an action (409)."
        )
    )

    @extend_schema_field(CaseServiceOutputSerializer)
    def get_service(self, case: Case) -> dict[str, Any]:
        """The exact version the case was opened under."""
        return _case_service(case)

    @extend_schema_field(PersonOutputSerializer(allow_null=True))
    def get_handler(self, case: Case) -> dict[str, Any] | None:
        return person(case.handler)

    @extend_schema_field(CitizenOutputSerializer)
    def get_citizen(self, case: Case) -> Any:
        return CitizenOutputSerializer(case.citizen, context=self.context).data

    @extend_schema_field(DecisionContentOutputSerializer)
    def get_suggested_decision(self, case: Case) -> Any:
        suggestion = self.context["suggested_decision"]
        return DecisionContentOutputSerializer(suggestion.as_json()).data

    @extend_schema_field(
        serializers.ListField(child=EnumField(Action, component_name="StaffAction"))
    )
    def get_allowed_actions(self, case: Case) -> list[str]:
        return list(self.context.get("allowed_actions", []))
