"""GET /api/v1/services and /services/{slug}: the public catalogue."""

import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db


def test_the_list_is_public_and_has_every_current_service(published_catalogue, anonymous):
    response = anonymous.get("/api/v1/services")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    services = response.json()
    assert [s["slug"] for s in services] == sorted(d.slug for d in published_catalogue)
    card = next(s for s in services if s["slug"] == "sundhedskort")
    assert card["version"] == 1
    assert card["valid_from"] == "2024-01-01"
    assert card["valid_to"] is None
    assert card["title"] == {"da": "Nyt sundhedskort", "en": "New health insurance card"}
    assert set(card["summary"]) == {"da", "en"}
    assert card["life_situation"] == "health"
    assert card["department"] == "borgerservice"
    assert card["stakes"] == "low"
    assert card["automation"] == "grant_only"
    assert card["amount_kind"] == "fee"
    assert card["channels"][0] == {
        "channel": "web",
        "deadline_working_days": 0,
        "attendance_required": False,
        "booking_only": False,
    }
    assert {"channel": "desk", "deadline_working_days": 0} | {
        "attendance_required": True,
        "booking_only": False,
    } in card["channels"]
    assert card["appeal"]["deadline_weeks"] == 4
    assert card["appeal"]["body"]["en"] == "The Danish Patient Complaints Board"
    assert "form" not in card


def test_the_list_shows_which_services_only_book_a_visit_on_the_web(published_catalogue, anonymous):
    services = {s["slug"]: s for s in anonymous.get("/api/v1/services").json()}

    web = next(c for c in services["pas"]["channels"] if c["channel"] == "web")
    assert web["booking_only"] is True


def test_the_list_is_empty_before_anything_is_published(anonymous):
    response = anonymous.get("/api/v1/services")

    assert response.status_code == 200
    assert response.json() == []


def test_a_token_is_not_needed_and_a_bad_one_is_not_even_read(published_catalogue, anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")

    assert anonymous.get("/api/v1/services").status_code == 200
    assert anonymous.get("/api/v1/services/sundhedskort").status_code == 200


def test_the_detail_has_the_form_with_every_field(published_catalogue, anonymous):
    response = anonymous.get("/api/v1/services/sundhedskort")

    assert response.status_code == 200
    service = response.json()
    assert service["slug"] == "sundhedskort"
    [step] = service["form"]["steps"]
    assert step["id"] == "reason"
    fields = {f["name"]: f for f in step["fields"]}
    reason = fields["reason"]
    assert reason["type"] == "choice"
    assert reason["required"] is True
    assert reason["label"]["da"] == "Hvorfor skal du have et nyt kort?"
    assert reason["options"][1] == {
        "value": "lost",
        "label": {"da": "Kortet er væk", "en": "The card is lost"},
    }
    assert reason["show_if"] is None
    issued = fields["card_issued_on"]
    assert issued["type"] == "date"
    assert issued["show_if"] == 'reason == "damaged"'
    assert issued["validation"]["not_in_future"] is True
    assert issued["help"] == {"da": "Datoen står på kortet.", "en": "The date is on the card."}
    assert issued["options"] == []
    assert service["attachments"] == []


def test_the_detail_lists_attachments(published_catalogue, anonymous):
    with_attachments = next(d for d in published_catalogue if d.attachments)

    service = anonymous.get(f"/api/v1/services/{with_attachments.slug}").json()

    first = with_attachments.attachments[0]
    assert service["attachments"][0] == {
        "id": first.id,
        "label": first.label.model_dump(),
        "help": first.help.model_dump() if first.help else None,
        "required": first.required,
        "types": list(first.types),
        "max_size_mb": first.max_size_mb,
    }


def test_an_unknown_service_is_404_in_json_in_danish(published_catalogue, anonymous):
    response = anonymous.get("/api/v1/services/findes-ikke")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Vi har ingen tjeneste, der hedder »findes-ikke«.",
        "errors": {},
    }


def test_the_answer_is_in_the_language_asked_for(published_catalogue, anonymous):
    response = anonymous.get("/api/v1/services/nope", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert response["Content-Language"] == "en"
    assert "nope" in response.json()["detail"]


def test_a_service_is_offered_only_from_the_day_it_applies(published_catalogue, anonymous):
    with time_machine.travel(dt.datetime(2020, 1, 1, 12, tzinfo=dt.UTC)):
        assert anonymous.get("/api/v1/services").json() == []
        assert anonymous.get("/api/v1/services/sundhedskort").status_code == 404


def test_only_get_is_allowed(published_catalogue, anonymous):
    response = anonymous.post("/api/v1/services", {}, format="json")

    assert response.status_code == 405
    assert set(response.json()) == {"detail", "errors"}
