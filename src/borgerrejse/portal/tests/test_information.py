"""The citizen answers a request for information online, sees consultations, and sees the
caseworker's name and how to reach them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from borgerrejse.cases.models import InformationRequest, Status
from borgerrejse.cases.services import (
    case_assign,
    consultation_send,
    consultation_waive,
    information_request,
)
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.portal.tests.journey import PDF, text
from borgerrejse.staff.tests.logins import staff_create

FUNERAL_UNKNOWN_ESTATE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "has_spouse_or_children_under_18": False,
    "estate_wealth_dkk": "unknown",
    "funeral_expenses_dkk": "20000.00",
}


@pytest.fixture
def mette(db):
    member = staff_create(
        roles=["caseworker"],
        departments=["ydelse"],
        skills=["begravelseshjaelp"],
        username="mette",
    )
    member.user.first_name, member.user.last_name = "Mette", "Sørensen"
    member.user.save(update_fields=["first_name", "last_name"])
    return member


def awaiting_answer(citizen, mette):
    case = submitted_case(citizen, "begravelseshjaelp", FUNERAL_UNKNOWN_ESTATE)
    case = case_assign(case=case, handler=mette.user, assigned_by=mette.user)
    request = information_request(
        case=case,
        user=mette.user,
        message="Send en opgørelse af boets formue.",
        respond_by=dt.date(2026, 3, 16),
    )
    return case, request


def answer_url(case, request) -> str:
    return f"/sager/{case.number}/oplysninger/{request.pk}/svar/"


def test_the_case_page_shows_the_question_and_a_form(anne_client, anne, mette):
    case, request = awaiting_answer(anne, mette)

    page = text(anne_client.get(f"/sager/{case.number}/"))

    assert "Vi venter på svar fra dig" in page
    assert "Send en opgørelse af boets formue." in page
    assert "Svar senest 16. marts 2026." in page
    assert f'action="{answer_url(case, request)}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert f'id="field-answer-{request.pk}"' in page


def test_my_page_shows_the_question_and_who_asks(anne_client, anne, mette):
    case, request = awaiting_answer(anne, mette)

    page = text(anne_client.get("/min-side/"))
    waiting = page[page.index("Vi venter på svar fra dig") :][:2000]

    assert "Mette Sørensen spørger: Send en opgørelse af boets formue." in waiting
    assert f'href="{answer_url(case, request)}"' in waiting


def test_the_citizen_answers_with_text_and_files(anne_client, anne, mette):
    case, request = awaiting_answer(anne, mette)

    response = anne_client.post(
        answer_url(case, request),
        {
            "answer": "Formuen var 15.000 kr.",
            "files": [
                SimpleUploadedFile("opgoerelse.pdf", PDF),
                SimpleUploadedFile("kontoudtog.pdf", PDF),
            ],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/sager/{case.number}/"
    request.refresh_from_db()
    assert request.state == InformationRequest.State.ANSWERED
    assert request.answer == "Formuen var 15.000 kr."
    assert sorted(a.original_name for a in request.attachments.all()) == [
        "kontoudtog.pdf",
        "opgoerelse.pdf",
    ]
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.clock_stopped_on is None
    page = text(anne_client.get(response["Location"]))
    assert "Tak for dit svar." in page
    assert "Du svarede" in page
    assert "kontoudtog.pdf" in page


def test_a_refused_file_keeps_the_text_and_the_good_files(anne_client, anne, mette):
    case, request = awaiting_answer(anne, mette)

    response = anne_client.post(
        answer_url(case, request),
        {
            "answer": "Formuen var 15.000 kr.",
            "files": [
                SimpleUploadedFile("opgoerelse.pdf", PDF),
                SimpleUploadedFile("virus.exe", b"MZ"),
            ],
        },
    )

    page = text(response)
    assert response.status_code == 200
    assert "Vi har ikke sendt dit svar endnu" in page
    assert "»virus.exe«: Filen skal være af typen PDF, JPG, PNG." in page
    assert ">Formuen var 15.000 kr.</textarea>" in page
    assert "Vi har gemt disse filer" in page
    assert "opgoerelse.pdf" in page
    request.refresh_from_db()
    assert request.state == InformationRequest.State.OPEN

    # Sending again without the bad file sends the answer with the file kept before.
    response = anne_client.post(answer_url(case, request), {"answer": "Formuen var 15.000 kr."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert [a.original_name for a in request.attachments.all()] == ["opgoerelse.pdf"]


def test_an_empty_answer_is_refused(anne_client, anne, mette):
    case, request = awaiting_answer(anne, mette)

    response = anne_client.post(answer_url(case, request), {"answer": "  "})

    page = text(response)
    assert response.status_code == 200
    assert "Skriv et svar, eller vedhæft en fil." in page
    assert '<a href="#field-answer" class="function-link">' in page


def test_an_answered_request_sends_the_citizen_back_to_the_case(anne_client, anne, mette):
    case, request = awaiting_answer(anne, mette)
    anne_client.post(answer_url(case, request), {"answer": "Formuen var 15.000 kr."})

    response = anne_client.get(answer_url(case, request))

    assert response.status_code == 302
    assert response["Location"] == f"/sager/{case.number}/"


def test_another_citizen_cannot_answer(anne, james_client, mette):
    case, request = awaiting_answer(anne, mette)

    response = james_client.post(answer_url(case, request), {"answer": "Hej"})

    assert response.status_code == 404
    request.refresh_from_db()
    assert request.state == InformationRequest.State.OPEN


def test_the_answer_needs_a_login(client, anne, mette, published_catalogue, frozen_time):
    case, request = awaiting_answer(anne, mette)

    response = client.get(answer_url(case, request))

    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/")


def test_a_consultation_is_shown_but_a_waived_one_is_not(anne_client, anne, mette):
    case = submitted_case(anne, "begravelseshjaelp", FUNERAL_UNKNOWN_ESTATE)
    case = case_assign(case=case, handler=mette.user, assigned_by=mette.user)
    consultation_send(
        case=case,
        user=mette.user,
        information="Banken oplyser, at boet har 60.000 kr.",
        respond_by=dt.date(2026, 3, 16),
    )
    consultation_waive(case=case, user=mette.user, reason="Intern begrundelse.")

    page = text(anne_client.get(f"/sager/{case.number}/"))

    assert "Vi vil gerne høre dig (partshøring)" in page
    assert "Banken oplyser, at boet har 60.000 kr." in page
    assert "Ring eller skriv til Mette Sørensen." in page
    assert "Intern begrundelse." not in page
    my_page = text(anne_client.get("/min-side/"))
    assert "Vi vil gerne høre dig, før vi afgør sagen (partshøring)." in my_page


# A name and a face


def test_the_receipt_case_page_and_my_page_name_the_caseworker(anne_client, anne, mette):
    case = submitted_case(anne, "begravelseshjaelp", FUNERAL_UNKNOWN_ESTATE)
    case_assign(case=case, handler=mette.user, assigned_by=mette.user)

    for url in (f"/sager/{case.number}/kvittering/", f"/sager/{case.number}/"):
        page = text(anne_client.get(url))
        assert (
            "Din sagsbehandler er <strong>Mette Sørensen</strong> fra Ydelse og Jobcenter." in page
        )
        assert "Direkte telefon til Mette Sørensen" in page
        assert f'href="tel:+45{mette.phone.replace(" ", "")}"' in page
        assert f'href="mailto:{mette.user.email}"' in page
        # The team stays reachable too.
        assert 'href="tel:+4512345682"' in page

    page = text(anne_client.get("/min-side/"))
    assert "Mette Sørensen, Ydelse og Jobcenter" in page
    assert f'href="tel:+45{mette.phone.replace(" ", "")}"' in page


def test_my_page_queries_do_not_grow_with_requests(
    anne_client, anne, mette, django_assert_max_num_queries
):
    from borgerrejse.portal.tests.test_cases import _my_page_queries

    awaiting_answer(anne, mette)
    few = _my_page_queries(anne_client)
    for _ in range(3):
        awaiting_answer(anne, mette)

    with django_assert_max_num_queries(few):
        anne_client.get("/min-side/")
