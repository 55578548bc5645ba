"""Table tests for the health card: every reason, the 4-year and 3-month boundaries."""

import datetime as dt

import pytest

ON = dt.date(2025, 3, 1)
FEE = "225.00"
FREE = "0.00"


@pytest.mark.parametrize(
    ("answers", "amount"),
    [
        ({"reason": "first_card"}, FREE),
        ({"reason": "lost"}, FEE),
        ({"reason": "changed_doctor"}, FEE),
        ({"reason": "changed_group"}, FEE),
        ({"reason": "name_change_other"}, FEE),
        ({"reason": "moved"}, FREE),
        ({"reason": "doctor_closed"}, FREE),
        ({"reason": "cpr_change"}, FREE),
        # Damaged: free from the card's 4th birthday, a fee the day before.
        ({"reason": "damaged", "card_issued_on": "2021-03-01"}, FREE),
        ({"reason": "damaged", "card_issued_on": "2021-03-02"}, FEE),
        ({"reason": "damaged", "card_issued_on": "2025-01-15"}, FEE),
        # Marriage: free when applied for within 3 months, a fee from the 3-month day.
        ({"reason": "name_change_marriage", "marriage_date": "2024-12-02"}, FREE),
        ({"reason": "name_change_marriage", "marriage_date": "2024-12-01"}, FEE),
        ({"reason": "name_change_marriage", "marriage_date": "2024-06-01"}, FEE),
    ],
)
def test_every_reason_is_granted_with_the_right_fee(evaluate, answers, amount):
    result = evaluate("sundhedskort", answers, ON)

    assert result["outcome"] == "grant"
    assert result["proposed_outcome"] == "grant"
    assert result["amount_dkk"] == amount
    assert result["amount_kind"] == "fee"
    assert result["missing"] == []


def test_lost_card_reason_names_the_fee_and_its_legal_basis(evaluate):
    result = evaluate("sundhedskort", {"reason": "lost"}, ON)

    texts = [reason["text"] for reason in result["reasons"]]
    assert "Dit kort er væk. Et nyt kort koster 225 kr." in texts
    assert all(reason["legal_basis"] for reason in result["reasons"])


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ({}, ["reason"]),
        ({"reason": "damaged"}, ["card_issued_on"]),
        ({"reason": "name_change_marriage", "marriage_date": "unknown"}, ["marriage_date"]),
        ({"reason": "stolen"}, ["reason"]),
        ({"reason": "damaged", "card_issued_on": "01-03-2021"}, ["card_issued_on"]),
    ],
)
def test_missing_or_invalid_answers_are_referred(evaluate, answers, missing):
    result = evaluate("sundhedskort", answers, ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["amount_dkk"] is None
    assert result["missing"] == missing


def test_english_reasons(evaluate):
    result = evaluate("sundhedskort", {"reason": "lost"}, ON, language="en")

    assert "Your card is lost. A new card costs DKK 225." in [r["text"] for r in result["reasons"]]
