"""Table tests for funeral assistance: wealth limits, the 1957 minimum, age 18, the cap."""

import datetime as dt

import pytest

SLUG = "begravelseshjaelp"
ON = dt.date(2025, 3, 1)
DIED = "2025-02-01"
ADULT = "1960-01-01"  # born after 1 April 1957: no minimum
MAX_2025 = "12950.00"


def answers(**overrides):
    base = {
        "deceased_birth_date": ADULT,
        "date_of_death": DIED,
        "has_spouse_or_children_under_18": True,
        "estate_wealth_dkk": 0,
        "funeral_expenses_dkk": 20000,
    }
    return base | overrides


@pytest.mark.parametrize(
    ("family", "wealth", "amount"),
    [
        # With a spouse or children under 18: reduced krone for krone above 43,300 kr.
        (True, 0, MAX_2025),
        (True, 43300, MAX_2025),
        (True, 43301, "12949.00"),
        (True, 50000, "6250.00"),
        (True, 56249, "1.00"),
        # Alone: reduced krone for krone above 21,700 kr.
        (False, 21700, MAX_2025),
        (False, 21701, "12949.00"),
        (False, 34649, "1.00"),
    ],
)
def test_adult_amount_is_reduced_by_wealth_above_the_limit(evaluate, family, wealth, amount):
    result = evaluate(
        SLUG, answers(has_spouse_or_children_under_18=family, estate_wealth_dkk=wealth), ON
    )

    # The expenses (20,000 kr) are above the amount, so the help covers part of them.
    assert result["proposed_outcome"] == "partial_grant"
    assert result["outcome"] == "grant"
    assert result["amount_dkk"] == amount
    assert result["amount_kind"] == "benefit"
    assert result["missing"] == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"has_spouse_or_children_under_18": True, "estate_wealth_dkk": 56250},
        {"has_spouse_or_children_under_18": True, "estate_wealth_dkk": 100000},
        {"has_spouse_or_children_under_18": False, "estate_wealth_dkk": 34650},
        {"has_spouse_or_children_under_18": False, "estate_wealth_dkk": 34651},
        # Born on the cut-off day: no minimum.
        {"deceased_birth_date": "1957-04-01", "estate_wealth_dkk": 100000},
        {"funeral_expenses_dkk": 0},
    ],
)
def test_a_zero_result_is_never_granted_but_referred(evaluate, overrides):
    result = evaluate(SLUG, answers(**overrides), ON)

    assert result["amount_dkk"] == "0.00"
    assert result["proposed_outcome"] == "reject"
    assert result["outcome"] == "refer_to_caseworker"
    assert result["outcome"] != "grant"
    assert "automation_grant_only" in [reason["rule"] for reason in result["reasons"]]


@pytest.mark.parametrize(
    ("birth_date", "wealth", "expenses", "amount", "proposed"),
    [
        # Born the day before the cut-off: at least 1,050 kr whatever the wealth.
        ("1957-03-31", 100000, 20000, "1050.00", "partial_grant"),
        ("1940-06-15", 56250, 20000, "1050.00", "partial_grant"),
        # The minimum is a floor: a higher means-tested amount is paid in full.
        ("1950-01-01", 50000, 20000, "6250.00", "partial_grant"),
        # Means-tested 950 kr is lifted to the minimum.
        ("1950-01-01", 55300, 20000, "1050.00", "partial_grant"),
        # Never more than the expenses, also for the minimum.
        ("1950-01-01", 100000, 800, "800.00", "grant"),
    ],
)
def test_born_before_1_april_1957_gets_at_least_the_minimum(
    evaluate, birth_date, wealth, expenses, amount, proposed
):
    result = evaluate(
        SLUG,
        answers(
            deceased_birth_date=birth_date,
            estate_wealth_dkk=wealth,
            funeral_expenses_dkk=expenses,
        ),
        ON,
    )

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == proposed
    assert result["amount_dkk"] == amount


def test_minimum_reason_names_the_cut_off_date(evaluate):
    result = evaluate(SLUG, answers(deceased_birth_date="1957-03-31", estate_wealth_dkk=100000), ON)

    assert result["reasons"][0]["rule"] == "amount_minimum"
    assert result["reasons"][0]["text"] == (
        "Afdøde er født før 1. april 1957. Så er hjælpen mindst 1.050 kr., uanset formuen."
    )


def test_18th_birthday_on_the_day_of_death_counts_as_adult(evaluate):
    result = evaluate(
        SLUG,
        answers(deceased_birth_date="2007-02-01", estate_wealth_dkk=100000),
        ON,
    )

    # Means-tested like any adult: the wealth takes the help to zero.
    assert result["amount_dkk"] == "0.00"
    assert result["proposed_outcome"] == "reject"
    assert result["outcome"] == "refer_to_caseworker"


@pytest.mark.parametrize(
    ("expenses", "amount", "proposed"),
    [
        (20000, "10450.00", "partial_grant"),
        (10450, "10450.00", "grant"),
        (8000, "8000.00", "grant"),
    ],
)
def test_under_18_gets_the_fixed_amount_without_a_means_test(evaluate, expenses, amount, proposed):
    # The day before the 18th birthday; the estate questions are not asked for a child.
    result = evaluate(
        SLUG,
        {
            "deceased_birth_date": "2007-02-02",
            "date_of_death": DIED,
            "funeral_expenses_dkk": expenses,
        },
        ON,
    )

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == proposed
    assert result["amount_dkk"] == amount
    assert result["missing"] == []
    assert result["reasons"][0]["rule"] == "amount_child"


@pytest.mark.parametrize(
    ("expenses", "amount", "proposed"),
    [
        (5000, "5000.00", "grant"),
        (12949, "12949.00", "grant"),
        (12950, MAX_2025, "grant"),
        (12951, MAX_2025, "partial_grant"),
    ],
)
def test_help_never_exceeds_the_funeral_expenses(evaluate, expenses, amount, proposed):
    result = evaluate(SLUG, answers(funeral_expenses_dkk=expenses), ON)

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == proposed
    assert result["amount_dkk"] == amount


@pytest.mark.parametrize(
    ("decided_on", "wealth", "amount"),
    [
        (dt.date(2024, 12, 31), 0, "12500.00"),
        (dt.date(2025, 1, 1), 0, MAX_2025),
        # The wealth limit with family changes too: 41,800 kr in 2024, 43,300 kr in 2025.
        (dt.date(2024, 12, 31), 43300, "11000.00"),
        (dt.date(2025, 1, 1), 43300, MAX_2025),
    ],
)
def test_rates_change_at_the_year_boundary(evaluate, decided_on, wealth, amount):
    # Rates are looked up on the decision date (an engine limitation: the order most
    # likely ties them to the date of death, which is the same for both decisions here).
    result = evaluate(
        SLUG, answers(date_of_death="2024-12-20", estate_wealth_dkk=wealth), decided_on
    )

    assert result["amount_dkk"] == amount
    assert result["proposed_outcome"] == "partial_grant"


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"estate_wealth_dkk": "unknown"}, ["estate_wealth_dkk"]),
        ({"estate_wealth_dkk": "ved ikke"}, ["estate_wealth_dkk"]),
        ({"estate_wealth_dkk": None}, ["estate_wealth_dkk"]),
        ({"estate_wealth_dkk": "mange penge"}, ["estate_wealth_dkk"]),
        # Also when the deceased gets the 1957 minimum: the amount may be higher.
        ({"deceased_birth_date": "1950-01-01", "estate_wealth_dkk": None}, ["estate_wealth_dkk"]),
        ({"has_spouse_or_children_under_18": None}, ["has_spouse_or_children_under_18"]),
        ({"funeral_expenses_dkk": None}, ["funeral_expenses_dkk"]),
        ({"date_of_death": None}, ["date_of_death"]),
    ],
)
def test_missing_answers_are_referred_naming_them(evaluate, overrides, missing):
    result = evaluate(SLUG, answers(**overrides), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["proposed_outcome"] == "refer_to_caseworker"
    assert result["amount_dkk"] is None
    assert result["missing"] == missing


def test_death_before_birth_is_referred(evaluate):
    result = evaluate(SLUG, answers(deceased_birth_date="2025-02-02"), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert "dates_do_not_fit" in [reason["rule"] for reason in result["reasons"]]


def test_reasons_name_the_amounts_and_the_legal_basis(evaluate):
    result = evaluate(SLUG, answers(estate_wealth_dkk=43301), ON)

    texts = [reason["text"] for reason in result["reasons"]]
    assert "Du får 12.949 kr. Regningen var på 20.000 kr. Resten skal boet betale." in texts
    assert all("Sundhedsloven § 160" in reason["legal_basis"] for reason in result["reasons"])


def test_english_reasons(evaluate):
    result = evaluate(SLUG, answers(funeral_expenses_dkk=12950), ON, language="en")

    texts = [reason["text"] for reason in result["reasons"]]
    assert "You get DKK 12,950. That covers the whole bill for the funeral." in texts
