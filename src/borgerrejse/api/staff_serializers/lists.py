"""The queue and the team: lists of cases, counted and filtered, and the workload."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from borgerrejse.api.fields import EnumField
from borgerrejse.api.serializers import LocalTextOutputSerializer
from borgerrejse.api.staff_serializers.people import PersonOutputSerializer
from borgerrejse.cases.models import Case, Channel, Status
from borgerrejse.cases.services import QUEUE_STATUSES
from borgerrejse.catalog.schema import Department


@extend_schema_serializer(component_name="StaffQueueFilter")
class QueueFilterInputSerializer(serializers.Serializer):
    service = serializers.SlugField(
        required=False, max_length=60, help_text="Only this service (its slug)."
    )
    status = EnumField(
        [str(status) for status in QUEUE_STATUSES],
        component_name="StaffQueueStatus",
        required=False,
        help_text="Only new referrals (`awaiting_caseworker`) or contested decisions.",
    )
    due_this_week = serializers.BooleanField(
        required=False, default=False, help_text="Due from today to Sunday."
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Past the due date."
    )


@extend_schema_serializer(component_name="StaffServiceReference")
class ServiceReferenceOutputSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = LocalTextOutputSerializer(help_text="The title of the version that applies today.")


@extend_schema_serializer(component_name="StaffQueueCase")
class QueueCaseOutputSerializer(serializers.Serializer):
    """One row of a list. `context["service_titles"]` has the titles by slug, so that a
    page of rows needs neither the service versions nor their documents."""

    number = serializers.CharField()
    service = serializers.SerializerMethodField()
    department = EnumField(Department, component_name="Department")
    status = EnumField(Status, component_name="CaseStatus")
    status_display = serializers.CharField(source="get_status_display")
    citizen_name = serializers.CharField(source="citizen.full_name")
    intake_channel = EnumField(Channel, component_name="CaseChannel")
    priority = serializers.IntegerField(help_text="Higher is handled sooner.")
    priority_reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="The ids of the priority rules that gave the points (cases.priority).",
    )
    submitted_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    @extend_schema_field(ServiceReferenceOutputSerializer)
    def get_service(self, case: Case) -> dict[str, Any]:
        slug = case.service_slug
        title = self.context["service_titles"].get(slug) or {"da": slug, "en": slug}
        return {"slug": slug, "title": title}

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, case: Case) -> bool:
        return _overdue(case, self.context.get("today") or timezone.localdate())


def _overdue(case: Case, today: dt.date) -> bool:
    return case.due_date is not None and case.clock_stopped_on is None and case.due_date < today


@extend_schema_serializer(component_name="StaffQueue")
class QueueOutputSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Cases in the queue with these filters.")
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text=(
            "Open cases in the caller's departments and services by status, whoever "
            "handles them; without the filters."
        ),
    )
    results = QueueCaseOutputSerializer(many=True)


@extend_schema_serializer(component_name="StaffWorkload")
class WorkloadOutputSerializer(serializers.Serializer):
    handler = PersonOutputSerializer()
    open = serializers.IntegerField(help_text="Open cases the caseworker handles.")
    overdue = serializers.IntegerField(help_text="Of those, past their due date.")
