"""Shared test helpers: staff made through the real services, and their logins.

Other apps' tests (the workbench) may import these.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Sequence

from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from borgerrejse.staff.access import SESSION_LOGGED_IN_AT
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.services import staff_member_create, staff_totp_device_create

PASSWORD = "correct horse battery staple"
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key
_numbers = itertools.count(1)


def staff_create(
    *,
    roles: Sequence[str],
    departments: Sequence[str] = (),
    skills: Sequence[str] = (),
    username: str | None = None,
    title: str = "Sagsbehandler",
) -> StaffMember:
    """A staff member with the password PASSWORD and a TOTP device keyed TOTP_KEY."""
    number = next(_numbers)
    member = staff_member_create(
        username=username or f"medarbejder{number}",
        password=PASSWORD,
        first_name="Test",
        last_name=f"Medarbejder {number}",
        email=f"medarbejder{number}@borgerrejse.example",
        title=title,
        roles=roles,
        departments=departments,
        skills=skills,
        phone=f"12 34 99 {number % 100:02d}",
    )
    staff_totp_device_create(member=member, key=TOTP_KEY)
    return member


def totp_code(key: str = TOTP_KEY, *, at: float | None = None) -> str:
    generator = TOTP(bytes.fromhex(key))
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


def staff_log_in(client: Client, member: StaffMember, *, code: str | None = None, **data: str):
    """Log in through the staff login form, as a browser would."""
    return client.post(
        "/medarbejder/log-ind/",
        {
            "username": member.user.username,
            "password": PASSWORD,
            "code": code or totp_code(),
            **data,
        },
    )


def staff_force_login(client: Client, member: StaffMember) -> None:
    """A verified staff session without the form (and without spending a TOTP code)."""
    client.force_login(member.user)
    device = TOTPDevice.objects.filter(user=member.user, confirmed=True).first()
    assert device is not None, "staff_create gives every staff member a device"
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SESSION_LOGGED_IN_AT] = timezone.now().isoformat()
    session.save()
