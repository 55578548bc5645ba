"""Who works where, and whom the citizen can reach about a case."""

from __future__ import annotations

import pytest

from borgerrejse.cases.models import Case, DecisionPreference
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.staff.roles import Action, Role
from borgerrejse.staff.selectors import case_contact, staff_list
from borgerrejse.staff.tests.logins import staff_create

pytestmark = pytest.mark.django_db


def test_staff_list_filters_by_department_action_and_skill():
    mette = staff_create(roles=[Role.CASEWORKER], departments=["ydelse"], skills=["enkeltydelse"])
    lead = staff_create(roles=[Role.TEAM_LEAD], departments=["ydelse"])
    desk = staff_create(roles=[Role.FRONT_DESK], departments=["borgerservice"])

    assert set(staff_list()) == {mette, lead, desk}
    assert set(staff_list(department="ydelse")) == {mette, lead}
    assert staff_list(department="ydelse", action=Action.ASSIGN) == [lead]
    assert staff_list(action=Action.DECIDE, service_slug="enkeltydelse") == [mette]


def test_the_contact_is_the_team_until_someone_takes_the_case(published_catalogue, citizen):
    case = submitted_case(citizen, "enkeltydelse", {}, preference=DecisionPreference.CASEWORKER)

    contact = case_contact(case=case)

    assert contact.is_person is False
    assert contact.name == "Ydelse og Jobcenter"
    assert contact.phone == "12 34 56 82"


def test_the_contact_is_the_handler_with_their_direct_line(published_catalogue, citizen):
    case = submitted_case(citizen, "enkeltydelse", {}, preference=DecisionPreference.CASEWORKER)
    mette = staff_create(roles=[Role.CASEWORKER], departments=["ydelse"], title="Sagsbehandler")
    Case.objects.filter(pk=case.pk).update(handler=mette.user)
    case.refresh_from_db()

    contact = case_contact(case=case)

    assert contact.is_person is True
    assert contact.name == mette.full_name
    assert contact.title == "Sagsbehandler"
    assert contact.phone == mette.phone
    assert contact.email == mette.user.email
    assert contact.team == "Ydelse og Jobcenter"
