"""/api/v1/staff/queue, /queue/claim and /workload: what waits, taking it, and who has what."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borgerrejse.api.tests.staff_clients import (
    MISSING_ESTATE,
    case_in_review,
    referred_case,
    staff_client,
    staff_create,
)
from borgerrejse.cases.models import Channel, DecisionPreference, Status
from borgerrejse.cases.services import Actor, case_contest
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.people.tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
QUEUE = "/api/v1/staff/queue"
CLAIM = "/api/v1/staff/queue/claim"
WORKLOAD = "/api/v1/staff/workload"
WEDNESDAY = dt.datetime(2026, 3, 4, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def mette(published_catalogue):
    return staff_create("caseworker", name="mette")


@pytest.fixture
def api(mette):
    return staff_client(mette)


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["number"] for row in response.json()["results"]]


def test_the_queue_puts_the_highest_priority_first_and_counts_by_status(api, mette):
    funeral = referred_case("begravelseshjaelp")
    single = referred_case("enkeltydelse", {})  # high stakes: first
    taken = case_in_review(mette, "begravelseshjaelp")
    referred_case("briller-barn", {})  # another department

    response = api.get(QUEUE)

    assert numbers(response) == [single.number, funeral.number]
    body = response.json()
    assert body["count"] == 2
    assert body["counts"] == {"awaiting_caseworker": 2, "in_review": 1}
    first = body["results"][0]
    assert first["priority"] > body["results"][1]["priority"]
    assert first["priority_reasons"] == ["high_stakes", "self_service"]
    assert first["service"]["title"]["da"] == "Hjælp til en enkelt udgift (enkeltydelse)"
    assert first["citizen_name"] == single.citizen.full_name
    assert taken.number not in numbers(response)


def test_the_queue_only_has_the_services_one_is_skilled_in(published_catalogue):
    junior = staff_client(staff_create("caseworker", skills=["enkeltydelse"]))
    referred_case("begravelseshjaelp")
    single = referred_case("enkeltydelse", {})

    assert numbers(junior.get(QUEUE)) == [single.number]


def test_the_queue_filters_by_service(api):
    referred_case("begravelseshjaelp")
    single = referred_case("enkeltydelse", {})

    assert numbers(api.get(QUEUE, {"service": "enkeltydelse"})) == [single.number]
    assert numbers(api.get(QUEUE, {"service": "pas"})) == []


def test_the_queue_filters_by_due_date(published_catalogue):
    def funeral(submitted: dt.date):
        return submitted_case(
            CitizenFactory(),
            "begravelseshjaelp",
            MISSING_ESTATE,
            preference=DecisionPreference.CASEWORKER,
            today=submitted,
        )

    overdue = funeral(dt.date(2026, 3, 2))
    this_week = funeral(dt.date(2026, 3, 6))
    later = funeral(dt.date(2026, 3, 10))
    assert (overdue.due_date, this_week.due_date, later.due_date) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 6),
        dt.date(2026, 3, 10),
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        api = staff_client(staff_create("caseworker"))
        everything = api.get(QUEUE)
        due_this_week = api.get(QUEUE, {"due_this_week": "true"})
        past_due = api.get(QUEUE, {"overdue": "true"})

    assert sorted(numbers(everything)) == sorted([overdue.number, this_week.number, later.number])
    assert numbers(due_this_week) == [this_week.number]
    assert numbers(past_due) == [overdue.number]
    assert [row["overdue"] for row in past_due.json()["results"]] == [True]


def test_the_queue_filters_by_status(published_catalogue):
    citizen = CitizenFactory()
    card = submitted_case(citizen, "sundhedskort", {"reason": "lost"})
    case_contest(
        case=card, reason="Det var stjålet.", actor=Actor.for_citizen(citizen), channel=Channel.WEB
    )
    new = submitted_case(
        CitizenFactory(),
        "sundhedskort",
        {"reason": "lost"},
        preference=DecisionPreference.CASEWORKER,
    )
    api = staff_client(staff_create("caseworker", "borgerservice", skills=["sundhedskort"]))

    assert numbers(api.get(QUEUE, {"status": "contested"})) == [card.number]
    assert numbers(api.get(QUEUE, {"status": "awaiting_caseworker"})) == [new.number]
    assert api.get(QUEUE).json()["counts"] == {"contested": 1, "awaiting_caseworker": 1}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "decided"}, "status"),
        ({"overdue": "maybe"}, "overdue"),
        ({"service": "ikke en slug!"}, "service"),
    ],
)
def test_a_bad_filter_is_a_400_on_its_field(api, query, field):
    response = api.get(QUEUE, query)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {field}


def test_the_queue_comes_a_page_at_a_time(api):
    cases = [referred_case("enkeltydelse", {}) for _ in range(3)]

    first = api.get(QUEUE, {"page_size": 2})
    second = api.get(QUEUE, {"page_size": 2, "page": 2})
    beyond = api.get(QUEUE, {"page_size": 2, "page": 3})

    assert first.json()["count"] == 3
    assert first.json()["next"].endswith("page=2&page_size=2")
    assert numbers(first) + numbers(second) == [case.number for case in cases]
    assert beyond.status_code == 404


def test_the_queue_takes_the_same_number_of_queries_however_long_it_is(api):
    referred_case("enkeltydelse", {})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(QUEUE).status_code == 200
        return len(captured)

    one = queries()
    for _ in range(5):
        referred_case("enkeltydelse", {})
        referred_case("begravelseshjaelp")

    assert queries() == one


@pytest.mark.parametrize("role", ["front_desk", "service_owner"])
def test_a_role_without_skills_has_an_empty_queue_and_cannot_take_cases(published_catalogue, role):
    referred_case()
    client = staff_client(staff_create(role))

    queue = client.get(QUEUE)
    claim = client.post(CLAIM)

    assert queue.status_code == 200
    assert queue.json()["results"] == []
    assert claim.status_code == 403
    assert claim.json()["detail"] == "Din rolle giver ikke adgang til dette: tage sagen."


def test_an_administrator_has_no_queue(published_catalogue):
    client = staff_client(staff_create("administrator"))

    assert client.get(QUEUE).status_code == 403
    assert client.post(CLAIM).status_code == 403


# Take next


def test_take_next_claims_the_top_case_then_the_next_then_nothing(api, mette):
    funeral = referred_case("begravelseshjaelp")
    single = referred_case("enkeltydelse", {})

    first = api.post(CLAIM)
    second = api.post(CLAIM)
    third = api.post(CLAIM)

    assert first.status_code == 200
    assert first.json()["number"] == single.number
    assert first.json()["status"] == "in_review"
    assert first.json()["handler"]["id"] == mette.user_id
    assert "claimed" in [event["kind"] for event in first.json()["timeline"]]
    assert second.json()["number"] == funeral.number
    assert third.status_code == 204
    assert third.content == b""
    single.refresh_from_db()
    assert (single.status, single.handler_id) == (Status.IN_REVIEW, mette.user_id)


def test_take_next_never_takes_another_departments_case(published_catalogue):
    case = referred_case("begravelseshjaelp")
    other = staff_client(staff_create("caseworker", "aeldre-sundhed"))

    assert other.post(CLAIM).status_code == 204
    case.refresh_from_db()
    assert case.handler_id is None


# Workload


def test_a_team_lead_sees_the_workload_per_caseworker(published_catalogue, mette):
    jens = staff_create("caseworker", name="jens")
    case_in_review(mette)
    case_in_review(mette)
    case_in_review(jens)
    lead = staff_client(staff_create("team_lead"))

    response = lead.get(WORKLOAD)

    assert response.status_code == 200, response.json()
    assert response.json() == [
        {"handler": {"id": jens.user_id, "name": "Jens Testesen"}, "open": 1, "overdue": 1},
        {"handler": {"id": mette.user_id, "name": "Mette Testesen"}, "open": 2, "overdue": 2},
    ]


def test_a_team_lead_sees_only_their_own_departments(published_catalogue, mette):
    case_in_review(mette)
    lead = staff_client(staff_create("team_lead", "aeldre-sundhed"))

    assert lead.get(WORKLOAD).json() == []


def test_a_caseworker_does_not_see_the_workload(api):
    response = api.get(WORKLOAD)

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Din rolle giver ikke adgang til dette: fordele sagen til en sagsbehandler."
    )
