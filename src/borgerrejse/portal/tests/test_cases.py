"""After submission: the receipt, the case page, decisions and letters, contesting, My page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borgerrejse.cases.models import ActorKind, Case, DecisionPreference, Status
from borgerrejse.cases.services import Actor, case_transition
from borgerrejse.cases.tests.factories import submitted_case
from borgerrejse.portal.tests.journey import (
    apply_for_funeral_assistance,
    apply_for_lost_health_card,
    case_of,
    start,
    submit,
    text,
)

LOST = {"reason": "lost"}
FUNERAL_UNKNOWN_ESTATE = {
    "deceased_birth_date": "1950-05-01",
    "date_of_death": "2026-02-01",
    "has_spouse_or_children_under_18": False,
    "estate_wealth_dkk": "unknown",
    "funeral_expenses_dkk": "20000.00",
}
STAFF = Actor(ActorKind.STAFF, "Mette Sørensen")


def decided_case(citizen) -> Case:
    return submitted_case(citizen, "sundhedskort", LOST)


def referred_case(citizen) -> Case:
    return submitted_case(citizen, "begravelseshjaelp", FUNERAL_UNKNOWN_ESTATE)


# The receipt


def test_the_receipt_names_the_case_the_date_and_the_team(anne_client, anne):
    case = referred_case(anne)

    page = text(anne_client.get(f"/sager/{case.number}/kvittering/"))

    assert "<h1>Vi har modtaget din ansøgning</h1>" in page
    assert case.number in page
    assert "Du får svar senest" in page
    # Web has a deadline of 0 working days for funeral assistance: an answer the same day.
    assert "2. marts 2026" in page
    assert "Det er <strong>Ydelse og Jobcenter</strong>, der har din sag." in page
    assert 'href="tel:+4512345682"' in page
    assert "Mandag til fredag kl. 9-14" in page
    assert "Hvad sker der nu?" in page


def test_the_receipt_names_the_caseworker_once_assigned(anne_client, anne):
    case = referred_case(anne)
    caseworker = get_user_model().objects.create_user(
        "mette", first_name="Mette", last_name="Sørensen"
    )
    # No service assigns caseworkers yet; the workbench will.
    Case.objects.filter(pk=case.pk).update(handler=caseworker)

    page = text(anne_client.get(f"/sager/{case.number}/kvittering/"))

    assert "Din sagsbehandler er <strong>Mette Sørensen</strong> fra Ydelse og Jobcenter." in page


def test_the_receipt_in_english(anne_client, anne, portal_english):
    case = referred_case(anne)

    page = text(anne_client.get(f"/en/sager/{case.number}/kvittering/"))

    assert '<html lang="en">' in page
    assert "We have received your application" in page
    assert "2 March 2026" in page


# The decision


def test_the_decision_page_carries_what_the_law_asks(anne_client, anne):
    case = decided_case(anne)
    decision = case.decisions.get()

    page = text(anne_client.get(f"/sager/{case.number}/afgoerelse/{decision.pk}/"))

    assert "Bevilget" in page
    assert "Vi har bevilget din ansøgning." in page
    # A fee is something the citizen pays.
    assert "Du skal betale et gebyr på 225 kr." in page
    assert "Du får udbetalt" not in page
    # Reasons, legal rules, the facts used (forvaltningsloven §§ 22-24).
    assert "Dit kort er væk. Et nyt kort koster 225 kr." in page
    assert "Sundhedsloven § 12" in page
    assert "<dt>Hvorfor skal du have et nyt kort?</dt><dd>Kortet er væk</dd>" in page
    assert "<dt>Gebyr for nyt kort</dt><dd>225 kr.</dd>" in page
    # Automation says so, and the right to a person (GDPR art. 22).
    assert "Sagen er afgjort automatisk." in page
    assert "sundhedskort v1" in page
    assert "Du har ret til, at en person ser på sagen." in page
    # Appeal guidance (§ 25): body, how and the last day.
    assert "Du kan klage til Styrelsen for Patientklager." in page
    assert "Skriv til kommunen." in page
    assert "Du skal klage senest den 30. marts 2026." in page
    assert f'href="/sager/{case.number}/afgoerelse/{decision.pk}/brev.pdf"' in page
    assert (
        f'href="/sager/{case.number}/klag/" class="button button-secondary">Klag over afgørelsen'
        in page
    )


def test_a_benefit_is_worded_as_money_paid_out(anne_client, anne):
    answers = {**FUNERAL_UNKNOWN_ESTATE, "estate_wealth_dkk": "1000"}
    case = submitted_case(anne, "begravelseshjaelp", answers)
    decision = case.decisions.get()

    page = text(anne_client.get(f"/sager/{case.number}/afgoerelse/{decision.pk}/"))

    assert "Du får udbetalt 12.950 kr." in page
    assert "gebyr" not in page


def test_the_decision_in_english(anne_client, anne, portal_english):
    case = decided_case(anne)
    decision = case.decisions.get()

    page = text(anne_client.get(f"/en/sager/{case.number}/afgoerelse/{decision.pk}/"))

    assert "You must pay a fee of DKK 225." in page
    assert "Your card is lost. A new card costs DKK 225." in page
    assert "The Danish Patient Complaints Board" in page
    assert "30 March 2026" in page


def test_the_letter_is_a_pdf_shown_in_the_browser(anne_client, anne):
    case = decided_case(anne)
    decision = case.decisions.get()

    response = anne_client.get(f"/sager/{case.number}/afgoerelse/{decision.pk}/brev.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="afgoerelse-{case.number}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


# Contesting


def test_contesting_an_instant_decision_sends_it_to_a_person(anne_client, anne):
    case = decided_case(anne)
    page = text(anne_client.get(f"/sager/{case.number}/klag/"))
    assert "<h1>Klag over afgørelsen</h1>" in page
    assert "Den blev truffet automatisk. Nu ser en person på den." in page

    response = anne_client.post(f"/sager/{case.number}/klag/", {"reason": "Kortet blev stjålet."})

    assert response.status_code == 302
    assert response["Location"] == f"/sager/{case.number}/"
    case.refresh_from_db()
    assert case.status == Status.CONTESTED
    assert case.contest_reason == "Kortet blev stjålet."
    page = text(anne_client.get(f"/sager/{case.number}/"))
    assert "Vi har modtaget din klage" in page
    assert "En sagsbehandler ser på afgørelsen igen." in page


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("   ", "Skriv, hvorfor du er uenig i afgørelsen."),
        ("x" * 5001, "Skriv højst 5000 tegn."),
    ],
)
def test_a_contest_needs_a_reason_of_a_sensible_length(anne_client, anne, reason, message):
    case = decided_case(anne)

    response = anne_client.post(f"/sager/{case.number}/klag/", {"reason": reason})

    page = text(response)
    assert response.status_code == 200
    assert '<a href="#field-reason" class="function-link">' in page
    assert message in page
    assert re.search(r'id="field-reason"[^>]*aria-invalid="true"', page)
    case.refresh_from_db()
    assert case.status == Status.DECIDED


def test_a_case_without_a_decision_cannot_be_contested(anne_client, anne):
    case = referred_case(anne)

    response = anne_client.post(f"/sager/{case.number}/klag/", {"reason": "Uenig"})

    assert response["Location"] == f"/sager/{case.number}/"
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CASEWORKER


# The case page


def test_the_case_page_shows_status_timeline_decisions_and_team(anne_client, anne):
    case = decided_case(anne)
    decision = case.decisions.get()

    page = text(anne_client.get(f"/sager/{case.number}/"))

    assert "<h1>Nyt sundhedskort</h1>" in page
    assert 'class="badge badge-success case-status">Afgjort</span>' in page
    # The timeline, newest first.
    assert page.index("Afgørelse truffet") < page.index("Ansøgning modtaget")
    assert page.index("Ansøgning modtaget") < page.index("Ansøgning påbegyndt")
    assert f'href="/sager/{case.number}/afgoerelse/{decision.pk}/"' in page
    assert f'href="/sager/{case.number}/afgoerelse/{decision.pk}/brev.pdf"' in page
    assert (
        "Har du spørgsmål til sagen? Så ring eller skriv til <strong>Borgerservice</strong>."
        in page
    )
    # Staff-only events stay hidden.
    assert "Trin gemt" not in page


def test_a_case_waiting_for_the_citizen_says_so(anne_client, anne):
    case = referred_case(anne)
    case = case_transition(case=case, to=Status.IN_REVIEW, actor=STAFF, channel="system")
    case_transition(case=case, to=Status.AWAITING_CITIZEN, actor=STAFF, channel="system")

    page = text(anne_client.get(f"/sager/{case.number}/"))
    assert "Vi venter på svar fra dig" in page

    page = text(anne_client.get("/min-side/"))
    waiting = page[page.index("Vi venter på svar fra dig") :]
    assert f'href="/sager/{case.number}/"' in waiting[:600]


# My page


def test_my_page_needs_a_login(client, published_catalogue):
    response = client.get("/min-side/")

    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/?next=")


def test_my_page_lists_cases_and_drafts(anne_client, anne, james):
    decided = decided_case(anne)
    referred = referred_case(anne)
    draft_url = start(anne_client, "begravelseshjaelp")
    submitted_case(james, "sundhedskort", LOST)

    page = text(anne_client.get("/min-side/"))

    assert "<h1>Min side</h1>" in page
    assert "Hej Anne Hansen." in page
    for case in (decided, referred):
        assert f'<a href="/sager/{case.number}/">{case.number}</a>' in page
    assert "Venter på en sagsbehandler" in page
    assert f'href="{draft_url}"' in page
    assert "Fortsæt ansøgningen" in page
    # James's case is not here.
    assert Case.objects.exclude(citizen=anne).get().number not in page


def test_my_page_in_english(anne_client, anne, portal_english):
    decided_case(anne)

    page = text(anne_client.get("/en/min-side/"))

    assert "<h1>My page</h1>" in page
    assert "Your cases" in page


def _my_page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/min-side/").status_code == 200
    return len(queries)


def test_my_page_queries_do_not_grow_with_the_cases(
    anne_client, anne, django_assert_max_num_queries
):
    decided_case(anne)
    start(anne_client, "sundhedskort")
    few = _my_page_queries(anne_client)

    for _ in range(4):
        decided_case(anne)
        referred_case(anne)
        start(anne_client, "begravelseshjaelp")

    with django_assert_max_num_queries(few):
        page = text(anne_client.get("/min-side/"))
    assert page.count('<a href="/sager/') >= 9


def test_the_case_page_queries_do_not_grow_with_the_timeline(
    anne_client, anne, django_assert_max_num_queries
):
    case = decided_case(anne)
    url = f"/sager/{case.number}/"
    with CaptureQueriesContext(connection) as queries:
        anne_client.get(url)
    case_transition(case=case, to=Status.CONTESTED, actor=STAFF, channel="system")
    case = case_transition(case=case, to=Status.IN_REVIEW, actor=STAFF, channel="system")

    with django_assert_max_num_queries(len(queries)):
        anne_client.get(url)


# The whole journey through the views


def test_the_funeral_journey_ends_in_a_receipt_naming_the_team(anne_client):
    landing = submit(
        anne_client, apply_for_funeral_assistance(anne_client), DecisionPreference.INSTANT
    )

    page = text(anne_client.get(landing))
    assert "Ydelse og Jobcenter" in page
    assert case_of(landing).number in page


def test_the_health_card_journey_ends_in_a_decision(anne_client):
    landing = submit(anne_client, apply_for_lost_health_card(anne_client))

    assert "/afgoerelse/" in landing
    assert "225 kr." in text(anne_client.get(landing))
