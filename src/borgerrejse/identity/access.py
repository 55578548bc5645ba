"""Who is logged in, for views and templates: `current_citizen` and `@citizen_required`."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Concatenate, ParamSpec
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from borgerrejse.identity import sessions
from borgerrejse.identity.selectors import citizen_session_get, session_max_age
from borgerrejse.identity.services import citizen_logout
from borgerrejse.people.models import Citizen
from borgerrejse.people.selectors import citizen_get

logger = logging.getLogger(__name__)

P = ParamSpec("P")
_UNSET = object()


def current_citizen(request: HttpRequest) -> Citizen | None:
    """The logged-in citizen, or None.

    A login older than `SESSION_MAX_AGE_SECONDS` has ended however active the citizen
    was: its session is flushed. So is a damaged one, or one whose citizen is gone.
    """
    cached = getattr(request, sessions.REQUEST_CACHE_ATTRIBUTE, _UNSET)
    if cached is not _UNSET:
        assert cached is None or isinstance(cached, Citizen)
        return cached
    citizen = _citizen_from_session(request)
    setattr(request, sessions.REQUEST_CACHE_ATTRIBUTE, citizen)
    return citizen


def _citizen_from_session(request: HttpRequest) -> Citizen | None:
    try:
        login = citizen_session_get(request=request)
    except sessions.SessionDamaged as exc:
        logger.warning("a damaged citizen session was ended: %s", exc)
        citizen_logout(request=request)
        return None
    if login is None:
        return None
    if timezone.now() >= login.expires_at(max_age=session_max_age()):
        logger.info("citizen %s reached the session's maximum age", login.citizen_id)
        citizen_logout(request=request)
        return None
    citizen = citizen_get(citizen_id=login.citizen_id)
    if citizen is None:
        citizen_logout(request=request)
    return citizen


def safe_next_url(request: HttpRequest, url: str | None) -> str | None:
    """`url` if it stays on this site; None for anything else (an open redirect)."""
    if not url:
        return None
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def login_url(*, next_url: str | None = None) -> str:
    """The login page in the active language, coming back to `next_url` afterwards."""
    url = reverse("identity:login")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def citizen_required(
    view: Callable[Concatenate[HttpRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Send a visitor who is not logged in to the login page, and back here afterwards.

    Pages behind it hold personal data, so browsers and proxies must not keep them: a
    library computer's back button shows nothing after the citizen has logged out.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if current_citizen(request) is None:
            response: HttpResponse = HttpResponseRedirect(
                login_url(next_url=request.get_full_path())
            )
        else:
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper
