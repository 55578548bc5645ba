"""Demo staff for demos and browser tests: four departments, nineteen people.

Production has no demo staff: only `borgerrejse demo_staff` (run by `make run`) makes them.

Every demo person logs in with the password `DEMO_PASSWORD` and a TOTP code from the
fixed key in their entry below (hex, 30-second steps, 6 digits, SHA-1). Compute a code
with `demo_totp_code(username)`, or put the key in an authenticator app: the base32
form is `base64.b32encode(bytes.fromhex(key))`. The keys are public, so these accounts
protect nothing.

E-mail addresses use the reserved .example domain (RFC 2606); the phone numbers follow
the made-up 12 34 5x xx series of the demo teams (catalog/departments.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, NamedTuple

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.oath import TOTP  # type: ignore[import-untyped]

from borgerrejse.catalog.schema import Department
from borgerrejse.staff.roles import Role
from borgerrejse.staff.services import staff_member_create, staff_totp_device_create

DEMO_PASSWORD: Final = "borgerrejse-demo"  # noqa: S105 -- public on purpose: demo only
DEMO_EMAIL_DOMAIN: Final = "borgerrejse.example"

D = Department
R = Role
_TRANSLITERATION: Final = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})

# The people the browser tests and demos lean on.
FRONT_DESK: Final = "lone.borgerservice"
BORGERSERVICE_CASEWORKER: Final = "sofie.borgerservice"  # sundhedskort, flytning
BORGERSERVICE_TEAM_LEAD: Final = "hanne.borgerservice"
YDELSE_CASEWORKER: Final = "mette.ydelse"  # begravelseshjaelp, enkeltydelse
YDELSE_SECOND_CASEWORKER: Final = "jens.ydelse"  # Mette's four-eyes partner
YDELSE_JUNIOR_CASEWORKER: Final = "amalie.ydelse"  # enkeltydelse only
YDELSE_TEAM_LEAD: Final = "henrik.ydelse"
HJAELPEMIDLER_CASEWORKER: Final = "kirsten.hjaelpemidler"
SOCIAL_CASEWORKER: Final = "signe.social"
SERVICE_OWNER: Final = "louise.ydelsesejer"
ADMINISTRATOR: Final = "tobias.it"


@dataclasses.dataclass(frozen=True, kw_only=True)
class DemoStaff:
    first_name: str
    last_name: str
    title: str
    roles: tuple[Role, ...]
    departments: tuple[Department, ...]
    skills: tuple[str, ...]
    phone: str
    totp_key: str  # hex

    @property
    def email(self) -> str:
        local = f"{self.first_name}.{self.last_name}".lower().translate(_TRANSLITERATION)
        return f"{local}@{DEMO_EMAIL_DOMAIN}"


_BORGERSERVICE_SERVICES: Final = ("sundhedskort", "flytning", "pas", "fritagelse-digital-post")
_HJAELPEMIDLER_SERVICES: Final = ("hjaelpemiddel-genanskaffelse", "briller-barn")
_YDELSE_SERVICES: Final = ("begravelseshjaelp", "enkeltydelse")

DEMO_STAFF: Final[Mapping[str, DemoStaff]] = MappingProxyType(
    {
        # --- Borgerservice: the desk and the phone, and its own cases ------------------
        "lone.borgerservice": DemoStaff(
            first_name="Lone", last_name="Kristensen", title="Borgerservicemedarbejder",
            roles=(R.FRONT_DESK,), departments=(D.BORGERSERVICE,), skills=(),
            phone="12 34 57 01", totp_key="ed33c6711d4b0322c9c00d525bfbf59f3795173d",
        ),
        "ahmad.borgerservice": DemoStaff(
            first_name="Ahmad", last_name="Hussein", title="Borgerservicemedarbejder",
            roles=(R.FRONT_DESK,), departments=(D.BORGERSERVICE,), skills=(),
            phone="12 34 57 02", totp_key="ac8a5f60a6febea67ef56a5d15555b9eff031ef8",
        ),
        "birgit.borgerservice": DemoStaff(
            first_name="Birgit", last_name="Møller", title="Borgerservicemedarbejder",
            roles=(R.FRONT_DESK,), departments=(D.BORGERSERVICE,), skills=(),
            phone="12 34 57 03", totp_key="e021718869e8feb10a98234386d6745f8d1539a7",
        ),
        "jonas.borgerservice": DemoStaff(
            first_name="Jonas", last_name="Eriksen", title="Elev, Borgerservice",
            roles=(R.FRONT_DESK,), departments=(D.BORGERSERVICE,), skills=(),
            phone="12 34 57 04", totp_key="9b6f64706f929c6586aecc759629604975412c9b",
        ),
        "sofie.borgerservice": DemoStaff(
            first_name="Sofie", last_name="Lund", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.BORGERSERVICE,),
            skills=("sundhedskort", "flytning"),
            phone="12 34 57 05", totp_key="a981165310de005f0c82a3328dce346ce078d033",
        ),
        "rasmus.borgerservice": DemoStaff(
            first_name="Rasmus", last_name="Holm", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.BORGERSERVICE,),
            skills=("pas", "fritagelse-digital-post", "sundhedskort"),
            phone="12 34 57 06", totp_key="9cad9380ab280967466dc2e0f9821a663ef6f7b9",
        ),
        "camilla.borgerservice": DemoStaff(
            first_name="Camilla", last_name="Vestergaard", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.BORGERSERVICE,),
            skills=("flytning", "fritagelse-digital-post", "pas"),
            phone="12 34 57 07", totp_key="ea5eed808196f54ad26bcfb55a759d5c4cffe258",
        ),
        "hanne.borgerservice": DemoStaff(
            first_name="Hanne", last_name="Frederiksen", title="Teamleder, Borgerservice",
            roles=(R.TEAM_LEAD,), departments=(D.BORGERSERVICE,),
            skills=_BORGERSERVICE_SERVICES,
            phone="12 34 57 08", totp_key="7134de3daded0d3b06708b7ec1c0b1ed0cc7c8d5",
        ),
        # --- Ældre og Sundhed, Hjælpemidler ---------------------------------------------
        "kirsten.hjaelpemidler": DemoStaff(
            first_name="Kirsten", last_name="Dam", title="Ergoterapeut og sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.AELDRE_SUNDHED,),
            skills=_HJAELPEMIDLER_SERVICES,
            phone="12 34 57 21", totp_key="40f163db4e58d3f82fe0e03c3420283b71fa6620",
        ),
        "mikkel.hjaelpemidler": DemoStaff(
            first_name="Mikkel", last_name="Andreasen", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.AELDRE_SUNDHED,),
            skills=_HJAELPEMIDLER_SERVICES,
            phone="12 34 57 22", totp_key="771730c29a0f53fc6b6ca15d5d42dacb412c5c56",
        ),
        "inge.hjaelpemidler": DemoStaff(
            first_name="Inge", last_name="Mortensen", title="Teamleder, Hjælpemidler",
            roles=(R.TEAM_LEAD,), departments=(D.AELDRE_SUNDHED,),
            skills=_HJAELPEMIDLER_SERVICES,
            phone="12 34 57 23", totp_key="63b80659ff12d231d8c7b4e635e0d987a4f391e4",
        ),
        # --- Ydelse og Jobcenter ----------------------------------------------------------
        "mette.ydelse": DemoStaff(
            first_name="Mette", last_name="Sørensen", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.YDELSE,), skills=_YDELSE_SERVICES,
            phone="12 34 57 41", totp_key="b789c0769e54fe14dae51ef95c0e091fe6d98bbe",
        ),
        "jens.ydelse": DemoStaff(
            first_name="Jens", last_name="Pedersen", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.YDELSE,), skills=_YDELSE_SERVICES,
            phone="12 34 57 42", totp_key="6902d7d64e16868cfa22c0830f7c7760f5c40b7f",
        ),
        "amalie.ydelse": DemoStaff(
            first_name="Amalie", last_name="Thomsen", title="Sagsbehandler",
            roles=(R.CASEWORKER,), departments=(D.YDELSE,), skills=("enkeltydelse",),
            phone="12 34 57 43", totp_key="b2b8d8dc18644569edaddbc50311c83620858229",
        ),
        "henrik.ydelse": DemoStaff(
            first_name="Henrik", last_name="Olesen", title="Teamleder, Ydelse",
            roles=(R.TEAM_LEAD,), departments=(D.YDELSE,), skills=_YDELSE_SERVICES,
            phone="12 34 57 44", totp_key="48c3d82765b0bdf4407002f8b8c9e422d0b9571c",
        ),
        # --- Socialforvaltningen: no services of its own yet; takes forwarded tasks ----
        "signe.social": DemoStaff(
            first_name="Signe", last_name="Jakobsen", title="Socialrådgiver",
            roles=(R.CASEWORKER,), departments=(D.SOCIAL,), skills=(),
            phone="12 34 57 61", totp_key="80f391c8bafa7a31a996da5c543098c5cef75ee5",
        ),
        "peter.social": DemoStaff(
            first_name="Peter", last_name="Lauridsen", title="Teamleder, Socialforvaltningen",
            roles=(R.TEAM_LEAD,), departments=(D.SOCIAL,), skills=(),
            phone="12 34 57 62", totp_key="a2aa407fc35855bc726d7631d556f86ded8f3d7f",
        ),
        # --- Across the organisation ------------------------------------------------------
        "louise.ydelsesejer": DemoStaff(
            first_name="Louise", last_name="Bach", title="Ydelsesejer, ydelser og hjælp",
            roles=(R.SERVICE_OWNER,), departments=(D.YDELSE,), skills=(),
            phone="12 34 57 81", totp_key="4a75e9f9a32bc1812970c90c2d124a0643c1578a",
        ),
        "tobias.it": DemoStaff(
            first_name="Tobias", last_name="Winther", title="IT-administrator",
            roles=(R.ADMINISTRATOR,), departments=(), skills=(),
            phone="12 34 57 91", totp_key="c39d09285dd0abaff6c058d56ca2f2b1ea20a770",
        ),
    }
)  # fmt: skip


class DemoStaffResult(NamedTuple):
    created: int
    existing: int


def demo_totp_code(username: str, *, at: float | None = None) -> str:
    """The demo person's TOTP code at Unix time `at` (now if not given), as typed."""
    generator = TOTP(bytes.fromhex(DEMO_STAFF[username].totp_key), step=30, t0=0, digits=6)
    if at is not None:
        generator.time = at
    return f"{generator.token():06d}"


def staff_demo_create() -> DemoStaffResult:
    """Create the demo staff with their TOTP devices. People already there (by username)
    are left as they are, so a second run creates nothing."""
    present = set(
        User.objects.filter(username__in=list(DEMO_STAFF)).values_list("username", flat=True)
    )
    missing = [username for username in DEMO_STAFF if username not in present]
    # One shared password: hash it once, not nineteen times.
    password_hash = make_password(DEMO_PASSWORD) if missing else ""
    with transaction.atomic():
        for username in missing:
            demo = DEMO_STAFF[username]
            member = staff_member_create(
                username=username,
                password=DEMO_PASSWORD,
                password_hash=password_hash,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=demo.email,
                title=demo.title,
                roles=demo.roles,
                departments=demo.departments,
                skills=demo.skills,
                phone=demo.phone,
            )
            staff_totp_device_create(member=member, key=demo.totp_key)
    return DemoStaffResult(created=len(missing), existing=len(present))
