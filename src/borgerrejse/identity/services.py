"""Writes: starting and ending a citizen's session, and making and revoking API tokens."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Final

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from borgerrejse.identity import sessions
from borgerrejse.identity.models import ApiToken
from borgerrejse.identity.providers import (
    AssuranceLevel,
    LoginFailed,
    LoginFailureCode,
    VerifiedIdentity,
)
from borgerrejse.identity.selectors import api_token_hash
from borgerrejse.people.cpr import InvalidCPR
from borgerrejse.people.models import Citizen
from borgerrejse.people.selectors import citizen_get_by_cpr

logger = logging.getLogger(__name__)

# Citizens see their own personal data, which needs NSIS "substantial" at least
# (Digitaliseringsstyrelsen's guidance on sikringsniveauer for selvbetjening).
MINIMUM_ASSURANCE: Final = AssuranceLevel.SUBSTANTIAL

DEFAULT_TOKEN_LIFETIME: Final = dt.timedelta(days=30)
MAX_TOKEN_LIFETIME: Final = dt.timedelta(days=366)
TOKEN_PREFIX_LENGTH: Final = 8


@sensitive_variables("identity")
def citizen_login(*, request: HttpRequest, identity: VerifiedIdentity) -> Citizen:
    """Start a session for the citizen the provider vouched for.

    Raises `LoginFailed` (`INVALID_CPR`, `UNKNOWN_PERSON`, `INSUFFICIENT_ASSURANCE`).
    The session gets a new key, so a key planted before the login is worthless (session
    fixation). Logging in as someone else first empties the session of the one before.
    """
    if not identity.assurance_level.at_least(MINIMUM_ASSURANCE):
        raise LoginFailed(LoginFailureCode.INSUFFICIENT_ASSURANCE)
    try:
        citizen = citizen_get_by_cpr(cpr=identity.cpr)
    except InvalidCPR as exc:
        raise LoginFailed(LoginFailureCode.INVALID_CPR, exc.messages[0]) from None
    if citizen is None:
        raise LoginFailed(LoginFailureCode.UNKNOWN_PERSON)

    session = request.session
    if session.get(sessions.CITIZEN_ID) not in (None, citizen.pk):
        session.flush()
    else:
        session.cycle_key()
    sessions.CitizenSession(
        citizen_id=citizen.pk,
        assurance_level=identity.assurance_level,
        provider=identity.provider,
        authenticated_at=identity.authenticated_at,
        logged_in_at=timezone.now(),
    ).write(session)
    setattr(request, sessions.REQUEST_CACHE_ATTRIBUTE, citizen)
    logger.info(
        "citizen %s logged in through %s at level %s",
        citizen.pk,
        identity.provider,
        identity.assurance_level.value,
    )
    return citizen


def citizen_logout(*, request: HttpRequest) -> None:
    """End the session: all its data goes, and the browser gets a new, empty one."""
    citizen_id = request.session.get(sessions.CITIZEN_ID)
    request.session.flush()
    setattr(request, sessions.REQUEST_CACHE_ATTRIBUTE, None)
    if citizen_id is not None:
        logger.info("citizen %s logged out", citizen_id)


class TokenLifetimeInvalid(ValueError):
    pass


def api_token_create(
    *, citizen: Citizen, lifetime: dt.timedelta = DEFAULT_TOKEN_LIFETIME
) -> tuple[ApiToken, str]:
    """Make a bearer token for the citizen. Returns the token and its secret.

    The secret is not stored and cannot be shown again: give it to the citizen now.
    """
    if not dt.timedelta(0) < lifetime <= MAX_TOKEN_LIFETIME:
        raise TokenLifetimeInvalid(
            _("En API-nøgle skal gælde i mindst et sekund og højst %(days)d dage")
            % {"days": MAX_TOKEN_LIFETIME.days}
        )
    plaintext = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        citizen=citizen,
        token_hash=api_token_hash(plaintext),
        prefix=plaintext[:TOKEN_PREFIX_LENGTH],
        created_at=now,
        expires_at=now + lifetime,
    )
    logger.info("API token %s made for citizen %s", token.prefix, citizen.pk)
    return token, plaintext


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke the token at once. Revoking it again changes nothing."""
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            logger.info("API token %s revoked", locked.prefix)
    token.revoked_at = locked.revoked_at
    return token
