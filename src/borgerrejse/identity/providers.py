"""How a citizen proves who they are: the identity-provider adapter and its registry.

The login view knows nothing about MitID, OIDC or the demo login. It talks to one
`IdentityProvider`, chosen by the setting `IDENTITY_PROVIDER` (default "local"):

1. `login_start(request)` begins a login. It returns either a redirect to the provider
   (MitID through a broker, any OIDC provider) or a page of its own (the demo login).
   The login view has already stored a safe `next` address in the session.
2. `login_complete(request)` finishes it. It is called for a POST to the login URL (a
   step the adapter rendered) and for any request to the callback URL
   (`identity:callback`, where a provider sends the browser back). It returns a
   `VerifiedIdentity` or raises `LoginFailed`.
3. `login_failed(request, failure)` may show a failure inside the adapter's own step (the
   demo form with a field error). It returns None to let the login view show its
   general failure page, which explains each `LoginFailureCode` in plain language.
4. `logout_redirect(request)` may return the provider's logout address (single logout),
   asked before the session is flushed. None means a local logout only.

The login service (`identity.services.citizen_login`) then finds the citizen by CPR
number, checks the assurance level (NSIS "substantial" at least) and starts the session.

What a production adapter (MitID through a broker such as NemLog-in, or another OIDC
provider) must do:

- In `login_start`: create a random `state` and `nonce` (and a PKCE verifier), keep
  them in the session, and redirect to the authorisation endpoint with
  `redirect_uri` = the absolute URL of `identity:callback` in the default language.
  Ask for NSIS level "substantial" (`acr_values`) and only the CPR attribute.
- In `login_complete`:
  - Check `state` against the session, once. A mismatch is `INVALID_REQUEST`.
  - Map `error=access_denied` (the citizen pressed "Afbryd") to `CANCELLED`, and other
    error replies to `PROVIDER_UNAVAILABLE`.
  - Exchange the code with a short network timeout. A timeout is `TIMEOUT`; a
    connection or 5xx error is `PROVIDER_UNAVAILABLE`.
  - Verify the ID token: signature against the provider's published keys, issuer,
    audience, expiry and nonce. A failure is `INVALID_REQUEST`.
  - Read the CPR number and the NSIS level from the token (or the broker's attributes),
    and the time of authentication (`auth_time`). A missing CPR number (a person
    without one, or a business identity) is `UNKNOWN_PERSON`.
  - Never log the CPR number, the token or the code.
- In `logout_redirect`: return the end-session URL with `id_token_hint`, so the citizen
  is logged out at the provider as well.
- Set `name` to a short, stable identifier ("mitid", "oidc"): it is stored in the session.

Register a new adapter by adding it to `PROVIDERS`, or set `IDENTITY_PROVIDER` to the
dotted path of its class. Either way the class needs a `from_settings()` class method.
"""

from __future__ import annotations

import abc
import dataclasses
import datetime as dt
import enum
from typing import Final, Self

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

DEFAULT_PROVIDER: Final = "local"

# Adapters by the name used in the IDENTITY_PROVIDER setting.
PROVIDERS: Final[dict[str, str]] = {
    "local": "borgerrejse.identity.local_provider.LocalIdentityProvider",
}


class AssuranceLevel(models.TextChoices):
    """NSIS sikringsniveau: how sure we are that the person is who they say they are.

    Digitaliseringsstyrelsen, "National Standard for Identiteters Sikringsniveauer" 2.0;
    the levels match eIDAS (low, substantial, high). MitID's app gives "substantial".
    """

    LOW = "low", _("lav")
    SUBSTANTIAL = "substantial", _("betydelig")
    HIGH = "high", _("høj")

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def at_least(self, other: AssuranceLevel) -> bool:
        return self.rank >= other.rank


_RANKS: Final = {AssuranceLevel.LOW: 1, AssuranceLevel.SUBSTANTIAL: 2, AssuranceLevel.HIGH: 3}


@dataclasses.dataclass(frozen=True, kw_only=True)
class VerifiedIdentity:
    """What a provider vouches for after a successful login.

    `cpr` is the number as the provider gave it; the login service parses it. It is kept
    out of `repr()` so that it cannot reach a log by accident.
    """

    cpr: str = dataclasses.field(repr=False)
    assurance_level: AssuranceLevel
    provider: str
    authenticated_at: dt.datetime

    def __post_init__(self) -> None:
        if self.authenticated_at.tzinfo is None:
            raise ValueError("authenticated_at must be timezone-aware")
        if not self.provider:
            raise ValueError("provider must name the identity provider")
        # Accept the plain value too ("substantial"), as a broker's attribute reads.
        object.__setattr__(self, "assurance_level", AssuranceLevel(self.assurance_level))


class LoginFailureCode(enum.StrEnum):
    CANCELLED = "cancelled"  # the citizen stopped the login at the provider
    UNKNOWN_PERSON = "unknown_person"  # no citizen with this CPR number in our register
    INVALID_CPR = "invalid_cpr"  # the CPR number is malformed
    PROVIDER_UNAVAILABLE = "provider_unavailable"  # the provider is down or answered with an error
    TIMEOUT = "timeout"  # the provider did not answer in time
    INVALID_REQUEST = "invalid_request"  # incomplete form, wrong state, a token that fails checks
    INSUFFICIENT_ASSURANCE = "insufficient_assurance"  # below NSIS "substantial"


_DEFAULT_MESSAGES: Final = {
    LoginFailureCode.CANCELLED: _("Du afbrød log-ind. Du er ikke logget ind."),
    LoginFailureCode.UNKNOWN_PERSON: _(
        "Vi kan ikke finde dig i vores register over borgere. Ring til os, hvis du mener, "
        "det er en fejl."
    ),
    LoginFailureCode.INVALID_CPR: _("CPR-nummeret er ikke gyldigt."),
    LoginFailureCode.PROVIDER_UNAVAILABLE: _(
        "Log-ind virker ikke lige nu. Det er ikke din fejl. Prøv igen om lidt."
    ),
    LoginFailureCode.TIMEOUT: _("Log-ind tog for lang tid. Prøv igen."),
    LoginFailureCode.INVALID_REQUEST: _("Log-ind gik galt. Prøv igen."),
    LoginFailureCode.INSUFFICIENT_ASSURANCE: _(
        "Dit log-ind er ikke sikkert nok til denne side. Log ind med MitID."
    ),
}


class LoginFailed(Exception):
    """A login that did not give a verified citizen. `message` is for the citizen."""

    def __init__(self, code: LoginFailureCode | str, message: str | Promise | None = None):
        self.code = LoginFailureCode(code)
        self.message: str | Promise = (
            message if message is not None else _DEFAULT_MESSAGES[self.code]
        )
        # Only the code: the message may be lazy, and neither may carry personal data.
        super().__init__(self.code.value)

    def __reduce__(self) -> tuple[type[LoginFailed], tuple[str, str]]:
        return (type(self), (self.code.value, str(self.message)))


class IdentityProvider(abc.ABC):
    """An adapter for one way of logging in. See the module docstring for the contract."""

    name: str

    @classmethod
    @abc.abstractmethod
    def from_settings(cls) -> Self:
        """Build the adapter from Django settings; raise ImproperlyConfigured if wrong."""

    @abc.abstractmethod
    def login_start(self, request: HttpRequest) -> HttpResponse:
        """A redirect to the provider, or the adapter's own first step."""

    @abc.abstractmethod
    def login_complete(self, request: HttpRequest) -> VerifiedIdentity:
        """The verified identity from the provider's answer. Raises `LoginFailed`."""

    def login_failed(self, request: HttpRequest, failure: LoginFailed) -> HttpResponse | None:
        """The adapter's own step showing the failure, or None for the general page."""
        return None

    def logout_redirect(self, request: HttpRequest) -> str | None:
        """The provider's logout address, or None when logging out here is enough."""
        return None


def identity_provider_get() -> IdentityProvider:
    """The adapter that `IDENTITY_PROVIDER` names: a key of `PROVIDERS` or a dotted path."""
    name = getattr(settings, "IDENTITY_PROVIDER", DEFAULT_PROVIDER)
    path = PROVIDERS.get(name, name)
    if "." not in path:
        raise ImproperlyConfigured(
            f"IDENTITY_PROVIDER {name!r} is unknown; use one of {sorted(PROVIDERS)} "
            "or the dotted path of an IdentityProvider class."
        )
    try:
        provider_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"IDENTITY_PROVIDER {name!r} cannot be imported: {exc}") from exc
    if not (isinstance(provider_class, type) and issubclass(provider_class, IdentityProvider)):
        raise ImproperlyConfigured(f"IDENTITY_PROVIDER {name!r} is not an IdentityProvider")
    return provider_class.from_settings()
