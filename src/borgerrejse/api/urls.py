"""REST API v1, mounted at /api/v1/ outside the language prefixes: Accept-Language decides."""

from django.urls import path, re_path

from borgerrejse.api.views.base import endpoint_not_found
from borgerrejse.api.views.cases import CaseContestApi, CaseDetailApi, CaseListCreateApi
from borgerrejse.api.views.catalog import ServiceDetailApi, ServiceEvaluateApi, ServiceListApi
from borgerrejse.api.views.docs import DocsApi, SchemaApi
from borgerrejse.api.views.staff import (
    CaseAssignApi,
    CaseCloseApi,
    CaseDecisionApi,
    CaseForwardApi,
    CaseNoteApi,
    CaseRequestInformationApi,
    CaseReviewApi,
    CaseWithdrawApi,
    ConsultationLapseApi,
    ConsultationResponseApi,
    ConsultationSendApi,
    ConsultationWaiveApi,
    ProposalApproveApi,
    ProposalReturnApi,
    QueueApi,
    QueueClaimApi,
    TaskCompleteApi,
    WorkloadApi,
)
from borgerrejse.api.views.staff import CaseDetailApi as StaffCaseDetailApi
from borgerrejse.api.views.staff.contacts import CaseContactsApi, CitizenContactsApi

app_name = "api"

urlpatterns = [
    path("services", ServiceListApi.as_view(), name="service-list"),
    path("services/<str:slug>", ServiceDetailApi.as_view(), name="service-detail"),
    path("services/<str:slug>/evaluate", ServiceEvaluateApi.as_view(), name="service-evaluate"),
    path("cases", CaseListCreateApi.as_view(), name="case-list"),
    path("cases/<str:number>", CaseDetailApi.as_view(), name="case-detail"),
    path("cases/<str:number>/contest", CaseContestApi.as_view(), name="case-contest"),
    # Staff: the same access rules as the workbench (borgerrejse.staff.access).
    path("staff/queue", QueueApi.as_view(), name="staff-queue"),
    path("staff/queue/claim", QueueClaimApi.as_view(), name="staff-queue-claim"),
    path("staff/workload", WorkloadApi.as_view(), name="staff-workload"),
    path("staff/cases/<str:number>", StaffCaseDetailApi.as_view(), name="staff-case-detail"),
    path("staff/cases/<str:number>/notes", CaseNoteApi.as_view(), name="staff-case-notes"),
    path(
        "staff/cases/<str:number>/contacts",
        CaseContactsApi.as_view(),
        name="staff-case-contacts",
    ),
    path(
        "staff/citizens/<int:citizen_id>/contacts",
        CitizenContactsApi.as_view(),
        name="staff-citizen-contacts",
    ),
    path(
        "staff/cases/<str:number>/request-information",
        CaseRequestInformationApi.as_view(),
        name="staff-case-request-information",
    ),
    path(
        "staff/cases/<str:number>/consultations",
        ConsultationSendApi.as_view(),
        name="staff-case-consultations",
    ),
    path(
        "staff/cases/<str:number>/consultations/waive",
        ConsultationWaiveApi.as_view(),
        name="staff-case-consultation-waive",
    ),
    path(
        "staff/cases/<str:number>/consultations/<int:consultation_id>/response",
        ConsultationResponseApi.as_view(),
        name="staff-case-consultation-response",
    ),
    path(
        "staff/cases/<str:number>/consultations/<int:consultation_id>/lapse",
        ConsultationLapseApi.as_view(),
        name="staff-case-consultation-lapse",
    ),
    path("staff/cases/<str:number>/decision", CaseDecisionApi.as_view(), name="staff-case-decide"),
    path(
        "staff/cases/<str:number>/proposals/<int:proposal_id>/approve",
        ProposalApproveApi.as_view(),
        name="staff-case-proposal-approve",
    ),
    path(
        "staff/cases/<str:number>/proposals/<int:proposal_id>/return",
        ProposalReturnApi.as_view(),
        name="staff-case-proposal-return",
    ),
    path("staff/cases/<str:number>/review", CaseReviewApi.as_view(), name="staff-case-review"),
    path("staff/cases/<str:number>/forward", CaseForwardApi.as_view(), name="staff-case-forward"),
    path(
        "staff/cases/<str:number>/tasks/<int:task_id>/complete",
        TaskCompleteApi.as_view(),
        name="staff-case-task-complete",
    ),
    path("staff/cases/<str:number>/close", CaseCloseApi.as_view(), name="staff-case-close"),
    path(
        "staff/cases/<str:number>/withdraw", CaseWithdrawApi.as_view(), name="staff-case-withdraw"
    ),
    path("staff/cases/<str:number>/assign", CaseAssignApi.as_view(), name="staff-case-assign"),
    path("schema/", SchemaApi.as_view(), name="schema"),
    path("docs/", DocsApi.as_view(), name="docs"),
    re_path(r"^", endpoint_not_found),
]
