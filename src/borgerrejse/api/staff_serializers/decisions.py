"""Deciding: the decision as written, four-eyes proposals, and reviews."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from borgerrejse.api.fields import EnumField
from borgerrejse.api.serializers import DecisionOutputSerializer
from borgerrejse.api.staff_serializers.free_text import FreeTextField
from borgerrejse.api.staff_serializers.people import PersonOutputSerializer, person, person_name
from borgerrejse.cases.models import Case, DecisionOutcome, DecisionProposal
from borgerrejse.cases.services import DecisionContent
from borgerrejse.cases.services.handling import MAX_TEXT


@extend_schema_serializer(component_name="ReasonText")
class ReasonTextSerializer(serializers.Serializer):
    da = serializers.CharField(allow_blank=True, max_length=MAX_TEXT, help_text="Danish.")
    en = serializers.CharField(
        allow_blank=True,
        required=False,
        max_length=MAX_TEXT,
        help_text="English; the Danish text is used when left out.",
    )


@extend_schema_serializer(component_name="DecisionContentReason")
class DecisionContentReasonSerializer(serializers.Serializer):
    text = ReasonTextSerializer()
    legal_basis = serializers.CharField(
        allow_blank=True,
        required=False,
        max_length=300,
        help_text="The rule this reason rests on; the decision's legal basis when blank.",
    )
    facts = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="The facts this reason uses."
    )


@extend_schema_serializer(component_name="DecisionContent")
class DecisionContentOutputSerializer(serializers.Serializer):
    """A decision as written, before it is issued: a suggestion, or a proposal's content."""

    outcome = EnumField(
        ["", *DecisionOutcome.values],
        component_name="DecisionContentOutcome",
        help_text='The outcome; "" when the rules suggest none.',
    )
    reasons = DecisionContentReasonSerializer(many=True)
    legal_basis = serializers.CharField()
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=True
    )
    facts = serializers.DictField(child=serializers.JSONField())


@extend_schema_serializer(component_name="DecisionContent")
class DecisionContentInputSerializer(serializers.Serializer):
    """Grant, partial grant, reject or dismiss, with reasons (forvaltningsloven §§ 22-24)."""

    outcome = EnumField(DecisionOutcome, component_name="DecisionOutcome")
    reasons = DecisionContentReasonSerializer(
        many=True,
        help_text="At least one reason with Danish text, unless the outcome is `granted`.",
    )
    legal_basis = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        required=False,
        default=None,
        help_text="In kroner, e.g. `12500.00`; null for no amount.",
    )
    facts = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="The facts the decision rests on. Default: the citizen's answers.",
    )

    def validate_amount(self, value: Decimal | None) -> Decimal | None:
        if value is not None and value < 0:
            raise serializers.ValidationError(_("Beløbet kan ikke være negativt."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Reasons may only be left out when the citizen gets everything (fvl. § 22).
        written = [r for r in attrs["reasons"] if str(r["text"].get("da", "")).strip()]
        if attrs["outcome"] != DecisionOutcome.GRANTED and not written:
            raise serializers.ValidationError(
                {"reasons": [_("Skriv begrundelsen. Borgeren skal kunne se, hvorfor.")]}
            )
        return attrs


def decision_content(data: dict[str, Any], *, case: Case) -> DecisionContent:
    """The validated input as the services' DecisionContent."""
    return DecisionContent(
        outcome=data["outcome"],
        reasons=[
            {
                "text": dict(reason["text"]),
                "legal_basis": reason.get("legal_basis", ""),
                "facts": dict(reason.get("facts") or {}),
            }
            for reason in data["reasons"]
        ],
        legal_basis=data["legal_basis"],
        amount=data.get("amount"),
        facts=dict(data["facts"]) if "facts" in data else dict(case.answers),
    )


@extend_schema_serializer(component_name="StaffDecisionProposal")
class ProposalOutputSerializer(serializers.Serializer):
    """A high-stakes rejection waiting for a second caseworker (four eyes)."""

    id = serializers.IntegerField()
    state = EnumField(DecisionProposal.State, component_name="DecisionProposalState")
    content = DecisionContentOutputSerializer()
    proposed_by = serializers.SerializerMethodField()
    settled_by = serializers.SerializerMethodField()
    comment = serializers.CharField(help_text="Why it was returned, if it was.")
    created_at = serializers.DateTimeField()
    settled_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(PersonOutputSerializer)
    def get_proposed_by(self, proposal: DecisionProposal) -> dict[str, Any] | None:
        return person(proposal.proposed_by)

    @extend_schema_field(PersonOutputSerializer(allow_null=True))
    def get_settled_by(self, proposal: DecisionProposal) -> dict[str, Any] | None:
        return person(proposal.settled_by)


@extend_schema_serializer(component_name="StaffDecisionReview")
class ReviewOutputSerializer(serializers.Serializer):
    """A person's review of a contested decision."""

    id = serializers.IntegerField()
    decision = serializers.IntegerField(source="decision_id", help_text="The decision reviewed.")
    was_automated = serializers.BooleanField()
    overturned = serializers.BooleanField()
    note = serializers.CharField()
    reviewer_name = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(serializers.CharField())
    def get_reviewer_name(self, review: Any) -> str:
        return person_name(review.reviewer)


@extend_schema_serializer(component_name="StaffProposalReturn")
class ProposalReturnInputSerializer(serializers.Serializer):
    comment = FreeTextField(
        empty_message=_("Skriv, hvad din kollega skal se på igen."),
        help_text="What the proposer should look at again.",
    )


@extend_schema_serializer(component_name="StaffReviewCreate")
class ReviewInputSerializer(serializers.Serializer):
    overturn = serializers.BooleanField(
        help_text="False upholds the contested decision; true replaces it with `decision`."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT, default="")
    decision = DecisionContentInputSerializer(
        required=False, allow_null=True, default=None, help_text="The new decision, to overturn."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["overturn"] and attrs.get("decision") is None:
            raise serializers.ValidationError({"decision": [_("Skriv den nye afgørelse.")]})
        return attrs


@extend_schema_serializer(component_name="StaffReviewResult")
class ReviewResultOutputSerializer(serializers.Serializer):
    review = ReviewOutputSerializer()
    decision = DecisionOutputSerializer(
        allow_null=True, help_text="The new decision when overturned; null when upheld."
    )
