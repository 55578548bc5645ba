"""A staff member's roles, departments and skills are checked before they are stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from borgerrejse.staff.roles import Action, Role, actions_for_roles
from borgerrejse.staff.tests.logins import staff_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"roles": ["boss"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"roles": [Role.CASEWORKER, Role.CASEWORKER]}, "roles"),
        ({"departments": ["kantinen"]}, "departments"),
        ({"skills": ["Sundhedskort!"]}, "skills"),
    ],
)
def test_unknown_values_are_refused(fields, field):
    kwargs = {"roles": [Role.CASEWORKER], **fields}

    with pytest.raises(ValidationError) as refused:
        staff_create(**kwargs)

    assert field in refused.value.message_dict


def test_a_staff_member_knows_what_their_roles_allow():
    member = staff_create(roles=[Role.FRONT_DESK], departments=["borgerservice"])

    assert member.allowed_actions == {Action.VIEW, Action.ADD_NOTE}
    assert member.may(Action.VIEW)
    assert not member.may(Action.DECIDE)
    assert member.works_in("borgerservice")
    assert str(member) == f"{member.full_name} (Sagsbehandler)"
    assert member.user.staff == member


def test_unknown_roles_allow_nothing():
    assert actions_for_roles(["boss"]) == frozenset()
