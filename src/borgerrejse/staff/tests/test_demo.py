"""The demo staff: enough people in every department, made once, able to log in."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from borgerrejse.catalog.schema import Department
from borgerrejse.staff import demo
from borgerrejse.staff.demo import DEMO_PASSWORD, DEMO_STAFF, demo_totp_code, staff_demo_create
from borgerrejse.staff.models import StaffMember
from borgerrejse.staff.roles import Role

pytestmark = pytest.mark.django_db


def test_the_demo_staff_covers_every_department_and_role():
    created, existing = staff_demo_create()

    assert (created, existing) == (len(DEMO_STAFF), 0)
    members = list(StaffMember.objects.select_related("user"))
    assert len(members) >= 15
    assert {d for m in members for d in m.departments} == {d.value for d in Department}
    assert {r for m in members for r in m.roles} == set(Role.values)
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(DEMO_STAFF)


def test_a_second_run_creates_nothing():
    staff_demo_create()

    assert tuple(staff_demo_create()) == (0, len(DEMO_STAFF))
    assert StaffMember.objects.count() == len(DEMO_STAFF)


def test_the_people_the_tests_lean_on_are_who_they_say(db):
    staff_demo_create()

    def member(username: str) -> StaffMember:
        return StaffMember.objects.get(user__username=username)

    mette = member(demo.YDELSE_CASEWORKER)
    jens = member(demo.YDELSE_SECOND_CASEWORKER)
    for caseworker in (mette, jens):
        assert caseworker.roles == [Role.CASEWORKER]
        assert caseworker.departments == ["ydelse"]
        assert "begravelseshjaelp" in caseworker.skills
    assert member(demo.YDELSE_TEAM_LEAD).roles == [Role.TEAM_LEAD]
    assert member(demo.YDELSE_TEAM_LEAD).departments == ["ydelse"]
    sofie = member(demo.BORGERSERVICE_CASEWORKER)
    assert (sofie.roles, sofie.departments) == ([Role.CASEWORKER], ["borgerservice"])
    assert "sundhedskort" in sofie.skills
    assert member(demo.FRONT_DESK).roles == [Role.FRONT_DESK]
    assert member(demo.SERVICE_OWNER).roles == [Role.SERVICE_OWNER]
    assert member(demo.ADMINISTRATOR).roles == [Role.ADMINISTRATOR]
    assert "begravelseshjaelp" not in member(demo.YDELSE_JUNIOR_CASEWORKER).skills


def test_the_demo_keys_are_fixed_distinct_and_twenty_bytes():
    keys = [person.totp_key for person in DEMO_STAFF.values()]

    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[0-9a-f]{40}", key) for key in keys)
    assert demo_totp_code("mette.ydelse", at=0) == demo_totp_code("mette.ydelse", at=29)
    assert re.fullmatch(r"\d{6}", demo_totp_code("mette.ydelse"))


def test_a_demo_person_logs_in_with_the_documented_password_and_key(client):
    staff_demo_create()

    response = client.post(
        "/medarbejder/log-ind/",
        {
            "username": demo.YDELSE_CASEWORKER,
            "password": DEMO_PASSWORD,
            "code": demo_totp_code(demo.YDELSE_CASEWORKER),
        },
    )

    assert response.status_code == 302
    assert SESSION_KEY in client.session


def test_the_command_says_what_it_did():
    out = StringIO()
    call_command("demo_staff", stdout=out)
    call_command("demo_staff", stdout=out)

    assert out.getvalue().splitlines() == [
        f"Demo-medarbejdere: {len(DEMO_STAFF)} oprettet, 0 fandtes allerede.",
        f"Demo-medarbejdere: 0 oprettet, {len(DEMO_STAFF)} fandtes allerede.",
    ]


def test_the_command_prints_a_demo_code():
    from io import StringIO

    from django.core.management import CommandError, call_command

    from borgerrejse.staff.demo import demo_totp_code

    out = StringIO()
    call_command("demo_staff", code="mette.ydelse", stdout=out)
    assert out.getvalue().strip() == demo_totp_code("mette.ydelse")
    with pytest.raises(CommandError, match="ingen demo-medarbejder"):
        call_command("demo_staff", code="nobody", stdout=out)
