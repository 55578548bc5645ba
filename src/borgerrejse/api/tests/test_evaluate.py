"""POST /api/v1/services/{slug}/evaluate: the rules' answer, exactly as the CLI gives it."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from borgerrejse.catalog.selectors import service_evaluate

pytestmark = pytest.mark.django_db

URL = "/api/v1/services/sundhedskort/evaluate"
ON = dt.date(2026, 3, 2)


def evaluate(client, body, url=URL, **environ):
    return client.post(url, body, format="json", **environ)


def test_the_answer_is_what_service_evaluate_gives(published_catalogue, anonymous):
    answers = {"reason": "damaged", "card_issued_on": "2020-01-15"}

    response = evaluate(anonymous, {"answers": answers, "on": ON.isoformat()})

    assert response.status_code == 200
    assert response.json() == service_evaluate(slug="sundhedskort", answers=answers, on=ON)


def test_the_answer_is_byte_for_byte_what_the_cli_prints(published_catalogue, anonymous, tmp_path):
    answers = {"reason": "lost"}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    out = StringIO()
    call_command(
        "evaluate", "sundhedskort", "--answers", str(path), "--on", ON.isoformat(), stdout=out
    )

    response = evaluate(anonymous, {"answers": answers, "on": ON.isoformat()})

    assert response.json() == json.loads(out.getvalue())
    assert response.json()["amount_dkk"] == "225.00"
    assert response.json()["outcome"] == "grant"


def test_reasons_are_in_english_when_asked(published_catalogue, anonymous):
    answers = {"reason": "lost"}

    response = evaluate(
        anonymous, {"answers": answers, "on": "2026-03-02"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.json() == service_evaluate(
        slug="sundhedskort", answers=answers, on=ON, language="en"
    )
    assert "Your card is lost." in " ".join(r["text"] for r in response.json()["reasons"])


def test_the_decision_date_is_today_unless_given(published_catalogue, anonymous):
    with time_machine.travel(dt.datetime(2026, 5, 4, 23, 30, tzinfo=dt.UTC)):
        response = evaluate(anonymous, {"answers": {"reason": "lost"}})

    # 23:30 UTC is already the next day in Copenhagen.
    assert response.json()["decision_date"] == "2026-05-05"


def test_missing_and_invalid_answers_are_reported_not_refused(published_catalogue, anonymous):
    response = evaluate(anonymous, {"answers": {"reason": "stolen-by-pirates"}, "on": "2026-03-02"})

    assert response.status_code == 200
    result = response.json()
    assert result["invalid"] == ["reason"]
    assert result["outcome"] == "refer_to_caseworker"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "answers"),
        ({"answers": ["lost"]}, "answers"),
        ({"answers": "lost"}, "answers"),
        ({"answers": {}, "on": "2. marts 2026"}, "on"),
        ({"answers": {}, "on": "0001-01-01"}, "on"),
        ({"answers": {}, "on": "9999-12-31"}, "on"),
    ],
)
def test_a_malformed_body_is_400_with_the_field(published_catalogue, anonymous, body, field):
    response = evaluate(anonymous, body)

    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Der er fejl i det, du har sendt. Se beskeden ved hvert felt."
    )
    assert list(response.json()["errors"]) == [field]
    assert all(isinstance(m, str) for m in response.json()["errors"][field])


def test_a_body_that_is_not_an_object_is_400(published_catalogue, anonymous):
    response = evaluate(anonymous, ["lost"])

    assert response.status_code == 400
    assert response.json()["errors"] == {}
    assert response.json()["detail"].startswith("Ugyldig data")


def test_broken_json_is_400(published_catalogue, anonymous):
    response = anonymous.post(URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}


def test_only_json_is_accepted(published_catalogue, anonymous):
    response = anonymous.post(URL, {"answers": "x"})  # multipart form

    assert response.status_code == 415
    assert set(response.json()) == {"detail", "errors"}


def test_an_unknown_service_is_404(published_catalogue, anonymous):
    response = evaluate(anonymous, {"answers": {}}, url="/api/v1/services/nope/evaluate")

    assert response.status_code == 404
    assert response.json() == {"detail": "Vi har ingen tjeneste, der hedder »nope«.", "errors": {}}


def test_a_date_before_the_service_applied_is_404(published_catalogue, anonymous):
    response = evaluate(anonymous, {"answers": {}, "on": "2023-12-31"})

    assert response.status_code == 404


def test_too_many_requests_are_429_with_retry_after(published_catalogue, anonymous, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"evaluate": "2/minute"},
    }
    body = {"answers": {"reason": "lost"}}

    assert evaluate(anonymous, body).status_code == 200
    assert evaluate(anonymous, body).status_code == 200
    response = evaluate(anonymous, body)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert set(response.json()) == {"detail", "errors"}
    assert response.json()["errors"] == {}
    # Reading the catalogue is not limited.
    assert anonymous.get("/api/v1/services/sundhedskort").status_code == 200


def test_the_limit_counts_per_client(published_catalogue, anonymous, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"evaluate": "1/minute"},
    }
    body = {"answers": {"reason": "lost"}}

    assert evaluate(anonymous, body, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert evaluate(anonymous, body, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert evaluate(anonymous, body, REMOTE_ADDR="192.0.2.2").status_code == 200
