"""/api/v1/staff/cases/{number}/…: a case as a caseworker sees it, and every action on it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from borgerrejse.api.tests.staff_clients import (
    case_in_review,
    referred_case,
    staff_client,
    staff_create,
)
from borgerrejse.cases.models import (
    Case,
    DecisionProposal,
    ForwardedTask,
    InformationRequest,
    Status,
)
from borgerrejse.cases.services import (
    Actor,
    case_assign,
    case_contest,
    case_forward,
    case_note_add,
    consultation_send,
    consultation_waive,
    decision_make,
)
from borgerrejse.cases.services.deciding import DecisionContent
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
INVALID = "Der er fejl i det, du har sendt. Se beskeden ved hvert felt."
GRANT = {
    "outcome": "granted",
    "reasons": [{"text": {"da": "Boet havde ingen formue."}, "legal_basis": "§ 160"}],
    "legal_basis": "Sundhedsloven § 160",
    "amount": "12500.00",
}
REJECT = {
    "outcome": "rejected",
    "reasons": [{"text": {"da": "Du har formue over grænsen.", "en": "Your wealth is over."}}],
    "legal_basis": "Aktivloven § 81",
}


def url(case: Case, action: str = "") -> str:
    return f"/api/v1/staff/cases/{case.number}" + (f"/{action}" if action else "")


@pytest.fixture
def mette(published_catalogue):
    return staff_create("caseworker", name="mette")


@pytest.fixture
def jens(published_catalogue):
    return staff_create("caseworker", name="jens")


@pytest.fixture
def api(mette):
    return staff_client(mette)


@pytest.fixture
def case(mette):
    return case_in_review(mette)


def later(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


# The case view


def test_the_case_view_has_answers_rules_timeline_notes_and_the_citizen(api, mette, case):
    case_note_add(case=case, user=mette.user, text="Ringede til dødsboet.")
    own_other = submitted_case(case.citizen, "enkeltydelse", {}, preference="caseworker")
    submitted_case(case.citizen, "briller-barn", {}, preference="caseworker")  # not in scope

    response = api.get(url(case))

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["number"] == case.number
    assert body["status"] == "in_review"
    assert body["handler"] == {"id": mette.user_id, "name": "Mette Testesen"}
    assert body["answers"]["estate_wealth_dkk"] == "unknown"
    assert body["evaluation"]["proposed_outcome"] == "refer_to_caseworker"
    assert body["evaluation"]["missing"] == ["estate_wealth_dkk"]
    assert {entry["id"] for entry in body["evaluation"]["trace"]} >= {"benefit", "age_at_death"}
    kinds = [(event["kind"], event["visible_to_citizen"]) for event in body["timeline"]]
    assert ("note_added", False) in kinds
    assert ("assigned", True) in kinds
    assert [note["text"] for note in body["notes"]] == ["Ringede til dødsboet."]
    assert body["notes"][0]["author"]["name"] == "Mette Testesen"
    citizen = body["citizen"]
    assert citizen["name"] == case.citizen.full_name
    assert "cpr" not in citizen
    assert citizen["digital_post_exempt"] is False
    assert [other["number"] for other in citizen["other_cases"]] == [own_other.number]
    suggestion = body["suggested_decision"]
    assert suggestion["legal_basis"].startswith("Sundhedsloven § 160")
    assert suggestion["facts"] == body["answers"]
    assert set(body["allowed_actions"]) >= {"view", "decide", "consult", "add_note"}
    assert "assign" not in body["allowed_actions"]


def test_the_case_view_takes_a_fixed_number_of_queries(api, mette, case):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url(case)).status_code == 200
        return len(captured)

    before = queries()
    case_note_add(case=case, user=mette.user, text="En note.")
    case_note_add(case=case, user=mette.user, text="En note til.")
    consultation_waive(case=case, user=mette.user, reason="Borgeren har selv oplyst det.")

    assert queries() == before


def test_a_case_in_another_department_is_not_found(published_catalogue):
    other = staff_create("caseworker", "aeldre-sundhed")
    case = referred_case()

    response = staff_client(other).get(url(case))

    assert response.status_code == 404
    assert response.json() == {
        "detail": f"Der er ingen sag med nummeret {case.number} blandt dem, du har adgang til.",
        "errors": {},
    }


def test_a_case_number_that_does_not_exist_is_not_found_either(api):
    assert api.get("/api/v1/staff/cases/2026-999999").status_code == 404


def test_a_role_that_may_not_act_gets_403_with_the_reason(published_catalogue, case):
    desk = staff_create("front_desk")

    response = staff_client(desk).post(url(case, "decision"), GRANT, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Din rolle giver ikke adgang til dette: træffe afgørelse."
    assert Case.objects.get(pk=case.pk).status == Status.IN_REVIEW


# Notes


def test_a_note_is_internal(api, case):
    response = api.post(url(case, "notes"), {"text": "  Borgeren ringede.  "}, format="json")

    assert response.status_code == 201
    assert response.json()["text"] == "Borgeren ringede."
    event = case.timeline.get(kind="note_added")
    assert event.visible_to_citizen is False


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": "   "}, "Skriv en note."),
        ({}, "Skriv en note."),
        ({"text": "x" * 10_001}, "Teksten er for lang. Skriv højst 10000 tegn."),
    ],
)
def test_a_note_must_say_something(api, case, body, message):
    response = api.post(url(case, "notes"), body, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": INVALID, "errors": {"text": [message]}}


def test_the_api_takes_json_only(api, case):
    response = api.post(url(case, "notes"), {"text": "Hej"})  # multipart

    assert response.status_code == 415


# Requests for information


def test_asking_for_information_stops_the_clock(api, case):
    response = api.post(
        url(case, "request-information"),
        {"message": "Send opgørelsen af boet.", "respond_by": later(14)},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["state"] == "open"
    assert response.json()["requested_by_name"] == "Mette Testesen"
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CITIZEN
    assert case.clock_stopped_on == timezone.localdate()


def test_a_request_cannot_be_due_in_the_past(api, case):
    response = api.post(
        url(case, "request-information"),
        {"message": "Send opgørelsen.", "respond_by": later(-1)},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"respond_by": ["Svarfristen kan ikke ligge før i dag."]}
    assert not InformationRequest.objects.exists()


def test_a_decided_case_cannot_ask_for_information(api, case):
    assert api.post(url(case, "decision"), GRANT, format="json").status_code == 201

    response = api.post(
        url(case, "request-information"),
        {"message": "Send opgørelsen.", "respond_by": later(7)},
        format="json",
    )

    assert response.status_code == 409
    assert (
        response.json()["detail"] == "Sagen kan ikke gå fra »Afgjort« til »Venter på svar fra dig«."
    )
    assert not InformationRequest.objects.exists()


# Consultation (forvaltningsloven § 19)


def test_consultation_is_sent_answered_and_recorded(api, case):
    sent = api.post(
        url(case, "consultations"),
        {"information": "Boet havde 40.000 kr.", "respond_by": later(14)},
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    consultation = sent.json()
    assert consultation["state"] == "sent"

    answered = api.post(
        url(case, f"consultations/{consultation['id']}/response"),
        {"response": "Beløbet er forkert.", "channel": "phone"},
        format="json",
    )

    assert answered.status_code == 200, answered.json()
    assert answered.json()["state"] == "answered"
    assert answered.json()["response"] == "Beløbet er forkert."
    assert case.timeline.filter(kind="consultation_answered", channel="phone").exists()


def test_consultation_needs_a_deadline_after_today(api, case):
    response = api.post(
        url(case, "consultations"),
        {"information": "Boet havde 40.000 kr.", "respond_by": later(0)},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"respond_by": ["Fristen skal ligge efter i dag."]}


def test_a_response_needs_the_channel_it_came_on(api, mette, case):
    consultation = consultation_send(
        case=case,
        user=mette.user,
        information="Formue.",
        respond_by=timezone.localdate() + dt.timedelta(days=3),
    )

    response = api.post(
        url(case, f"consultations/{consultation.pk}/response"),
        {"response": "Svar.", "channel": "system"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"channel"}


def test_a_consultation_lapses_only_after_its_deadline(api, mette, case):
    consultation = consultation_send(
        case=case,
        user=mette.user,
        information="Formue.",
        respond_by=timezone.localdate() + dt.timedelta(days=3),
    )
    lapse = url(case, f"consultations/{consultation.pk}/lapse")

    early = api.post(lapse)
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        late = staff_client(mette).post(lapse)

    assert early.status_code == 409
    assert early.json()["detail"] == "Fristen for at svare er ikke udløbet endnu."
    assert late.status_code == 200
    assert late.json()["state"] == "lapsed"


def test_another_cases_consultation_is_not_found(api, mette, case):
    other = case_in_review(mette)
    consultation = consultation_send(
        case=other,
        user=mette.user,
        information="Formue.",
        respond_by=timezone.localdate() + dt.timedelta(days=3),
    )

    response = api.post(url(case, f"consultations/{consultation.pk}/lapse"))

    assert response.status_code == 404
    assert response.json()["detail"] == "Sagen har ikke noget med dette nummer."


def test_consultation_can_be_waived_with_a_reason(api, case):
    empty = api.post(url(case, "consultations/waive"), {"reason": ""}, format="json")
    waived = api.post(
        url(case, "consultations/waive"), {"reason": "Borgeren har selv oplyst det."}, format="json"
    )

    assert empty.status_code == 400
    assert empty.json()["errors"] == {"reason": ["Skriv, hvorfor partshøring kan undlades."]}
    assert waived.status_code == 201
    assert waived.json()["state"] == "waived"
    assert waived.json()["exception_reason"] == "Borgeren har selv oplyst det."


# Deciding


def test_a_grant_is_issued_at_once(api, case):
    response = api.post(url(case, "decision"), GRANT, format="json")

    assert response.status_code == 201, response.json()
    decision = response.json()
    assert decision["outcome"] == "granted"
    assert decision["amount"] == "12500.00"
    assert decision["decided_by_kind"] == "staff"
    assert decision["decided_by_name"] == "Mette Testesen"
    assert decision["reasons"][0]["text"] == "Boet havde ingen formue."
    assert decision["appeal"]["deadline_weeks"] > 0
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.decisions.get().facts == case.answers  # the answers, when no facts are sent


def test_a_rejection_needs_consultation_first(api, case):
    response = api.post(url(case, "decision"), REJECT, format="json")

    assert response.status_code == 409
    assert "partshøring" in response.json()["detail"]
    assert not case.decisions.exists()


def test_a_high_stakes_rejection_becomes_a_proposal_for_four_eyes(api, mette, jens):
    case = case_in_review(mette, "enkeltydelse", answers={})
    consultation_waive(case=case, user=mette.user, reason="Oplysningerne er borgerens egne.")

    response = api.post(url(case, "decision"), REJECT, format="json")

    assert response.status_code == 202, response.json()
    proposal = response.json()
    assert proposal["state"] == "pending"
    assert proposal["proposed_by"]["id"] == mette.user_id
    assert proposal["content"]["outcome"] == "rejected"
    assert not case.decisions.exists()

    own = api.post(url(case, f"proposals/{proposal['id']}/approve"))
    approved = staff_client(jens).post(url(case, f"proposals/{proposal['id']}/approve"))

    assert own.status_code == 409
    assert own.json()["detail"] == "En anden sagsbehandler skal godkende din afgørelse."
    assert approved.status_code == 201, approved.json()
    assert approved.json()["outcome"] == "rejected"
    assert approved.json()["decided_by_name"] == "Mette Testesen"
    assert case.decisions.get().approved_by == jens.user

    again = staff_client(jens).post(url(case, f"proposals/{proposal['id']}/approve"))
    assert again.status_code == 409


def test_a_proposal_can_be_returned_with_a_comment(mette, jens):
    case = case_in_review(mette, "enkeltydelse", answers={})
    consultation_waive(case=case, user=mette.user, reason="Oplysningerne er borgerens egne.")
    proposal = decision_make(
        case=case,
        user=mette.user,
        content=DecisionContent(**REJECT),
    )
    assert isinstance(proposal, DecisionProposal)
    client = staff_client(jens)

    blank = client.post(
        url(case, f"proposals/{proposal.pk}/return"), {"comment": ""}, format="json"
    )
    response = client.post(
        url(case, f"proposals/{proposal.pk}/return"),
        {"comment": "Skriv beløbet i begrundelsen."},
        format="json",
    )

    assert blank.status_code == 400
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "returned"
    assert response.json()["settled_by"]["id"] == jens.user_id
    assert response.json()["comment"] == "Skriv beløbet i begrundelsen."


def test_a_proposal_on_another_case_is_not_found(api, mette):
    assert api.post(url(case_in_review(mette), "proposals/999999/approve")).status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {**REJECT, "reasons": [{"text": {"da": " "}}]},
            "reasons",
            "Skriv begrundelsen. Borgeren skal kunne se, hvorfor.",
        ),
        ({**GRANT, "amount": "-1"}, "amount", "Beløbet kan ikke være negativt."),
        ({**GRANT, "outcome": "maybe"}, "outcome", None),
        ({**GRANT, "legal_basis": ""}, "legal_basis", None),
    ],
)
def test_a_decision_with_bad_content_is_refused_by_field(api, case, body, field, message):
    response = api.post(url(case, "decision"), body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    if message:
        assert response.json()["errors"][field] == [message]


def test_a_case_not_in_review_cannot_be_decided(api, mette, case):
    assert api.post(url(case, "decision"), GRANT, format="json").status_code == 201

    response = api.post(url(case, "decision"), GRANT, format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Sagen skal være under behandling, før du kan træffe afgørelse."
    )


# Review of a contested decision


@pytest.fixture
def contested(mette):
    """A lost health card granted at once, contested by the citizen and taken by Mette."""
    citizen = CitizenFactory()
    case = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    assert case.status == Status.DECIDED
    case_contest(
        case=case, reason="Kortet var ikke væk.", actor=Actor.for_citizen(citizen), channel="web"
    )
    member = staff_create("caseworker", "borgerservice", skills=["sundhedskort"])
    case_assign(case=case, handler=member.user, assigned_by=member.user)
    return case, member


def test_a_contested_automated_decision_is_overturned(contested):
    case, member = contested

    response = staff_client(member).post(
        url(case, "review"),
        {
            "overturn": True,
            "note": "Kortet var stjålet: intet gebyr.",
            "decision": {**GRANT, "amount": "0.00"},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["review"]["overturned"] is True
    assert body["review"]["was_automated"] is True
    assert body["decision"]["amount"] == "0.00"
    assert body["decision"]["decided_by_kind"] == "staff"
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_a_contested_decision_is_upheld(contested):
    case, member = contested

    response = staff_client(member).post(url(case, "review"), {"overturn": False}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["review"]["overturned"] is False
    assert response.json()["decision"] is None


def test_overturning_needs_the_new_decision(contested):
    case, member = contested

    response = staff_client(member).post(url(case, "review"), {"overturn": True}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"decision": ["Skriv den nye afgørelse."]}


def test_only_a_contested_case_is_reviewed(api, case):
    response = api.post(url(case, "review"), {"overturn": False}, format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == "Kun en påklaget afgørelse kan vurderes igen."


# Forwarding


def test_part_of_a_case_is_forwarded_and_completed_by_the_other_department(api, case):
    response = api.post(
        url(case, "forward"),
        {"to_department": "social", "description": "Vurdér behov for støtte."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    task = response.json()
    assert (task["from_department"], task["to_department"], task["state"]) == (
        "ydelse",
        "social",
        "open",
    )
    social = staff_client(staff_create("caseworker", "social"))
    assert social.get(url(case)).status_code == 200
    assert social.post(url(case, "decision"), GRANT, format="json").status_code == 403

    own_department = api.post(
        url(case, f"tasks/{task['id']}/complete"), {"result": "Klaret."}, format="json"
    )
    done = social.post(
        url(case, f"tasks/{task['id']}/complete"), {"result": "Samtale holdt."}, format="json"
    )

    assert own_department.status_code == 404
    assert own_department.json()["detail"] == "Sagen har ikke noget med dette nummer."
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "done"
    assert done.json()["result"] == "Samtale holdt."
    case.refresh_from_db()
    assert case.handler_id is not None  # one contact person, still


def test_a_case_is_not_forwarded_to_its_own_department(api, case):
    response = api.post(
        url(case, "forward"),
        {"to_department": "ydelse", "description": "Se på det."},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "to_department": ["Vælg en anden afdeling end sagens egen."]
    }
    assert not ForwardedTask.objects.exists()


def test_a_task_that_does_not_exist_is_not_found(api, case):
    response = api.post(url(case, "tasks/123456/complete"), {"result": "x"}, format="json")

    assert response.status_code == 404


# Closing and withdrawing


def test_a_decided_case_is_closed_but_not_while_a_task_is_open(api, mette, case):
    api.post(url(case, "decision"), GRANT, format="json")
    task = case_forward(case=case, user=mette.user, to_department="social", description="Hjælp.")

    refused = api.post(url(case, "close"))
    task.state = ForwardedTask.State.DONE
    task.save(update_fields=["state"])
    closed = api.post(url(case, "close"))

    assert refused.status_code == 409
    assert refused.json()["detail"] == "Sagen har en opgave i en anden afdeling, som ikke er løst."
    assert closed.status_code == 200, closed.json()
    assert closed.json()["status"] == "closed"


def test_a_case_in_review_cannot_be_closed(api, case):
    assert api.post(url(case, "close")).status_code == 409


def test_the_citizen_withdraws_by_phone(api, case):
    response = api.post(url(case, "withdraw"), {"channel": "phone"}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "withdrawn"
    event = case.timeline.get(kind="withdrawn")
    assert (event.channel, event.actor_kind, event.actor_name) == (
        "phone",
        "staff",
        "Mette Testesen",
    )


def test_withdrawing_needs_the_channel_and_an_open_case(api, case):
    missing = api.post(url(case, "withdraw"), {}, format="json")
    api.post(url(case, "decision"), GRANT, format="json")
    decided = api.post(url(case, "withdraw"), {"channel": "desk"}, format="json")

    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"channel"}
    assert decided.status_code == 409
    assert Case.objects.get(pk=case.pk).status == Status.DECIDED


# Assigning (team leads)


def test_a_team_lead_assigns_and_reassigns(published_catalogue, mette, jens):
    lead = staff_client(staff_create("team_lead", name="henrik"))
    case = referred_case()

    assigned = lead.post(url(case, "assign"), {"handler": mette.user_id}, format="json")
    moved = lead.post(url(case, "assign"), {"handler": jens.user_id}, format="json")

    assert assigned.status_code == 200, assigned.json()
    assert assigned.json()["status"] == "in_review"
    assert assigned.json()["handler"]["id"] == mette.user_id
    assert moved.status_code == 200
    assert moved.json()["handler"]["id"] == jens.user_id


@pytest.mark.parametrize("who", ["other_department", "unskilled", "front_desk", "nobody"])
def test_a_case_is_only_assigned_to_a_caseworker_who_handles_it(published_catalogue, who):
    lead = staff_client(staff_create("team_lead"))
    handler = {
        "other_department": lambda: staff_create("caseworker", "aeldre-sundhed").user_id,
        "unskilled": lambda: staff_create("caseworker", skills=["enkeltydelse"]).user_id,
        "front_desk": lambda: staff_create("front_desk").user_id,
        "nobody": lambda: 987654,
    }[who]()
    case = referred_case()

    response = lead.post(url(case, "assign"), {"handler": handler}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "handler": ["Vælg en sagsbehandler i sagens afdeling, som behandler denne ydelse."]
    }
    case.refresh_from_db()
    assert case.handler_id is None


def test_a_decided_case_cannot_be_assigned(published_catalogue, jens, api, case):
    lead = staff_client(staff_create("team_lead"))
    api.post(url(case, "decision"), GRANT, format="json")

    response = lead.post(url(case, "assign"), {"handler": jens.user_id}, format="json")

    assert response.status_code == 409
    assert response.json()["detail"] == "Kun åbne sager kan gives til en anden."


def test_messages_follow_accept_language(api, case):
    response = api.post(
        url(case, "notes"), {"text": ""}, format="json", headers={"Accept-Language": "en"}
    )

    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == "There are errors in what you sent. See the message on each field."
    )
