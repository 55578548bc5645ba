"""The queue, "take next", my cases, decisions to approve, tasks, and the team lead's page."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from borgerrejse.cases.models import Case, Status
from borgerrejse.cases.services import (
    DecisionContent,
    case_assign,
    case_claim_next,
    case_forward,
    consultation_waive,
    decision_make,
)
from borgerrejse.people.tests.factories import CitizenFactory
from borgerrejse.workbench.tests.conftest import (
    LOST_CARD,
    NOW,
    client_for,
    funeral_case,
    referred,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


# Who gets in


def test_the_workbench_needs_a_staff_login(world):
    response = Client().get("/arbejde/")

    assert response.status_code == 302
    assert response["Location"].startswith("/medarbejder/log-ind/?next=")


def test_a_logged_in_citizen_is_not_staff(world, citizen):
    from borgerrejse.identity.tests.logins import demo_citizen_create, log_in

    demo_citizen_create("danish_adult")
    client = Client()
    log_in(client)

    assert client.get("/arbejde/").status_code == 302


# The queue


def test_the_queue_shows_my_departments_and_skills_in_priority_order(mette, citizen):
    low = referred(citizen, "begravelseshjaelp", {})
    high = referred(citizen, "enkeltydelse", {})
    referred(citizen, "sundhedskort", LOST_CARD)  # Borgerservice: not Mette's

    page = text(client_for(mette).get("/arbejde/"))

    assert "2 sager i køen" in page
    assert page.index(high.number) < page.index(low.number)
    assert "Meget på spil" in page  # enkeltydelse is high stakes
    assert "Tag næste sag" in page
    assert "Sundhedskort" not in page


def test_the_queue_counts_cases_by_status(mette, citizen):
    referred(citizen, "begravelseshjaelp", {})
    referred(citizen, "begravelseshjaelp", {})
    case_claim_next(user=mette.user, departments=["ydelse"], services=["begravelseshjaelp"])

    page = text(client_for(mette).get("/arbejde/"))

    assert "<dt>Venter på en sagsbehandler</dt><dd>1</dd>" in page
    assert "<dt>Under behandling</dt><dd>1</dd>" in page


def test_the_queue_filters_by_service_status_and_deadline(mette, citizen):
    funeral = referred(citizen, "begravelseshjaelp", {})
    single = referred(citizen, "enkeltydelse", {})
    client = client_for(mette)

    page = text(client.get("/arbejde/?service=enkeltydelse"))
    assert single.number in page
    assert funeral.number not in page
    assert "Fjern filtre" in page

    page = text(client.get("/arbejde/?status=contested"))
    assert "Ingen sager passer på filtrene." in page

    # Funeral assistance online is due the same day; a week later it is overdue.
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        client = client_for(mette)
        page = text(client.get("/arbejde/?overdue=on"))
    assert funeral.number in page
    assert "Over fristen" in page

    page = text(client_for(mette).get("/arbejde/?due_this_week=on"))
    assert funeral.number in page


def test_a_filter_that_is_not_mine_is_ignored(mette, citizen):
    case = referred(citizen, "begravelseshjaelp", {})

    response = client_for(mette).get("/arbejde/?service=sundhedskort&status=nonsense")

    assert response.status_code == 200
    assert case.number in text(response)


def _queue_queries(client: Client, url: str = "/arbejde/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_page_queries_do_not_grow_with_the_cases(mette):
    client = client_for(mette)
    citizen = CitizenFactory()
    referred(citizen, "begravelseshjaelp", {})
    few = _queue_queries(client)

    for _ in range(3):
        other = CitizenFactory(exempt=True)
        referred(other, "begravelseshjaelp", {})
        referred(other, "enkeltydelse", {})
    for _ in range(25):
        referred(citizen, "enkeltydelse", {})

    assert _queue_queries(client) == few
    assert _queue_queries(client, "/arbejde/?page=2") == few
    # An empty page skips fetching rows.
    assert _queue_queries(client, "/arbejde/?service=enkeltydelse&overdue=on") <= few


def test_the_queue_is_paginated(mette, citizen):
    for _ in range(27):
        referred(citizen, "enkeltydelse", {})

    client = client_for(mette)
    first = text(client.get("/arbejde/"))
    second = text(client.get("/arbejde/?page=2"))

    assert "27 sager i køen" in first
    assert first.count('<a href="/arbejde/sager/') == 25
    assert second.count('<a href="/arbejde/sager/') == 2
    assert 'aria-current="page"><span class="sr-only">Side </span>2' in second


# Take next


def test_take_next_claims_the_top_case_and_opens_it(mette, citizen):
    referred(citizen, "begravelseshjaelp", {})
    top = referred(citizen, "enkeltydelse", {})

    response = client_for(mette).post("/arbejde/tag-naeste/")

    assert response.status_code == 302
    assert response["Location"] == f"/arbejde/sager/{top.number}/"
    top.refresh_from_db()
    assert top.status == Status.IN_REVIEW
    assert top.handler == mette.user


def test_take_next_on_an_empty_queue_says_so(mette):
    client = client_for(mette)

    response = client.post("/arbejde/tag-naeste/", follow=True)

    assert "Der er ingen sager i køen lige nu." in text(response)


def test_the_front_desk_cannot_take_cases(lone, citizen):
    referred(citizen, "sundhedskort", LOST_CARD)
    client = client_for(lone)

    assert "Tag næste sag" not in text(client.get("/arbejde/"))
    assert client.post("/arbejde/tag-naeste/").status_code == 403


def test_take_next_is_a_post(mette):
    assert client_for(mette).get("/arbejde/tag-naeste/").status_code == 405


# My cases


def test_my_cases_lists_my_open_cases_only(mette, jens, citizen):
    mine = referred(citizen, "begravelseshjaelp", {})
    theirs = referred(citizen, "enkeltydelse", {})
    case_assign(case=mine, handler=mette.user, assigned_by=mette.user)
    case_assign(case=theirs, handler=jens.user, assigned_by=jens.user)

    page = text(client_for(mette).get("/arbejde/mine-sager/"))

    assert mine.number in page
    assert theirs.number not in page
    assert "1 åben sag" in page


# Four eyes


def _rejection_proposal(mette, citizen) -> Case:
    case = referred(citizen, "enkeltydelse", {})
    case = case_assign(case=case, handler=mette.user, assigned_by=mette.user)
    consultation_waive(case=case, user=mette.user, reason="Borgeren har selv oplyst det.")
    decision_make(
        case=case,
        user=mette.user,
        content=DecisionContent(
            outcome="rejected",
            reasons=[{"text": {"da": "Du har ikke ret."}, "legal_basis": "§ 81"}],
            legal_basis="Lov om aktiv socialpolitik § 81",
        ),
    )
    return case


def test_proposals_to_approve_are_listed_and_ones_own_marked(mette, jens, citizen):
    case = _rejection_proposal(mette, citizen)

    theirs = text(client_for(jens).get("/arbejde/godkendelser/"))
    own = text(client_for(mette).get("/arbejde/godkendelser/"))

    assert case.number in theirs
    assert "Afslag" in theirs
    assert "Din egen" not in theirs
    assert "Din egen" in own


# Tasks from other departments


def test_forwarded_tasks_are_listed_for_the_receiving_department(mette, signe, citizen):
    case = funeral_case(citizen)
    case_forward(case=case, user=mette.user, to_department="social", description="Tjek for gæld.")

    page = text(client_for(signe).get("/arbejde/opgaver/"))

    assert case.number in page
    assert "Tjek for gæld." in page
    assert "Der er ingen åbne opgaver" in text(client_for(mette).get("/arbejde/opgaver/"))


# The team lead


def test_the_team_page_is_for_team_leads(mette):
    assert client_for(mette).get("/arbejde/team/").status_code == 403
    assert (
        "Team"
        not in text(client_for(mette).get("/arbejde/")).split("<main")[0].split("workbench-nav")[-1]
    )


def test_a_team_lead_sees_the_workload(henrik, mette, jens, citizen):
    for _ in range(2):
        case = referred(citizen, "begravelseshjaelp", {})
        case_assign(case=case, handler=mette.user, assigned_by=henrik.user)
    with time_machine.travel(NOW + dt.timedelta(days=7), tick=False):
        page = text(client_for(henrik).get("/arbejde/team/"))

    row = page[page.index(mette.full_name) :][:400]
    assert '<td class="numeric">2</td>' in row
    assert '<span class="badge badge-error">2</span>' in row  # both overdue a week later
    assert jens.full_name in page  # no cases yet, still on the list


def test_a_team_lead_assigns_a_case_from_the_team_page(henrik, mette, citizen):
    case = referred(citizen, "begravelseshjaelp", {})
    client = client_for(henrik)
    page = text(client.get("/arbejde/team/"))
    assert f'name="assign-{case.pk}-handler"' in page

    response = client.post(
        f"/arbejde/sager/{case.number}/fordel/",
        {
            "prefix": f"assign-{case.pk}",
            f"assign-{case.pk}-handler": mette.user_id,
            "next": "/arbejde/team/",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/arbejde/team/"
    case.refresh_from_db()
    assert case.handler == mette.user
    assert case.status == Status.IN_REVIEW


def test_a_case_cannot_go_to_someone_without_the_skill(henrik, citizen, world):
    from borgerrejse.workbench.tests.conftest import caseworker

    junior = caseworker(skills=["enkeltydelse"], username="amalie")
    case = referred(citizen, "begravelseshjaelp", {})

    response = client_for(henrik).post(
        f"/arbejde/sager/{case.number}/fordel/", {"assign-handler": junior.user_id}
    )

    assert response.status_code == 400
    assert "Vælg en sagsbehandler, der kan behandle denne ydelse." in text(response)
    case.refresh_from_db()
    assert case.handler is None


def test_a_caseworker_cannot_assign(mette, jens, citizen):
    case = referred(citizen, "begravelseshjaelp", {})

    response = client_for(mette).post(
        f"/arbejde/sager/{case.number}/fordel/", {"assign-handler": jens.user_id}
    )

    assert response.status_code == 403
