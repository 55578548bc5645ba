"""Log in and log out. The identity provider does the work; see providers.py."""

from __future__ import annotations

import logging
from typing import Final

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from borgerrejse.identity import sessions
from borgerrejse.identity.access import current_citizen, login_url, safe_next_url
from borgerrejse.identity.providers import (
    IdentityProvider,
    LoginFailed,
    LoginFailureCode,
    identity_provider_get,
)
from borgerrejse.identity.services import citizen_login, citizen_logout

logger = logging.getLogger(__name__)

HOME: Final = "portal:home"

FAILURE_TITLES: Final = {
    LoginFailureCode.CANCELLED: _("Du afbrød log-ind"),
    LoginFailureCode.UNKNOWN_PERSON: _("Vi kan ikke finde dig"),
    LoginFailureCode.INVALID_CPR: _("Log-ind mislykkedes"),
    LoginFailureCode.PROVIDER_UNAVAILABLE: _("Log-ind virker ikke lige nu"),
    LoginFailureCode.TIMEOUT: _("Log-ind tog for lang tid"),
    LoginFailureCode.INVALID_REQUEST: _("Log-ind mislykkedes"),
    LoginFailureCode.INSUFFICIENT_ASSURANCE: _("Log ind med MitID"),
}
FAILURE_STATUS: Final = {
    LoginFailureCode.CANCELLED: 200,
    LoginFailureCode.UNKNOWN_PERSON: 403,
    LoginFailureCode.INVALID_CPR: 400,
    LoginFailureCode.PROVIDER_UNAVAILABLE: 503,
    LoginFailureCode.TIMEOUT: 504,
    LoginFailureCode.INVALID_REQUEST: 400,
    LoginFailureCode.INSUFFICIENT_ASSURANCE: 403,
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    """GET starts a login with the provider; POST completes a step the provider showed."""
    provider = identity_provider_get()
    if request.method == "POST":
        return _login_finish(request, provider)
    next_url = safe_next_url(request, request.GET.get("next"))
    if current_citizen(request) is not None:
        return redirect(next_url or resolve_url(HOME))
    if next_url:
        request.session[sessions.NEXT] = next_url
    else:
        request.session.pop(sessions.NEXT, None)
    return provider.login_start(request)


@never_cache
@require_http_methods(["GET", "POST"])
def login_callback(request: HttpRequest) -> HttpResponse:
    """Where a provider sends the browser back to, with its answer."""
    return _login_finish(request, identity_provider_get())


def _login_finish(request: HttpRequest, provider: IdentityProvider) -> HttpResponse:
    # Read before the login: logging in as someone new empties the session.
    next_url = safe_next_url(request, request.session.get(sessions.NEXT))
    try:
        identity = provider.login_complete(request)
        citizen_login(request=request, identity=identity)
    except LoginFailed as failure:
        logger.info("login through %s failed: %s", provider.name, failure.code.value)
        own_step = provider.login_failed(request, failure)
        if own_step is not None:
            return own_step
        return render(
            request,
            "identity/login_failed.html",
            {
                "title": FAILURE_TITLES[failure.code],
                "message": failure.message,
                "retry_url": login_url(next_url=next_url),
            },
            status=FAILURE_STATUS[failure.code],
        )
    request.session.pop(sessions.NEXT, None)
    return redirect(next_url or resolve_url(HOME))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """GET shows who is logged in, with a button; POST logs out (then GET says so)."""
    if request.method == "POST":
        # Asked before the session goes: a provider's logout may need what it holds.
        provider_logout = identity_provider_get().logout_redirect(request)
        citizen_logout(request=request)
        return redirect(provider_logout or reverse("identity:logout"))
    return render(request, "identity/logout.html", {"citizen": current_citizen(request)})
