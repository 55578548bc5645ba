"""What the OpenAPI schema says about errors and headers, shared by every endpoint."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from borgerrejse.api.serializers import ErrorOutputSerializer

SERVICE_NOT_FOUND = {404: "No service with this slug applies today."}
_ERRORS = {
    400: "The request is not valid: see `detail` and the messages by field in `errors`.",
    401: "No valid API token: send `Authorization: Bearer <token>`.",
    404: "Not found, or not yours: someone else's case is never shown.",
    405: "The endpoint does not take this method.",
    406: "The API answers in JSON only.",
    415: "Send the body as JSON (`Content-Type: application/json`).",
    422: "The Idempotency-Key was used before, for a different application.",
    429: "Too many requests: wait the number of seconds in `Retry-After`.",
}


def error_responses(
    *codes: int, descriptions: dict[int, str] | None = None
) -> dict[int, OpenApiResponse]:
    """The error responses of an endpoint, all with the one error body."""
    described = _ERRORS | (descriptions or {})
    return {
        code: OpenApiResponse(ErrorOutputSerializer, description=described[code]) for code in codes
    }


ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="`da` (the default) or `en`: the language of messages and texts.",
)
WWW_AUTHENTICATE = OpenApiParameter(
    "WWW-Authenticate",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[401],
    description='How to authenticate: `Bearer realm="borgerrejse"`.',
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before trying again.",
)
IDEMPOTENCY_KEY_LENGTH = 100
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": IDEMPOTENCY_KEY_LENGTH},
    OpenApiParameter.HEADER,
    required=True,
    description=(
        "A key the client makes for each application, for example a UUID. Sending the same "
        "key and body again returns the case made the first time (200) instead of a second "
        "case; the same key with a different body is refused (422)."
    ),
)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description="The URL of the new case.",
)
