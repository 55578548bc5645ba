"""Each action of the case view: it works, it checks access, and a refusal keeps what was
typed and says why."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import time_machine

from borgerrejse.cases.models import (
    Channel,
    Consultation,
    DecisionOutcome,
    ForwardedTask,
    InformationRequest,
    Status,
)
from borgerrejse.cases.services import (
    Actor,
    DecisionContent,
    case_assign,
    case_contest,
    case_forward,
    consultation_send,
    decision_make,
)
from borgerrejse.cases.tests.factories import submitted_case
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


def taken(member, case):
    return case_assign(case=case, handler=member.user, assigned_by=member.user)


def url(case, action: str = "") -> str:
    return f"/arbejde/sager/{case.number}/{action}"


# Taking a case


def test_take_this_case(mette, citizen):
    case = funeral_case(citizen)

    response = client_for(mette).post(url(case, "tag/"))

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == mette.user
    assert case.status == Status.IN_REVIEW


def test_a_case_someone_else_has_cannot_be_taken(mette, jens, citizen):
    case = funeral_case(citizen)
    case = taken(jens, case)
    client = client_for(mette)

    assert "Tag sagen" not in text(client.get(url(case)))
    # The button is gone; a page opened before Jens took the case gets a clear answer.
    response = client.post(url(case, "tag/"))
    assert response.status_code == 400
    assert "En anden sagsbehandler har allerede sagen." in text(response)
    case.refresh_from_db()
    assert case.handler == jens.user


def test_a_contested_decision_returns_to_its_caseworker(mette, citizen):
    case = funeral_case(citizen)
    case = taken(mette, case)
    decision_make(
        case=case,
        user=mette.user,
        content=DecisionContent(
            outcome=DecisionOutcome.GRANTED,
            reasons=[{"text": {"da": "Du får hjælp."}}],
            legal_basis="Sundhedsloven § 160",
        ),
    )
    case_contest(
        case=case, reason="Beløbet er for lavt.", actor=Actor.for_citizen(citizen), channel="web"
    )
    client = client_for(mette)
    assert "Tag sagen" in text(client.get(url(case)))

    client.post(url(case, "tag/"))

    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert "Genvurdér afgørelsen" in text(client.get(url(case)))


# Notes


def test_a_note_is_added_and_hidden_from_the_citizen(mette, citizen):
    case = funeral_case(citizen)

    response = client_for(mette).post(url(case, "noter/"), {"note-text": "Ring i morgen."})

    assert response.status_code == 302
    note = case.notes.get()
    assert note.text == "Ring i morgen."
    assert case.timeline.get(kind="note_added").visible_to_citizen is False


def test_an_empty_note_is_refused_with_a_message(mette, citizen):
    case = funeral_case(citizen)

    response = client_for(mette).post(url(case, "noter/"), {"note-text": "  "})

    page = text(response)
    assert response.status_code == 400
    assert 'data-module="error-summary"' in page
    assert '<a href="#id_note-text" class="function-link">Skriv en note.</a>' in page
    assert 'aria-invalid="true"' in page
    assert "<title>Fejl:" in page
    assert not case.notes.exists()


# Requests for information


def test_a_request_for_information_stops_the_clock(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        url(case, "oplysninger/"),
        {"information-message": "Send boets formue.", "information-respond_by": "2026-03-16"},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CITIZEN
    assert case.clock_stopped_on == NOW.date()
    request = case.information_requests.get()
    assert request.message == "Send boets formue."
    assert request.respond_by == dt.date(2026, 3, 16)


def test_a_request_accepts_danish_dates(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    client_for(mette).post(
        url(case, "oplysninger/"),
        {"information-message": "Send boets formue.", "information-respond_by": "16-03-2026"},
    )

    assert case.information_requests.get().respond_by == dt.date(2026, 3, 16)


def test_a_request_with_a_past_deadline_keeps_the_message(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        url(case, "oplysninger/"),
        {"information-message": "Send boets formue.", "information-respond_by": "2026-02-01"},
    )

    page = text(response)
    assert response.status_code == 400
    assert "Svarfristen kan ikke ligge før i dag." in page
    assert ">Send boets formue.</textarea>" in page
    assert '<details class="details" open>' in page
    assert not InformationRequest.objects.exists()


def test_a_request_with_no_date_says_how_to_write_it(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        url(case, "oplysninger/"),
        {"information-message": "Send boets formue.", "information-respond_by": "i morgen"},
    )

    assert response.status_code == 400
    assert "Skriv datoen som dd-mm-åååå" in text(response)


def test_the_front_desk_cannot_ask_the_citizen(lone, citizen):
    case = referred(citizen, "sundhedskort", LOST_CARD)

    response = client_for(lone).post(
        url(case, "oplysninger/"),
        {"information-message": "Send kortet.", "information-respond_by": "2026-03-16"},
    )

    assert response.status_code == 403


# Consultation (forvaltningsloven § 19)


def test_a_consultation_is_sent_answered_and_recorded(mette, citizen):
    case = taken(mette, referred(citizen, "enkeltydelse", {}))
    client = client_for(mette)

    response = client.post(
        url(case, "partshoering/"),
        {
            "consultation-information": "Banken oplyser en saldo på 40.000 kr.",
            "consultation-respond_by": "2026-03-16",
        },
    )
    assert response.status_code == 302
    consultation = case.consultations.get()
    assert consultation.state == Consultation.State.SENT

    response = client.post(
        url(case, f"partshoering/{consultation.pk}/svar/"),
        {
            f"consultation-{consultation.pk}-response": "Pengene er til huslejen.",
            f"consultation-{consultation.pk}-channel": "phone",
        },
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.ANSWERED
    assert consultation.response == "Pengene er til huslejen."


def test_an_empty_consultation_response_is_refused(mette, citizen):
    case = taken(mette, referred(citizen, "enkeltydelse", {}))
    consultation = consultation_send(
        case=case, user=mette.user, information="Saldo.", respond_by=dt.date(2026, 3, 16)
    )

    response = client_for(mette).post(
        url(case, f"partshoering/{consultation.pk}/svar/"),
        {
            f"consultation-{consultation.pk}-response": "",
            f"consultation-{consultation.pk}-channel": "phone",
        },
    )

    assert response.status_code == 400
    assert "Skriv borgerens svar." in text(response)


def test_a_lapse_is_recorded_only_after_the_deadline(mette, citizen):
    case = taken(mette, referred(citizen, "enkeltydelse", {}))
    consultation = consultation_send(
        case=case, user=mette.user, information="Saldo.", respond_by=dt.date(2026, 3, 16)
    )
    client = client_for(mette)

    response = client.post(url(case, f"partshoering/{consultation.pk}/udloebet/"))
    assert response.status_code == 400
    assert "Fristen for at svare er ikke udløbet endnu." in text(response)

    with time_machine.travel(NOW + dt.timedelta(days=15), tick=False):
        client = client_for(mette)
        assert "Fristen er udløbet uden svar" in text(client.get(url(case)))
        response = client.post(url(case, f"partshoering/{consultation.pk}/udloebet/"))
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.LAPSED


def test_an_exception_from_consultation_needs_a_reason(mette, citizen):
    case = taken(mette, referred(citizen, "enkeltydelse", {}))
    client = client_for(mette)

    response = client.post(url(case, "partshoering/undlad/"), {"waive-reason": ""})
    assert response.status_code == 400
    assert "Skriv, hvorfor partshøring kan undlades." in text(response)

    response = client.post(
        url(case, "partshoering/undlad/"), {"waive-reason": "Borgeren har selv oplyst det."}
    )
    assert response.status_code == 302
    assert case.consultations.get().state == Consultation.State.WAIVED


def test_a_consultation_for_another_case_is_not_found(mette, citizen):
    one = taken(mette, referred(citizen, "enkeltydelse", {}))
    other = taken(mette, referred(citizen, "enkeltydelse", {}))
    consultation = consultation_send(
        case=other, user=mette.user, information="Saldo.", respond_by=dt.date(2026, 3, 16)
    )

    response = client_for(mette).post(url(one, f"partshoering/{consultation.pk}/udloebet/"))

    assert response.status_code == 404


# Forwarding a part of the case


def test_a_task_is_forwarded_and_completed_by_the_other_department(mette, signe, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        url(case, "videresend/"),
        {"forward-to_department": "social", "forward-description": "Tjek for gæld."},
    )
    assert response.status_code == 302
    task = case.forwarded_tasks.get()
    assert task.to_department == "social"

    # The receiving department sees the case through its task, and completes it.
    client = client_for(signe)
    page = text(client.get(url(case)))
    assert "Opgaven er løst" in page
    assert "Træf afgørelse" not in page
    response = client.post(
        url(case, f"opgaver/{task.pk}/loes/"), {f"task-{task.pk}-result": "Ingen gæld."}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == ForwardedTask.State.DONE
    # Once done, the case is out of the other department's scope again.
    assert client.get(url(case)).status_code == 404


def test_forwarding_needs_a_department_and_a_description(mette, citizen):
    case = taken(mette, funeral_case(citizen))

    response = client_for(mette).post(
        url(case, "videresend/"), {"forward-to_department": "ydelse", "forward-description": ""}
    )

    page = text(response)
    assert response.status_code == 400
    assert "Vælg den afdeling, der skal løse opgaven." in page
    assert "Skriv, hvad den anden afdeling skal gøre." in page


def test_only_the_receiving_department_completes_a_task(mette, jens, signe, citizen):
    case = taken(mette, funeral_case(citizen))
    task = case_forward(case=case, user=mette.user, to_department="social", description="Tjek.")

    response = client_for(jens).post(
        url(case, f"opgaver/{task.pk}/loes/"), {f"task-{task.pk}-result": "Klaret."}
    )

    assert response.status_code == 404
    task.refresh_from_db()
    assert task.state == ForwardedTask.State.OPEN


# Closing and withdrawing


def test_a_decided_case_is_closed_but_not_with_an_open_task(sofie, citizen):
    case = submitted_case(citizen, "sundhedskort", LOST_CARD)  # decided at once
    case_forward(case=case, user=sofie.user, to_department="ydelse", description="Tjek.")
    client = client_for(sofie)

    response = client.post(url(case, "luk/"))
    assert response.status_code == 400
    assert "Sagen har en opgave i en anden afdeling, som ikke er løst." in text(response)

    case.forwarded_tasks.update(state=ForwardedTask.State.DONE)
    response = client.post(url(case, "luk/"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_a_withdrawal_is_recorded_with_how_the_citizen_said_so(mette, citizen):
    case = funeral_case(citizen)

    response = client_for(mette).post(url(case, "tilbagetraek/"), {"withdraw-channel": "phone"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    event = case.timeline.get(kind="withdrawn")
    assert event.channel == Channel.PHONE
    assert event.actor_kind == "staff"


def test_actions_are_posts(mette, citizen):
    case = funeral_case(citizen)
    client = client_for(mette)

    for action in ("tag/", "noter/", "oplysninger/", "luk/", "tilbagetraek/", "videresend/"):
        assert client.get(url(case, action)).status_code == 405, action


def test_actions_on_a_case_of_another_department_are_not_found(sofie, citizen):
    case = funeral_case(citizen)
    client = client_for(sofie)

    for action in ("tag/", "noter/", "oplysninger/", "luk/", "tilbagetraek/", "afgoerelse/"):
        assert client.post(url(case, action)).status_code == 404, action
