"""What staff send to act on a case: notes, requests, consultation, forwarding, …"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from borgerrejse.api.fields import EnumField
from borgerrejse.api.staff_serializers.free_text import FreeTextField
from borgerrejse.cases.models import Channel
from borgerrejse.catalog.schema import Department

CONTACT_CHANNELS = [channel for channel in Channel.values if channel != Channel.SYSTEM]


@extend_schema_serializer(component_name="StaffNoteCreate")
class NoteInputSerializer(serializers.Serializer):
    text = FreeTextField(empty_message=_("Skriv en note."), help_text="Only staff ever see it.")


@extend_schema_serializer(component_name="StaffInformationRequestCreate")
class InformationRequestInputSerializer(serializers.Serializer):
    message = FreeTextField(
        empty_message=_("Skriv, hvad borgeren skal sende."),
        help_text="What the citizen must send, in words they understand.",
    )
    respond_by = serializers.DateField(help_text="The citizen's deadline; today or later.")

    def validate_respond_by(self, value: dt.date) -> dt.date:
        if value < timezone.localdate():
            raise serializers.ValidationError(_("Svarfristen kan ikke ligge før i dag."))
        return value


@extend_schema_serializer(component_name="StaffConsultationCreate")
class ConsultationSendInputSerializer(serializers.Serializer):
    information = FreeTextField(
        empty_message=_("Skriv de oplysninger, borgeren skal høres om."),
        help_text="The information against the citizen they are heard on.",
    )
    respond_by = serializers.DateField(help_text="The deadline to respond; after today.")

    def validate_respond_by(self, value: dt.date) -> dt.date:
        if value <= timezone.localdate():
            raise serializers.ValidationError(_("Fristen skal ligge efter i dag."))
        return value


@extend_schema_serializer(component_name="StaffConsultationResponse")
class ConsultationResponseInputSerializer(serializers.Serializer):
    response = FreeTextField(empty_message=_("Skriv borgerens svar."))
    channel = EnumField(
        CONTACT_CHANNELS, component_name="ContactChannel", help_text="How the citizen answered."
    )


@extend_schema_serializer(component_name="StaffConsultationWaive")
class ConsultationWaiveInputSerializer(serializers.Serializer):
    reason = FreeTextField(
        empty_message=_("Skriv, hvorfor partshøring kan undlades."),
        help_text="Why consultation is not needed (forvaltningsloven § 19, stk. 2).",
    )


@extend_schema_serializer(component_name="StaffForwardCreate")
class ForwardInputSerializer(serializers.Serializer):
    to_department = EnumField(Department, component_name="Department")
    description = FreeTextField(
        empty_message=_("Skriv, hvad den anden afdeling skal gøre."),
        help_text="What the other department is to do.",
    )


@extend_schema_serializer(component_name="StaffTaskComplete")
class TaskCompleteInputSerializer(serializers.Serializer):
    result = FreeTextField(empty_message=_("Skriv, hvad I har gjort."), help_text="What was done.")


@extend_schema_serializer(component_name="StaffWithdraw")
class WithdrawInputSerializer(serializers.Serializer):
    channel = EnumField(
        CONTACT_CHANNELS,
        component_name="ContactChannel",
        help_text="How the citizen told us they withdraw.",
    )


@extend_schema_serializer(component_name="StaffAssign")
class AssignInputSerializer(serializers.Serializer):
    handler = serializers.IntegerField(
        help_text=(
            "The user id of a caseworker in the case's department who handles its service "
            "(see `workload` and `StaffPerson.id`)."
        )
    )
