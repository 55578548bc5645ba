"""Writes: staff accounts with their second factor, and staff logging in and out.

A staff login takes three things in one form: username, password and the 6-digit code
from a TOTP app (django-otp's TOTPDevice). One form, not two steps, so that a wrong
password and a wrong code look the same: the page never tells a guesser that half of
what they typed was right. Every failure for an existing account counts against that
account's TOTPDevice, whose throttling (django-otp's ThrottlingMixin) makes each new
attempt wait twice as long as the one before, 1, 2, 4, 8 … seconds, until a login
succeeds.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Sequence
from typing import Final

from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from django_otp import login as otp_login  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from borgerrejse.staff.access import SESSION_LOGGED_IN_AT, staff_member
from borgerrejse.staff.models import StaffMember

logger = logging.getLogger(__name__)

TOTP_DEVICE_NAME: Final = "default"


class StaffLoginFailure(enum.Enum):
    INVALID = "invalid"
    THROTTLED = "throttled"


class StaffLoginFailed(Exception):
    """The login was refused. `message` says why, in the active language."""

    def __init__(
        self, failure: StaffLoginFailure, *, locked_until: dt.datetime | None = None
    ) -> None:
        self.failure = failure
        self.locked_until = locked_until
        super().__init__(failure.value)

    @property
    def message(self) -> str:
        if self.failure is StaffLoginFailure.THROTTLED and self.locked_until is not None:
            until = timezone.localtime(self.locked_until)
            return str(
                _("Der har været for mange forkerte forsøg. Vent til kl. %(time)s, og prøv igen.")
                % {"time": f"{until:%H.%M.%S}"}
            )
        return str(_("Brugernavn, adgangskode eller kode er forkert. Prøv igen."))


def _device_for(username: str) -> TOTPDevice | None:
    """The account's confirmed TOTP device, locked until the end of the transaction."""
    return (
        TOTPDevice.objects.select_for_update()
        .filter(user__username=username, confirmed=True)
        .order_by("id")
        .first()
    )


@sensitive_variables("password", "code")
def staff_login(*, request: HttpRequest, username: str, password: str, code: str) -> StaffMember:
    """Log a staff member in with password and TOTP code. Raises `StaffLoginFailed`.

    The session starts afresh: a citizen logged in in the same browser is logged out,
    and the new session key defeats session fixation.
    """
    member: StaffMember | None = None
    device: TOTPDevice | None = None
    failure: StaffLoginFailed | None = None
    # Counting a failure must survive the refusal, so the outcome is raised afterwards.
    with transaction.atomic():
        device = _device_for(username)
        if device is not None:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                failure = StaffLoginFailed(
                    StaffLoginFailure.THROTTLED, locked_until=(details or {}).get("locked_until")
                )
        if failure is None:
            user = authenticate(request, username=username, password=password)
            member = staff_member(user)
            if member is None or device is None or device.user_id != member.user_id:
                if device is not None:
                    device.throttle_increment(commit=True)
                failure = StaffLoginFailed(StaffLoginFailure.INVALID)
            elif not device.verify_token(code):  # counts the failure itself
                failure = StaffLoginFailed(StaffLoginFailure.INVALID)
    if failure is not None:
        logger.info("staff login refused: %s", failure.failure.value)
        raise failure
    assert member is not None and device is not None

    request.session.flush()
    auth_login(request, member.user)
    otp_login(request, device)
    request.session[SESSION_LOGGED_IN_AT] = timezone.now().isoformat()
    logger.info("staff user %s logged in", member.user_id)
    return member


def staff_logout(*, request: HttpRequest) -> None:
    """End the session: the login, the second factor and everything else in it."""
    user_id = getattr(getattr(request, "user", None), "pk", None)
    auth_logout(request)
    if user_id is not None:
        logger.info("staff user %s logged out", user_id)


@sensitive_variables("password")
def staff_member_create(
    *,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    email: str,
    title: str,
    roles: Sequence[str],
    departments: Sequence[str] = (),
    skills: Sequence[str] = (),
    phone: str = "",
    password_hash: str | None = None,
) -> StaffMember:
    """Create a user and their StaffMember. Raises ValidationError for unknown roles,
    departments or malformed service slugs.

    `password_hash`, when given, is stored instead of hashing `password` (the demo
    hashes its one shared password once, not for every person).
    """
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            is_staff=False,  # Django's admin is not the workbench
        )
        if password_hash is not None:
            user.password = password_hash
        else:
            user.set_password(password)
        user.full_clean()
        user.save()
        member = StaffMember(
            user=user,
            roles=list(roles),
            departments=list(departments),
            skills=list(skills),
            title=title,
            phone=phone,
        )
        member.full_clean()
        member.save()
    logger.info("staff member %s created", user.pk)
    return member


@sensitive_variables("key")
def staff_totp_device_create(*, member: StaffMember, key: str | None = None) -> TOTPDevice:
    """Give the staff member a confirmed TOTP device. `key` is hex; random if not given.

    The person adds the key to their authenticator app (TOTPDevice.config_url gives the
    otpauth:// URL for a QR code).
    """
    device = TOTPDevice(user=member.user, name=TOTP_DEVICE_NAME, confirmed=True)
    if key is not None:
        device.key = key
    device.full_clean()
    device.save()
    return device
