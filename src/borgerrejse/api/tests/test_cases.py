"""POST/GET /api/v1/cases and /cases/{number}/contest: a citizen's own cases."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from borgerrejse.api.tests.applications import (
    LOST_CARD,
    PASSPORT,
    apply,
    decided_case_number,
    referred_case_number,
)
from borgerrejse.cases.models import Case, Status

pytestmark = pytest.mark.django_db

INVALID = "Der er fejl i det, du har sendt. Se beskeden ved hvert felt."


# Applying


def test_an_application_is_decided_at_once_and_returned_as_201(published_catalogue, api, citizen):
    response = apply(api, LOST_CARD)

    assert response.status_code == 201
    case = response.json()
    assert response["Location"] == f"/api/v1/cases/{case['number']}"
    assert case["service"] == {
        "slug": "sundhedskort",
        "version": 1,
        "title": {"da": "Nyt sundhedskort", "en": "New health insurance card"},
    }
    assert case["status"] == "decided"
    assert case["status_display"] == "Afgjort"
    assert case["intake_channel"] == "web"
    assert case["decision_preference"] == "instant"
    assert case["department"] == "borgerservice"
    assert case["answers"] == {"reason": "lost"}
    assert case["handler"] is None
    assert case["can_contest"] is True
    assert case["decided_at"] is not None
    [decision] = case["decisions"]
    assert decision["outcome"] == "granted"
    assert decision["amount"] == "225.00"
    assert decision["amount_kind"] == "fee"
    assert decision["decided_by_kind"] == "automation"
    assert decision["rule_set_version"] == "sundhedskort v1"
    assert "Et nyt kort koster 225" in " ".join(r["text"] for r in decision["reasons"])
    assert all(r["legal_basis"] for r in decision["reasons"])
    assert decision["appeal"]["body"] == "Styrelsen for Patientklager"
    assert decision["appeal"]["deadline_weeks"] == 4
    assert [e["kind"] for e in case["timeline"]] == ["started", "submitted", "decided"]
    assert case["timeline"][1] | {"at": None} == {
        "at": None,
        "kind": "submitted",
        "kind_display": "Ansøgning modtaget",
        "status_from": "draft",
        "status_to": "submitted",
        "actor_kind": "citizen",
        "actor_name": citizen.full_name,
        "channel": "web",
    }


def test_asking_for_a_caseworker_refers_the_case(published_catalogue, api):
    response = apply(api, {**LOST_CARD, "decision_preference": "caseworker"})

    assert response.status_code == 201
    case = response.json()
    assert case["status"] == "awaiting_caseworker"
    assert case["decisions"] == []
    assert case["can_contest"] is False
    assert case["due_date"] is not None


def test_answers_are_stored_as_the_rules_read_them(published_catalogue, api):
    body = {
        "service": "sundhedskort",
        "answers": {"reason": "damaged", "card_issued_on": "15-01-2020"},
        "decision_preference": "instant",
    }

    response = apply(api, body)

    assert response.status_code == 201
    assert response.json()["answers"] == {"reason": "damaged", "card_issued_on": "2020-01-15"}


def test_the_same_key_and_body_again_returns_the_same_case_with_200(published_catalogue, api):
    first = apply(api, LOST_CARD, key="abc")
    again = apply(api, LOST_CARD, key="abc")

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert "Location" not in again
    assert Case.objects.count() == 1


def test_the_same_key_with_another_body_is_422(published_catalogue, api):
    apply(api, LOST_CARD, key="abc")

    response = apply(api, {**LOST_CARD, "answers": {"reason": "moved"}}, key="abc")

    assert response.status_code == 422
    message = "Nøglen er allerede brugt til en anden ansøgning. Brug en ny nøgle."
    assert response.json() == {"detail": message, "errors": {"Idempotency-Key": [message]}}
    assert Case.objects.count() == 1


def test_a_new_key_makes_a_new_case(published_catalogue, api):
    apply(api, LOST_CARD, key="one")
    response = apply(api, LOST_CARD, key="two")

    assert response.status_code == 201
    assert Case.objects.count() == 2


def test_the_idempotency_key_is_required(published_catalogue, api):
    response = api.post("/api/v1/cases", LOST_CARD, format="json")

    assert response.status_code == 400
    body = response.json()
    assert "Idempotency-Key" in body["detail"]
    assert body["errors"] == {"Idempotency-Key": [body["detail"]]}
    assert Case.objects.count() == 0


@pytest.mark.parametrize("key", ["", "   ", "k" * 101])
def test_an_empty_or_too_long_key_is_400(published_catalogue, api, key):
    response = apply(api, LOST_CARD, key=key)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


def test_a_key_of_100_characters_is_fine(published_catalogue, api):
    assert apply(api, LOST_CARD, key="k" * 100).status_code == 201


def test_wrong_answers_are_400_with_a_message_on_each(published_catalogue, api):
    body = {**LOST_CARD, "answers": {"reason": "pirates", "shoe_size": 44}}

    response = apply(api, body)

    assert response.status_code == 400
    assert response.json() == {
        "detail": INVALID,
        "errors": {
            "answers.reason": ["Vælg et af svarene på listen"],
            "answers.shoe_size": ["Ukendt felt"],
        },
    }
    assert Case.objects.count() == 0


def test_a_required_answer_must_be_there(published_catalogue, api):
    response = apply(api, {**LOST_CARD, "answers": {}})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["answers.reason"]


def test_a_hidden_question_must_not_be_answered(published_catalogue, api):
    body = {**LOST_CARD, "answers": {"reason": "lost", "card_issued_on": "2020-01-15"}}

    response = apply(api, body)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["answers.card_issued_on"]


def test_an_unknown_service_is_400_on_the_field(published_catalogue, api):
    response = apply(api, {**LOST_CARD, "service": "nope"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"service": ["Vi har ingen tjeneste, der hedder »nope«."]}


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["service", "answers", "decision_preference"]),
        ({**LOST_CARD, "decision_preference": "now"}, ["decision_preference"]),
        ({**LOST_CARD, "answers": ["lost"]}, ["answers"]),
        ({**LOST_CARD, "service": None}, ["service"]),
    ],
)
def test_a_malformed_body_is_400(published_catalogue, api, body, fields):
    response = apply(api, body)

    assert response.status_code == 400
    assert response.json()["detail"] == INVALID
    assert sorted(response.json()["errors"]) == sorted(fields)


def test_a_service_the_web_only_books_cannot_be_applied_for(published_catalogue, api):
    response = apply(api, PASSPORT)

    assert response.status_code == 400
    message = "Du kan ikke søge om dette via kanalen »Online«."
    assert response.json() == {"detail": message, "errors": {"service": [message]}}
    assert Case.objects.count() == 0


# Reading


def test_my_cases_newest_first(published_catalogue, api):
    first = referred_case_number(api, key="a")
    second = decided_case_number(api, key="b")

    response = api.get("/api/v1/cases")

    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 2
    assert page["next"] is None
    assert [c["number"] for c in page["results"]] == [second, first]
    summary = page["results"][0]
    assert summary["status"] == "decided"
    assert summary["service"]["slug"] == "sundhedskort"
    assert "timeline" not in summary


def test_my_cases_come_a_page_at_a_time(published_catalogue, api):
    numbers = [referred_case_number(api, key=f"k{n}") for n in range(3)]

    first = api.get("/api/v1/cases", {"page_size": 2}).json()
    second = api.get("/api/v1/cases", {"page_size": 2, "page": 2}).json()

    assert first["count"] == 3
    assert [c["number"] for c in first["results"]] == numbers[:0:-1]
    assert [c["number"] for c in second["results"]] == numbers[:1]
    assert second["next"] is None


def test_a_page_that_does_not_exist_is_404(published_catalogue, api):
    response = api.get("/api/v1/cases", {"page": 9})

    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


def test_the_list_takes_the_same_number_of_queries_however_many_cases(published_catalogue, api):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert api.get("/api/v1/cases").status_code == 200
        return len(context)

    referred_case_number(api, key="one")
    queries()  # the token's last use is noted once a minute at most: not now
    with_one = queries()
    for n in range(4):
        decided_case_number(api, key=f"more-{n}")

    assert queries() == with_one
    # token, count, page, and one each for decisions, attachments and timeline
    assert with_one <= 6


def test_a_case_in_full(published_catalogue, api):
    number = decided_case_number(api)

    response = api.get(f"/api/v1/cases/{number}")

    assert response.status_code == 200
    case = response.json()
    assert case["number"] == number
    assert [e["kind"] for e in case["timeline"]] == ["started", "submitted", "decided"]
    assert len(case["decisions"]) == 1


def test_a_case_in_english(published_catalogue, api):
    number = decided_case_number(api)

    case = api.get(f"/api/v1/cases/{number}", HTTP_ACCEPT_LANGUAGE="en").json()

    reasons = " ".join(r["text"] for r in case["decisions"][0]["reasons"])
    assert "Your card is lost." in reasons
    assert case["decisions"][0]["appeal"]["body"] == "The Danish Patient Complaints Board"


def test_an_unknown_case_is_404(published_catalogue, api):
    response = api.get("/api/v1/cases/2026-999999")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Du har ingen sag med nummeret 2026-999999.",
        "errors": {},
    }


# Contesting


def test_contesting_a_decision_sends_it_to_a_person(published_catalogue, api):
    number = decided_case_number(api)

    response = api.post(
        f"/api/v1/cases/{number}/contest", {"reason": "Kortet var ikke væk."}, format="json"
    )

    assert response.status_code == 200
    case = response.json()
    assert case["status"] == "contested"
    assert case["can_contest"] is False
    assert case["timeline"][-1]["kind"] == "contested"
    assert Case.objects.get(number=number).contest_reason == "Kortet var ikke væk."


def test_contesting_again_changes_nothing(published_catalogue, api):
    number = decided_case_number(api)
    url = f"/api/v1/cases/{number}/contest"
    api.post(url, {"reason": "Uenig."}, format="json")

    response = api.post(url, {"reason": "Stadig uenig."}, format="json")

    assert response.status_code == 200
    assert [e["kind"] for e in response.json()["timeline"]].count("contested") == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"reason": "   "}, "Skriv, hvorfor du er uenig i afgørelsen."),
        (
            {"reason": "x" * 5001},
            "Skriv højst 5000 tegn. Du kan sende mere, når en sagsbehandler kontakter dig.",
        ),
        ({}, "Dette felt er påkrævet."),
    ],
)
def test_a_contest_needs_a_reason(published_catalogue, api, body, message):
    number = decided_case_number(api)

    response = api.post(f"/api/v1/cases/{number}/contest", body, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": INVALID, "errors": {"reason": [message]}}
    assert Case.objects.get(number=number).status == Status.DECIDED


def test_a_case_without_a_decision_cannot_be_contested(published_catalogue, api):
    number = referred_case_number(api)

    response = api.post(f"/api/v1/cases/{number}/contest", {"reason": "Uenig."}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Sagen kan ikke gå fra »Venter på en sagsbehandler« til »Klage modtaget«.",
        "errors": {},
    }


def test_contesting_an_unknown_case_is_404(published_catalogue, api):
    response = api.post("/api/v1/cases/2026-999999/contest", {"reason": "x"}, format="json")

    assert response.status_code == 404
