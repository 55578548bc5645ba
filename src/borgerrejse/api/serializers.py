"""Input and output serializers of the REST API: one pair per endpoint, no logic.

A few fields share a name with an attribute of DRF's Field or Serializer (`label`,
`required`, `fields`, `errors`). DRF's metaclass takes declared fields off the class, so
nothing is shadowed at run time; only mypy sees a clash, hence the `type: ignore`s.

Output serializers read the catalogue's pydantic documents and the case models as they
are; they never query. Input serializers only check shapes: what an answer must be is
the catalogue's business (`borgerrejse.catalog.answers`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from borgerrejse.api.fields import EnumField
from borgerrejse.cases.models import (
    ActorKind,
    Case,
    Channel,
    Decision,
    DecisionOutcome,
    DecisionPreference,
    Status,
    TimelineEvent,
)
from borgerrejse.cases.services import MAX_CONTEST_LENGTH
from borgerrejse.catalog.schema import (
    Channel as ServiceChannel,
)
from borgerrejse.catalog.schema import (
    ChannelTerms,
    Department,
    FieldType,
    FormField,
    LifeSituation,
    ServiceDefinition,
    Stakes,
)
from borgerrejse.catalog.selectors import service_definition
from borgerrejse.rules.definitions import AmountKind, AutomationPolicy, Outcome

# Errors


@extend_schema_serializer(component_name="Error")
class ErrorOutputSerializer(serializers.Serializer):
    """Every error: a message for people, and the messages for each field that is wrong."""

    detail = serializers.CharField(help_text="What went wrong, in the caller's language.")
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text=(
            "Messages by field. Answers are named `answers.<field>`; the Idempotency-Key "
            "header is `Idempotency-Key`. Empty when no single field is to blame."
        ),
    )


# Catalogue


@extend_schema_serializer(component_name="LocalText")
class LocalTextOutputSerializer(serializers.Serializer):
    da = serializers.CharField(help_text="Danish, the source language.")
    en = serializers.CharField(help_text="English.")


@extend_schema_serializer(component_name="ChannelTerms")
class ChannelTermsOutputSerializer(serializers.Serializer):
    channel = EnumField(ServiceChannel, component_name="ServiceChannel")
    deadline_working_days = serializers.IntegerField(
        help_text="Working days from submission to decision on this channel."
    )
    attendance_required = serializers.BooleanField(
        help_text="The citizen must come in person (for example to be photographed)."
    )
    booking_only = serializers.BooleanField(
        help_text=(
            "On the web only a visit is booked (and a fee paid); the application itself is "
            "made in person. An API application is refused for such a service."
        )
    )


@extend_schema_serializer(component_name="AppealGuidance")
class AppealOutputSerializer(serializers.Serializer):
    """Klagevejledning, forvaltningsloven § 25."""

    body = LocalTextOutputSerializer(help_text="The body that decides an appeal.")
    how = LocalTextOutputSerializer(help_text="How to appeal.")
    deadline_weeks = serializers.IntegerField()


@extend_schema_serializer(component_name="ServiceSummary")
class ServiceListOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    title = LocalTextOutputSerializer()
    summary = LocalTextOutputSerializer()
    life_situation = EnumField(LifeSituation, component_name="LifeSituation")
    department = EnumField(Department, component_name="Department")
    kle = serializers.CharField(help_text="The KLE subject number.")
    legal_basis = serializers.CharField()
    stakes = EnumField(Stakes, component_name="Stakes")
    automation = EnumField(
        AutomationPolicy,
        component_name="AutomationPolicy",
        help_text="`grant_only`: the rules may grant at once; anything else goes to a person.",
    )
    amount_kind = EnumField(AmountKind, component_name="AmountKind", allow_null=True)
    channels = serializers.SerializerMethodField()
    appeal = AppealOutputSerializer()

    @extend_schema_field(ChannelTermsOutputSerializer(many=True))
    def get_channels(self, definition: ServiceDefinition) -> list[dict[str, Any]]:
        return [_channel_terms(channel, terms) for channel, terms in definition.channels.items()]


def _channel_terms(channel: ServiceChannel, terms: ChannelTerms) -> dict[str, Any]:
    return {"channel": channel.value, **terms.model_dump(mode="json")}


@extend_schema_serializer(component_name="FieldOption")
class FieldOptionOutputSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to send as the answer.")
    label = LocalTextOutputSerializer()  # type: ignore[assignment]


@extend_schema_serializer(component_name="FieldValidation")
class FieldValidationOutputSerializer(serializers.Serializer):
    min = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    min_length = serializers.IntegerField(allow_null=True)
    max_length = serializers.IntegerField(allow_null=True)
    pattern = serializers.CharField(allow_null=True)
    not_in_future = serializers.BooleanField()
    not_in_past = serializers.BooleanField()


@extend_schema_serializer(component_name="FormField")
class FormFieldOutputSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The key of the answer in `answers`.")
    type = EnumField(FieldType, component_name="FieldType")
    label = LocalTextOutputSerializer()  # type: ignore[assignment]
    help = LocalTextOutputSerializer(allow_null=True)
    required = serializers.BooleanField()  # type: ignore[assignment]
    allow_unknown = serializers.BooleanField(
        help_text='The answer may be "unknown"; the case then goes to a caseworker.'
    )
    options = serializers.SerializerMethodField()
    validation = FieldValidationOutputSerializer()
    show_if = serializers.CharField(
        allow_null=True,
        help_text="A CEL condition over earlier answers: the field is asked only when it holds.",
    )

    @extend_schema_field(FieldOptionOutputSerializer(many=True))
    def get_options(self, field: FormField) -> list[dict[str, Any]]:
        return [
            {"value": value, "label": label.model_dump()} for value, label in field.options.items()
        ]


@extend_schema_serializer(component_name="FormStep")
class FormStepOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    title = LocalTextOutputSerializer()
    fields = FormFieldOutputSerializer(many=True)  # type: ignore[assignment]


@extend_schema_serializer(component_name="Form")
class FormOutputSerializer(serializers.Serializer):
    steps = FormStepOutputSerializer(many=True)


@extend_schema_serializer(component_name="AttachmentSlot")
class AttachmentOutputSerializer(serializers.Serializer):
    id = serializers.CharField()
    label = LocalTextOutputSerializer()  # type: ignore[assignment]
    help = LocalTextOutputSerializer(allow_null=True)
    required = serializers.BooleanField()  # type: ignore[assignment]
    types = serializers.ListField(child=serializers.CharField(), help_text="File extensions.")
    max_size_mb = serializers.IntegerField()


@extend_schema_serializer(component_name="Service")
class ServiceDetailOutputSerializer(ServiceListOutputSerializer):
    form = FormOutputSerializer()
    attachments = AttachmentOutputSerializer(many=True)


# Evaluation: exactly what `borgerrejse evaluate` prints


@extend_schema_serializer(component_name="Evaluate")
class EvaluateInputSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Answers by field name, as listed in the service's form.",
    )
    on = serializers.DateField(
        required=False,
        help_text="The decision date. Default: today (Europe/Copenhagen).",
    )

    # The rules compute with dates around the decision date; far-off years make no sense.
    EARLIEST = dt.date(1900, 1, 1)
    LATEST = dt.date(2199, 12, 31)

    def validate_on(self, value: dt.date) -> dt.date:
        if not self.EARLIEST <= value <= self.LATEST:
            raise serializers.ValidationError(
                _("Datoen skal ligge mellem år %(first)d og %(last)d.")
                % {"first": self.EARLIEST.year, "last": self.LATEST.year}
            )
        return value


@extend_schema_serializer(component_name="EvaluationReason")
class ReasonOutputSerializer(serializers.Serializer):
    rule = serializers.CharField()
    text = serializers.CharField(help_text="In the language asked for (Accept-Language).")
    legal_basis = serializers.CharField()
    facts = serializers.DictField(child=serializers.JSONField(), help_text="The facts used.")


@extend_schema_serializer(component_name="TraceEntry")
class TraceEntryOutputSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.CharField()
    expression = serializers.CharField()
    status = EnumField(
        ["true", "false", "value", "missing", "error", "not_reached"], component_name="TraceStatus"
    )
    value = serializers.JSONField(allow_null=True)
    reads = serializers.DictField(child=serializers.JSONField())
    missing = serializers.ListField(child=serializers.CharField(), required=False)
    error = serializers.CharField(required=False)


@extend_schema_serializer(component_name="Evaluation")
class EvaluationOutputSerializer(serializers.Serializer):
    """The rules' result and how they got there. Nothing is stored and nothing decided."""

    service = serializers.CharField()
    version = serializers.IntegerField()
    outcome = EnumField(
        Outcome,
        component_name="RuleOutcome",
        help_text="What would happen now: a grant, or referral to a caseworker.",
    )
    proposed_outcome = EnumField(
        Outcome,
        component_name="RuleOutcome",
        help_text="What the rules found, before the automation policy.",
    )
    amount_dkk = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, coerce_to_string=True
    )
    amount_kind = EnumField(AmountKind, component_name="AmountKind", allow_null=True)
    reasons = ReasonOutputSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField())
    invalid = serializers.ListField(child=serializers.CharField())
    decision_date = serializers.DateField()
    trace = TraceEntryOutputSerializer(many=True)


# Cases


@extend_schema_serializer(component_name="CaseCreate")
class CaseCreateInputSerializer(serializers.Serializer):
    service = serializers.CharField(max_length=60, help_text="The service's slug.")
    answers = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Every answer of the form at once, by field name.",
    )
    decision_preference = EnumField(
        DecisionPreference,
        component_name="DecisionPreference",
        help_text=(
            "`instant`: decide at once where the rules allow it; `caseworker`: a person looks "
            "at it whatever the rules say."
        ),
    )


@extend_schema_serializer(component_name="CaseContest")
class CaseContestInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True,
        trim_whitespace=True,
        help_text="Why the citizen disagrees with the decision.",
    )

    def validate_reason(self, value: str) -> str:
        # The same messages as the service gives, so the web and the API read alike.
        if not value:
            raise serializers.ValidationError(_("Skriv, hvorfor du er uenig i afgørelsen."))
        if len(value) > MAX_CONTEST_LENGTH:
            raise serializers.ValidationError(
                _(
                    "Skriv højst %(limit)s tegn. Du kan sende mere, når en sagsbehandler "
                    "kontakter dig."
                )
                % {"limit": MAX_CONTEST_LENGTH}
            )
        return value


@extend_schema_serializer(component_name="CaseService")
class CaseServiceOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    title = LocalTextOutputSerializer()


def _case_service(case: Case) -> dict[str, Any]:
    definition = service_definition(case.service_version)
    return {
        "slug": case.service_slug,
        "version": case.service_version.version,
        "title": definition.title.model_dump(),
    }


def _text_in_language(text: Any) -> str:
    """A stored {"da", "en"} text in the active language (a plain string as it is)."""
    if isinstance(text, dict):
        language = (get_language() or "da").split("-")[0]
        return str(text.get(language) or text.get("da") or "")
    return "" if text is None else str(text)


@extend_schema_serializer(component_name="CaseSummary")
class CaseListOutputSerializer(serializers.Serializer):
    number = serializers.CharField()
    service = serializers.SerializerMethodField()
    status = EnumField(Status, component_name="CaseStatus")
    status_display = serializers.CharField(
        source="get_status_display", help_text="The status in the caller's language."
    )
    intake_channel = EnumField(Channel, component_name="CaseChannel")
    submitted_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(CaseServiceOutputSerializer)
    def get_service(self, case: Case) -> dict[str, Any]:
        return _case_service(case)


@extend_schema_serializer(component_name="TimelineEvent")
class TimelineEventOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = EnumField(TimelineEvent.Kind, component_name="TimelineEventKind")
    kind_display = serializers.CharField(source="get_kind_display")
    status_from = EnumField(["", *Status.values], component_name="TimelineStatus")
    status_to = EnumField(["", *Status.values], component_name="TimelineStatus")
    actor_kind = EnumField(ActorKind, component_name="ActorKind")
    actor_name = serializers.CharField()
    channel = EnumField(Channel, component_name="CaseChannel")


@extend_schema_serializer(component_name="DecisionReason")
class DecisionReasonOutputSerializer(serializers.Serializer):
    rule = serializers.CharField()
    text = serializers.CharField(help_text="In the caller's language.")
    legal_basis = serializers.CharField()
    facts = serializers.DictField(child=serializers.JSONField())


@extend_schema_serializer(component_name="DecisionAppeal")
class DecisionAppealOutputSerializer(serializers.Serializer):
    """Klagevejledning, forvaltningsloven § 25, with the last day to appeal."""

    body = serializers.CharField()
    how = serializers.CharField()
    deadline_weeks = serializers.IntegerField()
    deadline = serializers.DateField()


@extend_schema_serializer(component_name="Decision")
class DecisionOutputSerializer(serializers.Serializer):
    """An afgørelse with its reasons, legal basis, facts and appeal guidance (fvl. §§ 22-25)."""

    id = serializers.IntegerField()
    outcome = EnumField(DecisionOutcome, component_name="DecisionOutcome")
    outcome_display = serializers.CharField(source="get_outcome_display")
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True
    )
    amount_kind = serializers.CharField(help_text='"benefit", "fee", or "" for no amount.')
    reasons = serializers.SerializerMethodField()
    legal_basis = serializers.CharField()
    facts = serializers.DictField(child=serializers.JSONField())
    appeal = serializers.SerializerMethodField()
    decided_by_kind = EnumField(ActorKind, component_name="ActorKind")
    decided_by_name = serializers.CharField()
    rule_set_version = serializers.CharField(
        help_text='For an automated decision, the exact rules used, e.g. "sundhedskort v1".'
    )
    issued_at = serializers.DateTimeField()

    @extend_schema_field(DecisionReasonOutputSerializer(many=True))
    def get_reasons(self, decision: Decision) -> list[dict[str, Any]]:
        return [
            {
                "rule": str(reason.get("rule", "")),
                "text": _text_in_language(reason.get("text")),
                "legal_basis": str(reason.get("legal_basis", "")),
                "facts": dict(reason.get("facts") or {}),
            }
            for reason in decision.reasons
        ]

    @extend_schema_field(DecisionAppealOutputSerializer(allow_null=True))
    def get_appeal(self, decision: Decision) -> dict[str, Any] | None:
        appeal = decision.appeal
        if not appeal:
            return None
        return {
            "body": _text_in_language(appeal.get("body")),
            "how": _text_in_language(appeal.get("how")),
            "deadline_weeks": appeal.get("deadline_weeks"),
            "deadline": appeal.get("deadline"),
        }


@extend_schema_serializer(component_name="CaseHandler")
class CaseHandlerOutputSerializer(serializers.Serializer):
    name = serializers.CharField()


@extend_schema_serializer(component_name="Case")
class CaseDetailOutputSerializer(CaseListOutputSerializer):
    decision_preference = EnumField(DecisionPreference, component_name="DecisionPreference")
    department = EnumField(Department, component_name="Department")
    handler = serializers.SerializerMethodField()
    priority = serializers.IntegerField(help_text="Higher is handled sooner.")
    answers = serializers.DictField(child=serializers.JSONField())
    can_contest = serializers.BooleanField(
        help_text="Whether `POST /cases/{number}/contest` is possible now."
    )
    timeline = TimelineEventOutputSerializer(many=True, source="citizen_timeline")
    decisions = DecisionOutputSerializer(many=True, source="decisions.all")

    @extend_schema_field(CaseHandlerOutputSerializer(allow_null=True))
    def get_handler(self, case: Case) -> dict[str, Any] | None:
        """The caseworker who has the case: a name, not a number (design principle 4)."""
        if case.handler is None:
            return None
        return {"name": case.handler.get_full_name() or case.handler.get_username()}
