"""Who may do what to which case: the role × action × department table, skills and scope."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from borgerrejse.cases.models import Case, Channel, DecisionPreference
from borgerrejse.cases.selectors import CaseNotFound
from borgerrejse.cases.services import Actor, case_draft_start
from borgerrejse.cases.tests.factories import TODAY, submitted_case
from borgerrejse.catalog.selectors import service_version_get
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.staff.access import (
    ActionNotAllowed,
    CaseOutOfScope,
    CitizenOutOfScope,
    Refusal,
    access_case_for_staff,
    access_citizen_for_staff,
    cases_in_scope,
    staff_may,
)
from borgerrejse.staff.roles import ROLE_ACTIONS, Action, Role
from borgerrejse.staff.tests.logins import staff_create

pytestmark = pytest.mark.django_db

CASEWORK = {
    "view",
    "claim",
    "request_information",
    "consult",
    "decide",
    "approve",
    "review",
    "forward",
    "close",
    "withdraw",
    "add_note",
    "complete_task",
}
# Written out by hand, not derived from ROLE_ACTIONS: this is what the table must say.
ALLOWED_IN_OWN_DEPARTMENT = {
    Role.FRONT_DESK: {"view", "add_note"},
    Role.CASEWORKER: CASEWORK,
    Role.TEAM_LEAD: CASEWORK | {"assign"},
    Role.SERVICE_OWNER: {"view"},
    Role.ADMINISTRATOR: set(),
}
SKILLED = {"claim", "decide", "approve", "review"}


def referred(citizen, slug: str, answers: dict | None = None) -> Case:
    """A submitted case waiting for a caseworker."""
    return submitted_case(citizen, slug, answers or {}, preference=DecisionPreference.CASEWORKER)


@pytest.fixture
def own_case(published_catalogue, citizen) -> Case:
    case = referred(citizen, "sundhedskort", {"reason": "lost"})
    assert case.department == "borgerservice"
    return case


@pytest.fixture
def other_case(published_catalogue, citizen) -> Case:
    case = referred(citizen, "enkeltydelse")
    assert case.department == "ydelse"
    return case


def outcome(user, action: str, case: Case) -> str:
    try:
        found = access_case_for_staff(user=user, number=case.number, action=action)
    except CaseOutOfScope:
        return "404"
    except ActionNotAllowed:
        return "403"
    assert found == case
    return "ok"


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_the_role_action_table_in_own_and_other_department(role, own_case, other_case):
    # Skilled in both services, so only role and department decide.
    member = staff_create(
        roles=[role], departments=["borgerservice"], skills=["sundhedskort", "enkeltydelse"]
    )
    user = member.user

    actual = {
        action.value: {
            "own": (
                staff_may(user=user, action=action, case=own_case),
                outcome(user, action, own_case),
            ),
            "other": (
                staff_may(user=user, action=action, case=other_case),
                outcome(user, action, other_case),
            ),
        }
        for action in Action
    }

    allowed = ALLOWED_IN_OWN_DEPARTMENT[role]
    expected = {
        action.value: {
            "own": (True, "ok") if action.value in allowed else (False, "403"),
            "other": (False, "404"),
        }
        for action in Action
    }
    assert actual == expected


def test_the_table_in_code_names_every_role():
    assert set(ROLE_ACTIONS) == set(Role)
    assert {r: {a.value for a in actions} for r, actions in ROLE_ACTIONS.items()} == (
        ALLOWED_IN_OWN_DEPARTMENT
    )


@pytest.mark.parametrize("action", sorted(SKILLED))
def test_skilled_actions_need_the_service_among_the_skills(action, own_case):
    untrained = staff_create(
        roles=[Role.CASEWORKER], departments=["borgerservice"], skills=["flytning"]
    ).user

    assert staff_may(user=untrained, action=action, case=own_case) is False
    with pytest.raises(ActionNotAllowed) as refused:
        access_case_for_staff(user=untrained, number=own_case.number, action=action)
    assert refused.value.refusal is Refusal.SKILL
    assert "ikke sat op til at behandle denne ydelse" in refused.value.message


@pytest.mark.parametrize("action", sorted(CASEWORK - SKILLED))
def test_other_casework_needs_no_skill(action, own_case):
    untrained = staff_create(roles=[Role.CASEWORKER], departments=["borgerservice"]).user

    assert staff_may(user=untrained, action=action, case=own_case) is True
    assert access_case_for_staff(user=untrained, number=own_case.number, action=action) == own_case


def test_a_team_lead_assigns_without_the_skill_but_decides_only_with_it(own_case):
    lead = staff_create(roles=[Role.TEAM_LEAD], departments=["borgerservice"]).user

    assert staff_may(user=lead, action=Action.ASSIGN, case=own_case)
    assert not staff_may(user=lead, action=Action.DECIDE, case=own_case)


def test_several_roles_give_the_union_of_their_actions(own_case):
    both = staff_create(
        roles=[Role.FRONT_DESK, Role.SERVICE_OWNER], departments=["borgerservice"]
    ).user

    assert staff_may(user=both, action=Action.ADD_NOTE, case=own_case)
    assert staff_may(user=both, action=Action.VIEW, case=own_case)
    assert not staff_may(user=both, action=Action.CLAIM, case=own_case)


def test_a_role_refusal_says_what_was_refused(own_case):
    desk = staff_create(roles=[Role.FRONT_DESK], departments=["borgerservice"]).user

    with pytest.raises(ActionNotAllowed) as refused:
        access_case_for_staff(user=desk, number=own_case.number, action=Action.DECIDE)

    assert refused.value.action is Action.DECIDE
    assert refused.value.refusal is Refusal.ROLE
    assert refused.value.message == "Din rolle giver ikke adgang til dette: træffe afgørelse."


def test_the_errors_are_404_and_403_for_django_too():
    assert issubclass(CaseOutOfScope, LookupError)
    assert issubclass(CaseOutOfScope, CaseNotFound)
    assert issubclass(CaseOutOfScope, Http404)
    assert issubclass(CitizenOutOfScope, LookupError)
    assert issubclass(CitizenOutOfScope, Http404)
    assert issubclass(ActionNotAllowed, PermissionError)
    assert issubclass(ActionNotAllowed, PermissionDenied)


def test_a_draft_is_the_citizens_own_until_submitted(published_catalogue, citizen):
    version = service_version_get(slug="sundhedskort", on=TODAY)
    draft = case_draft_start(
        citizen=citizen,
        service_version=version,
        channel=Channel.WEB,
        actor=Actor.for_citizen(citizen),
    )
    lead = staff_create(
        roles=[Role.TEAM_LEAD], departments=["borgerservice"], skills=["sundhedskort"]
    ).user

    assert not staff_may(user=lead, action=Action.VIEW, case=draft)
    assert not cases_in_scope(user=lead).filter(pk=draft.pk).exists()
    with pytest.raises(CitizenOutOfScope):
        access_citizen_for_staff(user=lead, citizen_id=citizen.pk)


def test_cases_in_scope_are_the_departments_cases(own_case, other_case):
    borgerservice = staff_create(roles=[Role.CASEWORKER], departments=["borgerservice"]).user
    both = staff_create(roles=[Role.CASEWORKER], departments=["borgerservice", "ydelse"]).user
    admin = staff_create(roles=[Role.ADMINISTRATOR], departments=["borgerservice"]).user

    assert list(cases_in_scope(user=borgerservice)) == [own_case]
    assert set(cases_in_scope(user=both)) == {own_case, other_case}
    assert not cases_in_scope(user=admin).exists()


@pytest.mark.parametrize("who", ["anonymous", "not staff", "inactive", "none"])
def test_nobody_but_active_staff_sees_a_case(who, own_case):
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "not staff":
        user = User.objects.create_user("kontor", password="x")
    elif who == "inactive":
        member = staff_create(
            roles=[Role.TEAM_LEAD], departments=["borgerservice"], skills=["sundhedskort"]
        )
        member.user.is_active = False
        member.user.save(update_fields=["is_active"])
        user = User.objects.get(pk=member.user_id)
    else:
        user = None

    assert not staff_may(user=user, action=Action.VIEW, case=own_case)
    assert not cases_in_scope(user=user).exists()
    with pytest.raises(CaseOutOfScope):
        access_case_for_staff(user=user, number=own_case.number)
    with pytest.raises(CitizenOutOfScope):
        access_citizen_for_staff(user=user, citizen_id=own_case.citizen_id)


def test_an_unknown_case_number_is_out_of_scope(own_case):
    lead = staff_create(roles=[Role.TEAM_LEAD], departments=["borgerservice"]).user

    with pytest.raises(CaseOutOfScope):
        access_case_for_staff(user=lead, number="2026-999999")


def test_the_citizen_with_a_case_in_the_department_is_in_scope(own_case, other_case):
    ydelse = staff_create(roles=[Role.CASEWORKER], departments=["ydelse"]).user
    stranger = CitizenFactory()

    assert access_citizen_for_staff(user=ydelse, citizen_id=other_case.citizen_id) == (
        other_case.citizen
    )
    with pytest.raises(CitizenOutOfScope):
        access_citizen_for_staff(user=ydelse, citizen_id=stranger.pk)


def test_a_citizen_whose_cases_are_elsewhere_is_out_of_scope(published_catalogue):
    only_ydelse = CitizenFactory()
    referred(only_ydelse, "enkeltydelse")
    borgerservice = staff_create(roles=[Role.CASEWORKER], departments=["borgerservice"]).user

    with pytest.raises(CitizenOutOfScope):
        access_citizen_for_staff(user=borgerservice, citizen_id=only_ydelse.pk)


def test_the_front_desk_serves_any_citizen(db):
    walk_in = CitizenFactory()  # no case anywhere
    desk = staff_create(roles=[Role.FRONT_DESK], departments=["borgerservice"]).user

    assert access_citizen_for_staff(user=desk, citizen_id=walk_in.pk) == walk_in
    with pytest.raises(CitizenOutOfScope):
        access_citizen_for_staff(user=desk, citizen_id=walk_in.pk + 1000)


def test_an_administrator_sees_no_citizen(own_case):
    admin = staff_create(roles=[Role.ADMINISTRATOR], departments=["borgerservice"]).user
    admin_elsewhere = staff_create(roles=[Role.ADMINISTRATOR]).user

    with pytest.raises(ActionNotAllowed):
        access_citizen_for_staff(user=admin, citizen_id=own_case.citizen_id)
    with pytest.raises(CitizenOutOfScope):
        access_citizen_for_staff(user=admin_elsewhere, citizen_id=own_case.citizen_id)


# --- Tasks forwarded to another department ------------------------------------------------

forwarded_tasks = pytest.mark.skipif(
    "ForwardedTask" not in {m.__name__ for m in apps.get_app_config("cases").get_models()},
    reason="cases.ForwardedTask has not landed yet",
)


def forward(case: Case, *, to_department: str, by: User):
    task_model = apps.get_model("cases", "ForwardedTask")
    return task_model.objects.create(
        case=case,
        from_department=case.department,
        to_department=to_department,
        description="Vurder behov for socialfaglig støtte.",
        created_by=by,
    )


@forwarded_tasks
def test_an_open_forwarded_task_brings_the_case_into_the_other_departments_scope(other_case):
    ydelse = staff_create(
        roles=[Role.CASEWORKER], departments=["ydelse"], skills=["enkeltydelse"]
    ).user
    social = staff_create(
        roles=[Role.CASEWORKER], departments=["social"], skills=["enkeltydelse"]
    ).user
    assert not staff_may(user=social, action=Action.VIEW, case=other_case)

    task = forward(other_case, to_department="social", by=ydelse)

    assert list(cases_in_scope(user=social)) == [other_case]
    for action in (Action.VIEW, Action.ADD_NOTE, Action.COMPLETE_TASK):
        assert staff_may(user=social, action=action, case=other_case)
        access_case_for_staff(user=social, number=other_case.number, action=action)
    assert access_citizen_for_staff(user=social, citizen_id=other_case.citizen_id)
    # The case stays the owning department's: the other department decides nothing on it.
    for action in (Action.CLAIM, Action.DECIDE, Action.CLOSE, Action.FORWARD):
        assert not staff_may(user=social, action=action, case=other_case)
        with pytest.raises(ActionNotAllowed) as refused:
            access_case_for_staff(user=social, number=other_case.number, action=action)
        assert refused.value.refusal is Refusal.FORWARDED

    task.state = "done"
    task.save(update_fields=["state"])

    assert not cases_in_scope(user=social).exists()
    assert not staff_may(user=social, action=Action.VIEW, case=other_case)
    with pytest.raises(CaseOutOfScope):
        access_case_for_staff(user=social, number=other_case.number)
