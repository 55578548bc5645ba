"""Table tests for the passport fee: age bands on their birthdays, the state pension age by
birth cohort, doubling for a lost or damaged old passport, and missing answers."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from borgerrejse.catalog.documents import read_definition

ON = dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("birth_date", "amount", "rule"),
    [
        # 0-11: 150 kr, no fingerprints.
        ("2025-03-01", "150.00", "fee_under_12"),
        ("2013-03-02", "150.00", "fee_under_12"),
        # 12-17 from the 12th birthday: 150 kr + 29 kr for fingerprints.
        ("2013-03-01", "179.00", "fee_12_to_17"),
        ("2007-03-02", "179.00", "fee_12_to_17"),
        # 18 up to state pension age from the 18th birthday: 862 kr + 29 kr.
        ("2007-03-01", "891.00", "fee_adult"),
        ("1980-05-01", "891.00", "fee_adult"),
        # Born 1955-07-01 to 1962-12-31: state pension age 67, from the 67th birthday.
        # The age decides (pasloven § 4 a, stk. 4), not whether a pension is paid.
        ("1958-03-02", "891.00", "fee_adult"),
        ("1958-03-01", "379.00", "fee_pension_age"),
        ("1940-01-01", "379.00", "fee_pension_age"),
    ],
)
def test_fee_by_age_band(evaluate, birth_date, amount, rule):
    result = evaluate("pas", {"applicant_birth_date": birth_date, "old_passport": "expired"}, ON)

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == "grant"
    assert result["amount_dkk"] == amount
    assert result["amount_kind"] == "fee"
    assert result["missing"] == []
    assert [reason["rule"] for reason in result["reasons"]] == ["passport_fee_set", rule]


@pytest.mark.parametrize(
    ("birth_date", "on", "amount"),
    [
        # The state pension age follows the birth date (lov om social pension § 1 a).
        ("1962-12-31", "2029-12-31", "379.00"),  # 67
        ("1963-01-01", "2030-01-01", "891.00"),  # 67, but 68 applies from 1963
        ("1963-01-01", "2031-01-01", "379.00"),
        ("1967-01-01", "2035-01-01", "891.00"),  # 68, but 69 applies from 1967
        ("1967-01-01", "2036-01-01", "379.00"),
        ("1971-01-01", "2040-01-01", "891.00"),  # 69, but 70 applies from 1971
        ("1971-01-01", "2041-01-01", "379.00"),
    ],
)
def test_state_pension_age_by_birth_cohort(evaluate, birth_date, on, amount):
    answers = {"applicant_birth_date": birth_date, "old_passport": "valid"}
    result = evaluate("pas", answers, dt.date.fromisoformat(on))

    assert result["outcome"] == "grant"
    assert result["amount_dkk"] == amount


@pytest.mark.parametrize("old_passport", ["lost", "damaged"])
@pytest.mark.parametrize(
    ("birth_date", "amount"),
    [
        # Only the § 4 a fee doubles; the fingerprint fee does not.
        ("2020-01-01", "300.00"),
        ("2013-03-01", "329.00"),
        ("2007-03-01", "1753.00"),
        ("1958-03-01", "729.00"),
    ],
)
def test_lost_or_damaged_old_passport_doubles_the_fee_in_every_band(
    evaluate, old_passport, birth_date, amount
):
    answers = {"applicant_birth_date": birth_date, "old_passport": old_passport}
    result = evaluate("pas", answers, ON)

    assert result["outcome"] == "grant"
    assert result["amount_dkk"] == amount
    assert "fee_doubled" in [reason["rule"] for reason in result["reasons"]]


@pytest.mark.parametrize("old_passport", ["none", "expired", "valid"])
def test_other_old_passport_answers_do_not_double(evaluate, old_passport):
    answers = {"applicant_birth_date": "1990-01-01", "old_passport": old_passport}
    result = evaluate("pas", answers, ON)

    assert result["amount_dkk"] == "891.00"
    assert "fee_doubled" not in [reason["rule"] for reason in result["reasons"]]


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ({}, ["applicant_birth_date", "old_passport"]),
        ({"old_passport": "valid"}, ["applicant_birth_date"]),
        ({"applicant_birth_date": "unknown", "old_passport": "valid"}, ["applicant_birth_date"]),
        ({"applicant_birth_date": "01-03-1980", "old_passport": "valid"}, ["applicant_birth_date"]),
        ({"applicant_birth_date": "1980-03-01"}, ["old_passport"]),
        ({"applicant_birth_date": "1980-03-01", "old_passport": "stolen"}, ["old_passport"]),
    ],
)
def test_missing_or_invalid_answers_are_referred(evaluate, answers, missing):
    result = evaluate("pas", answers, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["amount_dkk"] is None
    assert result["missing"] == missing


def test_birth_date_in_the_future_is_referred_without_a_fee(evaluate):
    answers = {"applicant_birth_date": "2025-03-02", "old_passport": "none"}
    result = evaluate("pas", answers, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["amount_dkk"] is None
    assert result["missing"] == []


def test_reasons_name_the_fee_and_their_legal_basis(evaluate):
    answers = {"applicant_birth_date": "1980-05-01", "old_passport": "lost"}
    result = evaluate("pas", answers, ON)

    texts = [reason["text"] for reason in result["reasons"]]
    assert (
        "Du er fyldt 18 år og har ikke nået folkepensionsalderen. "
        "Passet koster 1.753 kr. Det er med 29 kr. for fingeraftryk."
    ) in texts
    assert all("Pasloven" in reason["legal_basis"] for reason in result["reasons"])


def test_english_reasons(evaluate):
    answers = {"applicant_birth_date": "2020-01-01", "old_passport": "none"}
    result = evaluate("pas", answers, ON, language="en")

    texts = [reason["text"] for reason in result["reasons"]]
    assert "The passport is for a child under 12. It costs DKK 150." in texts


def test_web_only_books_and_the_desk_needs_attendance():
    definition = read_definition(Path(settings.SERVICES_DIR) / "pas.yaml")

    assert definition.booking_only
    assert definition.channels["desk"].attendance_required
    assert set(definition.channels) == {"web", "desk"}
