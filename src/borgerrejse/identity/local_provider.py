"""The demo login: a stand-in for MitID that behaves like a real identity provider.

The citizen picks a demo citizen or types a CPR number; there is no password. It must
never run in production: `manage.py check --deploy` reports it (identity.W001).

Like a real provider it
- can be cancelled ("Afbryd"), which gives a `CANCELLED` failure, as MitID does;
- can be slow: `LOCAL_IDP_DELAY_MS` (default 0) waits before each step;
- can fail: `LOCAL_IDP_FAILURE_RATE` (0.0 to 1.0, default 0.0) is the share of logins
  that fail with `PROVIDER_UNAVAILABLE`, so tests and demos can show the error path;
- vouches for NSIS level "substantial", like the MitID app.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, Final, Self

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgerrejse.identity.forms import LocalLoginForm, person_options
from borgerrejse.identity.providers import (
    AssuranceLevel,
    IdentityProvider,
    LoginFailed,
    LoginFailureCode,
    VerifiedIdentity,
)

TEMPLATE: Final = "identity/local_login.html"
UNKNOWN_PERSON_MESSAGE: Final = _(
    "Vi kan ikke finde en borger med dette CPR-nummer i demo-befolkningen"
)
# Failures the form shows on a field; the rest get the login view's general page.
_FIELD_FAILURES: Final = frozenset(
    {
        LoginFailureCode.INVALID_CPR,
        LoginFailureCode.INVALID_REQUEST,
        LoginFailureCode.UNKNOWN_PERSON,
    }
)


class LocalIdentityProvider(IdentityProvider):
    name = "local"

    def __init__(
        self,
        *,
        delay_ms: int = 0,
        failure_rate: float = 0.0,
        rng: random.Random | None = None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        if delay_ms < 0:
            raise ImproperlyConfigured("LOCAL_IDP_DELAY_MS must be 0 or more")
        if not 0.0 <= failure_rate <= 1.0:
            raise ImproperlyConfigured("LOCAL_IDP_FAILURE_RATE must be between 0.0 and 1.0")
        self.delay_ms = delay_ms
        self.failure_rate = failure_rate
        self._rng = rng or random.Random()
        self._sleep = sleep or time.sleep

    @classmethod
    def from_settings(cls) -> Self:
        try:
            delay_ms = int(getattr(settings, "LOCAL_IDP_DELAY_MS", 0))
            failure_rate = float(getattr(settings, "LOCAL_IDP_FAILURE_RATE", 0.0))
        except (TypeError, ValueError) as exc:
            raise ImproperlyConfigured(f"LOCAL_IDP_* settings must be numbers: {exc}") from exc
        return cls(delay_ms=delay_ms, failure_rate=failure_rate)

    def login_start(self, request: HttpRequest) -> HttpResponse:
        self._wait()
        return self._render(request, LocalLoginForm())

    def login_complete(self, request: HttpRequest) -> VerifiedIdentity:
        self._wait()
        if request.POST.get("action") == "cancel":
            raise LoginFailed(LoginFailureCode.CANCELLED)
        # random() is below 1.0, so a rate of 1.0 always fails and 0.0 never does.
        if self._rng.random() < self.failure_rate:
            raise LoginFailed(LoginFailureCode.PROVIDER_UNAVAILABLE)
        form = LocalLoginForm(request.POST)
        if not form.is_valid():
            code = (
                LoginFailureCode.INVALID_CPR
                if "cpr" in form.errors
                else LoginFailureCode.INVALID_REQUEST
            )
            raise LoginFailed(code, _first_error(form))
        return VerifiedIdentity(
            cpr=form.cpr_number.value,
            assurance_level=AssuranceLevel.SUBSTANTIAL,
            provider=self.name,
            authenticated_at=timezone.now(),
        )

    def login_failed(self, request: HttpRequest, failure: LoginFailed) -> HttpResponse | None:
        """The form again, with what was typed and the error on its field."""
        if failure.code not in _FIELD_FAILURES:
            return None
        form = LocalLoginForm(request.POST)
        if form.is_valid() or not form.errors:
            # Valid here, rejected later (no such citizen): the error goes on the field
            # the citizen used to say who they are.
            message = (
                UNKNOWN_PERSON_MESSAGE
                if failure.code == LoginFailureCode.UNKNOWN_PERSON
                else failure.message
            )
            form.add_error(form.error_field, str(message))
        return self._render(request, form)

    def _render(self, request: HttpRequest, form: LocalLoginForm) -> HttpResponse:
        context: dict[str, Any] = {"form": form, "people": person_options()}
        return render(request, TEMPLATE, context)

    def _wait(self) -> None:
        if self.delay_ms:
            self._sleep(self.delay_ms / 1000)


def _first_error(form: LocalLoginForm) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return str(LoginFailed(LoginFailureCode.INVALID_REQUEST).message)
