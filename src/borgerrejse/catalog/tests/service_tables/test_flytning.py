"""Table tests for reporting a move: every boundary day, the fine and doubtful addresses."""

import datetime as dt

import pytest

SLUG = "flytning"
ON = dt.date(2025, 3, 10)


def answers(days_since_move: int = 0, **overrides):
    base = {
        "move_date": (ON - dt.timedelta(days=days_since_move)).isoformat(),
        "new_address": "Søndergade 12, 1. th., 8000 Aarhus C",
        "address_is_registered_dwelling": True,
        "moving_from_other_municipality": False,
    }
    return base | overrides


def rules(result):
    return [reason["rule"] for reason in result["reasons"]]


@pytest.mark.parametrize(
    ("days_since_move", "outcome", "rule"),
    [
        # Negative: reported before the move. At most 28 days before.
        (-29, "refer_to_caseworker", "too_early"),
        (-28, "grant", "registered"),
        (-1, "grant", "registered"),
        (0, "grant", "registered"),
        # No later than 5 days after.
        (5, "grant", "registered"),
        (6, "refer_to_caseworker", "late"),
        (14, "refer_to_caseworker", "late"),
        # More than 14 days late: a fine is possible.
        (15, "refer_to_caseworker", "late_with_fine"),
        (200, "refer_to_caseworker", "late_with_fine"),
    ],
)
def test_every_boundary_day(evaluate, days_since_move, outcome, rule):
    result = evaluate(SLUG, answers(days_since_move), ON)

    assert result["outcome"] == outcome
    assert result["proposed_outcome"] == outcome
    assert rules(result) == [rule]
    assert result["amount_dkk"] is None
    assert result["missing"] == []


@pytest.mark.parametrize("days_since_move", [6, 14])
def test_late_reason_gives_the_deadline_but_no_fine(evaluate, days_since_move):
    result = evaluate(SLUG, answers(days_since_move), ON)

    text = result["reasons"][0]["text"]
    assert text == (
        f"Du er flyttet for {days_since_move} dage siden. Fristen er 5 dage. "
        "En sagsbehandler ser på sagen."
    )
    assert "bøde" not in text


def test_more_than_14_days_late_mentions_the_fine(evaluate):
    result = evaluate(SLUG, answers(15), ON)

    assert result["reasons"][0]["text"] == (
        "Du er flyttet for 15 dage siden. Fristen er 5 dage. Når du melder så sent, "
        "kan du få en bøde på omkring 600 kr. En sagsbehandler ser på sagen."
    )


def test_english_fine_reason(evaluate):
    result = evaluate(SLUG, answers(15), ON, language="en")

    assert "fine of about DKK 600" in result["reasons"][0]["text"]


def test_too_early_reason(evaluate):
    result = evaluate(SLUG, answers(-29), ON)

    assert result["reasons"][0]["text"].startswith("Du kan melde flytning højst 28 dage før")


@pytest.mark.parametrize("days_since_move", [-28, 0, 5])
def test_address_not_in_the_register_is_referred(evaluate, days_since_move):
    result = evaluate(SLUG, answers(days_since_move, address_is_registered_dwelling=False), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert rules(result) == ["address_not_found"]


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"address_is_registered_dwelling": "ved ikke"}, ["address_is_registered_dwelling"]),
        ({"address_is_registered_dwelling": None}, ["address_is_registered_dwelling"]),
        ({"move_date": None}, ["move_date"]),
        ({"move_date": "1. marts"}, ["move_date"]),
    ],
)
def test_unknown_address_or_date_is_referred(evaluate, overrides, missing):
    result = evaluate(SLUG, answers(0, **overrides), ON)

    assert result["outcome"] == "refer_to_caseworker"
    assert result["missing"] == missing


@pytest.mark.parametrize("other_municipality", [True, False])
def test_moving_between_municipalities_is_granted_the_same_way(evaluate, other_municipality):
    result = evaluate(SLUG, answers(3, moving_from_other_municipality=other_municipality), ON)

    assert result["outcome"] == "grant"


def test_grant_reason_names_the_move_date_and_legal_basis(evaluate):
    result = evaluate(SLUG, answers(0), ON)

    assert result["reasons"][0]["text"] == (
        "Vi har skrevet din nye adresse ind. Den gælder fra 10. marts 2025."
    )
    assert "CPR-loven" in result["reasons"][0]["legal_basis"]
