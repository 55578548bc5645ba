"""Reads: who is logged in, and which citizen an API token acts for."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Final

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from borgerrejse.identity.models import ApiToken
from borgerrejse.identity.sessions import CitizenSession
from borgerrejse.people.models import Citizen

DEFAULT_SESSION_MAX_AGE: Final = dt.timedelta(hours=8)
# last_used_at is for people, not for billing: once a minute spares a write per request.
LAST_USED_RESOLUTION: Final = dt.timedelta(minutes=1)


def session_max_age() -> dt.timedelta:
    """The absolute limit on a login, however active the citizen is."""
    seconds = getattr(settings, "SESSION_MAX_AGE_SECONDS", None)
    return DEFAULT_SESSION_MAX_AGE if seconds is None else dt.timedelta(seconds=int(seconds))


def citizen_session_get(*, request: HttpRequest) -> CitizenSession | None:
    """The login stored in the session, as it is: expiry is checked by `current_citizen`.

    Raises `SessionDamaged` for a session holding part of a login.
    """
    return CitizenSession.read(request.session)


@sensitive_variables("plaintext")
def api_token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@sensitive_variables("plaintext")
def api_token_get_active(*, plaintext: str, now: dt.datetime | None = None) -> ApiToken | None:
    """The unrevoked, unexpired token with this secret, with its citizen; None otherwise.

    The lookup is by hash, so how long the database takes says nothing about the secret.
    """
    if not plaintext or len(plaintext) > 200:
        return None
    digest = api_token_hash(plaintext)
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("citizen")
        .filter(token_hash=digest, revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    return token


@sensitive_variables("plaintext")
def api_token_authenticate(*, plaintext: str) -> ApiToken | None:
    """`api_token_get_active`, and notes the use (at most once a minute per token).

    Noting the use is bookkeeping like Django's `last_login`: one conditional UPDATE of
    one column, which cannot overwrite a revocation made at the same moment.
    """
    now = timezone.now()
    token = api_token_get_active(plaintext=plaintext, now=now)
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token


@sensitive_variables("plaintext")
def citizen_for_token(plaintext: str) -> Citizen | None:
    """The citizen an API token acts for; None for an unknown, expired or revoked token."""
    token = api_token_authenticate(plaintext=plaintext)
    return token.citizen if token is not None else None
