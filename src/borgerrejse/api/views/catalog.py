"""The service catalogue, public: what each service is, asks and how it is decided."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from borgerrejse.api.openapi import (
    ACCEPT_LANGUAGE,
    RETRY_AFTER,
    SERVICE_NOT_FOUND,
    error_responses,
)
from borgerrejse.api.serializers import (
    EvaluateInputSerializer,
    EvaluationOutputSerializer,
    ServiceDetailOutputSerializer,
    ServiceListOutputSerializer,
)
from borgerrejse.api.views.base import PublicApiView, SettingsScopedRateThrottle, language
from borgerrejse.catalog.schema import ServiceDefinition
from borgerrejse.catalog.selectors import (
    ServiceNotFound,
    service_definition,
    service_evaluate,
    service_version_get,
    service_versions_current,
)

TAGS = ["services"]


def service_not_found(slug: str) -> exceptions.NotFound:
    return exceptions.NotFound(_("Vi har ingen tjeneste, der hedder »%(slug)s«.") % {"slug": slug})


class ServiceListApi(PublicApiView):
    @extend_schema(
        operation_id="services_list",
        summary="The services offered today",
        description="One entry per service: the version that applies today.",
        tags=TAGS,
        parameters=[ACCEPT_LANGUAGE],
        responses={200: ServiceListOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        versions = service_versions_current(on=timezone.localdate())
        definitions = [service_definition(version) for version in versions]
        return Response(ServiceListOutputSerializer(definitions, many=True).data)


class ServiceDetailApi(PublicApiView):
    @extend_schema(
        operation_id="services_retrieve",
        summary="One service, with its form and attachments",
        description=(
            "The version that applies today, with every step and field of the form: what to "
            "send as `answers` to `evaluate` and `POST /cases`."
        ),
        tags=TAGS,
        parameters=[ACCEPT_LANGUAGE],
        responses={
            200: ServiceDetailOutputSerializer,
            **error_responses(404, descriptions=SERVICE_NOT_FOUND),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        definition = _current_definition(slug)
        return Response(ServiceDetailOutputSerializer(definition).data)


def _current_definition(slug: str) -> ServiceDefinition:
    try:
        version = service_version_get(slug=slug, on=timezone.localdate())
    except ServiceNotFound:
        raise service_not_found(slug) from None
    return service_definition(version)


class ServiceEvaluateApi(PublicApiView):
    throttle_classes = [SettingsScopedRateThrottle]
    throttle_scope = "evaluate"

    @extend_schema(
        operation_id="services_evaluate",
        summary="Try the rules: what would the answers lead to?",
        description=(
            "Evaluates answers against the service's rules, exactly as `borgerrejse evaluate` "
            "does: the outcome, the amount, the reasons with their legal basis, what is "
            "missing or invalid, and a trace of every rule. Nothing is stored or decided. "
            "Reason texts are in the language of `Accept-Language`. Rate limited per client."
        ),
        tags=TAGS,
        parameters=[ACCEPT_LANGUAGE, RETRY_AFTER],
        request=EvaluateInputSerializer,
        responses={
            200: EvaluationOutputSerializer,
            **error_responses(400, 404, 415, 429, descriptions=SERVICE_NOT_FOUND),
        },
        examples=[
            OpenApiExample(
                "A lost health card",
                value={"answers": {"reason": "lost"}, "on": "2026-03-02"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request, slug: str) -> Response:
        serializer = EvaluateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            result = service_evaluate(
                slug=slug,
                answers=data["answers"],
                on=data.get("on") or timezone.localdate(),
                language=language(),
            )
        except ServiceNotFound:
            raise service_not_found(slug) from None
        # As the CLI prints it: the output serializer documents the shape, it does not redo it.
        return Response(result)
