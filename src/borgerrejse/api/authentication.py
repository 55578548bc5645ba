"""API authentication: citizens with bearer tokens, staff with their logged-in session.

Citizens: `Authorization: Bearer <token>`, acting as one citizen. Tokens are made by
`identity.services.api_token_create` (in a demo: `borgerrejse token CPR`).
`request.user` becomes a `CitizenPrincipal`, and `request.auth` the `ApiToken`.

Staff (`/api/v1/staff/`): the session of a staff login with password *and* TOTP code
(`staff.services.staff_login`), as the workbench uses. No staff tokens: a bearer token
would be a second way in that skips the second factor, and would need its own issuing,
expiry and revocation. The session carries all of that already, and both a browser
logged in to the workbench and a script that logs in through the staff login page have
it.
`request.user` is the Django user, and `request.auth` their `StaffMember`.

The drf-spectacular extension below documents the scheme in the OpenAPI schema. It sits
in this module because DRF imports the module (through DEFAULT_AUTHENTICATION_CLASSES)
before any schema is generated, which registers the extension.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from borgerrejse.identity.models import ApiToken
from borgerrejse.identity.selectors import api_token_authenticate
from borgerrejse.people.models import Citizen
from borgerrejse.staff.access import current_staff
from borgerrejse.staff.models import StaffMember

SCHEME: Final = "Bearer"
KEYWORD: Final = SCHEME.lower().encode()
REALM: Final = "borgerrejse"
STAFF_SCHEME: Final = "Session"
STAFF_REALM: Final = "borgerrejse-staff"


@dataclasses.dataclass(frozen=True)
class CitizenPrincipal:
    """The citizen an API request acts for; what DRF puts in `request.user`."""

    citizen: Citizen
    is_authenticated: bool = dataclasses.field(default=True, init=False)
    is_anonymous: bool = dataclasses.field(default=False, init=False)

    @property
    def pk(self) -> int:
        return self.citizen.pk

    def __str__(self) -> str:
        return f"citizen {self.citizen.pk}"


class CitizenTokenAuthentication(BaseAuthentication):
    """Bearer tokens (RFC 6750). No header, or another scheme: not ours, so None."""

    def authenticate(self, request: Request) -> tuple[CitizenPrincipal, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Authorization-headeren skal være 'Bearer' efterfulgt af én nøgle.")
            )
        try:
            plaintext = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(
                _("Nøglen er ugyldig, udløbet eller tilbagekaldt.")
            ) from None
        token = api_token_authenticate(plaintext=plaintext)
        if token is None:
            raise AuthenticationFailed(_("Nøglen er ugyldig, udløbet eller tilbagekaldt."))
        return CitizenPrincipal(citizen=token.citizen), token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) with a WWW-Authenticate header.
        return f'{SCHEME} realm="{REALM}"'


class CitizenTokenScheme(OpenApiAuthenticationExtension):
    target_class = CitizenTokenAuthentication
    name = "citizenToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scheme: dict[str, Any] = build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=SCHEME
        )
        scheme["description"] = (
            "A citizen's API token: `Authorization: Bearer <token>`. "
            "In a demo, make one with `borgerrejse token CPR`."
        )
        return scheme


class StaffSessionAuthentication(SessionAuthentication):
    """A staff member logged in with password and TOTP code, within the session's limits.

    `staff.access.current_staff` decides, exactly as for the workbench: a session with
    only the password (not OTP-verified), of someone who is not staff, or older than
    `SESSION_MAX_AGE_SECONDS` is no login at all. Writes need the CSRF token, as for any
    session (DRF's SessionAuthentication checks it).
    """

    def authenticate(self, request: Request) -> tuple[Any, StaffMember] | None:
        member = current_staff(request._request)
        if member is None:
            return None
        self.enforce_csrf(request)
        return member.user, member

    def authenticate_header(self, request: Request) -> str:
        # Answer 401, not 403, without a login: 403 means "logged in, but not allowed".
        return f'{STAFF_SCHEME} realm="{STAFF_REALM}"'


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = StaffSessionAuthentication
    name = "staffSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": (
                "The session cookie of a staff login with username, password and TOTP code "
                "(the staff login page). Writes also need the CSRF token in `X-CSRFToken`."
            ),
        }
