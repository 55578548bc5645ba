"""Table tests for children's glasses: the 16th birthday and the maximum amount."""

import datetime as dt

import pytest

SLUG = "briller-barn"
ON = dt.date(2025, 6, 1)
BORN = "2009-05-10"  # 16th birthday: 2025-05-10


def answers(**overrides):
    base = {
        "child_birth_date": BORN,
        "purchase_date": "2025-05-09",
        "glasses_cost_dkk": 800,
    }
    return base | overrides


@pytest.mark.parametrize(
    ("cost", "amount", "proposed"),
    [
        (1, "1.00", "grant"),
        ("999,50", "999.50", "grant"),
        (1000, "1000.00", "grant"),
        ("1000,01", "1000.00", "partial_grant"),
        (2500, "1000.00", "partial_grant"),
    ],
)
def test_child_under_16_gets_the_cost_up_to_the_maximum(evaluate, cost, amount, proposed):
    result = evaluate(SLUG, answers(glasses_cost_dkk=cost), ON)

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == proposed
    assert result["amount_dkk"] == amount
    assert result["amount_kind"] == "benefit"
    assert result["missing"] == []


@pytest.mark.parametrize(
    ("purchase_date", "outcome"),
    [
        ("2025-05-09", "grant"),  # the day before the 16th birthday
        ("2025-05-10", "refer_to_caseworker"),  # the 16th birthday
        ("2025-05-31", "refer_to_caseworker"),
    ],
)
def test_16th_birthday_on_the_purchase_date_is_not_eligible(evaluate, purchase_date, outcome):
    result = evaluate(SLUG, answers(purchase_date=purchase_date), ON)

    assert result["outcome"] == outcome
    assert result["proposed_outcome"] == outcome


def test_16_or_older_is_referred_for_a_person_to_assess(evaluate):
    result = evaluate(SLUG, answers(purchase_date="2025-05-10"), ON)

    assert result["amount_dkk"] is None
    assert [r["rule"] for r in result["reasons"]] == ["age_16_or_older"]
    assert result["reasons"][0]["text"] == (
        "Barnet var 16 år, da brillerne blev købt. Fra 16 år skal en sagsbehandler se på, "
        "om der er ret til hjælp."
    )


def test_zero_cost_is_never_granted(evaluate):
    result = evaluate(SLUG, answers(glasses_cost_dkk=0), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["outcome"] != "grant"
    assert result["amount_dkk"] == "0.00"


@pytest.mark.parametrize(
    "overrides",
    [
        {"purchase_date": "2025-06-02"},  # after the decision date
        {"purchase_date": "2009-05-09"},  # before the child was born
    ],
)
def test_dates_that_do_not_fit_are_referred(evaluate, overrides):
    result = evaluate(SLUG, answers(**overrides), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert "dates_do_not_fit" in [r["rule"] for r in result["reasons"]]


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"glasses_cost_dkk": None}, ["glasses_cost_dkk"]),
        ({"glasses_cost_dkk": "gratis"}, ["glasses_cost_dkk"]),
        ({"child_birth_date": None}, ["child_birth_date"]),
        ({"purchase_date": "unknown"}, ["purchase_date"]),
    ],
)
def test_missing_answers_are_referred(evaluate, overrides, missing):
    result = evaluate(SLUG, answers(**overrides), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["missing"] == missing


def test_partial_reason_names_the_price_and_the_maximum(evaluate):
    result = evaluate(SLUG, answers(glasses_cost_dkk=2500), ON)

    texts = [r["text"] for r in result["reasons"]]
    assert (
        "Barnet var under 16 år, da brillerne blev købt. Brillerne kostede 2.500 kr. "
        "Vi betaler højst 1.000 kr. Du får 1.000 kr."
    ) in texts
    assert all("Serviceloven § 112" in r["legal_basis"] for r in result["reasons"])


def test_english_reasons(evaluate):
    result = evaluate(SLUG, answers(), ON, language="en")

    texts = [r["text"] for r in result["reasons"]]
    assert (
        "The child was under 16 when the glasses were bought. You get DKK 800. "
        "That is the full price."
    ) in texts
