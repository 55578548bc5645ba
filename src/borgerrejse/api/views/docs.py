"""The OpenAPI schema and its interactive docs, both public.

The docs page loads Swagger UI from drf-spectacular-sidecar's static files, never from
a CDN: the municipality's machines (and ours) may have no internet.
"""

from __future__ import annotations

import json
from typing import Any

from django.templatetags.static import static
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

SWAGGER_UI_STATIC = "drf_spectacular_sidecar/swagger-ui-dist"


class SchemaApi(SpectacularAPIView):
    authentication_classes = []
    permission_classes: list[type[BasePermission]] = [AllowAny]


class DocsApi(SpectacularSwaggerView):
    authentication_classes = []
    permission_classes: list[type[BasePermission]] = [AllowAny]
    url_name = "api:schema"

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        ui_settings = spectacular_settings.SWAGGER_UI_SETTINGS
        if isinstance(ui_settings, dict):
            # Swagger UI would send the schema to validator.swagger.io for a badge.
            response.data["settings"] = json.dumps({**ui_settings, "validatorUrl": None})
        return response

    @staticmethod
    def _swagger_ui_resource(filename: str) -> str:
        return static(f"{SWAGGER_UI_STATIC}/{filename}")

    @staticmethod
    def _swagger_ui_favicon() -> str:
        return static(f"{SWAGGER_UI_STATIC}/favicon-32x32.png")
