"""The queue, "take next", and the team's workload."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from borgerrejse.api import staff_serializers as s
from borgerrejse.api.views.staff.base import StaffApiView, case_detail, staff_schema
from borgerrejse.cases.selectors import QueueFilter, queue_cases, queue_counts, workload
from borgerrejse.cases.services import case_claim_next
from borgerrejse.catalog.selectors import service_definition, service_versions_current
from borgerrejse.staff.roles import Action


def _service_titles(today: dt.date) -> dict[str, dict[str, str]]:
    """Every current service's title by slug, from one query of the catalogue."""
    return {
        version.slug: service_definition(version).title.model_dump()
        for version in service_versions_current(on=today)
    }


class QueuePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100


PAGE = OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY, description="From 1.")


PAGE_SIZE = OpenApiParameter(
    "page_size",
    OpenApiTypes.INT,
    OpenApiParameter.QUERY,
    description=f"Cases per page: {QueuePagination.page_size} unless given, at most "
    f"{QueuePagination.max_page_size}.",
)


class QueueApi(StaffApiView):
    @staff_schema(
        "staff_queue",
        "My queue: cases waiting for a caseworker, the right one first",
        (
            "Cases nobody has taken yet, new referrals and contested decisions, in the "
            "caller's departments and services (skills), ordered by the priority policy: "
            "points first, then the earliest due date. A page at a time, with the open "
            "cases in scope counted by status. Empty for a role without skills (the "
            "front desk); administrators, who see no cases, get 403."
        ),
        parameters=[s.QueueFilterInputSerializer, PAGE, PAGE_SIZE],
        responses={200: s.QueueOutputSerializer},
        errors=(400, 403, 404),
        descriptions={
            403: "Administrators see no cases.",
            404: "No such page.",
        },
    )
    def get(self, request: Request) -> Response:
        member = self.require(request, Action.VIEW)
        filters = s.QueueFilterInputSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        today = timezone.localdate()
        cases = (
            queue_cases(
                departments=member.departments,
                services=member.skills,
                filters=QueueFilter(**filters.validated_data),
                today=today,
            )
            # A row needs neither the service document nor the answers and rule trace.
            .select_related(None)
            .select_related("citizen")
            .defer("answers", "evaluation")
        )
        paginator = QueuePagination()
        page = paginator.paginate_queryset(cases, request, view=self)
        assert paginator.page is not None  # paginate_queryset raised NotFound otherwise
        body = {
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "counts": queue_counts(departments=member.departments, services=member.skills),
            "results": page,
        }
        context = {"today": today, "service_titles": _service_titles(today)}
        return Response(s.QueueOutputSerializer(body, context=context).data)


class QueueClaimApi(StaffApiView):
    @staff_schema(
        "staff_queue_claim",
        "Take next: claim the first case of my queue",
        (
            "Claims the case at the top of the caller's queue (without filters) and puts "
            "it in review with the caller as its handler. Two people pressing at once never "
            "get the same case (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL). "
            "204 when the queue is empty."
        ),
        responses={
            200: s.CaseOutputSerializer,
            204: OpenApiResponse(description="The queue is empty: nothing was claimed."),
        },
        errors=(403,),
    )
    def post(self, request: Request) -> Response:
        member = self.require(request, Action.CLAIM)
        case = case_claim_next(
            user=self.user(request), departments=member.departments, services=member.skills
        )
        if case is None or case.number is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(case_detail(request, case.number))


class WorkloadApi(StaffApiView):
    @staff_schema(
        "staff_workload",
        "Workload per caseworker in my departments",
        "Open and overdue cases per handler, for a team lead handing cases out.",
        responses={200: s.WorkloadOutputSerializer(many=True)},
        errors=(403,),
    )
    def get(self, request: Request) -> Response:
        member = self.require(request, Action.ASSIGN)
        rows = workload(departments=member.departments, today=timezone.localdate())
        body = [
            {
                "handler": {
                    "id": row["handler"],
                    "name": " ".join(
                        part
                        for part in (row["handler__first_name"], row["handler__last_name"])
                        if part
                    )
                    or row["handler__username"],
                },
                "open": row["open"],
                "overdue": row["overdue"],
            }
            for row in rows
        ]
        return Response(s.WorkloadOutputSerializer(body, many=True).data)
