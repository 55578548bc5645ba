"""What every endpoint shares: the error shape, who is calling, and in which language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from borgerrejse.api.authentication import CitizenPrincipal
from borgerrejse.api.errors import api_exception_handler
from borgerrejse.people.models import Citizen


class ApiView(APIView):
    """JSON in, JSON out, and every error in the one shape (`borgerrejse.api.errors`)."""

    parser_classes = [JSONParser]
    # OPTIONS would describe the view from its docstring; the OpenAPI schema does that.
    metadata_class = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Before authentication and throttling, so their errors are in the caller's language.
        translation.activate(request_language(request))
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self) -> Callable[[Exception, Mapping[str, Any]], Response | None]:
        return api_exception_handler


class PublicApiView(ApiView):
    """Open to anyone; a token, if sent, is not even read."""

    authentication_classes = []
    permission_classes: list[type[BasePermission]] = [AllowAny]


class CitizenApiView(ApiView):
    """For a citizen with an API token; `self.citizen(request)` is who they are."""

    permission_classes: list[type[BasePermission]] = [IsAuthenticated]

    def citizen(self, request: Request) -> Citizen:
        principal = request.user
        if not isinstance(principal, CitizenPrincipal):
            raise exceptions.NotAuthenticated()
        return principal.citizen


class SettingsScopedRateThrottle(ScopedRateThrottle):
    """ScopedRateThrottle that reads the rates when asked, not when DRF was imported.

    DRF copies DEFAULT_THROTTLE_RATES into the class once; reading them per request lets
    settings (and tests) change a rate.
    """

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = dict(api_settings.DEFAULT_THROTTLE_RATES or {})
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No throttle rate set for scope {self.scope!r}")
        rate = rates[self.scope]
        return None if rate is None else str(rate)


def request_language(request: HttpRequest) -> str:
    """The language the caller asks for with Accept-Language (or the language cookie).

    LocaleMiddleware cannot be left to decide: with `prefix_default_language=False` it
    gives every path without a language prefix, /api/v1/ too, the default language.
    """
    return translation.get_language_from_request(request, check_path=False)


def language() -> str:
    """The request's language (LocaleMiddleware reads Accept-Language): "da" or "en"."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return "en" if code == "en" else "da"


@csrf_exempt
def endpoint_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under the API: a JSON 404, like every other API error.

    Exempt from CSRF, as the API views are (DRF checks CSRF only for session logins): it
    changes nothing, and a POST to a wrong path must get this 404, not an HTML 403.
    """
    translation.activate(request_language(request))
    return JsonResponse(
        {"detail": str(exceptions.NotFound.default_detail), "errors": {}}, status=404
    )
