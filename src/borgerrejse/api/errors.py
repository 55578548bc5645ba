"""Every API error has one shape: `{"detail": "...", "errors": {"field": ["..."]}}`.

DRF's own errors (bad JSON, no token, throttled, ...) keep their status and headers
(`WWW-Authenticate`, `Retry-After`); only the body is made to match. Messages are
rendered in the language of the request (Accept-Language, Danish by default).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

INVALID_INPUT = _("Der er fejl i det, du har sendt. Se beskeden ved hvert felt.")


class ApiError(exceptions.APIException):
    """An error with a message for the caller and, if it concerns fields, theirs."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, detail: Any, *, errors: Mapping[str, list[Any]] | None = None) -> None:
        super().__init__(detail=detail)
        self.field_errors = {
            name: [str(m) for m in messages] for name, messages in (errors or {}).items()
        }


class IdempotencyKeyReused(ApiError):
    """The key was used before for a different request (IETF draft Idempotency-Key, § 2.7)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


def api_exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF's handler, with every error body made `{"detail": ..., "errors": {...}}`."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, dict(context))
    if response is None:
        return None  # not an API error: a bug, and Django's 500 handling takes it
    if isinstance(exc, ApiError):
        response.data = {"detail": str(exc.detail), "errors": exc.field_errors}
    elif isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        # An error about the request as a whole (not a JSON object, say) is the message.
        general = errors.pop("", None)
        detail = " ".join(general) if general else str(INVALID_INPUT)
        response.data = {"detail": detail, "errors": errors}
    else:
        response.data = {"detail": _message(response.data), "errors": {}}
    return response


def field_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as a flat map: {"answers.reason": ["..."]}."""
    if isinstance(detail, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = str(key)
            if name == "non_field_errors":
                name = ""
            flat |= field_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, Mapping | list) for item in detail):
            return {prefix: [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            flat |= field_errors(item, f"{prefix}.{index}" if prefix else str(index))
        return flat
    return {prefix: [str(detail)]}


def _message(data: Any) -> str:
    if isinstance(data, Mapping) and "detail" in data:
        return str(data["detail"])
    return str(data)
