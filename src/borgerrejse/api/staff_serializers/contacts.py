"""Contacts on every channel, as the staff API shows and takes them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from borgerrejse.contacts.models import CONTACT_CHANNELS, Direction, HandlerKind
from borgerrejse.contacts.services import MAX_DURATION_SECONDS, MAX_SUBJECT, MAX_SUMMARY


@extend_schema_serializer(component_name="StaffContact")
class ContactOutputSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When the contact began.")
    channel = serializers.ChoiceField(choices=CONTACT_CHANNELS)
    channel_label = serializers.CharField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    handler_kind = serializers.ChoiceField(choices=HandlerKind.choices)
    handler_name = serializers.CharField(help_text="The staff member; empty for automation.")
    subject = serializers.CharField()
    summary = serializers.CharField()
    case_numbers = serializers.ListField(child=serializers.CharField())
    resolved_at_first_contact = serializers.BooleanField(
        allow_null=True, help_text="Null for a web submission, where the question is moot."
    )
    duration_seconds = serializers.IntegerField(allow_null=True)
    rating = serializers.IntegerField(allow_null=True, help_text="The citizen's 1-5 rating.")
    contact_id = serializers.IntegerField(
        allow_null=True, help_text="Null for a web submission, which lives on the case."
    )
    follows_up_id = serializers.IntegerField(allow_null=True)


@extend_schema_serializer(component_name="StaffContactInput")
class ContactInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=CONTACT_CHANNELS)
    direction = serializers.ChoiceField(choices=Direction.choices)
    subject = serializers.CharField(max_length=MAX_SUBJECT)
    summary = serializers.CharField(max_length=MAX_SUMMARY, required=False, allow_blank=True)
    case_numbers = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Cases of this citizen's."
    )
    resolved_at_first_contact = serializers.BooleanField(required=False, default=False)
    duration_seconds = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=MAX_DURATION_SECONDS
    )
    follows_up_id = serializers.IntegerField(required=False, allow_null=True)
